import type { Db, Tx } from '../../platform/db.js';
import { identityDb } from './tables.js';

/** A session as the auth service needs it. */
export interface SessionRecord {
  readonly id: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly mfaPassed: boolean;
  readonly webauthnChallenge: string | null;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

function rowToSession(row: {
  id: string;
  user_id: string;
  csrf_token: string;
  mfa_passed: boolean;
  webauthn_challenge: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    mfaPassed: row.mfa_passed,
    webauthnChallenge: row.webauthn_challenge,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

const sessionColumns = [
  'id',
  'user_id',
  'csrf_token',
  'mfa_passed',
  'webauthn_challenge',
  'created_at',
  'last_seen_at',
  'expires_at',
  'revoked_at',
  'ip',
  'user_agent',
] as const;

export async function insertSession(
  tx: Tx,
  s: {
    id: string;
    tokenHash: string;
    userId: string;
    csrfToken: string;
    mfaPassed: boolean;
    now: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await identityDb(tx)
    .insertInto('sessions')
    .values({
      id: s.id,
      token_hash: s.tokenHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      mfa_passed: s.mfaPassed,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
}

export async function findSessionByTokenHash(
  db: Db | Tx,
  tokenHash: string,
): Promise<SessionRecord | undefined> {
  const row = await identityDb(db)
    .selectFrom('sessions')
    .select(sessionColumns)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? rowToSession(row) : undefined;
}

export async function findSession(db: Db | Tx, id: string): Promise<SessionRecord | undefined> {
  const row = await identityDb(db)
    .selectFrom('sessions')
    .select(sessionColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? rowToSession(row) : undefined;
}

/** Sessions of a user that are still usable, newest first. */
export async function listLiveSessions(db: Db | Tx, userId: string, now: Date): Promise<SessionRecord[]> {
  const rows = await identityDb(db)
    .selectFrom('sessions')
    .select(sessionColumns)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map(rowToSession);
}

export async function updateSession(
  db: Db | Tx,
  id: string,
  changes: Partial<{
    mfaPassed: boolean;
    webauthnChallenge: string | null;
    lastSeenAt: Date;
    revokedAt: Date;
  }>,
): Promise<void> {
  await identityDb(db)
    .updateTable('sessions')
    .set({
      ...(changes.mfaPassed !== undefined && { mfa_passed: changes.mfaPassed }),
      ...(changes.webauthnChallenge !== undefined && { webauthn_challenge: changes.webauthnChallenge }),
      ...(changes.lastSeenAt !== undefined && { last_seen_at: changes.lastSeenAt }),
      ...(changes.revokedAt !== undefined && { revoked_at: changes.revokedAt }),
    })
    .where('id', '=', id)
    .execute();
}

/** Revokes every live session of a user, except `keep` if given; returns how many. */
export async function revokeUserSessions(tx: Tx, userId: string, now: Date, keep?: string): Promise<number> {
  let query = identityDb(tx)
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keep) query = query.where('id', '<>', keep);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function recordLoginAttempt(
  db: Db | Tx,
  attempt: { email: string; ip: string | null; succeeded: boolean; at: Date },
): Promise<void> {
  await identityDb(db).insertInto('login_attempts').values(attempt).execute();
}

/** Failed sign-ins since `since`, by e-mail and by address, counting from the last success for the e-mail. */
export async function countRecentFailures(
  db: Db | Tx,
  q: { email: string; ip: string | null; since: Date },
): Promise<{ byEmail: number; byIp: number }> {
  const lastSuccess = identityDb(db)
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('email', '=', q.email)
    .where('succeeded', '=', true);
  const byEmail = await identityDb(db)
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('at').as('last')])
    .where('email', '=', q.email)
    .where('succeeded', '=', false)
    .where('at', '>', q.since)
    .where((eb) => eb.or([eb(lastSuccess, 'is', null), eb('at', '>', lastSuccess)]))
    .executeTakeFirstOrThrow();
  const byIp = q.ip
    ? await identityDb(db)
        .selectFrom('login_attempts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('ip', '=', q.ip)
        .where('succeeded', '=', false)
        .where('at', '>', q.since)
        .executeTakeFirstOrThrow()
    : { n: '0' };
  return { byEmail: Number(byEmail.n), byIp: Number(byIp.n) };
}

/** Deletes sessions that ended before `before` and sign-in attempts older than `before`; returns the counts. */
export async function pruneAuthHistory(
  tx: Tx,
  before: Date,
): Promise<{ sessions: number; attempts: number }> {
  const sessions = await identityDb(tx)
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .executeTakeFirst();
  const attempts = await identityDb(tx)
    .deleteFrom('login_attempts')
    .where('at', '<', before)
    .executeTakeFirst();
  return { sessions: Number(sessions.numDeletedRows), attempts: Number(attempts.numDeletedRows) };
}

export async function insertUnlock(
  tx: Tx,
  u: { id: string; userId: string; tokenHash: string; now: Date; expiresAt: Date },
): Promise<void> {
  await identityDb(tx)
    .insertInto('login_unlocks')
    .values({
      id: u.id,
      user_id: u.userId,
      token_hash: u.tokenHash,
      created_at: u.now,
      expires_at: u.expiresAt,
    })
    .execute();
}

/** The user of a live unlock link (unused and unexpired), looked up by the link's secret hash. */
export async function findUnlockByToken(
  db: Db | Tx,
  tokenHash: string,
  now: Date,
): Promise<{ id: string; userId: string } | undefined> {
  const row = await identityDb(db)
    .selectFrom('login_unlocks')
    .select(['id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row && { id: row.id, userId: row.user_id };
}

/** Uses an unlock link up; false when someone used it first. */
export async function useUnlock(tx: Tx, id: string, now: Date): Promise<boolean> {
  const result = await identityDb(tx)
    .updateTable('login_unlocks')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** When the user was last sent an unlock link, if ever. */
export async function lastUnlockSentAt(db: Db | Tx, userId: string): Promise<Date | undefined> {
  const row = await identityDb(db)
    .selectFrom('login_unlocks')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.at ?? undefined;
}
