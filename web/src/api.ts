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
 * Sends one request with the chosen language and, on writes, the CSRF token; turns error bodies into
 * ApiError. Network failures become an ApiError too, with a message people can act on.
 */
async function send<T>(
  url: string,
  init: { method: string; contentType?: string; body?: BodyInit },
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      credentials: 'same-origin',
      headers: {
        'accept-language': i18n.language,
        ...(init.contentType && { 'content-type': init.contentType }),
        ...(csrfToken && init.method !== 'GET' && { 'x-csrf-token': csrfToken }),
      },
      ...(init.body !== undefined && { body: init.body }),
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  const text = await res.text();
  const data: unknown = text ? safeParse(text) : undefined;
  if (!res.ok) {
    const error = isErrorBody(data) ? data.error : { id: 'unexpected', message: i18n.t('errors.unexpected') };
    throw new ApiError(res.status, error.id, error.message);
  }
  return data as T;
}

/** Calls the JSON API. */
export function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(path, {
    method,
    ...(body !== undefined && { contentType: 'application/json', body: JSON.stringify(body) }),
  });
}

/**
 * Uploads a file's bytes as the request body, as the upload routes expect; routes that keep the file get its
 * name in `?filename=`, routes that only read it (imports) do not.
 */
export function upload<T>(
  path: string,
  file: File,
  opts: { method?: 'POST' | 'PUT'; keepsName?: boolean } = {},
): Promise<T> {
  const { method = 'POST', keepsName = true } = opts;
  const separator = path.includes('?') ? '&' : '?';
  const url = keepsName ? `${path}${separator}filename=${encodeURIComponent(file.name)}` : path;
  return send<T>(url, { method, contentType: 'application/octet-stream', body: file });
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

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isErrorBody(value: unknown): value is { error: { id: string; message: string } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return typeof error === 'object' && error !== null && 'id' in error && 'message' in error;
}

/** The signed-in user, as GET /api/v1/me describes them. */
export interface Me {
  id: string;
  email: string;
  name: string;
  locale: 'en' | 'es' | 'fr';
  isOperator: boolean;
  hasMfa: boolean;
  mfa: { totp: boolean; passkeys: number };
  csrfToken: string | null;
  memberships: Membership[];
}

export interface Membership {
  orgId: string;
  orgName: string;
  orgType: OrgType;
  country: string;
  role: Role;
  mfaRequired: boolean;
  /** Feature modules this role may change. */
  writes: GrantableModule[];
}

// Types come from the server's module doors (type-only: nothing of the server is bundled).
export type { Role, OrgType, GrantableModule } from '../../src/modules/identity/index.js';
import type { Role, OrgType, GrantableModule } from '../../src/modules/identity/index.js';
export const ROLES = [
  'org_admin',
  'security_lead',
  'analyst',
  'trainer',
  'staff',
  'viewer',
] as const satisfies readonly Role[];

export interface LoginOutcome {
  mfaRequired: boolean;
  methods: ('totp' | 'passkey')[];
  csrfToken: string;
}
