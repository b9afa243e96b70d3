import { isDeepStrictEqual } from 'node:util';
import type { Db, Tx } from '../../platform/db.js';
import type { Member } from './deps.js';
import { TLP_LEVELS, type Tlp } from './model.js';
import { versionsOf, type NewVersion, type StixBody, type StoredVersion } from './objects.store.js';
import { patternObservables, type Observable } from './observables.js';
import { ATALAYA_EXTENSION, orgIdOfIdentityRef } from './stix.js';
import { parseStixPattern } from './stix-pattern.js';
import { validateStixObject } from './stix-validate.js';
import { narrows, receivedMarking, TLP_MARKING_DEFINITIONS, tlpOfMarkingRef } from './tlp.js';

/**
 * What arrives from outside the screens — an envelope POSTed to a TAXII collection, a page pulled from a remote
 * collection — is checked here, object by object, before anything is stored:
 * - the rules of STIX 2.1 (stix-validate.ts), the pattern of an indicator parsed;
 * - its markings: TLP 2.0 or 1.0 decides its level (the strictest, when parts are marked apart); any other
 *   marking must be defined in the same envelope or stored already; the five TLP 2.0 definitions themselves must
 *   be exactly as OASIS publishes them, and are not stored again;
 * - its author: `created_by_ref` may not name another member organisation of the network (nobody shares in a
 *   member's name, and an object of ours that comes back from a peer is not taken for new);
 * - its owner: only the organisation that shared an object adds versions to it, and a new version may widen its
 *   audience but never narrow it (tlp.ts `narrows`);
 * - its kind: only the network's coordinators publish reports (advisories), as on screen;
 * - its audience: the recipients it names (Atalaya's extension) must be members; without any, TLP:RED and
 *   AMBER+STRICT stay with the organisation that brought it (tlp.ts `receivedMarking`).
 */

/** One object's outcome: its id, version, and why it was refused or skipped. */
export interface Outcome {
  readonly id: string;
  readonly version: string;
  readonly message?: string;
}

/** Outcomes as lines a person reads: the object's id and why (a 422's detail, an audit summary). */
export function outcomeLines(outcomes: readonly Outcome[]): string[] {
  return outcomes.map((o) => `${o.id}: ${o.message ?? ''}`);
}

/** How the level of an arriving object is decided. */
export type Level =
  /** Posted to a TLP collection: an object marked otherwise is refused; an unmarked one takes its level. */
  | { readonly kind: 'collection'; readonly tlp: Tlp }
  /** Pulled from a remote collection: its own marking decides; an unmarked one takes the feed's level. */
  | { readonly kind: 'feed'; readonly tlp: Tlp }
  /** A file a member uploads (a MISP export): its own marking decides; an unmarked one takes the member's choice. */
  | { readonly kind: 'upload'; readonly tlp: Tlp };

/** TLP 1.0 markings (predefined in STIX 2.1 §7.2.1.4) read as the TLP 2.0 level they became. */
const TLP_1_LEVELS: Readonly<Record<string, Tlp>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};

/** Arriving objects checked on their own (`examine`): what the network's stored objects must still be asked about. */
export interface Examined {
  readonly bodies: readonly StixBody[];
  /** Each body's typed values (an indicator's pattern parsed once). */
  readonly observables: ReadonlyMap<StixBody, readonly Observable[]>;
  readonly refused: readonly Outcome[];
}

/**
 * The checks that need nothing stored: the rules of STIX 2.1 and an indicator's pattern. Done before the network's
 * writers take their turn (`lockNetworkObjects`), so one member's envelope is validated while another's is
 * stored.
 */
export function examine(objects: readonly unknown[]): Examined {
  const bodies: StixBody[] = [];
  const refused: Outcome[] = [];
  objects.forEach((object, index) => {
    const checked = validateStixObject(object);
    if (checked.ok) bodies.push(checked.value);
    else
      refused.push({
        id: idOf(object) ?? `#${index}`,
        version: versionOf(object),
        message: checked.error.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; '),
      });
  });
  return { bodies, refused, observables: new Map(bodies.map((b) => [b, observablesOf(b)])) };
}

/**
 * Checks examined objects against what the network holds, in the writers' turn; answers the versions to store,
 * the objects that need not be (TLP definitions, AMBER+STRICT from a feed), the refused, each with why, and the
 * stored versions of the objects it read (for `insertVersions`, in the same turn).
 */
export async function receive(
  db: Db | Tx,
  q: {
    networkId: string;
    /** The member organisation bringing the objects in: their owner here. */
    orgId: string;
    /** The network's members: who may be named, and who coordinates (only coordinators publish reports). */
    members: readonly Member[];
    level: Level;
    examined: Examined;
    source: string;
    createdBy: string | null;
  },
): Promise<{ versions: NewVersion[]; skipped: Outcome[]; refused: Outcome[]; stored: StoredVersion[] }> {
  const { networkId, orgId, level } = q;
  const { bodies, observables } = q.examined;
  const memberOrgIds = new Set(q.members.map((m) => m.orgId));
  const coordinates = q.members.some((m) => m.orgId === orgId && m.role === 'coordinator');
  const refused: Outcome[] = [...q.examined.refused];
  const skipped: Outcome[] = [];
  const definedHere = new Set(bodies.filter((b) => b.type === 'marking-definition').map((b) => b.id));
  const stored = await versionsOf(db, {
    networkId,
    stixIds: [
      ...new Set([
        ...bodies.map((b) => b.id),
        ...bodies
          .flatMap(markingRefsOf)
          .filter((ref) => !definedHere.has(ref) && levelOfRef(ref) === undefined),
      ]),
    ],
  });
  const storedIds = new Set(stored.map((s) => s.stixId));
  const versions: NewVersion[] = [];
  for (const body of bodies) {
    const outcome = (message: string) => ({ id: body.id, version: versionOf(body), message });
    const refuse = (message: string) => refused.push(outcome(message));
    const wellKnown = TLP_MARKING_DEFINITIONS.find((d) => d.id === body.id);
    if (wellKnown) {
      if (isDeepStrictEqual(wellKnown, body)) skipped.push(outcome('TLP 2.0 marking definition'));
      else refuse('a TLP 2.0 marking definition must be exactly as OASIS publishes it');
      continue;
    }
    const refs = markingRefsOf(body);
    const unknown = refs.filter(
      (ref) => levelOfRef(ref) === undefined && !definedHere.has(ref) && !storedIds.has(ref),
    );
    if (unknown.length > 0) {
      refuse(`unknown marking ${unknown.join(', ')}: send its marking-definition first`);
      continue;
    }
    const marked = strictest(refs.flatMap((ref) => levelOfRef(ref) ?? []));
    if (level.kind === 'collection' && marked !== undefined && marked !== level.tlp) {
      refuse(
        `marked TLP:${marked.toUpperCase()}; post it to that collection, not TLP:${level.tlp.toUpperCase()}`,
      );
      continue;
    }
    const tlp = marked ?? level.tlp;
    if (level.kind === 'feed' && tlp === 'amber+strict') {
      // AMBER+STRICT is for the organisation it was given to on the other deployment: it never crosses.
      skipped.push(outcome('TLP:AMBER+STRICT stays where it was shared'));
      continue;
    }
    const author =
      typeof body['created_by_ref'] === 'string' ? orgIdOfIdentityRef(body['created_by_ref']) : undefined;
    if (author !== undefined && author !== orgId && memberOrgIds.has(author)) {
      refuse('created_by_ref names another member organisation: only it may share in its name');
      continue;
    }
    if (stored.some((s) => s.stixId === body.id && s.ownerOrgId !== orgId)) {
      refuse(
        'another organisation shared this object: only it may add versions (add a note or opinion instead)',
      );
      continue;
    }
    if (body.type === 'report' && !coordinates) {
      refuse(
        'only the network’s coordinators publish reports (advisories); share an incident or a note instead',
      );
      continue;
    }
    const recipients = recipientsOf(body);
    if (recipients.some((r) => !memberOrgIds.has(r))) {
      refuse('every recipient named must be a member organisation of this network');
      continue;
    }
    const marking = receivedMarking({ networkId, tlp, submitterOrgId: orgId, namedRecipients: recipients });
    const latest = stored.find((s) => s.stixId === body.id && s.latest);
    if (latest && narrows(latest.marking, marking, [...memberOrgIds])) {
      refuse('its audience may widen but not narrow: members have read the version before');
      continue;
    }
    versions.push({
      marking,
      createdBy: q.createdBy,
      source: q.source,
      body,
      text: textOf(body),
      lang: typeof body['lang'] === 'string' ? body['lang'] : undefined,
      observables: observables.get(body) ?? [],
    });
  }
  return { versions, skipped, refused, stored };
}

/** An object's version as TAXII names it: `modified`, else `created`, else nothing (cyber-observables). */
export function versionOf(object: unknown): string {
  if (typeof object !== 'object' || object === null) return '';
  const o = object as Record<string, unknown>;
  const version = o['modified'] ?? o['created'];
  return typeof version === 'string' ? version.slice(0, 64) : '';
}

/** The typed values a STIX-pattern indicator names, for correlation. */
export function observablesOf(body: StixBody): Observable[] {
  if (body.type !== 'indicator' || body['pattern_type'] !== 'stix' || typeof body['pattern'] !== 'string')
    return [];
  const parsed = parseStixPattern(body['pattern']);
  return parsed.ok ? patternObservables(parsed.value) : [];
}

/** An object's id, when it has a string one (to name it in an outcome). */
function idOf(object: unknown): string | undefined {
  return typeof object === 'object' && object !== null && 'id' in object && typeof object.id === 'string'
    ? object.id.slice(0, 300)
    : undefined;
}

/** The marking definitions an object refers to, for the whole object and for parts of it. */
function markingRefsOf(body: StixBody): string[] {
  const whole: unknown[] = Array.isArray(body['object_marking_refs']) ? body['object_marking_refs'] : [];
  const parts: unknown[] = Array.isArray(body['granular_markings'])
    ? body['granular_markings'].map((g: unknown) =>
        typeof g === 'object' && g !== null && 'marking_ref' in g ? g.marking_ref : undefined,
      )
    : [];
  return [...new Set([...whole, ...parts].filter((ref): ref is string => typeof ref === 'string'))];
}

/** The TLP level a marking ref stands for: one of TLP 2.0's five, or TLP 1.0's four read as 2.0. */
function levelOfRef(ref: string): Tlp | undefined {
  return tlpOfMarkingRef(ref) ?? TLP_1_LEVELS[ref];
}

/** The strictest of some levels, if any. */
function strictest(levels: readonly Tlp[]): Tlp | undefined {
  return levels.reduce<Tlp | undefined>(
    (a, b) => (a === undefined || TLP_LEVELS.indexOf(b) > TLP_LEVELS.indexOf(a) ? b : a),
    undefined,
  );
}

/** The organisations an object names as its audience, in Atalaya's extension (identity refs). */
function recipientsOf(body: StixBody): string[] {
  const extensions = body['extensions'];
  const ours =
    typeof extensions === 'object' && extensions !== null
      ? (extensions as Record<string, unknown>)[ATALAYA_EXTENSION]
      : undefined;
  const named =
    typeof ours === 'object' && ours !== null ? (ours as Record<string, unknown>)['recipients'] : undefined;
  if (!Array.isArray(named)) return [];
  return named.map((ref) => (typeof ref === 'string' ? (orgIdOfIdentityRef(ref) ?? ref) : String(ref)));
}

/** The words search reads in an object: its name, description and content. */
function textOf(body: StixBody): string {
  return ['name', 'description', 'content', 'abstract', 'opinion', 'explanation']
    .map((k) => body[k])
    .filter((v): v is string => typeof v === 'string')
    .join('\n')
    .slice(0, 100_000);
}
