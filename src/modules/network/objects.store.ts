import { sql } from 'kysely';
import { z } from 'zod';
import type { Db, Tx } from '../../platform/db.js';
import { Tlp } from './model.js';
import type { Observable } from './observables.js';
import { tables } from './tables.js';
import { compareTimestamps } from './stix-validate.js';
import { readableBy, type Marking, type Reader } from './tlp.js';
import { indexObservables } from './observables.store.js';

/** The properties every stored STIX object is read with; the rest of it is kept as it came. */
export const StixBody = z.looseObject({
  type: z.string(),
  id: z.string(),
  spec_version: z.string().optional(),
  created: z.string().optional(),
  modified: z.string().optional(),
});
export type StixBody = z.infer<typeof StixBody>;

/** One version of a shared object, with its marking and where it came from. */
export interface StoredObject {
  readonly seq: string;
  readonly stixId: string;
  readonly type: string;
  readonly marking: Marking;
  readonly createdBy: string | null;
  readonly source: string;
  readonly revoked: boolean;
  readonly addedAt: Date;
  readonly body: StixBody;
}

/** What it takes to store one version. */
export interface NewVersion {
  readonly marking: Marking;
  readonly createdBy: string | null;
  readonly source: string;
  readonly body: StixBody;
  /** The text search reads, and the language it is in (en, es, fr; else no stemming). */
  readonly text: string;
  readonly lang: string | undefined;
  /** The typed values an indicator carries (for correlation). */
  readonly observables: readonly Observable[];
}

const SEARCH_CONFIG: Readonly<Record<string, string>> = { en: 'english', es: 'spanish', fr: 'french' };

export function rowToObject(row: {
  seq: string;
  network_id: string;
  stix_id: string;
  type: string;
  tlp: string;
  owner_org_id: string | null;
  recipients: string[] | null;
  created_by: string | null;
  source: string;
  revoked: boolean;
  added_at: Date;
  body: unknown;
}): StoredObject {
  return {
    seq: row.seq,
    stixId: row.stix_id,
    type: row.type,
    marking: {
      networkId: row.network_id,
      tlp: Tlp.parse(row.tlp),
      ownerOrgId: row.owner_org_id,
      recipients: row.recipients,
    },
    createdBy: row.created_by,
    source: row.source,
    revoked: row.revoked,
    addedAt: row.added_at,
    body: StixBody.parse(row.body),
  };
}

export const COLUMNS = [
  'o.seq',
  'o.network_id',
  'o.stix_id',
  'o.type',
  'o.tlp',
  'o.owner_org_id',
  'o.recipients',
  'o.created_by',
  'o.source',
  'o.revoked',
  'o.added_at',
  'o.body',
] as const;

/** The latest versions `reader` may see in a network, by type. */
function latestVisible(db: Db | Tx, reader: Reader & { kind: 'member' }) {
  return tables(db)
    .selectFrom('network_objects as o')
    .select(COLUMNS)
    .where('o.network_id', '=', reader.networkId)
    .where('o.latest', '=', true)
    .where(readableBy(reader, 'o'));
}

/** The latest versions of one type that `reader` may see, newest first. */
export async function listLatest(
  db: Db | Tx,
  q: { reader: Reader & { kind: 'member' }; type: string; limit: number; q?: string | undefined },
): Promise<StoredObject[]> {
  let query = latestVisible(db, q.reader).where('o.type', '=', q.type);
  if (q.q) query = query.where(sql<boolean>`o.search @@ websearch_to_tsquery('simple', ${q.q})`);
  const rows = await query.orderBy('o.modified', 'desc').orderBy('o.seq', 'desc').limit(q.limit).execute();
  return rows.map(rowToObject);
}

/** The latest version of one object, if `reader` may see it. */
export async function findLatest(
  db: Db | Tx,
  q: { reader: Reader & { kind: 'member' }; stixId: string },
): Promise<StoredObject | undefined> {
  const row = await latestVisible(db, q.reader).where('o.stix_id', '=', q.stixId).executeTakeFirst();
  return row && rowToObject(row);
}

/** The latest versions of these objects that `reader` may see (others are left out). */
export async function findLatestMany(
  db: Db | Tx,
  q: { reader: Reader & { kind: 'member' }; stixIds: readonly string[] },
): Promise<StoredObject[]> {
  if (q.stixIds.length === 0) return [];
  const rows = await latestVisible(db, q.reader)
    .where(
      'o.seq',
      'in',
      sql<string>`(SELECT l.seq FROM (${rowsOfIds({ networkId: q.reader.networkId, stixIds: q.stixIds, latest: true })}) l)`,
    )
    .execute();
  return rows.map(rowToObject);
}

/**
 * The objects of `type` whose body points at `ref` through `property` (a sighting's `sighting_of_ref`, a note's
 * `object_refs`), latest versions `reader` may see, oldest first.
 */
export async function listReferring(
  db: Db | Tx,
  q: { reader: Reader & { kind: 'member' }; type: string; property: string; ref: string },
): Promise<StoredObject[]> {
  const rows = await latestVisible(db, q.reader)
    .where('o.type', '=', q.type)
    .where(
      sql<boolean>`((o.body -> ${q.property}) @> to_jsonb(${q.ref}::text)
        OR (o.body ->> ${q.property}) = ${q.ref})`,
    )
    .orderBy('o.seq')
    .execute();
  return rows.map(rowToObject);
}

/** Every version of one object that `reader` may see, newest first (a playbook's history). */
export async function listVersions(
  db: Db | Tx,
  q: { reader: Reader & { kind: 'member' }; stixId: string },
): Promise<StoredObject[]> {
  const rows = await tables(db)
    .selectFrom('network_objects as o')
    .select(COLUMNS)
    .where('o.network_id', '=', q.reader.networkId)
    .where('o.stix_id', '=', q.stixId)
    .where(readableBy(q.reader, 'o'))
    .orderBy('o.modified', 'desc')
    .orderBy('o.seq', 'desc')
    .execute();
  return rows.map(rowToObject);
}

/**
 * Full-text search over the latest versions of some types that `reader` may see, best match first: the words
 * as the reader's language stems them (so "ataques" finds "ataque") or exactly as written, in any language.
 */
export async function searchLatest(
  db: Db | Tx,
  q: {
    reader: Reader & { kind: 'member' };
    types: readonly string[];
    q: string;
    lang: string;
    limit: number;
  },
): Promise<StoredObject[]> {
  const config = SEARCH_CONFIG[q.lang.slice(0, 2)] ?? 'simple';
  const query = sql`(websearch_to_tsquery(${config}::regconfig, ${q.q}) || websearch_to_tsquery('simple', ${q.q}))`;
  const rows = await latestVisible(db, q.reader)
    .where('o.type', 'in', [...q.types])
    .where(sql<boolean>`o.search @@ ${query}`)
    .orderBy(sql`ts_rank(o.search, ${query})`, 'desc')
    .orderBy('o.seq', 'desc')
    .limit(q.limit)
    .execute();
  return rows.map(rowToObject);
}

/** A stored version's `modified` (or null) to the microsecond, as STIX and TAXII write timestamps. */
export const MICROSECONDS = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"';

/**
 * The rows of these objects in a network (`latest`: their latest versions only), found id by id through the
 * (network_id, stix_id) indexes. Written out as a lookup per id because the planner, left to choose, picks by its
 * statistics: while a network fills faster than they are refreshed (a first TAXII pull, an envelope a few
 * milliseconds), it takes the network for small and reads all of it for each envelope (5 ms against 0.5 at
 * 15,000 objects). OFFSET 0 keeps the lookup from being flattened back into that join.
 */
function rowsOfIds(q: { networkId: string; stixIds: readonly string[]; latest?: true }) {
  return sql`
    SELECT r.* FROM unnest(${[...new Set(q.stixIds)]}::text[]) AS i(id)
     CROSS JOIN LATERAL (
       SELECT * FROM network_objects
        WHERE network_id = ${q.networkId} AND stix_id = i.id${q.latest ? sql` AND latest` : sql``}
       OFFSET 0) r`;
}

/** A version of an object already stored in a network. */
export interface StoredVersion {
  readonly seq: string;
  readonly stixId: string;
  readonly modified: string | null;
  readonly ownerOrgId: string | null;
  readonly latest: boolean;
  readonly marking: Marking;
}

/** The versions of these objects already stored in a network: their `modified`, marking and whether latest. */
export async function versionsOf(
  db: Db | Tx,
  q: { networkId: string; stixIds: readonly string[] },
): Promise<StoredVersion[]> {
  if (q.stixIds.length === 0) return [];
  const { rows } = await sql<{
    seq: string;
    stix_id: string;
    owner_org_id: string | null;
    tlp: string;
    recipients: string[] | null;
    latest: boolean;
    modified: string | null;
  }>`
    SELECT v.seq, v.stix_id, v.owner_org_id, v.tlp, v.recipients, v.latest,
           to_char(v.modified AT TIME ZONE 'UTC', ${MICROSECONDS}) AS modified
      FROM (${rowsOfIds(q)}) v`.execute(db);
  return rows.map((r) => ({
    seq: r.seq,
    stixId: r.stix_id,
    modified: r.modified,
    ownerOrgId: r.owner_org_id,
    latest: r.latest,
    marking: {
      networkId: q.networkId,
      tlp: Tlp.parse(r.tlp),
      ownerOrgId: r.owner_org_id,
      recipients: r.recipients,
    },
  }));
}

/**
 * Makes the writers of one network's objects take turns until the transaction ends, so objects become visible
 * in the order of their `added_at`: a TAXII client paging by date added never skips one that committed late.
 */
export async function lockNetworkObjects(t: Tx, networkId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`network_objects:${networkId}`}, 0))`.execute(t);
}

/**
 * Refreshes the planner's statistics on the network's objects when they have grown past its last count
 * (migration 36), counting the rows this process `added` since then; true when it did.
 */
export async function refreshStatisticsIfGrown(t: Tx, added: number): Promise<boolean> {
  const { rows } = await sql<{
    refreshed: boolean;
  }>`SELECT network_objects_analyze_if_grown(${added}) AS refreshed`.execute(t);
  return rows[0]?.refreshed === true;
}

/** A version stored: its row, whether it is now the latest, and whether it is the object's first here. */
export interface Stored {
  readonly seq: string;
  readonly latest: boolean;
  readonly first: boolean;
}

/**
 * Stores versions of objects, all in one network, in a few statements whatever their number (TAXII envelopes
 * bring a hundred at a time). A version becomes the latest unless a later one is stored or comes with it; the
 * latest version's observables replace the previous latest's. A version already stored (same `modified`; for
 * objects that are not versioned, the same id) is skipped: its place in the answer is undefined.
 * Writers of one network take turns (`lockNetworkObjects`). A caller that took its turn and read the stored
 * versions of these objects in it (`receive`) passes them as `read`; otherwise they are read here.
 */
export async function insertVersions(
  t: Tx,
  versions: readonly NewVersion[],
  read?: readonly StoredVersion[],
): Promise<(Stored | undefined)[]> {
  const networkId = versions[0]?.marking.networkId;
  if (networkId === undefined) return [];
  if (versions.some((v) => v.marking.networkId !== networkId))
    throw new Error('insertVersions stores the versions of one network at a time');
  let stored = read;
  if (stored === undefined) {
    await lockNetworkObjects(t, networkId);
    stored = await versionsOf(t, { networkId, stixIds: versions.map((v) => v.body.id) });
  }
  const known = new Map<string, (string | null)[]>();
  for (const row of stored) known.set(row.stixId, [...(known.get(row.stixId) ?? []), row.modified]);
  const before = new Set(known.keys());
  const accepted: NewVersion[] = [];
  const placeOf: (number | undefined)[] = versions.map((v) => {
    const modified = v.body.modified ?? null;
    const seen = known.get(v.body.id) ?? [];
    const duplicate =
      modified === null
        ? seen.length > 0
        : seen.some((m) => m !== null && compareTimestamps(m, modified) === 0);
    if (duplicate) return undefined;
    known.set(v.body.id, [...seen, modified]);
    accepted.push(v);
    return accepted.length - 1;
  });
  const newest = new Map<string, string | null>();
  for (const [id, all] of known)
    newest.set(
      id,
      all.reduce<string | null>(
        (a, b) => (a === null ? b : b === null || compareTimestamps(a, b) >= 0 ? a : b),
        null,
      ),
    );
  const isLatest = (v: NewVersion) => {
    const modified = v.body.modified ?? null;
    const top = newest.get(v.body.id) ?? null;
    return modified === null || (top !== null && compareTimestamps(modified, top) === 0);
  };
  if (accepted.length === 0) return versions.map(() => undefined);
  const superseded = new Set(accepted.filter(isLatest).map((v) => v.body.id));
  const supersededSeqs = stored.filter((r) => r.latest && superseded.has(r.stixId)).map((r) => r.seq);
  if (supersededSeqs.length > 0)
    await tables(t)
      .updateTable('network_objects')
      .set({ latest: false })
      .where('seq', 'in', supersededSeqs)
      .execute();
  // One statement with one parameter, the rows as JSON, whatever their number: a hundred rows as a VALUES list
  // are 1,500 parameters to build, send and bind. Identity values follow ORDER BY, so sorted by `seq` the rows
  // come back in the order given.
  const rows = accepted.map((v, i) => {
    const { marking, body } = v;
    const modified = body.modified ?? null;
    return {
      i,
      stix_id: body.id,
      type: body.type,
      spec_version: body.spec_version ?? '2.1',
      created: modified && body.created ? body.created : null,
      modified,
      tlp: marking.tlp,
      owner_org_id: marking.ownerOrgId,
      recipients: marking.recipients ? [...marking.recipients] : null,
      created_by: v.createdBy,
      source: v.source,
      latest: isLatest(v),
      revoked: body['revoked'] === true,
      config: (v.lang && SEARCH_CONFIG[v.lang.slice(0, 2)]) ?? 'simple',
      text: v.text,
      body,
    };
  });
  const { rows: inserted } = await sql<{ seq: string; latest: boolean }>`
    INSERT INTO network_objects (network_id, stix_id, type, spec_version, created, modified, tlp, owner_org_id,
                                 recipients, created_by, source, latest, revoked, search, body)
    SELECT ${networkId}, r.stix_id, r.type, r.spec_version, r.created, r.modified, r.tlp, r.owner_org_id,
           r.recipients, r.created_by, r.source, r.latest, r.revoked,
           to_tsvector(r.config::regconfig, r.text) || to_tsvector('simple', r.text), r.body
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
             i int, stix_id text, type text, spec_version text, created timestamptz, modified timestamptz,
             tlp text, owner_org_id uuid, recipients uuid[], created_by uuid, source text, latest boolean,
             revoked boolean, config text, text text, body jsonb)
     ORDER BY r.i
    RETURNING seq, latest`.execute(t);
  inserted.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
  await indexObservables(
    t,
    networkId,
    accepted.flatMap((v, i) => {
      const row = inserted[i];
      return row?.latest ? [{ seq: row.seq, observables: v.observables }] : [];
    }),
  );
  return placeOf.map((place) => {
    const row = place === undefined ? undefined : inserted[place];
    const v = place === undefined ? undefined : accepted[place];
    return row && v && { seq: row.seq, latest: row.latest, first: !before.has(v.body.id) };
  });
}

/** An object a version was stored for, and whether that version is the object's first here. */
export interface StoredId {
  readonly stixId: string;
  readonly first: boolean;
}

/** The ids of the versions `insertVersions` stored (it answers in their order), and whether each is a first. */
export function storedIds(
  versions: readonly NewVersion[],
  stored: readonly (Stored | undefined)[],
): StoredId[] {
  return versions.flatMap((v, i) => {
    const row = stored[i];
    return row ? [{ stixId: v.body.id, first: row.first }] : [];
  });
}

/** Stores one version of an object (see `insertVersions`); undefined when this very version is stored already. */
export async function insertVersion(t: Tx, v: NewVersion): Promise<Stored | undefined> {
  const [stored] = await insertVersions(t, [v]);
  return stored;
}
