import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/actor.js';
import { ProblemError, type Problem } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { safeEqual, sha256Hex } from '../../platform/ids.js';
import { authorize, authorizeNetwork, type AccessScope, type NetworkScope } from './access.js';
import type { AuthService, SessionState } from './auth.service.js';
import type { Db } from '../../platform/db.js';
import type { AccessArea, AccessLevel, NetworkRole, Principal } from './model.js';

/** The session cookie's name over plain HTTP (development, tests). */
export const SESSION_COOKIE = 'atalaya_session';

/**
 * The session cookie's name: over HTTPS the `__Host-` prefix makes browsers refuse it unless it is Secure,
 * host-only and for path `/`, so a sibling subdomain cannot plant or overwrite it.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}
/** The header that carries the CSRF token on cookie-authenticated writes. */
export const CSRF_HEADER = 'x-csrf-token';

/** How a request was authenticated, resolved once per request (`expired`: a session cookie no longer valid). */
export type RequestAuth =
  SessionState | { readonly kind: 'token'; readonly principal: Principal } | { readonly kind: 'expired' };

/** What an organisation-scoped route's gate checks: an area of the organisation and a level. */
export interface RouteAccess {
  readonly area: AccessArea;
  readonly level: AccessLevel;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | undefined;
    /** What the gate allowed before the input was parsed (organisation-scoped routes). */
    gate:
      | { readonly orgId: string; readonly checks: readonly (RouteAccess & { scope: AccessScope })[] }
      | undefined;
    /** What the network gate allowed before the input was parsed (network-scoped routes). */
    networkGate: (NetworkAccess & { readonly scope: NetworkScope }) | undefined;
  }
  interface FastifyContextConfig {
    /** Marks an API route that anonymous callers may use; every other /api/ route needs a signed-in caller. */
    public?: boolean;
    /** The gate of an organisation-scoped route, where it is not the one its path and method imply. */
    access?: readonly RouteAccess[];
    /** The gate of a network-scoped route, where it is not the one its method implies. */
    networkAccess?: NetworkAccess;
  }
}

/** What a network-scoped route's gate checks: the caller's standing in the network and a level. */
export interface NetworkAccess {
  readonly need: NetworkRole;
  readonly level: AccessLevel;
}

/** Route options for an API route open to anonymous callers. */
export const PUBLIC_ROUTE = { config: { public: true } } as const;

/** Route options declaring a network-scoped route's gate (see `networkRouteAccess` for the default). */
export function networkGatedBy(access: NetworkAccess) {
  return { config: { networkAccess: access } } as const;
}

/**
 * The gate of a network-scoped route (`/api/v1/networks/:networkId/…`): any member organisation's people may
 * read (GET) and members may write, at the level the method implies, unless the route declares its own with
 * `networkGatedBy` (coordinators only, say). A route under a module's own prefix (TAXII's API roots) is
 * network-scoped when it declares its gate with `networkGatedBy`. Like the organisation gate, it runs before the
 * input is parsed.
 */
export function networkRouteAccess(route: {
  url: string | undefined;
  method: string | string[];
  config: { networkAccess?: NetworkAccess };
}): NetworkAccess | undefined {
  if (route.config.networkAccess) return route.config.networkAccess;
  if (!(route.url ?? '').startsWith('/api/v1/networks/:networkId')) return undefined;
  const method = Array.isArray(route.method) ? (route.method[0] ?? 'GET') : route.method;
  return { need: 'member', level: method === 'GET' || method === 'HEAD' ? 'read' : 'write' };
}

/** Route options declaring an organisation-scoped route's gate (see `routeAccess` for the default). */
export function gatedBy(...access: RouteAccess[]) {
  return { config: { access } } as const;
}

const AREA_OF_SEGMENT: Readonly<Record<string, AccessArea>> = {
  assessments: 'assessments',
  roadmap: 'roadmap',
  training: 'training',
  elections: 'elections',
  network: 'network',
  webwatch: 'webwatch',
  platforms: 'platforms',
  safety: 'safety',
  audit: 'audit',
};

/**
 * The gate of an organisation-scoped route (`/api/v1/orgs/:orgId/<area>/…`): the area its path names
 * (identity for members, invitations, grants, policy, units) and `read` for GET, `write` for anything else,
 * unless the route declares its own with `gatedBy`. The gate runs before the body and query are parsed, so
 * a caller it refuses learns nothing from a 400; the handler's own `requireAccess` must ask the same.
 */
export function routeAccess(route: {
  url: string | undefined;
  method: string | string[];
  config: { access?: readonly RouteAccess[] };
}): readonly RouteAccess[] | undefined {
  const url = route.url ?? '';
  if (!url.startsWith('/api/v1/orgs/:orgId')) return undefined;
  if (route.config.access) return route.config.access;
  const segment = url.split('/')[5] ?? '';
  const method = Array.isArray(route.method) ? (route.method[0] ?? 'GET') : route.method;
  return [
    {
      area: AREA_OF_SEGMENT[segment.replace(/\..*$/, '')] ?? 'identity',
      level: method === 'GET' || method === 'HEAD' ? 'read' : 'write',
    },
  ];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Reads a bearer token, or the password of HTTP Basic (TAXII clients send the API token there). */
function credentialFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(' ', 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

/**
 * Resolves the caller of every API request and of every route a module mounted under its own prefix (session
 * cookie, bearer token, or HTTP Basic with an API token as password) before its body is even parsed, refuses
 * anonymous callers on every such route not marked public (secure by default), and enforces CSRF on
 * cookie-authenticated writes: the session's CSRF token must come back in the X-CSRF-Token header.
 */
export function registerAuthentication(
  app: App,
  auth: AuthService,
  opts: { secure: boolean; publicUrl: string; db: Db },
): void {
  const cookieName = sessionCookieName(opts.secure);
  const publicOrigin = new URL(opts.publicUrl).origin;
  app.decorateRequest('auth', undefined);
  app.decorateRequest('gate', undefined);
  app.decorateRequest('networkGate', undefined);
  // The organisation and network gates, before the body is even read: outsiders learn nothing from a 400 or
  // a 413.
  app.addHook('preParsing', async (request, _reply, payload) => {
    const route = { ...request.routeOptions, method: request.method };
    const params = request.params as Record<string, unknown>;
    const networkAccess = networkRouteAccess(route);
    if (networkAccess) {
      const networkId = typeof params['networkId'] === 'string' ? params['networkId'] : '';
      const result = await authorizeNetwork(opts.db, {
        principal: requireUser(request),
        networkId,
        ...networkAccess,
      });
      if (!result.ok) throw new ProblemError(result.error);
      request.networkGate = { ...networkAccess, scope: result.value };
      return payload;
    }
    const access = routeAccess(route);
    if (!access) return payload;
    const principal = requireUser(request);
    const orgId = typeof params['orgId'] === 'string' ? params['orgId'] : '';
    const checks = [];
    for (const check of access) {
      const result = await authorize(opts.db, { principal, orgId, ...check });
      if (!result.ok) throw new ProblemError(result.error);
      checks.push({ ...check, scope: result.value });
    }
    request.gate = { orgId, checks };
    return payload;
  });
  app.addHook('onRequest', async (request) => {
    let state: RequestAuth = { kind: 'none' };
    // The API and modules' own prefixes (mounted with `mountModule`) need the caller; static files, pages and
    // health checks skip the lookup.
    if (!request.url.startsWith('/api/') && request.routeOptions.config.caller !== true) {
      request.auth = state;
      return;
    }
    if (!SAFE_METHODS.has(request.method)) refuseCrossSite(request, publicOrigin);
    const credential = credentialFromHeader(request.headers.authorization);
    if (credential) {
      const principal = await auth.resolveToken(credential);
      if (!principal) throw new ProblemError({ type: 'unauthenticated', id: 'unauthenticated' });
      state = { kind: 'token', principal };
    } else {
      const cookie = request.cookies[cookieName];
      if (cookie) {
        const session = await auth.resolveSession(cookie);
        state = session.kind === 'none' ? { kind: 'expired' } : session;
      }
      if ((state.kind === 'signed_in' || state.kind === 'mfa_pending') && !SAFE_METHODS.has(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        const expected =
          state.kind === 'signed_in' && state.principal.via.kind === 'session'
            ? state.principal.via.csrfToken
            : state.kind === 'mfa_pending'
              ? state.session.csrfToken
              : '';
        if (typeof sent !== 'string' || !safeEqual(sent, expected))
          throw new ProblemError({ type: 'forbidden', id: 'csrf_failed' });
      }
    }
    request.auth = state;
    if (request.routeOptions.config.public !== true) requireUser(request);
    if (state.kind === 'token' && isAccountSecurityRoute(request)) {
      throw new ProblemError({ type: 'forbidden', id: 'interactive_session_required' });
    }
  });
}

/**
 * Refuses state-changing API requests that a browser sent from another site, whether signed in or not (a
 * cross-site form could otherwise sign a victim into the attacker's account: login CSRF). Browsers name the
 * sending site in `Sec-Fetch-Site` and `Origin`; clients that are not browsers send neither. The API takes
 * JSON and raw file bytes only, never HTML form bodies, which browsers can send cross-site without asking.
 */
function refuseCrossSite(request: FastifyRequest, publicOrigin: string): void {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data' || type === 'text/plain')
    throw new ProblemError({ type: 'unsupported_media', id: 'unsupported_media_type' });
  if (request.headers['sec-fetch-site'] === 'cross-site')
    throw new ProblemError({ type: 'forbidden', id: 'csrf_failed' });
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== publicOrigin && origin !== `${request.protocol}://${request.host}`)
    throw new ProblemError({ type: 'forbidden', id: 'csrf_failed' });
}

/**
 * The caller's own account (password, second factors, sessions, API tokens) is changed only from a signed-in
 * browser session: an API token made for an integration must not be able to enrol an authenticator, end its
 * owner's sessions or mint more tokens. /api/v1/me itself (who am I, name and language) and the grants list
 * are not such routes.
 */
const ACCOUNT_SECURITY = /^\/api\/v1\/me\/(password|sessions|totp|passkeys|tokens)(\/|$)/;

function isAccountSecurityRoute(request: FastifyRequest): boolean {
  return ACCOUNT_SECURITY.test(request.routeOptions.url ?? '');
}

/**
 * Resolves the request's credential again, bypassing the caches: for long-lived responses (event streams)
 * that must stop serving a caller who signed out, was deactivated or lost a membership.
 */
export function createCallerCheck(auth: AuthService, opts: { secure: boolean }) {
  const cookieName = sessionCookieName(opts.secure);
  return async function recheck(request: FastifyRequest): Promise<Principal | undefined> {
    const credential = credentialFromHeader(request.headers.authorization);
    if (credential) return auth.loadToken(sha256Hex(credential));
    const cookie = request.cookies[cookieName];
    if (!cookie) return undefined;
    const state = await auth.loadSession(sha256Hex(cookie));
    return state.kind === 'signed_in' ? state.principal : undefined;
  };
}

/** The signed-in caller, or a 401 problem. */
export function requireUser(request: FastifyRequest): Principal {
  const state = request.auth ?? { kind: 'none' };
  if (state.kind === 'signed_in' || state.kind === 'token') return state.principal;
  const problem: Problem =
    state.kind === 'mfa_pending'
      ? { type: 'unauthenticated', id: 'mfa_pending' }
      : { type: 'unauthenticated', id: state.kind === 'expired' ? 'session_expired' : 'unauthenticated' };
  throw new ProblemError(problem);
}

/** The audit actor for a signed-in caller in this request. */
export function actorOf(request: FastifyRequest, principal: Principal, scope?: AccessScope): Actor {
  return {
    userId: principal.userId,
    label: principal.email,
    requestId: request.id,
    viaGrantId: scope?.viaGrantId,
  };
}

/** Creates the per-organisation gate routes call: the caller must be signed in and allowed. */
export function createAccessGuard(db: Db) {
  return async function requireAccess(
    request: FastifyRequest,
    q: { orgId: string; area: AccessArea; level: AccessLevel },
  ): Promise<{ principal: Principal; scope: AccessScope; actor: Actor }> {
    const principal = requireUser(request);
    const passed =
      request.gate?.orgId === q.orgId
        ? request.gate.checks.find((c) => c.area === q.area && c.level === q.level)
        : undefined;
    // A handler asking what its route's gate did not check is a bug: the gate must run before parsing.
    if (request.gate && !passed)
      throw new Error(
        `${request.routeOptions.url ?? ''} asks for ${q.area} ${q.level}, which its gate did not check`,
      );
    if (passed) return { principal, scope: passed.scope, actor: actorOf(request, principal, passed.scope) };
    const result = await authorize(db, { principal, ...q });
    if (!result.ok) throw new ProblemError(result.error);
    return { principal, scope: result.value, actor: actorOf(request, principal, result.value) };
  };
}

/** The access guard's type. */
export type RequireAccess = ReturnType<typeof createAccessGuard>;

/**
 * What a network-scoped handler asks of its gate: the scope it allowed, with the audit actor. The gate ran before
 * parsing; a handler asking for more than its route's gate checked is a bug.
 */
export function requireNetworkAccess(
  request: FastifyRequest,
  q: { networkId: string } & NetworkAccess,
): { principal: Principal; scope: NetworkScope; actor: Actor } {
  const principal = requireUser(request);
  const gate = request.networkGate;
  const covers =
    gate !== undefined &&
    gate.scope.networkId === q.networkId &&
    (gate.level === q.level || q.level === 'read') &&
    (gate.need === q.need || q.need === 'member');
  if (!covers)
    throw new Error(
      `${request.routeOptions.url ?? ''} asks for network ${q.need} ${q.level}, which its gate did not check`,
    );
  return {
    principal,
    scope: gate.scope,
    actor: actorOf(request, principal),
  };
}

/** Sets or clears the session cookie. */
export function setSessionCookie(reply: FastifyReply, token: string | undefined, secure: boolean): void {
  const name = sessionCookieName(secure);
  if (token === undefined) {
    void reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    return;
  }
  void reply.setCookie(name, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: 7 * 24 * 3600,
  });
}
