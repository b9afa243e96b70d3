import { generateSecret, generateURI, verify as verifyTotpCode } from 'otplib';
import QRCode from 'qrcode';
import type { Actor } from '../../platform/actor.js';
import { fail, type Problem } from '../../platform/errors.js';
import { ok, type Result } from '../../platform/result.js';
import type { SecretBox } from '../../platform/secrets.js';
import type { IdentityDeps } from './deps.js';
import type { Principal, UserId } from './model.js';
import { checkPassword } from './passwords.js';
import { deliverAfter, queueSecurityNotice } from './security-notice.js';
import { findUser, updateUser } from './users.store.js';

/** The authenticator seed of a user, opened from its sealed form; null when none is set up. */
export function totpSeedOf(
  secrets: SecretBox,
  user: { id: string; totpSecret: string | null },
): string | null {
  return user.totpSecret === null ? null : secrets.openText(user.totpSecret, totpContext(user.id));
}

/** Setting up and removing an authenticator app (the sign-in step itself is in the auth service). */
export function createTotpEnrolment(deps: IdentityDeps) {
  const { db, tx, clock, secrets } = deps;
  const delivered = deliverAfter(deps.mailer);
  const seedOf = (user: { id: string; totpSecret: string | null }) => totpSeedOf(secrets, user);
  return {
    /** Starts TOTP enrolment: stores a fresh secret (not yet active) and returns the otpauth URI for a QR code. */
    async startTotp(q: {
      user: Principal;
      actor: Actor;
    }): Promise<Result<{ secret: string; uri: string; qrDataUrl: string }, Problem>> {
      const current = await findUser(db, q.user.userId);
      if (current?.totpEnabled) return fail('conflict', 'mfa_already_enabled');
      const secret = generateSecret();
      const uri = generateURI({ issuer: 'Atalaya', label: q.user.email, secret });
      const qrDataUrl = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
      return tx.run(q.actor, async (t, record) => {
        await updateUser(t, q.user.userId, {
          totpSecret: secrets.seal(secret, totpContext(q.user.userId)),
          totpEnabledAt: null,
          totpLastStep: null,
        });
        await record({
          action: 'auth.totp_enrolment_started',
          orgId: null,
          targetType: 'user',
          targetId: q.user.userId,
        });
        return ok({ secret, uri, qrDataUrl });
      });
    },

    /** Confirms TOTP enrolment with a first code from the authenticator. */
    async confirmTotp(q: { userId: UserId; code: string; actor: Actor }): Promise<Result<void, Problem>> {
      const user = await findUser(db, q.userId);
      const seed = user && seedOf(user);
      if (!user || !seed) return fail('invalid', 'mfa_not_enrolled');
      if (user.totpEnabled) return fail('conflict', 'mfa_already_enabled');
      const step = await checkTotp(seed, q.code, null, clock.now());
      if (step === undefined) return fail('invalid', 'mfa_code_invalid');
      return tx
        .run(q.actor, async (t, record) => {
          await updateUser(t, q.userId, { totpEnabledAt: clock.now(), totpLastStep: step });
          await queueSecurityNotice(deps, t, { ...user, change: 'totp_enabled' });
          await record({ action: 'auth.totp_enabled', orgId: null, targetType: 'user', targetId: q.userId });
          return ok(undefined);
        })
        .then(delivered);
    },

    /** Removes the authenticator app after checking the password. */
    async disableTotp(q: { userId: UserId; password: string; actor: Actor }): Promise<Result<void, Problem>> {
      const user = await findUser(db, q.userId);
      if (!user?.totpEnabled) return fail('invalid', 'mfa_not_enrolled');
      if (!(await checkPassword(user.passwordHash, q.password))) return fail('invalid', 'wrong_password');
      return tx
        .run(q.actor, async (t, record) => {
          await updateUser(t, q.userId, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
          await queueSecurityNotice(deps, t, { ...user, change: 'totp_disabled' });
          await record({ action: 'auth.totp_disabled', orgId: null, targetType: 'user', targetId: q.userId });
          return ok(undefined);
        })
        .then(delivered);
    },
  };
}

/** The context a TOTP seed is sealed under: it opens only as this user's seed. */
export const totpContext = (userId: string) => `users.totp_secret:${userId}`;

/** Checks a 6-digit TOTP code (one step of clock drift either way; a step already used is refused). */
export async function checkTotp(
  secret: string,
  code: string,
  lastStep: number | null,
  now: Date,
): Promise<number | undefined> {
  const result = await verifyTotpCode({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(lastStep !== null && { afterTimeStep: lastStep }),
  }).catch(() => ({ valid: false as const }));
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}
