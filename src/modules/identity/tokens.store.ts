import type { Db, Tx } from '../../platform/db.js';
import { identityDb } from './tables.js';
import type { OrgId, UserId } from './model.js';

/**
 * A personal API token (its secret is never stored, only its hash), scoped to one organisation or, for an
 * operator, to the deployment (`orgId` null).
 */
export interface ApiToken {
  readonly id: string;
  readonly userId: UserId;
  readonly orgId: OrgId | null;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

function rowToToken(row: {
  id: string;
  user_id: string;
  org_id: string | null;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): ApiToken {
  return {
    id: row.id,
    userId: row.user_id as UserId,
    orgId: row.org_id as OrgId | null,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

const tokenColumns = [
  'id',
  'user_id',
  'org_id',
  'name',
  'prefix',
  'created_at',
  'last_used_at',
  'revoked_at',
] as const;

export async function insertToken(
  tx: Tx,
  t: { id: string; userId: UserId; orgId: OrgId | null; name: string; prefix: string; tokenHash: string },
): Promise<void> {
  await identityDb(tx)
    .insertInto('api_tokens')
    .values({
      id: t.id,
      user_id: t.userId,
      org_id: t.orgId,
      name: t.name,
      prefix: t.prefix,
      token_hash: t.tokenHash,
    })
    .execute();
}

export async function findTokenByHash(db: Db | Tx, tokenHash: string): Promise<ApiToken | undefined> {
  const row = await identityDb(db)
    .selectFrom('api_tokens')
    .select(tokenColumns)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? rowToToken(row) : undefined;
}

export async function listTokens(db: Db | Tx, userId: string): Promise<ApiToken[]> {
  const rows = await identityDb(db)
    .selectFrom('api_tokens')
    .select(tokenColumns)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(rowToToken);
}

export async function revokeToken(tx: Tx, q: { id: string; userId: string; now: Date }): Promise<boolean> {
  const result = await identityDb(tx)
    .updateTable('api_tokens')
    .set({ revoked_at: q.now })
    .where('id', '=', q.id)
    .where('user_id', '=', q.userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes a user's live API tokens (those for one organisation when `orgId` is given); returns how many. */
export async function revokeUserTokens(
  tx: Tx,
  q: { userId: string; now: Date; orgId?: string },
): Promise<number> {
  let query = identityDb(tx)
    .updateTable('api_tokens')
    .set({ revoked_at: q.now })
    .where('user_id', '=', q.userId)
    .where('revoked_at', 'is', null);
  if (q.orgId) query = query.where('org_id', '=', q.orgId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function touchToken(db: Db, id: string, now: Date): Promise<void> {
  await identityDb(db).updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
