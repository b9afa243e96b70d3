import { z } from 'zod';
import { err, ok, type Result } from '../../platform/result.js';
import { TAXII_MEDIA_TYPE } from './taxii.model.js';

/**
 * A TAXII 2.1 client (§8.4 of the standard: HTTP Basic, the TAXII media type, paging with `next` or
 * `added_after`), for pulling a remote collection into a network and pushing objects to one. A remote that
 * is down or busy (network errors, 429, 5xx) is retried with exponential back-off; any other refusal is
 * answered at once with the remote's own words.
 */

/** A remote collection and how to sign in to it. */
export interface Remote {
  /** The collection's URL: `{api-root}/collections/{id}/`. */
  readonly collectionUrl: string;
  /** HTTP Basic user name; empty for a bearer token. */
  readonly username: string;
  readonly secret: string;
}

/** Why a remote could not be read or written. */
export interface RemoteError {
  readonly status: number | null;
  readonly message: string;
}

const Page = z.looseObject({
  more: z.boolean().optional(),
  next: z.string().optional(),
  objects: z.array(z.unknown()).optional(),
});
const Status = z.looseObject({
  id: z.string(),
  status: z.string(),
  success_count: z.number(),
  failure_count: z.number(),
});
const ErrorBody = z.looseObject({ title: z.string().optional(), description: z.string().optional() });

/** Where a collection URL must point: HTTPS, or HTTP on this machine's loopback (tests, a local peer). */
export function isAllowedCollectionUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  if (!/\/collections\/[0-9a-fA-F-]{36}\/$/.test(url.pathname)) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** Builds the client; `backoffMs` is the first wait between attempts (doubling each time). */
export function createTaxiiClient(opts: { userAgent: string; attempts?: number; backoffMs?: number }) {
  const attempts = opts.attempts ?? 4;
  const backoffMs = opts.backoffMs ?? 1000;

  async function send(
    remote: Remote,
    path: string,
    init: { method: string; body?: string },
  ): Promise<Result<{ body: unknown; headers: Headers }, RemoteError>> {
    const authorization = remote.username
      ? `Basic ${Buffer.from(`${remote.username}:${remote.secret}`).toString('base64')}`
      : `Bearer ${remote.secret}`;
    let last: RemoteError = { status: null, message: 'not attempted' };
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
      let response: Response;
      try {
        response = await fetch(new URL(path, remote.collectionUrl), {
          method: init.method,
          headers: {
            accept: TAXII_MEDIA_TYPE,
            authorization,
            'user-agent': opts.userAgent,
            ...(init.body !== undefined && { 'content-type': TAXII_MEDIA_TYPE }),
          },
          ...(init.body !== undefined && { body: init.body }),
          redirect: 'error',
          signal: AbortSignal.timeout(60_000),
        });
      } catch (error) {
        last = { status: null, message: error instanceof Error ? error.message : String(error) };
        continue;
      }
      const text = await response.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        body = undefined;
      }
      if (response.ok && body !== undefined) return ok({ body, headers: response.headers });
      const said = ErrorBody.safeParse(body);
      last = {
        status: response.status,
        message:
          [said.data?.title, said.data?.description].filter(Boolean).join(': ') ||
          `HTTP ${response.status} ${response.statusText}`,
      };
      if (response.ok || (response.status < 500 && response.status !== 429)) break;
    }
    return err(last);
  }

  return {
    /** One page of a remote collection's objects, after a cursor (a `next`, else a date added). */
    async objects(
      remote: Remote,
      q: { addedAfter: string | undefined; next: string | undefined; limit: number },
    ): Promise<
      Result<
        { objects: unknown[]; more: boolean; next: string | undefined; addedLast: string | undefined },
        RemoteError
      >
    > {
      const params = new URLSearchParams({ limit: String(q.limit) });
      if (q.addedAfter) params.set('added_after', q.addedAfter);
      if (q.next) params.set('next', q.next);
      const got = await send(remote, `objects/?${params.toString()}`, { method: 'GET' });
      if (!got.ok) return got;
      const page = Page.safeParse(got.value.body);
      if (!page.success)
        return err({ status: 200, message: 'the remote did not answer with a TAXII envelope' });
      return ok({
        objects: page.data.objects ?? [],
        more: page.data.more === true,
        next: page.data.next,
        addedLast: got.value.headers.get('x-taxii-date-added-last') ?? undefined,
      });
    },

    /** Adds objects to a remote collection; answers the remote's status. */
    async add(
      remote: Remote,
      objects: readonly unknown[],
    ): Promise<Result<{ successCount: number; failureCount: number }, RemoteError>> {
      const got = await send(remote, 'objects/', { method: 'POST', body: JSON.stringify({ objects }) });
      if (!got.ok) return got;
      const status = Status.safeParse(got.value.body);
      if (!status.success)
        return err({ status: 202, message: 'the remote did not answer with a TAXII status' });
      return ok({ successCount: status.data.success_count, failureCount: status.data.failure_count });
    },
  };
}

/** The client's type. */
export type TaxiiClient = ReturnType<typeof createTaxiiClient>;
