import { err, ok, type Result } from '../../platform/result.js';
import type { StixBody } from './objects.store.js';
import { parseStixPattern } from './stix-pattern.js';

/**
 * Checks one STIX 2.1 object against the rules of the specification (OASIS Standard, 2021-06-10) that decide
 * whether it may be stored and served: §2–3 (identifiers, timestamps, common properties, custom property names,
 * references), §4–6 (each object type's required properties and the constraints between them) and §9 (the
 * pattern of a `stix` indicator, parsed). Written from the specification: no npm library does this. Objects
 * an envelope brings are checked one by one; a failure names the property and says why.
 */

/** Why an object was refused: the property (a dotted path) and the rule it breaks. */
export interface StixProblem {
  readonly path: string;
  readonly message: string;
}

const SDO_TYPES = new Set([
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
]);
const SRO_TYPES = new Set(['relationship', 'sighting']);
const SMO_TYPES = new Set(['marking-definition', 'language-content', 'extension-definition']);
const SCO_TYPES = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);

/** Properties each SDO and SRO must have besides the common ones (§4, §5). */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  'attack-pattern': ['name'],
  campaign: ['name'],
  'course-of-action': ['name'],
  grouping: ['context', 'object_refs'],
  identity: ['name'],
  incident: ['name'],
  indicator: ['pattern', 'pattern_type', 'valid_from'],
  infrastructure: ['name'],
  'intrusion-set': ['name'],
  'malware-analysis': ['product'],
  malware: ['is_family'],
  note: ['content', 'object_refs'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed'],
  opinion: ['opinion', 'object_refs'],
  report: ['name', 'published', 'object_refs'],
  'threat-actor': ['name'],
  tool: ['name'],
  vulnerability: ['name'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'],
  sighting: ['sighting_of_ref'],
  'language-content': ['object_ref', 'contents'],
  'extension-definition': ['name', 'schema', 'version', 'extension_types', 'created_by_ref'],
};

/** The value an SCO must carry to mean anything (§6). */
const SCO_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  'autonomous-system': ['number'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  software: ['name'],
  url: ['value'],
  'windows-registry-key': [],
  directory: ['path'],
};

const OPINIONS = new Set(['strongly-disagree', 'disagree', 'neutral', 'agree', 'strongly-agree']);
// As the OASIS JSON schemas (common/identifier.json) write it: an RFC 4122 UUID, hex digits in either case.
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}';
const IDENTIFIER = new RegExp(`^([a-z0-9-]+)--${UUID}$`);
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;
const PROPERTY_NAME = /^[a-z0-9_]{3,250}$/;

/** The type an identifier names, if it is one (`type--UUID`). */
export function identifierType(value: unknown): string | undefined {
  return typeof value === 'string' ? IDENTIFIER.exec(value)?.[1] : undefined;
}

/** A STIX timestamp: RFC 3339 in UTC (`Z`), any sub-second precision, a real date and time. */
export function isStixTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)));
  return (
    date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second <= 60
  );
}

/** Orders two STIX timestamps exactly, to any precision (a `Date` keeps only milliseconds). */
export function compareTimestamps(a: string, b: string): number {
  const pad = (t: string) => {
    const [whole, fraction = ''] = t.slice(0, -1).split('.');
    return `${whole ?? ''}.${fraction.padEnd(9, '0')}`;
  };
  const [x, y] = [pad(a), pad(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves a granular marking selector (`description`, `labels.[1]`, `external_references.[0].url`). */
function selectorResolves(object: Record<string, unknown>, selector: string): boolean {
  let here: unknown = object;
  for (const step of selector.split('.')) {
    const index = /^\[(\d+)\]$/.exec(step);
    if (index) {
      if (!Array.isArray(here)) return false;
      here = here[Number(index[1])];
    } else {
      if (!isObject(here) || !Object.hasOwn(here, step)) return false;
      here = here[step];
    }
    if (here === undefined) return false;
  }
  return true;
}

/** Checks one STIX 2.1 object; answers it, read as a body to store, or every problem found. */
export function validateStixObject(input: unknown): Result<StixBody, StixProblem[]> {
  const problems: StixProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(input)) return err([{ path: '', message: 'a STIX object must be a JSON object' }]);
  const o = input;
  const type = o['type'];
  if (typeof type !== 'string' || !/^[a-z0-9-]{3,250}$/.test(type) || type.includes('--')) {
    problem('type', 'must be 3–250 lower-case letters, digits and single hyphens');
    return err(problems);
  }
  const custom = type.startsWith('x-');
  const known = SDO_TYPES.has(type) || SRO_TYPES.has(type) || SMO_TYPES.has(type) || SCO_TYPES.has(type);
  if (!known && !custom) problem('type', `${type} is not a STIX 2.1 type (custom types start with x-)`);
  const sco = SCO_TYPES.has(type);
  if (identifierType(o['id']) !== type) problem('id', `must be ${type}--<UUID>`);

  // Common properties (§3.2).
  if (sco) {
    if (o['spec_version'] !== undefined && o['spec_version'] !== '2.1')
      problem('spec_version', 'must be "2.1"');
  } else if (o['spec_version'] !== '2.1') problem('spec_version', 'must be "2.1"');
  const versioned = !sco && type !== 'marking-definition';
  for (const name of ['created', 'modified'] as const) {
    const value = o[name];
    if (
      value === undefined
        ? versioned || (type === 'marking-definition' && name === 'created')
        : !isStixTimestamp(value)
    )
      problem(
        name,
        value === undefined ? 'is required' : 'must be a UTC timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z)',
      );
  }
  if (
    isStixTimestamp(o['created']) &&
    isStixTimestamp(o['modified']) &&
    compareTimestamps(o['modified'], o['created']) < 0
  )
    problem('modified', 'must not be earlier than created');
  if (o['created_by_ref'] !== undefined && identifierType(o['created_by_ref']) !== 'identity')
    problem('created_by_ref', 'must be an identity identifier');
  if (o['revoked'] !== undefined && typeof o['revoked'] !== 'boolean')
    problem('revoked', 'must be true or false');
  const confidence = o['confidence'];
  if (
    confidence !== undefined &&
    !(Number.isInteger(confidence) && Number(confidence) >= 0 && Number(confidence) <= 100)
  )
    problem('confidence', 'must be a whole number from 0 to 100');
  for (const name of ['labels', 'external_references', 'object_marking_refs', 'granular_markings'] as const)
    if (o[name] !== undefined && (!Array.isArray(o[name]) || o[name].length === 0))
      problem(name, 'must be a non-empty list');
  if (Array.isArray(o['labels']) && o['labels'].some((l) => typeof l !== 'string'))
    problem('labels', 'must be a list of strings');
  if (Array.isArray(o['external_references']))
    o['external_references'].forEach((r, i) => {
      if (!isObject(r) || typeof r['source_name'] !== 'string')
        problem(`external_references.[${i}].source_name`, 'is required');
    });
  if (Array.isArray(o['object_marking_refs']))
    o['object_marking_refs'].forEach((r, i) => {
      if (identifierType(r) !== 'marking-definition')
        problem(`object_marking_refs.[${i}]`, 'must be a marking-definition identifier');
    });
  if (Array.isArray(o['granular_markings']))
    o['granular_markings'].forEach((g, i) => {
      const at = `granular_markings.[${i}]`;
      if (!isObject(g) || !Array.isArray(g['selectors']) || g['selectors'].length === 0)
        return problem(`${at}.selectors`, 'must be a non-empty list');
      if ((g['marking_ref'] === undefined) === (g['lang'] === undefined))
        problem(at, 'must have either marking_ref or lang');
      if (g['marking_ref'] !== undefined && identifierType(g['marking_ref']) !== 'marking-definition')
        problem(`${at}.marking_ref`, 'must be a marking-definition identifier');
      for (const selector of g['selectors'])
        if (typeof selector !== 'string' || !selectorResolves(o, selector))
          problem(`${at}.selectors`, `${String(selector)} does not select a property of this object`);
    });
  if (o['extensions'] !== undefined) {
    if (!isObject(o['extensions'])) problem('extensions', 'must be an object');
    else
      for (const [name, value] of Object.entries(o['extensions']))
        if (!isObject(value)) problem(`extensions.${name}`, 'must be an object');
  }

  // Property names and references (§3.1, §2.7, §11.1).
  for (const [name, value] of Object.entries(o)) {
    if (name !== 'id' && !PROPERTY_NAME.test(name))
      problem(name, 'property names are 3–250 lower-case letters, digits and underscores');
    if (name.endsWith('_ref') && identifierType(value) === undefined) problem(name, 'must be an identifier');
    if (
      name.endsWith('_refs') &&
      (!Array.isArray(value) || value.length === 0 || value.some((v) => identifierType(v) === undefined))
    )
      problem(name, 'must be a non-empty list of identifiers');
  }

  for (const name of (sco ? SCO_REQUIRED[type] : REQUIRED[type]) ?? [])
    if (o[name] === undefined) problem(name, 'is required');
  typeRules(type, o, problem);
  return problems.length === 0 ? ok(input as StixBody) : err(problems);
}

/** The constraints between one type's properties. */
function typeRules(
  type: string,
  o: Record<string, unknown>,
  problem: (path: string, message: string) => void,
) {
  const ordered = (from: string, to: string, strictly: boolean) => {
    const [a, b] = [o[from], o[to]];
    for (const [name, value] of [
      [from, a],
      [to, b],
    ] as const)
      if (value !== undefined && !isStixTimestamp(value)) problem(name, 'must be a UTC timestamp');
    if (isStixTimestamp(a) && isStixTimestamp(b) && compareTimestamps(b, a) < (strictly ? 1 : 0))
      problem(to, `must be ${strictly ? 'later than' : 'no earlier than'} ${from}`);
  };
  const count = (name: string, min: number) => {
    const v = o[name];
    if (v !== undefined && !(Number.isInteger(v) && Number(v) >= min && Number(v) <= 999_999_999))
      problem(name, `must be a whole number from ${min} to 999,999,999`);
  };
  switch (type) {
    case 'indicator': {
      ordered('valid_from', 'valid_until', true);
      if (o['pattern_type'] === 'stix') {
        const parsed = typeof o['pattern'] === 'string' ? parseStixPattern(o['pattern']) : undefined;
        if (!parsed?.ok)
          problem(
            'pattern',
            `does not parse as a STIX pattern${parsed ? ` (at ${parsed.error.column})` : ''}`,
          );
      }
      break;
    }
    case 'sighting': {
      count('count', 0);
      ordered('first_seen', 'last_seen', false);
      const of = identifierType(o['sighting_of_ref']);
      if (of && !(SDO_TYPES.has(of) || of.startsWith('x-'))) problem('sighting_of_ref', 'must name an SDO');
      break;
    }
    case 'observed-data':
      count('number_observed', 1);
      ordered('first_observed', 'last_observed', false);
      if ((o['object_refs'] === undefined) === (o['objects'] === undefined))
        problem('object_refs', 'either object_refs or (deprecated) objects, not both nor neither');
      break;
    case 'relationship':
      for (const name of ['source_ref', 'target_ref']) {
        const t = identifierType(o[name]);
        if (t && (SRO_TYPES.has(t) || SMO_TYPES.has(t))) problem(name, 'must name an SDO or SCO');
      }
      break;
    case 'opinion':
      if (o['opinion'] !== undefined && !(typeof o['opinion'] === 'string' && OPINIONS.has(o['opinion'])))
        problem('opinion', 'must be strongly-disagree, disagree, neutral, agree or strongly-agree');
      break;
    case 'report':
      if (o['published'] !== undefined && !isStixTimestamp(o['published']))
        problem('published', 'must be a UTC timestamp');
      break;
    case 'malware':
      if (o['is_family'] !== undefined && typeof o['is_family'] !== 'boolean')
        problem('is_family', 'must be true or false');
      if (o['is_family'] === true && o['name'] === undefined)
        problem('name', 'is required for a malware family');
      break;
    case 'malware-analysis':
      if (o['result'] === undefined && o['analysis_sco_refs'] === undefined)
        problem('result', 'result or analysis_sco_refs is required');
      break;
    case 'location': {
      const [lat, long] = [o['latitude'], o['longitude']];
      if ((lat === undefined) !== (long === undefined))
        problem('latitude', 'latitude and longitude go together');
      if (o['region'] === undefined && o['country'] === undefined && lat === undefined)
        problem('region', 'one of region, country, or latitude and longitude is required');
      break;
    }
    case 'marking-definition':
      if (
        o['extensions'] === undefined &&
        (o['definition_type'] === undefined || o['definition'] === undefined)
      )
        problem('definition', 'definition_type and definition, or extensions, are required');
      break;
    case 'autonomous-system':
      if (o['number'] !== undefined && !Number.isInteger(o['number']))
        problem('number', 'must be a whole number');
      break;
    case 'file':
      if (o['hashes'] === undefined && o['name'] === undefined)
        problem('hashes', 'hashes or name is required');
      break;
  }
}
