import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import type { IncidentCategory, Severity, Tlp } from './model.js';
import { TLP_LEVELS } from './model.js';
import type { StixBody } from './objects.store.js';
import { observablePattern, parseObservable, type Observable, type ObservableKind } from './observables.js';
import { ATALAYA_EXTENSION, commonProperties, INCIDENT_CORE_EXTENSION } from './stix.js';

/**
 * MISP's JSON event format (the `misp-rfc` "MISP core format"), read as far as Atalaya maps it: an event with its
 * tags and attributes, and the attributes of its objects. Everything else is ignored; nothing unknown is refused,
 * because MISP instances add fields between versions.
 */
const Tag = z.looseObject({ name: z.string() });
const Attribute = z.looseObject({
  uuid: z.uuid(),
  type: z.string(),
  value: z.string(),
  to_ids: z.union([z.boolean(), z.enum(['0', '1']).transform((v) => v === '1')]).default(true),
  comment: z.string().default(''),
  timestamp: z.union([z.string().regex(/^\d+$/), z.number().int()]).optional(),
  Tag: z.array(Tag).default([]),
});
type Attribute = z.infer<typeof Attribute>;
const MispEvent = z.looseObject({
  uuid: z.uuid(),
  info: z.string().trim().min(1).max(300),
  date: z.iso.date(),
  timestamp: z.union([z.string().regex(/^\d+$/), z.number().int()]).optional(),
  threat_level_id: z.coerce.string().default('4'),
  Tag: z.array(Tag).default([]),
  Attribute: z.array(Attribute).default([]),
  Object: z.array(z.looseObject({ Attribute: z.array(Attribute).default([]) })).default([]),
});
export type MispEvent = z.infer<typeof MispEvent>;

/** A file as MISP exports it: one event, a list of events, or a search's `response` list. */
export const MispFile = z.union([
  z.looseObject({ Event: MispEvent }).transform((f) => [f.Event]),
  z
    .looseObject({ response: z.array(z.looseObject({ Event: MispEvent })).min(1) })
    .transform((f) => f.response.map((r) => r.Event)),
  z
    .array(z.looseObject({ Event: MispEvent }))
    .min(1)
    .transform((l) => l.map((r) => r.Event)),
]);

/** The namespace of the ids Atalaya gives to relationships it makes from MISP events (a fixed, random UUID). */
const RELATIONSHIP_NAMESPACE = 'b4d8f3b6-3f0c-4c1e-9a57-52a1d9f1a6c1';

/** MISP attribute types Atalaya keeps as indicators, with the observable kind each becomes. */
const ATTRIBUTE_KINDS: Readonly<Record<string, ObservableKind | 'ip'>> = {
  'ip-src': 'ip',
  'ip-dst': 'ip',
  domain: 'domain',
  hostname: 'domain',
  url: 'url',
  link: 'url',
  uri: 'url',
  'email-src': 'email',
  'email-dst': 'email',
  email: 'email',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  AS: 'asn',
};

/** Composite MISP types (`a|b`): the part that is the observable, and its kind. */
const COMPOSITE_KINDS: Readonly<Record<string, { part: 0 | 1; kind: ObservableKind | 'ip' }>> = {
  'ip-src|port': { part: 0, kind: 'ip' },
  'ip-dst|port': { part: 0, kind: 'ip' },
  'domain|ip': { part: 0, kind: 'domain' },
  'hostname|port': { part: 0, kind: 'domain' },
  'filename|md5': { part: 1, kind: 'md5' },
  'filename|sha1': { part: 1, kind: 'sha1' },
  'filename|sha256': { part: 1, kind: 'sha256' },
};

/** MISP's TLP taxonomy tags (`tlp:white` is TLP 1.0's name for CLEAR). */
const TLP_TAGS: Readonly<Record<string, Tlp>> = {
  'tlp:white': 'clear',
  'tlp:clear': 'clear',
  'tlp:green': 'green',
  'tlp:amber': 'amber',
  'tlp:amber+strict': 'amber+strict',
  'tlp:red': 'red',
};

/** Words in tags (ENISA/RSIT "ecsirt", CIRCL and free tags) that say what kind of incident an event is. */
const CATEGORY_WORDS: readonly [RegExp, IncidentCategory][] = [
  [/phishing/, 'phishing'],
  [/ddos|dos\b|denial-of-service/, 'ddos'],
  [/defacement|unauthorised-information-modification/, 'defacement'],
  [/ransomware|malware|trojan|virus|worm|malicious-code/, 'ransomware_malware'],
  [/compromised-account|account-compromise|credential/, 'account_compromise'],
  [/leak|exfiltration|unauthorised-information-access|information-disclosure/, 'data_leak'],
  [/disinformation|misinformation|influence/, 'disinformation'],
  [/insider/, 'insider'],
];

/** MISP's threat levels (1 high, 2 medium, 3 low, 4 undefined) as incident severities. */
const SEVERITY_OF_THREAT: Readonly<Record<string, Severity>> = { '1': 'high', '2': 'medium', '3': 'low' };

/** What one MISP event became: STIX objects ready for `receive`, its level, and what was left out and why. */
export interface MappedEvent {
  readonly eventUuid: string;
  readonly title: string;
  readonly tlp: Tlp;
  /** True when the event carried no TLP tag and the member's default was used. */
  readonly tlpDefaulted: boolean;
  readonly objects: StixBody[];
  readonly indicators: number;
  readonly left: readonly {
    readonly value: string;
    readonly reason: 'not_for_detection' | 'type' | 'invalid';
  }[];
}

/** The strictest TLP level of some MISP tags, if any is a TLP tag. */
function tlpOfTags(tags: readonly { name: string }[]): Tlp | undefined {
  const levels = tags.flatMap((t) => TLP_TAGS[t.name.trim().toLowerCase()] ?? []);
  return levels.reduce<Tlp | undefined>(
    (a, b) => (a === undefined || TLP_LEVELS.indexOf(b) > TLP_LEVELS.indexOf(a) ? b : a),
    undefined,
  );
}

/** A MISP timestamp (seconds since 1970) as a STIX one. */
function fromSeconds(value: string | number | undefined, fallback: string): string {
  return value === undefined ? fallback : new Date(Number(value) * 1000).toISOString();
}

/** The observable a MISP attribute names, if Atalaya keeps its type and its value parses. */
function observableOf(attribute: Attribute): Observable | 'type' | 'invalid' {
  const composite = COMPOSITE_KINDS[attribute.type];
  const kind = composite?.kind ?? ATTRIBUTE_KINDS[attribute.type];
  if (kind === undefined) return 'type';
  const raw = composite ? (attribute.value.split('|')[composite.part] ?? '') : attribute.value;
  const kinds: readonly ObservableKind[] = kind === 'ip' ? ['ipv4', 'ipv6'] : [kind];
  for (const k of kinds) {
    const parsed = parseObservable(k, raw);
    if (parsed.ok) return parsed.value;
  }
  return 'invalid';
}

/**
 * Maps one MISP event to STIX 2.1: an incident (MISP's event UUID as its own, so importing the event again finds
 * it, and as an external reference), an indicator for each attribute meant for detection (`to_ids`) whose type
 * Atalaya knows, and an `indicates` relationship from each to the incident. TLP comes from the tags (an
 * attribute's own tag when stricter than its event's); an event without one takes `defaultTlp`.
 */
export function mapMispEvent(event: MispEvent, q: { orgId: string; defaultTlp: Tlp }): MappedEvent {
  const eventTlp = tlpOfTags(event.Tag);
  const tlp = eventTlp ?? q.defaultTlp;
  const detected = `${event.date}T00:00:00.000Z`;
  const modified = fromSeconds(event.timestamp, detected);
  const created = modified < detected ? modified : detected;
  const tagWords = event.Tag.map((t) => t.name.toLowerCase()).join(' ');
  const category = CATEGORY_WORDS.find(([words]) => words.test(tagWords))?.[1] ?? 'other';
  const incidentId = `incident--${event.uuid}`;
  const reference = (id: string) => [{ source_name: 'misp', external_id: id }];
  const incident: StixBody = {
    ...commonProperties({ type: 'incident', id: incidentId, created, modified, orgId: q.orgId, tlp }),
    name: event.info,
    external_references: reference(event.uuid),
    extensions: {
      [INCIDENT_CORE_EXTENSION]: {
        extension_type: 'property-extension',
        determination: 'suspected',
        investigation_status: 'new',
      },
      [ATALAYA_EXTENSION]: {
        extension_type: 'property-extension',
        category,
        severity: SEVERITY_OF_THREAT[event.threat_level_id] ?? 'medium',
        status: 'open',
        detected,
      },
    },
  };
  const objects: StixBody[] = [incident];
  const left: MappedEvent['left'][number][] = [];
  let indicators = 0;
  for (const attribute of [...event.Attribute, ...event.Object.flatMap((o) => o.Attribute)]) {
    if (!attribute.to_ids) {
      left.push({ value: attribute.value.slice(0, 200), reason: 'not_for_detection' });
      continue;
    }
    const observable = observableOf(attribute);
    if (typeof observable === 'string') {
      left.push({ value: attribute.value.slice(0, 200), reason: observable });
      continue;
    }
    const attributeTlp = tlpOfTags(attribute.Tag);
    const level =
      attributeTlp && TLP_LEVELS.indexOf(attributeTlp) > TLP_LEVELS.indexOf(tlp) ? attributeTlp : tlp;
    const at = fromSeconds(attribute.timestamp, modified);
    const indicatorId = `indicator--${attribute.uuid}`;
    objects.push({
      ...commonProperties({
        type: 'indicator',
        id: indicatorId,
        created: at,
        modified: at,
        orgId: q.orgId,
        tlp: level,
      }),
      name: attribute.comment.trim().slice(0, 300) || observable.value,
      indicator_types: ['malicious-activity'],
      pattern: observablePattern(observable),
      pattern_type: 'stix',
      valid_from: at,
      external_references: reference(attribute.uuid),
    });
    // The relationship is marked as strictly as the stricter of its two ends.
    objects.push({
      ...commonProperties({
        type: 'relationship',
        id: `relationship--${uuidv5(`${indicatorId} indicates ${incidentId}`, RELATIONSHIP_NAMESPACE)}`,
        created: at,
        modified: at,
        orgId: q.orgId,
        tlp: level,
      }),
      relationship_type: 'indicates',
      source_ref: indicatorId,
      target_ref: incidentId,
    });
    indicators++;
  }
  return {
    eventUuid: event.uuid,
    title: event.info,
    tlp,
    tlpDefaulted: eventTlp === undefined,
    objects,
    indicators,
    left,
  };
}
