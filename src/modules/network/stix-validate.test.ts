import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTimestamps, isStixTimestamp, validateStixObject } from './stix-validate.js';

const EXAMPLES = join(import.meta.dirname, 'testdata', 'stix-2.1-examples');
// Each file is a bundle, or (interop-objectmarking-test.json) one object.
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json'))
  .flatMap((file) => {
    const json = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Record<string, unknown>;
    const objects = json['type'] === 'bundle' ? (json['objects'] as Record<string, unknown>[]) : [json];
    return objects.map((o) => [`${file} ${String(o['id'])}`, o] as const);
  });

/** A valid indicator, to break one property at a time. */
const indicator = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2016-04-06T20:03:48.000Z',
  modified: '2016-04-06T20:03:48.000Z',
  pattern: "[ipv4-addr:value = '198.51.100.1']",
  pattern_type: 'stix',
  valid_from: '2016-01-01T00:00:00Z',
};
const problemsOf = (o: unknown) => {
  const result = validateStixObject(o);
  return result.ok ? [] : result.error.map((p) => p.path);
};

describe('the STIX 2.1 validator', () => {
  it('accepts every object of the specification’s published examples', () => {
    expect(examples.length).toBeGreaterThan(150);
    const refused = examples.flatMap(([name, o]) => {
      const result = validateStixObject(o);
      return result.ok ? [] : [`${name}: ${JSON.stringify(result.error)}`];
    });
    expect(refused).toEqual([]);
  });

  it.each([
    ['an id of another type', { id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }, 'id'],
    ['an id that is no UUID', { id: 'indicator--1234' }, 'id'],
    ['a spec_version other than 2.1', { spec_version: '2.0' }, 'spec_version'],
    ['a timestamp with an offset', { created: '2016-04-06T20:03:48+02:00' }, 'created'],
    ['a date that does not exist', { modified: '2016-02-30T20:03:48.000Z' }, 'modified'],
    ['modified before created', { modified: '2016-04-06T20:03:47.999Z' }, 'modified'],
    ['no pattern', { pattern: undefined }, 'pattern'],
    ['a pattern that does not parse', { pattern: "[ipv4-addr:value = '1.2.3.4'" }, 'pattern'],
    ['valid_until not after valid_from', { valid_until: '2016-01-01T00:00:00Z' }, 'valid_until'],
    ['a confidence above 100', { confidence: 101 }, 'confidence'],
    [
      'a creator that is no identity',
      { created_by_ref: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' },
      'created_by_ref',
    ],
    [
      'a marking ref that is no marking',
      { object_marking_refs: ['identity--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'] },
      'object_marking_refs.[0]',
    ],
    ['a custom property with capitals', { X_Custom: 1 }, 'X_Custom'],
    [
      'a granular marking selecting nothing',
      {
        granular_markings: [
          {
            marking_ref: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
            selectors: ['description'],
          },
        ],
      },
      'granular_markings.[0].selectors',
    ],
  ])('refuses %s', (_name, change, path) => {
    expect(problemsOf({ ...indicator, ...change })).toContain(path);
  });

  it('refuses a sighting of a relationship and a count out of range, naming each', () => {
    expect(
      problemsOf({
        type: 'sighting',
        spec_version: '2.1',
        id: 'sighting--ee20065d-2555-424f-ad9e-0f8428623c75',
        created: '2016-04-06T20:08:31.000Z',
        modified: '2016-04-06T20:08:31.000Z',
        sighting_of_ref: 'relationship--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        count: -1,
      }),
    ).toEqual(['count', 'sighting_of_ref']);
  });

  it('accepts a cyber-observable without created or modified, and an unknown type only as x-…', () => {
    expect(
      problemsOf({
        type: 'ipv4-addr',
        id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
        value: '198.51.100.3',
      }),
    ).toEqual([]);
    expect(
      problemsOf({ ...indicator, type: 'widget', id: 'widget--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }),
    ).toContain('type');
    expect(
      problemsOf({ ...indicator, type: 'x-widget', id: 'x-widget--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }),
    ).toEqual([]);
  });

  it('orders timestamps to any precision', () => {
    expect(compareTimestamps('2016-01-01T00:00:00.0000001Z', '2016-01-01T00:00:00Z')).toBe(1);
    expect(compareTimestamps('2016-01-01T00:00:00.100Z', '2016-01-01T00:00:00.1Z')).toBe(0);
    expect(isStixTimestamp('2016-12-31T23:59:60Z')).toBe(true);
    expect(isStixTimestamp('2016-12-31 23:59:59Z')).toBe(false);
  });
});
