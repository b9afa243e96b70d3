import { sql, type Generated, type Kysely } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';
import { GENESIS_HASH, type ChainedFields } from './chain.js';

type AuditEventsTable = {
  id: Generated<string>;
  at: Date;
  actor_user_id: string | null;
  actor_label: string;
  org_id: string | null;
  via_grant_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  summary: unknown;
  request_id: string | null;
  prev_hash: string;
  hash: string;
};

type AuditTables = {
  audit_events: AuditEventsTable;
};

/** A stored audit event. */
export interface AuditEvent extends ChainedFields {
  readonly id: string;
  readonly hash: string;
}

/** Filters for browsing the trail; `orgId` is always applied (tenancy). */
export interface AuditFilter {
  readonly orgId: string | null;
  readonly actor?: string | undefined;
  /** People whose name matched the actor filter: their events match too, whatever label they carry. */
  readonly actorIds?: readonly string[] | undefined;
  readonly action?: string | undefined;
  readonly target?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly beforeId?: string | undefined;
  readonly limit: number;
}

// An arbitrary constant key for pg_advisory_xact_lock: one writer extends the chain at a time.
const CHAIN_LOCK = 0x41544c41;

function tables(db: Db | Tx): Kysely<AuditTables> {
  return db.withTables<AuditTables>();
}

function rowToEvent(row: Omit<AuditEventsTable, 'id'> & { id: string }): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    orgId: row.org_id,
    viaGrantId: row.via_grant_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    summary: row.summary,
    requestId: row.request_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Locks the chain for the rest of the transaction and returns the hash of its last event. The lock is what
 * keeps ids, commit order and chain order the same under concurrent writers.
 */
export async function lockChainHead(tx: Tx): Promise<string> {
  await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(tx);
  const last = await tables(tx)
    .selectFrom('audit_events')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.hash ?? GENESIS_HASH;
}

/** Appends one event whose hash the caller computed. */
export async function insertEvent(tx: Tx, fields: ChainedFields, hash: string): Promise<void> {
  await tables(tx)
    .insertInto('audit_events')
    .values({
      at: fields.at,
      actor_user_id: fields.actorUserId,
      actor_label: fields.actorLabel,
      org_id: fields.orgId,
      via_grant_id: fields.viaGrantId,
      action: fields.action,
      target_type: fields.targetType,
      target_id: fields.targetId,
      summary: JSON.stringify(fields.summary),
      request_id: fields.requestId,
      prev_hash: fields.prevHash,
      hash,
    })
    .execute();
}

/** Lists events newest first, within one organisation's trail (or the deployment's, for null). */
export async function listEvents(db: Db, filter: AuditFilter): Promise<AuditEvent[]> {
  let query = tables(db).selectFrom('audit_events').selectAll();
  query =
    filter.orgId === null ? query.where('org_id', 'is', null) : query.where('org_id', '=', filter.orgId);
  const { actor, actorIds = [] } = filter;
  if (actor)
    query = query.where((eb) =>
      eb.or([
        eb('actor_label', 'ilike', `%${escapeLike(actor)}%`),
        ...(actorIds.length > 0 ? [eb('actor_user_id', 'in', actorIds)] : []),
      ]),
    );
  if (filter.action) query = query.where('action', 'like', `${escapeLike(filter.action)}%`);
  if (filter.target) query = query.where('target_id', '=', filter.target);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(rowToEvent);
}

/** Reads the whole chain in id order, a page at a time, for verification. */
export async function* chainPages(db: Db, pageSize = 5000): AsyncGenerator<AuditEvent[]> {
  let after = '0';
  for (;;) {
    const rows = await tables(db)
      .selectFrom('audit_events')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id', 'asc')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows.map(rowToEvent);
    after = rows[rows.length - 1]?.id ?? after;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
