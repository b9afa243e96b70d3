import { z } from 'zod';
import { ProblemError, unwrap } from '../../platform/errors.js';
import { NoContent, type App } from '../../platform/http.js';
import { actorOf, PUBLIC_ROUTE, requireUser, setSessionCookie } from './http-auth.js';
import type { PasskeysService } from './passkeys.service.js';
import { LoginOutcome } from './auth.api.js';

/**
 * WebAuthn options as @simplewebauthn makes them (PublicKeyCredentialCreationOptionsJSON or
 * RequestOptionsJSON): passed to the browser whole, so every field the library sets goes through.
 */
const WebAuthnOptions = z.looseObject({ challenge: z.string() });

const B64 = z
  .string()
  .regex(/^[\w-]*={0,2}$/, 'base64url')
  .max(20_000);

// The JSON forms of WebAuthn responses (W3C WebAuthn Level 3, §5.1): parsed here, verified by the library.
const RegistrationResponse = z.object({
  id: B64,
  rawId: B64,
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: B64,
    attestationObject: B64,
    transports: z.array(z.string().max(20)).max(10).optional(),
  }),
  clientExtensionResults: z.looseObject({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});
const AuthenticationResponse = z.object({
  id: B64,
  rawId: B64,
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: B64,
    authenticatorData: B64,
    signature: B64,
    userHandle: B64.optional(),
  }),
  clientExtensionResults: z.looseObject({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});

/** Routes to register passkeys and to use one as the second step of signing in. */
export function passkeyRoutes(app: App, deps: { passkeys: PasskeysService; secure: boolean }): void {
  const { passkeys, secure } = deps;
  const tags = ['auth'];

  function sessionOf(request: Parameters<typeof requireUser>[0]) {
    const principal = requireUser(request);
    if (principal.via.kind !== 'session') throw new ProblemError({ type: 'forbidden', id: 'role_forbidden' });
    return { principal, sessionId: principal.via.sessionId };
  }

  app.get(
    '/api/v1/me/passkeys',
    {
      schema: {
        tags,
        summary: 'Your passkeys',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              createdAt: z.date(),
              lastUsedAt: z.date().nullable(),
            }),
          ),
        },
      },
    },
    async (request) => passkeys.list(requireUser(request).userId),
  );

  app.post(
    '/api/v1/me/passkeys/options',
    {
      schema: {
        tags,
        summary: 'Start registering a passkey (WebAuthn creation options)',
        response: { 200: WebAuthnOptions },
      },
    },
    async (request) => {
      const { principal, sessionId } = sessionOf(request);
      return { ...(await passkeys.registrationOptions({ principal, sessionId })) };
    },
  );

  app.post(
    '/api/v1/me/passkeys',
    {
      schema: {
        tags,
        summary: 'Finish registering a passkey',
        body: z.strictObject({ name: z.string().trim().min(1).max(100), response: RegistrationResponse }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const { principal, sessionId } = sessionOf(request);
      const created = unwrap(
        await passkeys.register({
          principal,
          sessionId,
          response: request.body.response,
          name: request.body.name,
          actor: actorOf(request, principal),
        }),
      );
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/v1/me/passkeys/:passkeyId',
    {
      schema: {
        tags,
        summary: 'Remove a passkey',
        params: z.strictObject({ passkeyId: B64.min(1) }),
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      unwrap(
        await passkeys.remove({
          userId: principal.userId,
          passkeyId: request.params.passkeyId,
          actor: actorOf(request, principal),
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/mfa/passkey/options',
    {
      ...PUBLIC_ROUTE,
      schema: {
        tags,
        summary: 'Passkey challenge for a pending sign-in',
        response: { 200: WebAuthnOptions },
      },
    },
    async (request) => {
      const state = request.auth;
      if (state?.kind !== 'mfa_pending')
        throw new ProblemError({ type: 'unauthenticated', id: 'unauthenticated' });
      return {
        ...unwrap(await passkeys.authenticationOptions({ session: state.session, user: state.user })),
      };
    },
  );

  app.post(
    '/api/v1/auth/mfa/passkey',
    {
      ...PUBLIC_ROUTE,
      schema: {
        tags,
        summary: 'Complete sign-in with a passkey',
        body: z.strictObject({ response: AuthenticationResponse }),
        response: { 200: LoginOutcome },
      },
    },
    async (request, reply) => {
      const state = request.auth;
      if (state?.kind !== 'mfa_pending')
        throw new ProblemError({ type: 'unauthenticated', id: 'unauthenticated' });
      const outcome = unwrap(
        await passkeys.authenticate({
          session: state.session,
          user: state.user,
          response: request.body.response,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: request.id,
        }),
      );
      setSessionCookie(reply, outcome.sessionToken, secure);
      return { mfaRequired: false, methods: [], csrfToken: outcome.csrfToken };
    },
  );
}
