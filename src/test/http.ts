import { pino } from 'pino';
import type { App } from '../platform/http.js';
import { createEventBus, type EventBus } from '../platform/events.js';
import type { Config } from '../platform/config.js';
import type { Services } from '../runtime.js';
import { buildServer } from '../server.js';
import { testConfig } from './db.js';
import { TEST_PASSWORD } from './factories.js';

/** The real app listening on port 0 of loopback. */
export async function startApp(
  services: Services,
  opts: { bus?: EventBus; config?: Config; port?: number } = {},
): Promise<{ app: App; base: string; close: () => Promise<void> }> {
  const app = await buildServer(services, opts.config ?? testConfig(), pino({ level: 'silent' }), opts.bus);
  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // Closing also drops the test clients' keep-alive sockets, which would otherwise hold the server open.
  const close = async () => {
    const closing = app.close();
    app.server.closeAllConnections();
    await closing;
  };
  return { app, base: `http://127.0.0.1:${port}`, close };
}

/**
 * The app composed as `atalaya serve` composes it, with the event bus (whose stream is one of its routes): for
 * tests of the whole API surface, such as its OpenAPI document.
 */
export async function startComposedApp(
  services: Services,
): Promise<{ base: string; close: () => Promise<void> }> {
  const bus = await createEventBus({ url: services.url, pool: services.pool, log: () => {} });
  const { base, close } = await startApp(services, { bus });
  return {
    base,
    async close() {
      await close();
      await bus.close();
    },
  };
}

/** A response as tests read it. */
export interface TestResponse {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** A browser-like client: keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  bearer: string | undefined;

  constructor(readonly base: string) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(this.cookie && { cookie: this.cookie }),
        ...(this.csrf && method !== 'GET' && { 'x-csrf-token': this.csrf }),
        ...(this.bearer && { authorization: `Bearer ${this.bearer}` }),
        ...headers,
      },
      ...(body !== undefined && {
        body: typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body),
      }),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie?.startsWith('atalaya_session=')) {
      const value = setCookie.split(';')[0] ?? '';
      this.cookie = value === 'atalaya_session=' ? undefined : value;
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (HTML, CSV, plain text): tests read `text` instead.
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown) {
    return this.request('POST', path, body ?? {});
  }
  patch(path: string, body: unknown) {
    return this.request('PATCH', path, body);
  }
  put(path: string, body: unknown) {
    return this.request('PUT', path, body);
  }
  delete(path: string, body?: unknown) {
    return this.request('DELETE', path, body);
  }

  /** Signs in with e-mail and password and keeps the CSRF token. */
  async login(email: string, password = TEST_PASSWORD): Promise<TestResponse> {
    const res = await this.post('/api/v1/auth/login', { email, password });
    const body = res.body as { csrfToken?: string } | undefined;
    if (body?.csrfToken) this.csrf = body.csrfToken;
    return res;
  }
}

/** Reads the problem's id from an error response: `error.id` from the API, `error_code` from TAXII. */
export function errorId(res: TestResponse): string | undefined {
  const body = res.body as { error?: { id?: string }; error_code?: string } | undefined;
  return body?.error?.id ?? body?.error_code;
}
