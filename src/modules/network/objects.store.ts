import { sql } from 'kysely';
import { z } from 'zod';
import type { Db, Tx } from '../../platform/db.js';
import { Tlp } from './model.js';
import { ObservableKind, type Observable } from './observables.js';
import { tables } from './tables.js';
import { readableBy, type Marking, type Reader } from './tlp.js';

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

function rowToObject(row: {
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

const COLUMNS = [
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
    .where('o.stix_id', 'in', [...q.stixIds])
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

/**
 * Stores one version of an object. It becomes the latest unless a later version is already stored; its
 * observables replace the previous latest version's. Answers false when this very version (same `modified`)
 * is already stored.
 */
export async function insertVersion(
  t: Tx,
  v: NewVersion,
): Promise<{ seq: string; latest: boolean } | undefined> {
  const { marking, body } = v;
  const modified = body.modified ?? null;
  const newer = modified
    ? await tables(t)
        .selectFrom('network_objects')
        .select(sql<boolean>`bool_or(modified >= ${modified}::timestamptz)`.as('newer'))
        .where('network_id', '=', marking.networkId)
        .where('stix_id', '=', body.id)
        .executeTakeFirst()
    : undefined;
  const latest = !newer?.newer;
  if (latest)
    await tables(t)
      .updateTable('network_objects')
      .set({ latest: false })
      .where('network_id', '=', marking.networkId)
      .where('stix_id', '=', body.id)
      .where('latest', '=', true)
      .execute();
  const config = (v.lang && SEARCH_CONFIG[v.lang.slice(0, 2)]) ?? 'simple';
  const inserted = await tables(t)
    .insertInto('network_objects')
    .values({
      network_id: marking.networkId,
      stix_id: body.id,
      type: body.type,
      spec_version: body.spec_version ?? '2.1',
      created: body.created ? sql<Date>`${body.created}::timestamptz` : null,
      modified: modified ? sql<Date>`${modified}::timestamptz` : null,
      tlp: marking.tlp,
      owner_org_id: marking.ownerOrgId,
      recipients: marking.recipients ? [...marking.recipients] : null,
      created_by: v.createdBy,
      source: v.source,
      latest,
      revoked: body['revoked'] === true,
      search: sql<string>`to_tsvector(${config}::regconfig, ${v.text}) || to_tsvector('simple', ${v.text})`,
      body: JSON.stringify(body),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('seq')
    .executeTakeFirst();
  if (!inserted) return undefined;
  if (latest && v.observables.length > 0)
    await tables(t)
      .insertInto('network_observables')
      .values(
        v.observables.map((o) => ({
          object_seq: inserted.seq,
          network_id: marking.networkId,
          kind: ObservableKind.parse(o.kind),
          value: o.value,
          ip: o.kind === 'ipv4' || o.kind === 'ipv6' ? o.value : null,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  return { seq: inserted.seq, latest };
}

/**
 * The latest indicators of a network, other than `stixId`, holding one of these observables: the same value,
 * or for addresses an overlapping block (an address inside a shared CIDR); at most `limit`. With a reader, only
 * those it may see; without, all of them, for correlation to decide who may be told of each.
 */
export async function findCorrelated(
  db: Db | Tx,
  q: {
    networkId: string;
    stixId: string;
    observables: readonly Observable[];
    limit: number;
    reader?: (Reader & { kind: 'member' }) | undefined;
  },
): Promise<StoredObject[]> {
  if (q.observables.length === 0) return [];
  const reader = q.reader;
  const ips = q.observables.filter((o) => o.kind === 'ipv4' || o.kind === 'ipv6').map((o) => o.value);
  const values = q.observables.filter((o) => o.kind !== 'ipv4' && o.kind !== 'ipv6');
  const rows = await tables(db)
    .selectFrom('network_objects as o')
    .select(COLUMNS)
    .where('o.network_id', '=', q.networkId)
    .where('o.latest', '=', true)
    .where('o.type', '=', 'indicator')
    .where('o.stix_id', '!=', q.stixId)
    .$if(reader !== undefined, (query) => query.where(readableBy(reader ?? { kind: 'public' }, 'o')))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('network_observables as v')
          .select('v.object_seq')
          .whereRef('v.object_seq', '=', 'o.seq')
          .where((w) =>
            w.or([
              ...values.map((o) => w.and([w('v.kind', '=', o.kind), w('v.value', '=', o.value)])),
              ...(ips.length > 0 ? [sql<boolean>`v.ip && ANY (${ips}::cidr[])`] : []),
            ]),
          ),
      ),
    )
    .orderBy('o.seq', 'desc')
    .limit(q.limit)
    .execute();
  return rows.map(rowToObject);
}
