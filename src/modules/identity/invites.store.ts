import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';
import { identityDb } from './tables.js';
import { Role, type OrgId } from './model.js';

/** An invitation to join an organisation. */
export interface Invitation {
  readonly id: string;
  readonly orgId: OrgId;
  readonly email: string;
  readonly role: Role;
  readonly expiresAt: Date;
  readonly acceptedAt: Date | null;
  readonly withdrawnAt: Date | null;
  readonly createdAt: Date;
}

const inviteColumns = [
  'id',
  'org_id',
  'email',
  'role',
  'expires_at',
  'accepted_at',
  'withdrawn_at',
  'created_at',
] as const;

function rowToInvitation(row: {
  id: string;
  org_id: string;
  email: string;
  role: string;
  expires_at: Date;
  accepted_at: Date | null;
  withdrawn_at: Date | null;
  created_at: Date;
}): Invitation {
  return {
    id: row.id,
    orgId: row.org_id as OrgId,
    email: row.email,
    role: Role.parse(row.role),
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    withdrawnAt: row.withdrawn_at,
    createdAt: row.created_at,
  };
}

export async function insertInvitation(
  tx: Tx,
  i: {
    id: string;
    orgId: OrgId;
    email: string;
    role: Role;
    tokenHash: string;
    invitedBy: string | null;
    expiresAt: Date;
  },
): Promise<void> {
  await identityDb(tx)
    .insertInto('invitations')
    .values({
      id: i.id,
      org_id: i.orgId,
      email: i.email,
      role: i.role,
      token_hash: i.tokenHash,
      invited_by: i.invitedBy,
      expires_at: i.expiresAt,
    })
    .execute();
}

export async function findInvitationByTokenHash(
  db: Db | Tx,
  tokenHash: string,
): Promise<Invitation | undefined> {
  const row = await identityDb(db)
    .selectFrom('invitations')
    .select(inviteColumns)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? rowToInvitation(row) : undefined;
}

export async function listPendingInvitations(db: Db | Tx, orgId: OrgId, now: Date): Promise<Invitation[]> {
  const rows = await identityDb(db)
    .selectFrom('invitations')
    .select(inviteColumns)
    .where('org_id', '=', orgId)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(rowToInvitation);
}

/**
 * The organisation's open invitation to an address, if any. One that has expired is closed on the way, so the
 * address can be invited again (the table holds one open invitation per address).
 */
export async function openInvitationTo(
  tx: Tx,
  orgId: OrgId,
  email: string,
  now: Date,
): Promise<Invitation | undefined> {
  const sameAddress = sql<boolean>`lower(email) = lower(${email})`;
  await identityDb(tx)
    .updateTable('invitations')
    .set({ withdrawn_at: now })
    .where('org_id', '=', orgId)
    .where(sameAddress)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '<=', now)
    .execute();
  const row = await identityDb(tx)
    .selectFrom('invitations')
    .select(inviteColumns)
    .where('org_id', '=', orgId)
    .where(sameAddress)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return row ? rowToInvitation(row) : undefined;
}

/** Withdraws an organisation's open invitation; the withdrawn invitation, or undefined if none was open. */
export async function withdrawInvitation(
  tx: Tx,
  orgId: OrgId,
  id: string,
  now: Date,
): Promise<Invitation | undefined> {
  const row = await identityDb(tx)
    .updateTable('invitations')
    .set({ withdrawn_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(inviteColumns)
    .executeTakeFirst();
  return row ? rowToInvitation(row) : undefined;
}

/** Marks an invitation accepted if it still is pending; false if someone got there first. */
export async function markInvitationAccepted(tx: Tx, id: string, now: Date): Promise<boolean> {
  const result = await identityDb(tx)
    .updateTable('invitations')
    .set({ accepted_at: now })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertPasswordReset(
  tx: Tx,
  r: { id: string; userId: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await identityDb(tx)
    .insertInto('password_resets')
    .values({ id: r.id, user_id: r.userId, token_hash: r.tokenHash, expires_at: r.expiresAt })
    .execute();
}

/** Uses up every reset link of a user still open (after a reset, no older link may work); returns how many. */
export async function closeUserResets(tx: Tx, userId: string, now: Date): Promise<number> {
  const result = await identityDb(tx)
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Reset links a user was sent since `since` (to limit how often one address can be mailed). */
export async function countResetsSince(db: Db | Tx, userId: string, since: Date): Promise<number> {
  const row = await identityDb(db)
    .selectFrom('password_resets')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Claims an unused, unexpired reset token; returns its user or undefined. */
export async function claimPasswordReset(tx: Tx, tokenHash: string, now: Date): Promise<string | undefined> {
  const row = await identityDb(tx)
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}
