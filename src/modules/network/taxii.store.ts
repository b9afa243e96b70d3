import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { Db, Tx } from '../../platform/db.js';
import type { Tlp } from './model.js';
import { MICROSECONDS, StixBody } from './objects.store.js';
import type { TaxiiFilter } from './taxii.model.js';
import { tables, type NetworkTables } from './tables.js';
import { readableBy, type Reader } from './tlp.js';

/** Where a page ends: the date added (to the microsecond) and sequence of its last row. */
export const Cursor = z.strictObject({ addedAt: z.string(), seq: z.string().regex(/^[0-9]+$/) });
export type Cursor = z.infer<typeof Cursor>;

/** One stored version as a collection lists it. */
export interface CollectionRow {
  readonly seq: string;
  readonly stixId: string;
  /** When it was added, to the microsecond (TAXII's `date_added`). */
  readonly addedAt: string;
  /** Its `modified`, else `created` (marking definitions), else the date added (cyber-observables). */
  readonly version: string;
  readonly body: StixBody | undefined;
}

/** What a page is read from: a TLP level of a network as one member reads it, filtered. */
export interface CollectionQuery {
  readonly reader: Reader & { kind: 'member' };
  readonly tlp: Tlp;
  readonly filter: TaxiiFilter;
  /** Only this object's versions (the object and versions endpoints). */
  readonly stixId?: string | undefined;
  readonly after: Cursor | undefined;
  readonly limit: number;
  /** Whether the bodies are wanted (objects) or only the manifest. */
  readonly bodies: boolean;
}

type Row = ExpressionBuilder<{ o: NetworkTables['network_objects'] }, 'o'>;

/** The version filter of §3.4.1 as SQL: the latest, the first the reader may see, exact `modified` values. */
function versionMatches(eb: Row, q: CollectionQuery): Expression<SqlBool> {
  const { versions } = q.filter;
  if (versions.all) return sql<boolean>`true`;
  const wanted: Expression<SqlBool>[] = [];
  if (versions.last) wanted.push(eb('o.latest', '=', true));
  if (versions.first)
    wanted.push(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM network_objects e WHERE e.network_id = o.network_id
        AND e.stix_id = o.stix_id AND e.modified < o.modified AND ${readableBy(q.reader, 'e')})`,
    );
  if (versions.exact.length > 0)
    wanted.push(sql<boolean>`o.modified = ANY (${[...versions.exact]}::timestamptz[])`);
  return eb.or(wanted);
}

/**
 * One page of a collection, oldest addition first (§3.3), and whether more follow. Every row passes the TLP
 * rule for the reader in SQL, before it leaves the database.
 */
export async function readCollection(
  db: Db | Tx,
  q: CollectionQuery,
): Promise<{ rows: CollectionRow[]; more: boolean }> {
  const { filter, reader } = q;
  const addedAt = sql<string>`to_char(o.added_at AT TIME ZONE 'UTC', ${MICROSECONDS})`;
  const rows = await tables(db)
    .selectFrom('network_objects as o')
    .select([
      'o.seq',
      'o.stix_id',
      addedAt.as('added'),
      sql<string>`coalesce(to_char(o.modified AT TIME ZONE 'UTC', ${MICROSECONDS}), o.body ->> 'created', ${addedAt})`.as(
        'version',
      ),
    ])
    .$if(q.bodies, (query) => query.select('o.body'))
    .where('o.network_id', '=', reader.networkId)
    .where('o.tlp', '=', q.tlp)
    .where(readableBy(reader, 'o'))
    .where((eb) => versionMatches(eb, q))
    .$if(q.stixId !== undefined, (query) => query.where('o.stix_id', '=', q.stixId ?? ''))
    .$if(filter.ids !== undefined, (query) => query.where('o.stix_id', 'in', [...(filter.ids ?? [])]))
    .$if(filter.types !== undefined, (query) => query.where('o.type', 'in', [...(filter.types ?? [])]))
    .$if(filter.specVersions !== undefined, (query) =>
      query.where('o.spec_version', 'in', [...(filter.specVersions ?? [])]),
    )
    .$if(filter.addedAfter !== undefined, (query) =>
      query.where(sql<boolean>`o.added_at > ${filter.addedAfter ?? ''}::timestamptz`),
    )
    .$if(q.after !== undefined, (query) =>
      query.where(
        sql<boolean>`(o.added_at, o.seq) > (${q.after?.addedAt ?? ''}::timestamptz, ${q.after?.seq ?? '0'}::bigint)`,
      ),
    )
    .orderBy('o.added_at')
    .orderBy('o.seq')
    .limit(q.limit + 1)
    .execute();
  return {
    more: rows.length > q.limit,
    rows: rows.slice(0, q.limit).map((row) => ({
      seq: row.seq,
      stixId: row.stix_id,
      addedAt: row.added,
      version: row.version,
      body: 'body' in row ? StixBody.parse(row.body) : undefined,
    })),
  };
}

/** The versions of one object in a TLP level of a network that `reader` may see, with their owners. */
export async function versionsInCollection(
  db: Db | Tx,
  q: { reader: Reader & { kind: 'member' }; tlp: Tlp; stixId: string; exact: readonly string[] | undefined },
): Promise<{ seq: string; ownerOrgId: string | null; latest: boolean }[]> {
  const rows = await tables(db)
    .selectFrom('network_objects as o')
    .select(['o.seq', 'o.owner_org_id', 'o.latest'])
    .where('o.network_id', '=', q.reader.networkId)
    .where('o.tlp', '=', q.tlp)
    .where('o.stix_id', '=', q.stixId)
    .where(readableBy(q.reader, 'o'))
    .$if(q.exact !== undefined, (query) =>
      query.where(sql<boolean>`o.modified = ANY (${[...(q.exact ?? [])]}::timestamptz[])`),
    )
    .execute();
  return rows.map((r) => ({ seq: r.seq, ownerOrgId: r.owner_org_id, latest: r.latest }));
}

/**
 * Deletes stored versions; when the latest went, the newest remaining version becomes the latest again.
 * Answers the stored versions that remain of the object, and the one now latest, if any.
 */
export async function deleteVersions(
  t: Tx,
  q: { networkId: string; stixId: string; seqs: readonly string[] },
): Promise<{ remaining: number; promoted: { seq: string; body: StixBody } | undefined }> {
  await tables(t)
    .deleteFrom('network_objects')
    .where('seq', 'in', [...q.seqs])
    .execute();
  const remaining = await tables(t)
    .selectFrom('network_objects')
    .select(['seq', 'latest', 'body'])
    .where('network_id', '=', q.networkId)
    .where('stix_id', '=', q.stixId)
    .orderBy(sql`modified DESC NULLS LAST`)
    .orderBy('seq', 'desc')
    .execute();
  const newest = remaining[0];
  if (!newest || remaining.some((r) => r.latest)) return { remaining: remaining.length, promoted: undefined };
  await tables(t)
    .updateTable('network_objects')
    .set({ latest: true })
    .where('seq', '=', newest.seq)
    .execute();
  return { remaining: remaining.length, promoted: { seq: newest.seq, body: StixBody.parse(newest.body) } };
}

/** One object's outcome in a status resource (§4.3.1 status-details). */
export const StatusDetail = z.object({
  id: z.string(),
  version: z.string(),
  message: z.string().optional(),
});
export type StatusDetail = z.infer<typeof StatusDetail>;

/** The outcome of one POST of objects, as stored for the status endpoint. */
export interface TaxiiStatus {
  readonly id: string;
  readonly networkId: string;
  readonly orgId: string;
  readonly requestTimestamp: string;
  readonly successes: readonly StatusDetail[];
  readonly failures: readonly StatusDetail[];
}

/** Keeps a POST's outcome for its sender to read back. */
export async function insertStatus(t: Tx, status: TaxiiStatus): Promise<void> {
  await tables(t)
    .insertInto('network_taxii_statuses')
    .values({
      id: status.id,
      network_id: status.networkId,
      org_id: status.orgId,
      request_timestamp: sql<Date>`${status.requestTimestamp}::timestamptz`,
      total_count: status.successes.length + status.failures.length,
      success_count: status.successes.length,
      failure_count: status.failures.length,
      successes: JSON.stringify(status.successes),
      failures: JSON.stringify(status.failures),
    })
    .execute();
}

/** A POST's outcome, for the organisation that sent it only. */
export async function findStatus(
  db: Db | Tx,
  q: { networkId: string; orgId: string; id: string },
): Promise<TaxiiStatus | undefined> {
  const row = await tables(db)
    .selectFrom('network_taxii_statuses')
    .select([
      'id',
      'network_id',
      'org_id',
      'successes',
      'failures',
      sql<string>`to_char(request_timestamp AT TIME ZONE 'UTC', ${MICROSECONDS})`.as('at'),
    ])
    .where('id', '=', q.id)
    .where('network_id', '=', q.networkId)
    .where('org_id', '=', q.orgId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      networkId: row.network_id,
      orgId: row.org_id,
      requestTimestamp: row.at,
      successes: z.array(StatusDetail).parse(row.successes),
      failures: z.array(StatusDetail).parse(row.failures),
    }
  );
}
