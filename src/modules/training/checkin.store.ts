import type { Db, Tx } from '../../platform/db.js';
import { tables } from './tables.js';

/** QR check-in: used tickets, e-mailed code challenges, and the sessions' sealed check-in secrets. */

/** Records a check-in ticket as used; false when it was used before. */
export async function useTicket(tx: Tx, q: { nonce: string; sessionId: string; at: Date }): Promise<boolean> {
  const rows = await tables(tx)
    .insertInto('training_checkin_used')
    .values({ nonce: q.nonce, session_id: q.sessionId, used_at: q.at })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning('nonce')
    .execute();
  return rows.length === 1;
}

/** A check-in waiting for the code e-mailed to the person. */
export interface CheckinChallenge {
  readonly id: string;
  readonly sessionId: string;
  readonly personId: string;
  readonly codeHash: string;
  readonly expiresAt: Date;
  readonly attempts: number;
  readonly usedAt: Date | null;
}

export async function insertCheckinChallenge(
  tx: Tx,
  c: Omit<CheckinChallenge, 'attempts' | 'usedAt'> & { tokenHash: string; createdAt: Date },
): Promise<void> {
  await tables(tx)
    .insertInto('training_checkin_challenges')
    .values({
      id: c.id,
      session_id: c.sessionId,
      person_id: c.personId,
      token_hash: c.tokenHash,
      code_hash: c.codeHash,
      created_at: c.createdAt,
      expires_at: c.expiresAt,
    })
    .execute();
}

/** A session's check-in challenge by its secret's hash, locked for the attempt. */
export async function findCheckinChallengeByToken(
  tx: Tx,
  q: { sessionId: string; tokenHash: string },
): Promise<CheckinChallenge | undefined> {
  const row = await tables(tx)
    .selectFrom('training_checkin_challenges')
    .select(['id', 'session_id', 'person_id', 'code_hash', 'expires_at', 'attempts', 'used_at'])
    .where('session_id', '=', q.sessionId)
    .where('token_hash', '=', q.tokenHash)
    .forUpdate()
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      sessionId: row.session_id,
      personId: row.person_id,
      codeHash: row.code_hash,
      expiresAt: row.expires_at,
      attempts: row.attempts,
      usedAt: row.used_at,
    }
  );
}

/** Counts a wrong code against a challenge, or marks it used. */
export async function updateCheckinChallenge(
  tx: Tx,
  q: { id: string; change: { kind: 'wrong' } | { kind: 'used'; at: Date } },
): Promise<void> {
  await tables(tx)
    .updateTable('training_checkin_challenges')
    .set(
      q.change.kind === 'wrong' ? (eb) => ({ attempts: eb('attempts', '+', 1) }) : { used_at: q.change.at },
    )
    .where('id', '=', q.id)
    .execute();
}

/** The context a session's check-in secret is sealed under. */
export const checkinContext = (sessionId: string) => `training_sessions.checkin_secret:${sessionId}`;

/** Sessions whose check-in secret is stored as it was before encryption at rest (`plain:` and hex). */
export async function listUnsealedCheckinSecrets(
  db: Db | Tx,
): Promise<{ id: string; orgId: string; secret: Buffer }[]> {
  const rows = await tables(db)
    .selectFrom('training_sessions')
    .select(['id', 'org_id', 'checkin_secret'])
    .where('checkin_secret', 'like', 'plain:%')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    secret: Buffer.from(r.checkin_secret.slice(6), 'hex'),
  }));
}

/** Replaces a session's stored check-in secret with its sealed form. */
export async function sealCheckinSecret(
  tx: Tx,
  q: { orgId: string; id: string; sealed: string },
): Promise<void> {
  await tables(tx)
    .updateTable('training_sessions')
    .set({ checkin_secret: q.sealed })
    .where('org_id', '=', q.orgId)
    .where('id', '=', q.id)
    .execute();
}
