import { systemActor } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import type { Problem } from '../../platform/errors.js';
import { translate } from '../../platform/i18n/index.js';
import { newId, newSecret, sha256Hex } from '../../platform/ids.js';
import { ok } from '../../platform/result.js';
import type { IdentityDeps } from './deps.js';
import {
  countRecentFailures,
  findUnlockByToken,
  insertUnlock,
  lastUnlockSentAt,
  recordLoginAttempt,
  useUnlock,
} from './sessions.store.js';
import { findUserByEmail } from './users.store.js';

const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_IP = 50;
const UNLOCK_TTL_MS = 3600_000;

/** What a sign-in attempt may do after the throttle looked at it. */
export type ThrottleVerdict =
  | { readonly ok: true; readonly unlock: { readonly id: string } | undefined }
  | { readonly ok: false; readonly problem: Problem };

/**
 * Limits password and second-factor guessing, per account and per address.
 *
 * Why not a plain lockout: five failures that lock an account for everyone are a weapon, since anyone who
 * knows a colleague's e-mail can lock them out on election day. Here the failures hold the account back from
 * password sign-in, and its owner is e-mailed an unlock link (at most one per 15 minutes) that lets them sign
 * in at once with their password and second factor; the attacker, without the mailbox, stays held back. A
 * password that is right while the second factor is still to come does not clear the failures (otherwise
 * codes could be guessed forever, five at a time).
 */
export function createLoginThrottle(deps: IdentityDeps) {
  // Counting failures and sending unlock links changes nobody's session or rights.
  const { db, txKeepCallers: tx, clock, mailer } = deps;

  async function sendUnlockLink(email: string, requestId: string | undefined): Promise<void> {
    const user = await findUserByEmail(db, email);
    if (!user) return;
    const last = await lastUnlockSentAt(db, user.id);
    if (last && clock.now().getTime() - last.getTime() < WINDOW_MS) return;
    const token = newSecret();
    const link = `${deps.publicUrl}/unlock/${token}`;
    await tx.run({ userId: user.id, label: user.email, requestId }, async (t, record) => {
      await insertUnlock(t, {
        id: newId(),
        userId: user.id,
        tokenHash: sha256Hex(token),
        now: clock.now(),
        expiresAt: new Date(clock.now().getTime() + UNLOCK_TTL_MS),
      });
      await mailer.queue(t, {
        to: user.email,
        subject: translate(user.locale, 'mail.unlock.subject'),
        text: translate(user.locale, 'mail.unlock.body', { link, minutes: WINDOW_MS / 60_000 }),
        secrets: [token],
      });
      await record({ action: 'auth.unlock_link_sent', orgId: null, targetType: 'user', targetId: user.id });
      return ok(undefined);
    });
    await mailer.deliverPending();
  }

  return {
    /**
     * Decides whether a sign-in step for `email` from `ip` may go ahead. A live unlock link of that account
     * (`unlockToken`) lets it through whatever the counts say.
     */
    async check(q: {
      email: string;
      ip: string | null;
      unlockToken?: string | undefined;
      requestId?: string | undefined;
    }): Promise<ThrottleVerdict> {
      if (q.unlockToken) {
        const unlock = await findUnlockByToken(db, sha256Hex(q.unlockToken), clock.now());
        const user = unlock && (await findUserByEmail(db, q.email));
        if (unlock && user?.id === unlock.userId) return { ok: true, unlock: { id: unlock.id } };
      }
      const since = new Date(clock.now().getTime() - WINDOW_MS);
      const failures = await countRecentFailures(db, { email: q.email, ip: q.ip, since });
      const minutes = WINDOW_MS / 60_000;
      if (failures.byEmail >= MAX_FAILURES_PER_ACCOUNT) {
        // In the background, so the answer takes as long whether or not the account exists.
        sendUnlockLink(q.email, q.requestId).catch(() => undefined);
        return { ok: false, problem: { type: 'rate_limited', id: 'login_locked', params: { minutes } } };
      }
      if (failures.byIp >= MAX_FAILURES_PER_IP)
        return { ok: false, problem: { type: 'rate_limited', id: 'too_many_attempts', params: { minutes } } };
      return { ok: true, unlock: undefined };
    },

    /** Counts a failed step against the account and the address, with its audit event. */
    async recordFailure(q: {
      email: string;
      ip: string | null;
      requestId?: string | undefined;
      reason: string;
    }): Promise<void> {
      await tx.run(
        { ...systemActor('system'), label: q.email, requestId: q.requestId },
        async (t, record) => {
          await recordLoginAttempt(t, { email: q.email, ip: q.ip, succeeded: false, at: clock.now() });
          await record({
            action: 'auth.login_failed',
            orgId: null,
            targetType: 'user',
            targetId: q.email,
            summary: { reason: q.reason },
          });
          return ok(undefined);
        },
      );
    },

    /** Uses up an unlock link in the sign-in's transaction and clears the account's failures. */
    async useUnlock(t: Tx, q: { unlockId: string; email: string; ip: string | null }): Promise<void> {
      if (await useUnlock(t, q.unlockId, clock.now()))
        await recordLoginAttempt(t, { email: q.email, ip: q.ip, succeeded: true, at: clock.now() });
    },
  };
}

/** The throttle's type. */
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
