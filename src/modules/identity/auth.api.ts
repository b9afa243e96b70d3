import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import { NoContent, type App } from '../../platform/http.js';
import { requestLocale } from '../../platform/http.js';
import { ProblemError } from '../../platform/errors.js';
import type { AuthService, LoginOutcome as LoginResult } from './auth.service.js';
import { actorOf, PUBLIC_ROUTE, requireUser, setSessionCookie } from './http-auth.js';
import type { MembersService } from './members.service.js';
import { membershipAllows } from './access.js';
import {
  ACCESS_AREAS,
  AccessArea,
  Email,
  GRANTABLE_MODULES,
  GrantableModule,
  Locale,
  OrgType,
  Password,
  PersonName,
  Role,
} from './model.js';

/** What a sign-in step answers: whether a second factor is still needed, and the session's CSRF token. */
export const LoginOutcome = z.object({
  mfaRequired: z.boolean(),
  methods: z.array(z.enum(['totp', 'passkey'])),
  csrfToken: z.string(),
});

const Me = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  locale: Locale,
  isOperator: z.boolean(),
  hasMfa: z.boolean(),
  mfa: z.object({ totp: z.boolean(), passkeys: z.number().int() }),
  csrfToken: z.string().nullable(),
  memberships: z.array(
    z.object({
      orgId: z.string(),
      orgName: z.string(),
      orgType: OrgType,
      country: z.string(),
      role: Role,
      mfaRequired: z.boolean(),
      /** The organisation's time zone (IANA), which its screens give times in. */
      timeZone: z.string(),
      /**
       * The areas this member may open (the organisation type's modules, and members and audit by role), so
       * screens offer only what the server allows and say plainly when a page is not theirs.
       */
      reads: z.array(AccessArea),
      /** The feature modules this role may change, so screens offer only what the server allows. */
      writes: z.array(GrantableModule),
    }),
  ),
});

/** The body of a sign-in answer: the session token travels only in the cookie. */
function present(outcome: LoginResult): z.infer<typeof LoginOutcome> {
  return { mfaRequired: outcome.mfaRequired, methods: [...outcome.methods], csrfToken: outcome.csrfToken };
}

const Code = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'must be 6 digits');

/** Routes for signing in and out, the second factor, the caller's own account, invitations and resets. */
export function authRoutes(
  app: App,
  deps: { auth: AuthService; members: MembersService; secure: boolean },
): void {
  const { auth, members, secure } = deps;
  const tags = ['auth'];

  app.post(
    '/api/v1/auth/login',
    {
      ...PUBLIC_ROUTE,
      schema: {
        tags,
        summary: 'Sign in with e-mail and password',
        description:
          "Sets an HttpOnly session cookie. When the account has a second factor, the session is good only for completing it (`mfaRequired: true`). After five failures in 15 minutes the account is held back (429 `login_locked`) and its owner is e-mailed an unlock link; `unlock` carries that link's secret and lets the owner sign in at once. JSON only: form posts are refused.",
        body: z.strictObject({
          email: Email,
          password: z.string().min(1).max(256),
          unlock: z.string().min(20).max(200).optional(),
        }),
        response: { 200: LoginOutcome },
      },
    },
    async (request, reply) => {
      const outcome = unwrap(
        await auth.login({
          ...request.body,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: request.id,
        }),
      );
      setSessionCookie(reply, outcome.sessionToken, secure);
      return present(outcome);
    },
  );

  app.post(
    '/api/v1/auth/mfa/totp',
    {
      ...PUBLIC_ROUTE,
      schema: {
        tags,
        summary: 'Complete sign-in with an authenticator code',
        body: z.strictObject({ code: Code }),
        response: { 200: LoginOutcome },
      },
    },
    async (request, reply) => {
      const state = request.auth ?? { kind: 'none' as const };
      if (state.kind !== 'mfa_pending')
        throw new ProblemError({ type: 'unauthenticated', id: 'unauthenticated' });
      const outcome = unwrap(
        await auth.completeTotp({
          session: state.session,
          user: state.user,
          code: request.body.code,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: request.id,
        }),
      );
      setSessionCookie(reply, outcome.sessionToken, secure);
      return present(outcome);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { ...PUBLIC_ROUTE, schema: { tags, summary: 'Sign out of this session', response: { 204: NoContent } } },
    async (request, reply) => {
      const state = request.auth ?? { kind: 'none' as const };
      if (state.kind === 'signed_in' && state.principal.via.kind === 'session') {
        unwrap(
          await auth.logout({
            sessionId: state.principal.via.sessionId,
            actor: actorOf(request, state.principal),
          }),
        );
      } else if (state.kind === 'mfa_pending') {
        unwrap(
          await auth.logout({
            sessionId: state.session.id,
            actor: { userId: state.user.id, label: state.user.email, requestId: request.id },
          }),
        );
      }
      setSessionCookie(reply, undefined, secure);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    { schema: { tags, summary: 'The signed-in user and their memberships', response: { 200: Me } } },
    (request) => {
      const principal = requireUser(request);
      return Promise.resolve({
        id: principal.userId,
        email: principal.email,
        name: principal.name,
        locale: principal.locale,
        isOperator: principal.isOperator,
        hasMfa: principal.hasMfa,
        mfa: principal.mfa,
        csrfToken: principal.via.kind === 'session' ? principal.via.csrfToken : null,
        memberships: principal.memberships.map((m) => ({
          ...m,
          reads: ACCESS_AREAS.filter((area) => membershipAllows(m, area, 'read')),
          writes: GRANTABLE_MODULES.filter((module) => membershipAllows(m, module, 'write')),
        })),
      });
    },
  );

  app.patch(
    '/api/v1/me',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Update your profile',
        description: 'Gender is optional and self-described; it is used only for disaggregated statistics.',
        body: z.strictObject({
          name: PersonName.optional(),
          locale: Locale.optional(),
          gender: z.string().trim().max(100).nullable().optional(),
        }),
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      unwrap(
        await auth.updateProfile({
          userId: principal.userId,
          actor: actorOf(request, principal),
          ...request.body,
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/password',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Change your password (ends your other sessions)',
        body: z.strictObject({ current: z.string().min(1).max(256), next: Password }),
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      const keep = principal.via.kind === 'session' ? principal.via.sessionId : undefined;
      unwrap(
        await auth.changePassword({
          userId: principal.userId,
          current: request.body.current,
          next: request.body.next,
          actor: actorOf(request, principal),
          ...(keep && { keepSessionId: keep }),
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/sessions',
    {
      schema: {
        tags,
        summary: 'Your active sessions',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              current: z.boolean(),
              createdAt: z.date(),
              lastSeenAt: z.date(),
              ip: z.string().nullable(),
              userAgent: z.string().nullable(),
            }),
          ),
        },
      },
    },
    async (request) => {
      const principal = requireUser(request);
      const current = principal.via.kind === 'session' ? principal.via.sessionId : '';
      const sessions = await auth.listSessions(principal.userId);
      return sessions.map((s) => ({
        id: s.id,
        current: s.id === current,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        ip: s.ip,
        userAgent: s.userAgent,
      }));
    },
  );

  app.delete(
    '/api/v1/me/sessions/:sessionId',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Revoke one of your sessions',
        params: z.strictObject({ sessionId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      unwrap(
        await auth.revokeSession({
          userId: principal.userId,
          sessionId: request.params.sessionId,
          actor: actorOf(request, principal),
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/totp',
    {
      schema: {
        tags,
        summary: 'Start setting up an authenticator app',
        response: { 200: z.object({ secret: z.string(), uri: z.string(), qrDataUrl: z.string() }) },
      },
    },
    async (request) => {
      const principal = requireUser(request);
      return unwrap(await auth.startTotp({ user: principal, actor: actorOf(request, principal) }));
    },
  );

  app.post(
    '/api/v1/me/totp/confirm',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Confirm the authenticator app with its first code',
        body: z.strictObject({ code: Code }),
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      unwrap(
        await auth.confirmTotp({
          userId: principal.userId,
          code: request.body.code,
          actor: actorOf(request, principal),
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/me/totp',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Remove the authenticator app',
        body: z.strictObject({ password: z.string().min(1).max(256) }),
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      unwrap(
        await auth.disableTotp({
          userId: principal.userId,
          password: request.body.password,
          actor: actorOf(request, principal),
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      ...PUBLIC_ROUTE,
      schema: {
        tags,
        summary: 'Ask for a password-reset link',
        description:
          'Answers 202 at once, whether or not the address has an account; the link follows by e-mail. At most 3 links an hour to one account, and 10 requests per 15 minutes from one address (429).',
        body: z.strictObject({ email: Email }),
        response: {
          202: z.null().describe('Accepted: a link follows by e-mail when the address has an account'),
        },
      },
    },
    async (request, reply) => {
      const taken = unwrap(
        members.requestPasswordReset({ email: request.body.email, ip: request.ip, requestId: request.id }),
      );
      taken.sending.catch((error: unknown) =>
        request.log.warn({ err: error }, 'could not send a reset link'),
      );
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password-reset/complete',
    {
      ...PUBLIC_ROUTE,
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Set a new password from a reset link',
        body: z.strictObject({ token: z.string().min(10).max(200), password: Password }),
      },
    },
    async (request, reply) => {
      unwrap(await members.completePasswordReset({ ...request.body, requestId: request.id }));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/invitations/lookup',
    {
      ...PUBLIC_ROUTE,
      schema: {
        tags,
        summary: 'Describe an invitation from its link token',
        body: z.strictObject({ token: z.string().min(10).max(200) }),
        response: {
          200: z.object({ orgName: z.string(), email: z.string(), role: Role, hasAccount: z.boolean() }),
        },
      },
    },
    async (request) => unwrap(await members.describeInvitation(request.body.token)),
  );

  app.post(
    '/api/v1/invitations/accept',
    {
      ...PUBLIC_ROUTE,
      schema: {
        tags,
        summary: 'Accept an invitation and sign in',
        description:
          'A new person gives a name and a password; a person with an account gives its current password.',
        body: z.strictObject({
          token: z.string().min(10).max(200),
          name: PersonName.optional(),
          password: Password.or(z.string().min(1).max(256)),
        }),
        response: { 200: LoginOutcome },
      },
    },
    async (request, reply) => {
      const accepted = unwrap(
        await members.acceptInvitation({
          ...request.body,
          locale: requestLocale(request),
          ip: request.ip,
          requestId: request.id,
        }),
      );
      const outcome = unwrap(
        await auth.login({
          email: accepted.email,
          password: request.body.password,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: request.id,
        }),
      );
      setSessionCookie(reply, outcome.sessionToken, secure);
      return present(outcome);
    },
  );
}
