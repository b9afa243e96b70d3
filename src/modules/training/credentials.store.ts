import { sql, type Generated, type Kysely, type Selectable } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';
import { Achievement } from './achievements.js';
import { StatusPurpose } from './model.js';

type CredentialTables = {
  training_issuer_keys: {
    org_id: string;
    seq: number;
    public_key_multibase: string;
    secret_key_multibase: string;
    created_at: Generated<Date>;
    retired_at: Date | null;
  };
  training_status_lists: {
    id: string;
    org_id: string;
    purpose: string;
    length: number;
    bits: Buffer;
    used: Generated<number>;
    version: Generated<number>;
    updated_at: Generated<Date>;
  };
  training_credentials: {
    id: string;
    org_id: string;
    achievement: string;
    recipient_initials: string;
    recipient_user_id: string | null;
    valid_from: Date;
    valid_until: Date | null;
    revocation_list: string;
    revocation_index: number;
    suspension_list: string;
    suspension_index: number;
    document: unknown;
    revoked_at: Date | null;
    revoked_reason: string | null;
    suspended_at: Date | null;
    suspended_reason: string | null;
    issued_at: Generated<Date>;
    session_id: string | null;
    person_id: string | null;
    renewal_reminded_at: Date | null;
  };
};

function tables(db: Db | Tx): Kysely<CredentialTables> {
  return db.withTables<CredentialTables>();
}

/** An issuer key row. */
export interface KeyRow {
  readonly seq: number;
  readonly publicKeyMultibase: string;
  readonly secretKeyMultibase: string;
  readonly retiredAt: Date | null;
}

/** Every key the organisation ever issued with, oldest first (retired keys still verify old certificates). */
export async function listKeys(db: Db | Tx, orgId: string): Promise<KeyRow[]> {
  const rows = await tables(db)
    .selectFrom('training_issuer_keys')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    publicKeyMultibase: r.public_key_multibase,
    secretKeyMultibase: r.secret_key_multibase,
    retiredAt: r.retired_at,
  }));
}

/** Issuer keys whose secret is stored as it was before encryption at rest. */
export async function listUnsealedKeys(
  db: Db | Tx,
): Promise<{ orgId: string; seq: number; secretKeyMultibase: string }[]> {
  const rows = await tables(db)
    .selectFrom('training_issuer_keys')
    .select(['org_id', 'seq', 'secret_key_multibase'])
    .where('secret_key_multibase', 'not like', 'v1.%')
    .execute();
  return rows.map((r) => ({ orgId: r.org_id, seq: r.seq, secretKeyMultibase: r.secret_key_multibase }));
}

/** Replaces a key's stored secret with its sealed form. */
export async function sealKeyRow(tx: Tx, q: { orgId: string; seq: number; sealed: string }): Promise<void> {
  await tables(tx)
    .updateTable('training_issuer_keys')
    .set({ secret_key_multibase: q.sealed })
    .where('org_id', '=', q.orgId)
    .where('seq', '=', q.seq)
    .execute();
}

/** Retires the active key (if any) and stores a new one as active. */
export async function rotateKeyRow(
  tx: Tx,
  q: { orgId: string; seq: number; publicKeyMultibase: string; secretKeyMultibase: string; at: Date },
): Promise<void> {
  await tables(tx)
    .updateTable('training_issuer_keys')
    .set({ retired_at: q.at })
    .where('org_id', '=', q.orgId)
    .where('retired_at', 'is', null)
    .execute();
  await tables(tx)
    .insertInto('training_issuer_keys')
    .values({
      org_id: q.orgId,
      seq: q.seq,
      public_key_multibase: q.publicKeyMultibase,
      secret_key_multibase: q.secretKeyMultibase,
      retired_at: null,
    })
    .execute();
}

/** A status list with its bits. */
export interface ListRow {
  readonly id: string;
  readonly orgId: string;
  readonly purpose: StatusPurpose;
  readonly length: number;
  readonly bits: Buffer;
  readonly version: number;
  readonly updatedAt: Date;
}

function rowToList(r: Selectable<CredentialTables['training_status_lists']>): ListRow {
  return {
    id: r.id,
    orgId: r.org_id,
    purpose: StatusPurpose.parse(r.purpose),
    length: r.length,
    bits: r.bits,
    version: r.version,
    updatedAt: r.updated_at,
  };
}

/** The organisation's current list for a purpose, locked for this transaction. */
export async function lockOpenList(
  tx: Tx,
  q: { orgId: string; purpose: StatusPurpose; maxUsed: number },
): Promise<ListRow | undefined> {
  const row = await tables(tx)
    .selectFrom('training_status_lists')
    .selectAll()
    .where('org_id', '=', q.orgId)
    .where('purpose', '=', q.purpose)
    .where('used', '<', q.maxUsed)
    .orderBy('updated_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  return row && rowToList(row);
}

/** Starts a new, empty list. */
export async function insertList(
  tx: Tx,
  q: { id: string; orgId: string; purpose: StatusPurpose; length: number; bits: Buffer },
): Promise<void> {
  await tables(tx)
    .insertInto('training_status_lists')
    .values({ id: q.id, org_id: q.orgId, purpose: q.purpose, length: q.length, bits: q.bits })
    .execute();
}

/** The indices already given out on a list. */
export async function takenIndices(tx: Tx, listId: string, purpose: StatusPurpose): Promise<Set<number>> {
  const rows = await tables(tx)
    .selectFrom('training_credentials')
    .select(['revocation_list', 'revocation_index', 'suspension_list', 'suspension_index'])
    .where(purpose === 'revocation' ? 'revocation_list' : 'suspension_list', '=', listId)
    .execute();
  return new Set(rows.map((r) => (purpose === 'revocation' ? r.revocation_index : r.suspension_index)));
}

/** Counts `n` more indices as used. */
export async function countListUse(tx: Tx, listId: string, n: number): Promise<void> {
  await tables(tx)
    .updateTable('training_status_lists')
    .set({ used: sql<number>`used + ${n}` })
    .where('id', '=', listId)
    .execute();
}

/** Writes a list's new bits and bumps its version. */
export async function writeListBits(tx: Tx, q: { listId: string; bits: Buffer; at: Date }): Promise<void> {
  await tables(tx)
    .updateTable('training_status_lists')
    .set({ bits: q.bits, version: sql<number>`version + 1`, updated_at: q.at })
    .where('id', '=', q.listId)
    .execute();
}

/**
 * The revocation and suspension bits of one certificate, read in the database (two bits, not two 16 KB lists).
 * Bitstring Status List numbers bits from the left of each byte; PostgreSQL's get_bit from the right.
 */
export async function readStatusBits(
  db: Db | Tx,
  q: { revocationList: string; revocationIndex: number; suspensionList: string; suspensionIndex: number },
): Promise<{ revoked: boolean; suspended: boolean }> {
  const position = (index: number) => Math.floor(index / 8) * 8 + (7 - (index % 8));
  const row = await tables(db)
    .selectFrom('training_status_lists as r')
    .innerJoin('training_status_lists as s', (join) => join.on('s.id', '=', q.suspensionList))
    .select([
      sql<number>`get_bit(r.bits, ${position(q.revocationIndex)})`.as('revoked'),
      sql<number>`get_bit(s.bits, ${position(q.suspensionIndex)})`.as('suspended'),
    ])
    .where('r.id', '=', q.revocationList)
    .executeTakeFirst();
  return { revoked: row?.revoked === 1, suspended: row?.suspended === 1 };
}

/** One status list by id. */
export async function findList(db: Db | Tx, listId: string): Promise<ListRow | undefined> {
  const row = await tables(db)
    .selectFrom('training_status_lists')
    .selectAll()
    .where('id', '=', listId)
    .executeTakeFirst();
  return row && rowToList(row);
}

/** A stored certificate. */
export interface CredentialRow {
  readonly id: string;
  readonly orgId: string;
  readonly achievement: Achievement;
  readonly recipientInitials: string;
  readonly validFrom: Date;
  readonly validUntil: Date | null;
  readonly revocationList: string;
  readonly revocationIndex: number;
  readonly suspensionList: string;
  readonly suspensionIndex: number;
  readonly document: unknown;
  readonly revokedAt: Date | null;
  readonly revokedReason: string | null;
  readonly suspendedAt: Date | null;
  readonly suspendedReason: string | null;
  readonly issuedAt: Date;
  readonly sessionId: string | null;
  readonly personId: string | null;
}

/** A certificate about to be stored. */
export type NewCredential = Omit<
  CredentialRow,
  'revokedAt' | 'revokedReason' | 'suspendedAt' | 'suspendedReason' | 'issuedAt'
> & { recipientUserId: string | null };

/** Stores issued certificates, all in one statement. */
export async function insertCredentials(tx: Tx, rows: readonly NewCredential[]): Promise<void> {
  if (rows.length === 0) return;
  await tables(tx)
    .insertInto('training_credentials')
    .values(
      rows.map((c) => ({
        id: c.id,
        org_id: c.orgId,
        achievement: c.achievement,
        recipient_initials: c.recipientInitials,
        recipient_user_id: c.recipientUserId,
        valid_from: c.validFrom,
        valid_until: c.validUntil,
        revocation_list: c.revocationList,
        revocation_index: c.revocationIndex,
        suspension_list: c.suspensionList,
        suspension_index: c.suspensionIndex,
        document: JSON.stringify(c.document),
        revoked_at: null,
        revoked_reason: null,
        suspended_at: null,
        suspended_reason: null,
        session_id: c.sessionId,
        person_id: c.personId,
        renewal_reminded_at: null,
      })),
    )
    .execute();
}

/** A certificate without its signed document: what lists, statuses and reminders need. */
export type CredentialSummary = Omit<CredentialRow, 'document'>;

// Every column but the signed document (a few kilobytes each), for lists that may hold thousands.
const SUMMARY_COLUMNS = [
  'id',
  'org_id',
  'achievement',
  'recipient_initials',
  'valid_from',
  'valid_until',
  'revocation_list',
  'revocation_index',
  'suspension_list',
  'suspension_index',
  'revoked_at',
  'revoked_reason',
  'suspended_at',
  'suspended_reason',
  'issued_at',
  'session_id',
  'person_id',
] as const;

function rowToSummary(
  r: Pick<Selectable<CredentialTables['training_credentials']>, (typeof SUMMARY_COLUMNS)[number]>,
): CredentialSummary {
  return {
    id: r.id,
    orgId: r.org_id,
    achievement: Achievement.parse(r.achievement),
    recipientInitials: r.recipient_initials,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    revocationList: r.revocation_list,
    revocationIndex: r.revocation_index,
    suspensionList: r.suspension_list,
    suspensionIndex: r.suspension_index,
    revokedAt: r.revoked_at,
    revokedReason: r.revoked_reason,
    suspendedAt: r.suspended_at,
    suspendedReason: r.suspended_reason,
    issuedAt: r.issued_at,
    sessionId: r.session_id,
    personId: r.person_id,
  };
}

function rowToCredential(r: Selectable<CredentialTables['training_credentials']>): CredentialRow {
  return { ...rowToSummary(r), document: r.document };
}

/** One certificate by id, whichever organisation issued it (the public verification page needs this). */
export async function findCredential(db: Db | Tx, id: string): Promise<CredentialRow | undefined> {
  const row = await tables(db)
    .selectFrom('training_credentials')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && rowToCredential(row);
}

/**
 * Certificates of an organisation (optionally of one session, or one person), newest first; every
 * organisation's when `orgId` is undefined.
 */
export async function listCredentials(
  db: Db | Tx,
  orgId?: string,
  opts: { sessionId?: string; personId?: string } = {},
): Promise<CredentialSummary[]> {
  let query = tables(db).selectFrom('training_credentials').select(SUMMARY_COLUMNS);
  if (orgId) query = query.where('org_id', '=', orgId);
  if (opts.sessionId) query = query.where('session_id', '=', opts.sessionId);
  if (opts.personId) query = query.where('person_id', '=', opts.personId);
  return (await query.orderBy('issued_at', 'desc').orderBy('id').execute()).map(rowToSummary);
}

/** Marks certificates of the organisation revoked (with the reason) or suspended, or lifts a suspension. */
export async function markCredentials(
  tx: Tx,
  q: {
    orgId: string;
    ids: readonly string[];
    change:
      { revokedAt: Date; reason: string } | { suspendedAt: Date; reason: string } | { suspendedAt: null };
  },
): Promise<CredentialSummary[]> {
  const set =
    'revokedAt' in q.change
      ? { revoked_at: q.change.revokedAt, revoked_reason: q.change.reason }
      : {
          suspended_at: q.change.suspendedAt,
          suspended_reason: 'reason' in q.change ? q.change.reason : null,
        };
  const rows = await tables(tx)
    .updateTable('training_credentials')
    .set(set)
    .where('org_id', '=', q.orgId)
    .where('id', 'in', [...q.ids])
    .where('revoked_at', 'is', null)
    .returning(SUMMARY_COLUMNS)
    .execute();
  return rows.map(rowToSummary);
}

/** Live certificates expiring before `before` whose holders were not reminded yet. */
export async function dueForRenewal(db: Db | Tx, before: Date): Promise<CredentialSummary[]> {
  const rows = await tables(db)
    .selectFrom('training_credentials')
    .select(SUMMARY_COLUMNS)
    .where('revoked_at', 'is', null)
    .where('renewal_reminded_at', 'is', null)
    .where('valid_until', '<', before)
    .limit(1000)
    .execute();
  return rows.map(rowToSummary);
}

/** Claims the renewal reminder of a certificate; false when it was already sent. */
export async function claimRenewalReminder(tx: Tx, id: string, at: Date): Promise<boolean> {
  const result = await tables(tx)
    .updateTable('training_credentials')
    .set({ renewal_reminded_at: at })
    .where('id', '=', id)
    .where('renewal_reminded_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
