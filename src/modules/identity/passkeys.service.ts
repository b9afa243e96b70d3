import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Actor } from '../../platform/actor.js';
import { fail, type Problem } from '../../platform/errors.js';
import { ok, type Result } from '../../platform/result.js';
import type { AuthService, LoginOutcome } from './auth.service.js';
import type { IdentityDeps } from './deps.js';
import { deliverAfter, queueSecurityNotice } from './security-notice.js';
import { findUser } from './users.store.js';
import type { Principal } from './model.js';
import {
  deletePasskey,
  insertPasskey,
  listPasskeys,
  markPasskeyUsed,
  type Passkey,
} from './passkeys.store.js';
import { findSession, updateSession, type SessionRecord } from './sessions.store.js';
import type { UserRecord } from './users.store.js';

const TRANSPORTS: readonly AuthenticatorTransport[] = ['ble', 'hybrid', 'internal', 'nfc', 'usb'];

/** The transports a stored credential names that WebAuthn knows. */
function transportsOf(passkey: Passkey): AuthenticatorTransport[] {
  return TRANSPORTS.filter((t) => passkey.transports.includes(t));
}

/** Builds the passkey (WebAuthn) services: registering one, and using one as the second factor. */
export function createPasskeysService(deps: IdentityDeps, auth: AuthService) {
  const { db, tx, clock } = deps;
  const origin = new URL(deps.publicUrl).origin;
  const delivered = deliverAfter(deps.mailer);

  return {
    list(userId: string): Promise<Passkey[]> {
      return listPasskeys(db, userId);
    },

    /** Options for the browser to create a passkey; the challenge is kept on the caller's session. */
    async registrationOptions(q: {
      principal: Principal;
      sessionId: string;
    }): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const existing = await listPasskeys(db, q.principal.userId);
      const options = await generateRegistrationOptions({
        rpName: 'Atalaya',
        rpID: deps.rpId,
        userName: q.principal.email,
        userDisplayName: q.principal.name,
        userID: new TextEncoder().encode(q.principal.userId),
        attestationType: 'none',
        excludeCredentials: existing.map((p) => ({ id: p.id, transports: transportsOf(p) })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      });
      await updateSession(db, q.sessionId, { webauthnChallenge: options.challenge });
      return options;
    },

    /** Verifies the browser's new credential against the session's challenge and stores it. */
    async register(q: {
      principal: Principal;
      sessionId: string;
      response: RegistrationResponseJSON;
      name: string;
      actor: Actor;
    }): Promise<Result<{ id: string }, Problem>> {
      const challenge = (await findSession(db, q.sessionId))?.webauthnChallenge;
      if (!challenge) return fail('invalid', 'passkey_failed');
      const verified = await verifyRegistrationResponse({
        response: q.response,
        expectedChallenge: challenge,
        expectedOrigin: origin,
        expectedRPID: deps.rpId,
        requireUserVerification: false,
      }).catch(() => undefined);
      if (!verified?.verified) return fail('invalid', 'passkey_failed');
      const { credential } = verified.registrationInfo;
      return tx
        .run(q.actor, async (t, record) => {
          await updateSession(t, q.sessionId, { webauthnChallenge: null });
          await insertPasskey(t, {
            id: credential.id,
            userId: q.principal.userId,
            name: q.name,
            publicKey: credential.publicKey,
            counter: credential.counter,
            transports: credential.transports ?? [],
          });
          await record({
            action: 'auth.passkey_added',
            orgId: null,
            targetType: 'user',
            targetId: q.principal.userId,
            summary: { name: q.name },
          });
          await queueSecurityNotice(deps, t, { ...q.principal, change: 'passkey_added' });
          return ok({ id: credential.id });
        })
        .then(delivered);
    },

    async remove(q: { userId: string; passkeyId: string; actor: Actor }): Promise<Result<void, Problem>> {
      return tx
        .run(q.actor, async (t, record) => {
          if (!(await deletePasskey(t, { id: q.passkeyId, userId: q.userId })))
            return fail('not_found', 'not_found');
          await record({
            action: 'auth.passkey_removed',
            orgId: null,
            targetType: 'user',
            targetId: q.userId,
          });
          const user = await findUser(t, q.userId);
          if (user) await queueSecurityNotice(deps, t, { ...user, change: 'passkey_removed' });
          return ok(undefined);
        })
        .then(delivered);
    },

    /** Options for the second step of a pending sign-in; the challenge is kept on the pending session. */
    async authenticationOptions(q: {
      session: SessionRecord;
      user: UserRecord;
    }): Promise<Result<PublicKeyCredentialRequestOptionsJSON, Problem>> {
      const passkeys = await listPasskeys(db, q.user.id);
      if (passkeys.length === 0) return fail('invalid', 'mfa_not_enrolled');
      const options = await generateAuthenticationOptions({
        rpID: deps.rpId,
        allowCredentials: passkeys.map((p) => ({ id: p.id, transports: transportsOf(p) })),
        userVerification: 'preferred',
      });
      await updateSession(db, q.session.id, { webauthnChallenge: options.challenge });
      return ok(options);
    },

    /** Finishes a pending sign-in with a passkey assertion. */
    async authenticate(q: {
      session: SessionRecord;
      user: UserRecord;
      response: AuthenticationResponseJSON;
      ip: string | null;
      userAgent: string | null;
      requestId?: string;
    }): Promise<Result<LoginOutcome, Problem>> {
      const passkey = (await listPasskeys(db, q.user.id)).find((p) => p.id === q.response.id);
      // The challenge was stored after this request's session was read: read it again.
      const challenge = (await findSession(db, q.session.id))?.webauthnChallenge;
      if (!passkey || !challenge) return fail('unauthenticated', 'passkey_failed');
      const verified = await verifyAuthenticationResponse({
        response: q.response,
        expectedChallenge: challenge,
        expectedOrigin: origin,
        expectedRPID: deps.rpId,
        credential: {
          id: passkey.id,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: passkey.counter,
          transports: transportsOf(passkey),
        },
        requireUserVerification: false,
      }).catch(() => undefined);
      if (!verified?.verified) return fail('unauthenticated', 'passkey_failed');
      const counter = verified.authenticationInfo.newCounter;
      const marked = await tx.run(
        { userId: q.user.id, label: q.user.email, requestId: q.requestId },
        async (t) => {
          await markPasskeyUsed(t, { id: passkey.id, counter, now: clock.now() });
          return ok(undefined);
        },
      );
      if (!marked.ok) return marked;
      return auth.finishSecondFactor({
        session: q.session,
        user: q.user,
        ip: q.ip,
        userAgent: q.userAgent,
        method: 'passkey',
        ...(q.requestId && { requestId: q.requestId }),
      });
    },
  };
}

/** The passkeys service's type. */
export type PasskeysService = ReturnType<typeof createPasskeysService>;
