import { describe, expect, it } from 'vitest';
import {
  ipOverlaps,
  observablePattern,
  parseObservable,
  patternObservables,
  type ObservableKind,
} from './observables.js';
import { parseStixPattern } from './stix-pattern.js';

const value = (kind: ObservableKind, raw: string) => {
  const parsed = parseObservable(kind, raw);
  return parsed.ok ? parsed.value.value : undefined;
};

describe('typed observables', () => {
  it.each([
    ['ipv4', ' 198.51.100.7 ', '198.51.100.7'],
    ['ipv4', '198.51.100.0/24', '198.51.100.0/24'],
    ['ipv4', '198.51.100.7/32', '198.51.100.7'],
    ['ipv6', '2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['ipv6', '2001:db8::/32', '2001:db8::/32'],
    ['domain', 'Elecciones.Example.ORG.', 'elecciones.example.org'],
    ['domain', 'tribunal-électoral.example', 'xn--tribunal-lectoral-jtb.example'],
    ['url', 'HTTPS://Example.org/resultados?mesa=12', 'https://example.org/resultados?mesa=12'],
    ['email', 'Presidencia@CNE.example.org', 'Presidencia@cne.example.org'],
    ['md5', 'CEAD3F77F6CDA6EC00F57D76C9A6879F', 'cead3f77f6cda6ec00f57d76c9a6879f'],
    ['sha1', 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3', 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3'],
    ['asn', 'as64496', 'AS64496'],
    ['asn', '4200000000', 'AS4200000000'],
  ] as const)('reads a %s written as %j as %j', (kind, raw, canonical) => {
    expect(value(kind, raw)).toBe(canonical);
  });

  it.each([
    ['ipv4', '198.51.100.256'],
    ['ipv4', '2001:db8::1'],
    ['ipv4', '198.51.100.0/33'],
    ['ipv4', '0x7f.1'],
    ['ipv6', '198.51.100.7'],
    ['domain', 'localhost'],
    ['domain', '-bad.example.org'],
    ['domain', '198.51.100.7'],
    ['url', 'javascript:alert(1)'],
    ['url', 'not a url'],
    ['email', 'nobody@'],
    ['email', 'two@@example.org'],
    ['md5', 'cead3f77'],
    ['sha256', 'zz'.repeat(32)],
    ['asn', 'AS4294967296'],
  ] as const)('refuses a %s written as %j', (kind, raw) => {
    expect(parseObservable(kind, raw)).toEqual({ ok: false, error: 'observable_invalid' });
  });

  it('tells when a shared address falls inside a block another member holds, and not otherwise', () => {
    const of = (kind: 'ipv4' | 'ipv6', raw: string) => {
      const parsed = parseObservable(kind, raw);
      if (!parsed.ok) throw new Error(raw);
      return parsed.value;
    };
    expect(ipOverlaps(of('ipv4', '198.51.100.0/24'), of('ipv4', '198.51.100.77'))).toBe(true);
    expect(ipOverlaps(of('ipv4', '198.51.100.77'), of('ipv4', '198.51.100.0/24'))).toBe(true);
    expect(ipOverlaps(of('ipv4', '198.51.100.77'), of('ipv4', '198.51.100.77'))).toBe(true);
    expect(ipOverlaps(of('ipv4', '198.51.100.0/25'), of('ipv4', '198.51.100.200'))).toBe(false);
    expect(ipOverlaps(of('ipv4', '203.0.113.0/24'), of('ipv4', '198.51.100.0/24'))).toBe(false);
    expect(ipOverlaps(of('ipv6', '2001:db8::/32'), of('ipv6', '2001:db8:5::1'))).toBe(true);
    expect(ipOverlaps(of('ipv4', '198.51.100.1'), of('ipv6', '2001:db8::1'))).toBe(false);
  });

  it('writes each observable as a STIX pattern the parser reads back', () => {
    const samples: [ObservableKind, string][] = [
      ['ipv4', '198.51.100.0/24'],
      ['ipv6', '2001:db8::1'],
      ['domain', 'example.org'],
      ['url', "https://example.org/a'b\\c"],
      ['email', 'o.brien@example.org'],
      ['md5', 'cead3f77f6cda6ec00f57d76c9a6879f'],
      ['sha1', 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3'],
      ['sha256', 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f'],
      ['asn', 'AS64496'],
    ];
    for (const [kind, raw] of samples) {
      const parsed = parseObservable(kind, raw);
      if (!parsed.ok) throw new Error(`${kind} ${raw}`);
      const pattern = parseStixPattern(observablePattern(parsed.value));
      expect(pattern.ok, observablePattern(parsed.value)).toBe(true);
      if (
        pattern.ok &&
        pattern.value.type === 'observation' &&
        pattern.value.comparison.type === 'comparison'
      )
        expect(pattern.value.comparison.value).toMatchObject({
          value: kind === 'asn' ? 64496 : parsed.value.value,
        });
    }
  });
});

describe('the observables a pattern names', () => {
  const named = (pattern: string) => {
    const parsed = parseStixPattern(pattern);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return patternObservables(parsed.value);
  };

  it('finds values compared by equality, in sets and in address blocks, written canonically', () => {
    expect(
      named(
        "[ipv4-addr:value = '198.51.100.7' OR domain-name:value IN ('Evil.Example', 'b.example')] AND " +
          "[ipv6-addr:value ISSUBSET '2001:DB8::/32'] FOLLOWEDBY [autonomous-system:number = 64500]",
      ),
    ).toEqual([
      { kind: 'ipv4', value: '198.51.100.7' },
      { kind: 'domain', value: 'evil.example' },
      { kind: 'domain', value: 'b.example' },
      { kind: 'ipv6', value: '2001:db8::/32' },
      { kind: 'asn', value: 'AS64500' },
    ]);
    expect(
      named("[file:hashes.'SHA-256' = 'AEC070645FE53EE3B3763059376134F058CC337247C978ADD178B6CCDFB0019F']"),
    ).toEqual([
      { kind: 'sha256', value: 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' },
    ]);
  });

  it('leaves out negations, inequalities, LIKE and MATCHES, which name no one value', () => {
    expect(
      named(
        "[ipv4-addr:value != '198.51.100.7'] AND [domain-name:value LIKE '%.example'] AND " +
          "[url:value MATCHES '^https://'] AND [email-addr:value NOT = 'a@b.example']",
      ),
    ).toEqual([]);
  });
});
