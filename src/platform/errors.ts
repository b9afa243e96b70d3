import { err } from './result.js';

/**
 * The closed set of expected failures. Each maps to one HTTP status in `STATUS_BY_TYPE`, the only place
 * where failures become HTTP.
 */
export type ProblemType =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'not_acceptable'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable';

/**
 * An expected failure: `id` is stable for clients and names a message in the i18n catalogue; `params`
 * fill that message; `detail` says more for developers (e.g. the field that failed to parse).
 */
export interface Problem {
  readonly type: ProblemType;
  readonly id: string;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly detail?: string;
}

/** HTTP status for each problem type. */
export const STATUS_BY_TYPE: Readonly<Record<ProblemType, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  not_acceptable: 406,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  /** Well-formed, but content the server cannot accept as it is (TAXII: objects that break the standard). */
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

/** Builds a failed Result carrying one problem. */
export function fail(
  type: ProblemType,
  id: string,
  extra: { params?: Record<string, string | number>; detail?: string } = {},
): { readonly ok: false; readonly error: Problem } {
  return err({ type, id, ...extra });
}

/** Thrown by API handlers to hand a problem to the single error handler. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.id);
    this.name = 'ProblemError';
  }
}

/** Returns the value of a successful Result or throws its problem for the HTTP layer to render. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: Problem }): T {
  if (!result.ok) throw new ProblemError(result.error);
  return result.value;
}
