import { CookieJar } from 'tough-cookie';
import { FetchFailed, fetchOnce, type Fetched, type FetchPolicy } from './fetch.js';
import type { Exchange, JarCookie, Retrieval } from './observatory.js';

/**
 * Fetches a site the way the MDN HTTP Observatory's retriever does, so its tests read the same responses: the
 * http:// and https:// addresses at once, each following up to ten redirects with a cookie jar, going on without
 * verification after a certificate error (and saying so); the https:// session is the one read if it answered.
 * Then a CORS preflight from a foreign origin on the last address. Differences: we keep the body only up to the
 * policy's cap, and every step is on the fetch guard (public addresses only, time limits).
 */

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
const PAGE_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
/** The origin a CORS preflight comes from: foreign to every site. */
const FOREIGN_ORIGIN = 'https://scanner.atalaya.invalid';

/** A session: its first address, every response on the way, the last one, and the cookies it gathered. */
export interface Session {
  readonly start: URL;
  readonly chain: readonly Fetched[];
  readonly last: Fetched;
  readonly verified: boolean;
  readonly cookies: readonly JarCookie[];
  readonly setCookies: readonly string[];
}

/** A session that got no answer, and why. */
export interface NoSession {
  readonly start: URL;
  readonly failure: FetchFailed;
}

async function follow(start: URL, verify: boolean, policy: FetchPolicy): Promise<Session> {
  const jar = new CookieJar();
  const chain: Fetched[] = [];
  let url = start;
  for (;;) {
    const response = await fetchOnce(url, { verify, headers: { accept: PAGE_ACCEPT } }, policy);
    chain.push(response);
    for (const cookie of setCookiesOf(response)) jar.setCookieSync(cookie, url.href, { ignoreError: true });
    const location = response.headers['location'];
    if (chain.length > MAX_REDIRECTS || !REDIRECTS.has(response.status) || typeof location !== 'string')
      break;
    try {
      url = new URL(location, url);
    } catch {
      break;
    }
  }
  const last = chain.at(-1) as Fetched;
  const cookies = jar.serializeSync()?.cookies ?? [];
  return {
    start,
    chain,
    last,
    verified: verify,
    cookies: cookies.map((c) => ({
      key: c['key'] ?? '',
      secure: c['secure'] === true,
      httpOnly: c['httpOnly'] === true,
      sameSite: typeof c['sameSite'] === 'string' ? c['sameSite'] : undefined,
    })),
    setCookies: setCookiesOf(last),
  };
}

function setCookiesOf(response: Fetched): string[] {
  const value = response.headers['set-cookie'];
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

/** Opens a session at `start`; after a certificate error, once more without verification. */
export async function openSession(start: URL, policy: FetchPolicy): Promise<Session | NoSession> {
  try {
    return await follow(start, true, policy);
  } catch (error) {
    if (!(error instanceof FetchFailed)) throw error;
    if (error.reason !== 'certificate') return { start, failure: error };
    try {
      return await follow(start, false, policy);
    } catch (again) {
      if (again instanceof FetchFailed) return { start, failure: again };
      throw again;
    }
  }
}

export const answered = (s: Session | NoSession): s is Session => 'last' in s;

/** The two sessions of a site, the one the tests read, and the preflight's answer. */
export interface SiteRetrieval {
  readonly http: Session | NoSession;
  readonly https: Session | NoSession;
  readonly auto: Session | null;
  readonly cors: Fetched | null;
  readonly retrieval: Retrieval;
}

/**
 * Retrieves a site at `url`: its path over http:// and https://. An address with a port is fetched on that port
 * for its own scheme; `ports` says where the other scheme listens (fixtures), else it is on its default port.
 */
export async function retrieveSite(
  url: URL,
  policy: FetchPolicy,
  ports: { readonly http?: number; readonly https?: number } = {},
): Promise<SiteRetrieval> {
  const at = (scheme: 'http' | 'https') => {
    const u = new URL(url.href);
    u.protocol = `${scheme}:`;
    const own = url.protocol === `${scheme}:` && url.port !== '' ? Number(url.port) : undefined;
    const port = ports[scheme] ?? own;
    u.port = port === undefined ? '' : String(port);
    return u;
  };
  const [http, https] = await Promise.all([
    openSession(at('http'), policy),
    openSession(at('https'), policy),
  ]);
  const auto = answered(https) ? https : answered(http) ? http : null;

  let cors: Fetched | null = null;
  if (auto) {
    try {
      cors = await preflight(auto.last.url, auto.verified, policy);
    } catch (error) {
      if (!(error instanceof FetchFailed)) throw error;
    }
  }

  const exchange = (s: Session | NoSession): Exchange | null =>
    answered(s)
      ? { url: s.last.url, status: s.last.status, headers: s.last.headers, verified: s.verified }
      : null;
  const retrieval: Retrieval = {
    hostname: url.hostname,
    http: exchange(http),
    https: exchange(https),
    httpRedirects: answered(http) ? http.chain.map((f) => ({ url: f.url, status: f.status })) : [],
    auto: auto && exchange(auto),
    autoStart: auto?.start ?? null,
    page: auto ? textOf(auto.last) : null,
    cookies: auto?.cookies ?? [],
    cors: cors && { headers: cors.headers },
  };
  return { http, https, auto, cors, retrieval };
}

/** A preflight that follows redirects, as the Observatory's (an OPTIONS with a foreign Origin). */
async function preflight(url: URL, verify: boolean, policy: FetchPolicy): Promise<Fetched> {
  let at = url;
  for (let hop = 0; ; hop++) {
    const response = await fetchOnce(
      at,
      {
        method: 'OPTIONS',
        verify,
        body: false,
        headers: { 'access-control-request-method': 'GET', origin: FOREIGN_ORIGIN },
      },
      policy,
    );
    const location = response.headers['location'];
    if (hop >= MAX_REDIRECTS || !REDIRECTS.has(response.status) || typeof location !== 'string')
      return response;
    at = new URL(location, at);
  }
}

/** A response body as text, in the charset its Content-Type names (UTF-8 otherwise). */
export function textOf(response: Fetched): string {
  const type = String(response.headers['content-type'] ?? '');
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(type)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(response.body);
  } catch {
    return new TextDecoder('utf-8').decode(response.body);
  }
}
