import { systemActor, type Actor } from '../../platform/actor.js';
import { fail, type Problem } from '../../platform/errors.js';
import { newId, newSecret, sha256Hex } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { IdentityDeps } from './deps.js';
import type { PrincipalCache } from './principal-cache.js';
import type { LoginThrottle } from './throttle.js';
import { checkTotp, createTotpEnrolment, totpSeedOf } from './totp.js';
import { deliverAfter, queueSecurityNotice } from './security-notice.js';
import type { Locale, Principal, UserId } from './model.js';
import { checkPassword, hashPassword } from './passwords.js';
import {
  findSession,
  findSessionByTokenHash,
  insertSession,
  listLiveSessions,
  pruneAuthHistory,
  recordLoginAttempt,
  revokeUserSessions,
  updateSession,
  type SessionRecord,
} from './sessions.store.js';
import { closeUserResets } from './invites.store.js';
import { findTokenByHash, revokeUserTokens, touchToken } from './tokens.store.js';
import {
  findUser,
  findUserByEmail,
  listMembershipsOfUser,
  updateUser,
  type UserRecord,
} from './users.store.js';

/** Sessions end 12 hours after last use and 7 days after sign-in, whichever is first. */
export const SESSION_IDLE_MS = 12 * 3600_000;
const SESSION_MAX_MS = 7 * 24 * 3600_000;

/** The outcome of a password sign-in. */
export interface LoginOutcome {
  readonly sessionToken: string;
  readonly csrfToken: string;
  /** When true the session is good only for the second factor. */
  readonly mfaRequired: boolean;
  readonly methods: readonly ('totp' | 'passkey')[];
}

/** A request's view of a session cookie. */
export type SessionState =
  | { readonly kind: 'signed_in'; readonly principal: Principal }
  | { readonly kind: 'mfa_pending'; readonly session: SessionRecord; readonly user: UserRecord }
  | { readonly kind: 'none' };

function userActor(user: { id: string; email: string }, requestId?: string): Actor {
  return { userId: user.id, label: user.email, requestId };
}

function mfaMethods(user: UserRecord): ('totp' | 'passkey')[] {
  return [
    ...(user.totpEnabled ? (['totp'] as const) : []),
    ...(user.passkeys > 0 ? (['passkey'] as const) : []),
  ];
}

/** The caches of resolved callers that identity clears on every committed change. */
export interface CallerCaches {
  readonly sessions: PrincipalCache<SessionState>;
  readonly tokens: PrincipalCache<Principal | null>;
}

/** Builds the identity services that deal with signing in, second factors and sessions. */
export function createAuthService(deps: IdentityDeps, caches: CallerCaches, throttle: LoginThrottle) {
  const { db, tx, clock, secrets } = deps;
  const delivered = deliverAfter(deps.mailer);
  const seedOf = (user: { id: string; totpSecret: string | null }) => totpSeedOf(secrets, user);
  const totpEnrolment = createTotpEnrolment(deps);

  async function principalFor(user: UserRecord, via: Principal['via']): Promise<Principal> {
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale,
      isOperator: user.isOperator,
      hasMfa: user.totpEnabled || user.passkeys > 0,
      mfa: { totp: user.totpEnabled, passkeys: user.passkeys },
      memberships: await listMembershipsOfUser(db, user.id),
      via,
    };
  }

  async function openSession(
    t: Parameters<Parameters<typeof tx.run>[1]>[0],
    q: { userId: string; mfaPassed: boolean; ip: string | null; userAgent: string | null },
  ): Promise<{ sessionToken: string; csrfToken: string; id: string }> {
    const sessionToken = newSecret();
    const csrfToken = newSecret();
    const id = newId();
    await insertSession(t, {
      id,
      tokenHash: sha256Hex(sessionToken),
      userId: q.userId,
      csrfToken,
      mfaPassed: q.mfaPassed,
      now: clock.now(),
      expiresAt: new Date(clock.now().getTime() + SESSION_MAX_MS),
      ip: q.ip,
      userAgent: q.userAgent,
    });
    return { sessionToken, csrfToken, id };
  }

  return {
    /**
     * Checks e-mail and password, with throttling, and opens a session (pending MFA if enrolled). `unlock` is
     * the secret of an unlock link the account's owner was e-mailed after repeated failures.
     */
    async login(q: {
      email: string;
      password: string;
      unlock?: string | undefined;
      ip: string | null;
      userAgent: string | null;
      requestId?: string;
    }): Promise<Result<LoginOutcome, Problem>> {
      const verdict = await throttle.check({ ...q, unlockToken: q.unlock });
      if (!verdict.ok) return { ok: false, error: verdict.problem };
      const user = await findUserByEmail(db, q.email);
      const valid = await checkPassword(user?.passwordHash ?? null, q.password);
      if (!user || !valid) {
        await throttle.recordFailure({
          email: q.email,
          ip: q.ip,
          requestId: q.requestId,
          reason: user ? 'wrong_password' : 'unknown_email',
        });
        return fail('unauthenticated', 'invalid_credentials');
      }
      const methods = mfaMethods(user);
      return deps.txKeepCallers.run(userActor(user, q.requestId), async (t, record) => {
        // Only a complete sign-in counts as a success: a right password with the second factor still to come
        // must not clear the failures counted against this account (or codes could be guessed forever).
        if (methods.length === 0)
          await recordLoginAttempt(t, { email: q.email, ip: q.ip, succeeded: true, at: clock.now() });
        if (verdict.unlock)
          await throttle.useUnlock(t, { unlockId: verdict.unlock.id, email: q.email, ip: q.ip });
        const session = await openSession(t, {
          userId: user.id,
          mfaPassed: methods.length === 0,
          ip: q.ip,
          userAgent: q.userAgent,
        });
        await record({
          action: methods.length === 0 ? 'auth.login' : 'auth.password_ok',
          orgId: null,
          targetType: 'session',
          targetId: session.id,
          summary: { ip: q.ip, mfa: methods },
        });
        return ok({
          sessionToken: session.sessionToken,
          csrfToken: session.csrfToken,
          mfaRequired: methods.length > 0,
          methods,
        });
      });
    },

    /** Finishes a pending sign-in with a TOTP code; replaces the pending session with a full one. */
    async completeTotp(q: {
      session: SessionRecord;
      user: UserRecord;
      code: string;
      ip: string | null;
      userAgent: string | null;
      requestId?: string;
    }): Promise<Result<LoginOutcome, Problem>> {
      const verdict = await throttle.check({ email: q.user.email, ip: q.ip, requestId: q.requestId });
      if (!verdict.ok) return { ok: false, error: verdict.problem };
      const seed = seedOf(q.user);
      if (!seed || !q.user.totpEnabled) return fail('invalid', 'mfa_not_enrolled');
      const step = await checkTotp(seed, q.code, q.user.totpLastStep, clock.now());
      if (step === undefined) {
        await throttle.recordFailure({
          email: q.user.email,
          ip: q.ip,
          requestId: q.requestId,
          reason: 'wrong_totp',
        });
        return fail('unauthenticated', 'mfa_code_invalid');
      }
      return this.finishSecondFactor({ ...q, method: 'totp', totpStep: step });
    },

    /** Replaces a pending session with a full one after any second factor succeeded. */
    async finishSecondFactor(q: {
      session: SessionRecord;
      user: UserRecord;
      ip: string | null;
      userAgent: string | null;
      requestId?: string;
      method: 'totp' | 'passkey';
      totpStep?: number;
    }): Promise<Result<LoginOutcome, Problem>> {
      return deps.txKeepCallers.run(userActor(q.user, q.requestId), async (t, record) => {
        if (q.totpStep !== undefined) await updateUser(t, q.user.id, { totpLastStep: q.totpStep });
        await updateSession(t, q.session.id, { revokedAt: clock.now() });
        await recordLoginAttempt(t, { email: q.user.email, ip: q.ip, succeeded: true, at: clock.now() });
        const session = await openSession(t, {
          userId: q.user.id,
          mfaPassed: true,
          ip: q.ip,
          userAgent: q.userAgent,
        });
        await record({
          action: 'auth.login',
          orgId: null,
          targetType: 'session',
          targetId: session.id,
          summary: { ip: q.ip, method: q.method },
        });
        return ok({
          sessionToken: session.sessionToken,
          csrfToken: session.csrfToken,
          mfaRequired: false,
          methods: [],
        });
      });
    },

    /** Resolves a session cookie; refreshes its last-seen time at most once a minute. */
    async resolveSession(token: string): Promise<SessionState> {
      const key = sha256Hex(token);
      const cached = caches.sessions.get(key, clock.now().getTime());
      if (cached) return cached;
      const state = await this.loadSession(key);
      // Pending second-factor sessions change at the next step; only settled answers are kept.
      if (state.kind !== 'mfa_pending') caches.sessions.set(key, state, clock.now().getTime());
      return state;
    },

    /** Reads a session by its token hash (no cache). */
    async loadSession(tokenHash: string): Promise<SessionState> {
      const session = await findSessionByTokenHash(db, tokenHash);
      const now = clock.now();
      if (!session || session.revokedAt || session.expiresAt <= now) return { kind: 'none' };
      if (now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) return { kind: 'none' };
      const user = await findUser(db, session.userId);
      if (!user) return { kind: 'none' };
      if (!session.mfaPassed) return { kind: 'mfa_pending', session, user };
      if (now.getTime() - session.lastSeenAt.getTime() > 60_000)
        await updateSession(db, session.id, { lastSeenAt: now });
      return {
        kind: 'signed_in',
        principal: await principalFor(user, {
          kind: 'session',
          sessionId: session.id,
          csrfToken: session.csrfToken,
        }),
      };
    },

    /** Resolves a bearer API token; the token acts only in its own organisation, while its owner is a member. */
    async resolveToken(token: string): Promise<Principal | undefined> {
      const key = sha256Hex(token);
      const cached = caches.tokens.get(key, clock.now().getTime());
      if (cached !== undefined) return cached ?? undefined;
      const principal = await this.loadToken(key);
      caches.tokens.set(key, principal ?? null, clock.now().getTime());
      return principal;
    },

    /** Reads an API token by its hash (no cache). */
    async loadToken(tokenHash: string): Promise<Principal | undefined> {
      const record = await findTokenByHash(db, tokenHash);
      if (!record || record.revokedAt) return undefined;
      const user = await findUser(db, record.userId);
      if (!user) return undefined;
      const principal = await principalFor(user, { kind: 'token', tokenId: record.id, orgId: record.orgId });
      // Least privilege: an organisation's token holds no operator power, an operator's token no membership.
      const scoped =
        record.orgId === null
          ? user.isOperator && { ...principal, memberships: [] }
          : principal.memberships.some((m) => m.orgId === record.orgId) && {
              ...principal,
              isOperator: false,
              memberships: principal.memberships.filter((m) => m.orgId === record.orgId),
            };
      if (!scoped) return undefined;
      const now = clock.now();
      if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > 60_000)
        await touchToken(db, record.id, now);
      return scoped;
    },

    /** Ends the caller's session. */
    async logout(q: { sessionId: string; actor: Actor }): Promise<Result<void, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        await updateSession(t, q.sessionId, { revokedAt: clock.now() });
        await record({ action: 'auth.logout', orgId: null, targetType: 'session', targetId: q.sessionId });
        return ok(undefined);
      });
    },

    /** Lists the caller's live sessions. */
    listSessions(userId: UserId): Promise<SessionRecord[]> {
      return listLiveSessions(db, userId, clock.now());
    },

    /** Revokes one of the caller's own sessions. */
    async revokeSession(q: {
      userId: UserId;
      sessionId: string;
      actor: Actor;
    }): Promise<Result<void, Problem>> {
      const session = await findSession(db, q.sessionId);
      if (!session || session.userId !== q.userId || session.revokedAt)
        return fail('not_found', 'session_not_found');
      return tx.run(q.actor, async (t, record) => {
        await updateSession(t, q.sessionId, { revokedAt: clock.now() });
        await record({
          action: 'auth.session_revoked',
          orgId: null,
          targetType: 'session',
          targetId: q.sessionId,
        });
        return ok(undefined);
      });
    },

    /** Changes the caller's password after checking the current one; ends their other sessions and tokens. */
    async changePassword(q: {
      userId: UserId;
      current: string;
      next: string;
      keepSessionId?: string;
      actor: Actor;
    }): Promise<Result<void, Problem>> {
      const user = await findUser(db, q.userId);
      if (!user) return fail('unauthenticated', 'unauthenticated');
      if (!(await checkPassword(user.passwordHash, q.current))) return fail('invalid', 'wrong_password');
      if (q.next.toLowerCase() === user.email) return fail('invalid', 'password_reused');
      const passwordHash = await hashPassword(q.next);
      return tx
        .run(q.actor, async (t, record) => {
          await updateUser(t, user.id, { passwordHash });
          const ended = await revokeUserSessions(t, user.id, clock.now(), q.keepSessionId);
          const tokensRevoked = await revokeUserTokens(t, { userId: user.id, now: clock.now() });
          await closeUserResets(t, user.id, clock.now());
          await queueSecurityNotice(deps, t, { ...user, change: 'password_changed' });
          await record({
            action: 'auth.password_changed',
            orgId: null,
            targetType: 'user',
            targetId: user.id,
            summary: { sessionsEnded: ended, tokensRevoked },
          });
          return ok(undefined);
        })
        .then(delivered);
    },

    /** Updates the caller's own profile (name, language, optional self-described gender). */
    async updateProfile(q: {
      userId: UserId;
      actor: Actor;
      name?: string | undefined;
      locale?: Locale | undefined;
      gender?: string | null | undefined;
    }): Promise<Result<void, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        await updateUser(t, q.userId, {
          ...(q.name !== undefined && { name: q.name }),
          ...(q.locale !== undefined && { locale: q.locale }),
          ...(q.gender !== undefined && { gender: q.gender }),
        });
        await record({
          action: 'user.profile_updated',
          orgId: null,
          targetType: 'user',
          targetId: q.userId,
          summary: {
            fields: Object.keys({
              ...(q.name !== undefined && { name: 1 }),
              ...(q.locale !== undefined && { locale: 1 }),
              ...(q.gender !== undefined && { gender: 1 }),
            }),
          },
        });
        return ok(undefined);
      });
    },

    /**
     * Retention: removes sessions that ended, and sign-in attempts, older than 30 days (run daily as a job).
     * Throttling only looks back 15 minutes; the audit trail keeps the record of sign-ins.
     */
    async pruneHistory(): Promise<Result<{ sessions: number; attempts: number }, Problem>> {
      const before = new Date(clock.now().getTime() - 30 * 24 * 3600_000);
      return tx.run(systemActor('system'), async (t, record) => {
        const pruned = await pruneAuthHistory(t, before);
        await record({
          action: 'auth.history_pruned',
          orgId: null,
          targetType: 'deployment',
          targetId: 'auth',
          summary: pruned,
        });
        return ok(pruned);
      });
    },

    ...totpEnrolment,
  };
}

/** The auth service's type. */
export type AuthService = ReturnType<typeof createAuthService>;
