import createClient from 'openapi-fetch';
import { API_DIGEST, API_DIGEST_HEADER, type paths } from './api-schema';
import i18n from './i18n';

/** A failure the server explained: `id` is stable, `message` is already in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

/** Remembers the CSRF token the server gave at sign-in or in /me. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? undefined;
}

/**
 * Whether a reply came from this version of Atalaya's API: replies carry the digest of the API document, and the
 * client knows the digest it was built against. A reply without it (a captive portal, a proxy's error page) or with
 * another (the server was updated under an open page) is refused with a message that says what to do, rather than
 * read as a reply of the expected shape.
 */
function checkOrigin(response: Response): void {
  const digest = response.headers.get(API_DIGEST_HEADER);
  if (digest === null && response.ok)
    throw new ApiError(response.status, 'not_from_server', i18n.t('errors.notFromServer'));
  if (digest !== null && digest !== API_DIGEST)
    throw new ApiError(response.status, 'client_outdated', i18n.t('errors.outdated'));
}

/**
 * The JSON API, typed by the server's OpenAPI document (`api-schema.ts`): each path's parameters, body and reply.
 * Wrap a call in `call()` to get its reply or an ApiError.
 */
export const api = createClient<paths, 'application/json'>({ credentials: 'same-origin' });
api.use({
  onRequest({ request }) {
    request.headers.set('accept-language', i18n.language);
    if (csrfToken && request.method !== 'GET') request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  onResponse({ response }) {
    checkOrigin(response);
    return response;
  },
});

/**
 * The reply of an API call, or an ApiError: the server's own error (its message is in the user's language), a
 * network failure, or a reply that could not be read.
 */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let outcome: { data?: T; error?: unknown; response: Response };
  try {
    outcome = await request;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // fetch() fails with a TypeError when the network does; a reply that is not JSON fails to parse.
    if (error instanceof SyntaxError)
      throw new ApiError(200, 'not_from_server', i18n.t('errors.notFromServer'));
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  const { response } = outcome;
  if (!response.ok) {
    const error = isErrorBody(outcome.error)
      ? outcome.error.error
      : { id: 'unexpected', message: i18n.t('errors.unexpected') };
    throw new ApiError(response.status, error.id, error.message);
  }
  return outcome.data as T;
}

/** A path's JSON reply to a method, as screens name the types they show. */
export type Reply<
  P extends keyof paths,
  M extends 'get' | 'post' | 'put' | 'patch' | 'delete' = 'get',
> = paths[P][M] extends { responses: infer R } ? JsonOf<R[200 & keyof R]> | JsonOf<R[201 & keyof R]> : never;
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** A path's JSON request body for a method. */
export type Body<P extends keyof paths, M extends 'post' | 'put' | 'patch' = 'post'> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonOf<NonNullable<B>>
  : never;

/**
 * Uploads a file's bytes as the request body, as the upload routes expect; routes that keep the file get its
 * name in `?filename=`, routes that only read it (imports) do not. The reply is typed by path and method.
 */
export function upload<P extends keyof paths, M extends 'post' | 'put' = 'post'>(
  path: P,
  q: {
    file: File;
    path: Record<string, string>;
    query?: Record<string, string>;
    method?: M;
    keepsName?: boolean;
  },
): Promise<Reply<P, M>> {
  const { file, keepsName = true } = q;
  const query = { ...q.query, ...(keepsName && { filename: file.name }) };
  // The upload routes read the raw body, which their OpenAPI entries do not describe: the init is built here.
  const init = {
    params: { path: q.path, query },
    body: file,
    bodySerializer: (body: File) => body,
    headers: { 'content-type': 'application/octet-stream' },
  };
  return call(
    api.request(q.method ?? 'post', path as never, init as never) as Promise<{
      data?: Reply<P, M>;
      response: Response;
    }>,
  );
}

/** Reads a chosen file as JSON; a file that is not JSON is sent as it is, for the server to refuse clearly. */
export async function readJsonFile(file: File): Promise<unknown> {
  const text = await file.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isErrorBody(value: unknown): value is { error: { id: string; message: string } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return typeof error === 'object' && error !== null && 'id' in error && 'message' in error;
}

/** The signed-in user, as GET /api/v1/me describes them. */
export type Me = Reply<'/api/v1/me'>;
export type Membership = Me['memberships'][number];

// Types come from the server's module doors (type-only: nothing of the server is bundled).
export type { Role, OrgType, GrantableModule } from '../../src/modules/identity/index.js';
import type { Role } from '../../src/modules/identity/index.js';
export const ROLES = [
  'org_admin',
  'security_lead',
  'analyst',
  'trainer',
  'staff',
  'viewer',
] as const satisfies readonly Role[];

/** What signing in answers: whether a second factor is needed, and which. */
export type LoginOutcome = Reply<'/api/v1/auth/login', 'post'>;
