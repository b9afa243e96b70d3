import { parse as parseDomain } from 'tldts';
import { CspInvalid, parseCsp, parseCspMeta, type Csp } from './csp.js';
import { readPage, type PageFacts } from './page.js';

/**
 * The MDN HTTP Observatory's ten tests, their score modifiers and its grade boundaries (algorithm version 4,
 * the npm package 1.4.8; reference/webaudit.md §1), as pure functions of what a scan retrieved — so the same
 * responses get the same grade as the Observatory gives them. `observatory.test.ts` holds them to the
 * Observatory's own code on a corpus of fixture sites; docs/decisions.md says where we knowingly differ.
 */

/** Response headers as Node gives them: lower-case names, repeated lines joined by ", ", Set-Cookie a list. */
export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

/** One response: where it came from, its status and headers, and whether its TLS certificate was trusted. */
export interface Exchange {
  readonly url: URL;
  readonly status: number;
  readonly headers: HeaderMap;
  /** False when the connection went ahead only after a certificate error (an untrusted or mismatched one). */
  readonly verified: boolean;
}

/** A cookie as the scan's cookie jar kept it. */
export interface JarCookie {
  readonly key: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: string | undefined;
}

/** What the Observatory's tests look at: the site fetched over http:// and https://, as its retriever does. */
export interface Retrieval {
  readonly hostname: string;
  /** The last response of the http:// session (after its redirects), or null if http:// did not answer. */
  readonly http: Exchange | null;
  readonly https: Exchange | null;
  /** Every response of the http:// session, first to last. */
  readonly httpRedirects: readonly { readonly url: URL; readonly status: number }[];
  /** The session the tests read: https:// if it answered, else http://. */
  readonly auto: Exchange | null;
  /** Where that session started. */
  readonly autoStart: URL | null;
  /** The body of `auto`. */
  readonly page: string | null;
  /** The cookies that session's jar holds at the end. */
  readonly cookies: readonly JarCookie[];
  /** The answer to a CORS preflight (OPTIONS with an Origin) on the session's last URL. */
  readonly cors: { readonly headers: HeaderMap } | null;
}

export const OBSERVATORY_TESTS = [
  'content-security-policy',
  'cookies',
  'cross-origin-resource-sharing',
  'redirection',
  'referrer-policy',
  'strict-transport-security',
  'subresource-integrity',
  'x-content-type-options',
  'x-frame-options',
  'cross-origin-resource-policy',
] as const;
export type ObservatoryTest = (typeof OBSERVATORY_TESTS)[number];

/** Every result a test can give, with its score modifier (the Observatory's SCORE_TABLE). */
export const MODIFIERS = {
  'csp-implemented-with-no-unsafe-default-src-none': 10,
  'csp-implemented-with-no-unsafe': 5,
  'csp-implemented-with-unsafe-inline-in-style-src-only': 0,
  'csp-implemented-with-insecure-scheme-in-passive-content-only': -10,
  'csp-implemented-with-unsafe-eval': -10,
  'csp-implemented-with-unsafe-inline': -20,
  'csp-implemented-with-insecure-scheme': -20,
  'csp-header-invalid': -25,
  'csp-not-implemented': -25,
  'csp-not-implemented-but-reporting-enabled': -25,
  'csp-implemented-but-duplicate-directives': 0,
  'cookies-secure-with-httponly-sessions-and-samesite': 5,
  'cookies-secure-with-httponly-sessions': 0,
  'cookies-not-found': 0,
  'cookies-without-secure-flag-but-protected-by-hsts': -5,
  'cookies-session-without-secure-flag-but-protected-by-hsts': -10,
  'cookies-without-secure-flag': -20,
  'cookies-samesite-flag-invalid': -20,
  'cookies-anticsrf-without-samesite-flag': -20,
  'cookies-session-without-httponly-flag': -30,
  'cookies-session-without-secure-flag': -40,
  'cross-origin-resource-sharing-not-implemented': 0,
  'cross-origin-resource-sharing-implemented-with-public-access': 0,
  'cross-origin-resource-sharing-implemented-with-restricted-access': 0,
  'cross-origin-resource-sharing-implemented-with-universal-access': -50,
  'redirection-all-redirects-preloaded': 0,
  'redirection-to-https': 0,
  'redirection-not-needed-no-http': 0,
  'redirection-off-host-from-http': -5,
  'redirection-not-to-https-on-initial-redirection': -10,
  'redirection-not-to-https': -20,
  'redirection-missing': -20,
  'redirection-invalid-cert': -20,
  'referrer-policy-private': 5,
  'referrer-policy-not-implemented': 0,
  'referrer-policy-unsafe': -5,
  'referrer-policy-header-invalid': -5,
  'hsts-preloaded': 5,
  'hsts-implemented-max-age-at-least-six-months': 0,
  'hsts-implemented-max-age-less-than-six-months': -10,
  'hsts-not-implemented': -20,
  'hsts-header-invalid': -20,
  'hsts-not-implemented-no-https': -20,
  'hsts-invalid-cert': -20,
  'sri-implemented-and-all-scripts-loaded-securely': 5,
  'sri-implemented-and-external-scripts-loaded-securely': 5,
  'sri-not-implemented-response-not-html': 0,
  'sri-not-implemented-but-no-scripts-loaded': 0,
  'sri-not-implemented-but-all-scripts-loaded-from-secure-origin': 0,
  'sri-not-implemented-but-external-scripts-loaded-securely': -5,
  'sri-implemented-but-external-scripts-not-loaded-securely': -20,
  'sri-not-implemented-and-external-scripts-not-loaded-securely': -50,
  'x-content-type-options-nosniff': 0,
  'x-content-type-options-not-implemented': -5,
  'x-content-type-options-header-invalid': -5,
  'x-frame-options-implemented-via-csp': 5,
  'x-frame-options-sameorigin-or-deny': 0,
  'x-frame-options-allow-from-origin': 0,
  'x-frame-options-not-implemented': -20,
  'x-frame-options-header-invalid': -20,
  'corp-header-invalid': -5,
  'corp-implemented-with-cross-origin': 0,
  'corp-implemented-with-same-origin': 10,
  'corp-implemented-with-same-site': 10,
  'corp-not-implemented': 0,
  'html-not-parseable': -20,
} as const;
export type Expectation = keyof typeof MODIFIERS;

export interface TestOutcome {
  readonly result: Expectation;
  readonly pass: boolean;
  readonly scoreModifier: number;
}

export const GRADES = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'F'] as const;
export type Grade = (typeof GRADES)[number];

export interface ObservatoryReport {
  readonly score: number;
  readonly grade: Grade;
  readonly testsPassed: number;
  readonly testsFailed: number;
  readonly tests: Readonly<Record<ObservatoryTest, TestOutcome>>;
}

/** Bonuses count only for a site that already has an A without them. */
const MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90;
/** The lowest score of each grade, best first. */
const GRADE_FLOORS: readonly (readonly [number, Grade])[] = [
  [100, 'A+'],
  [90, 'A'],
  [85, 'A-'],
  [80, 'B+'],
  [70, 'B'],
  [65, 'B-'],
  [60, 'C+'],
  [50, 'C'],
  [45, 'C-'],
  [40, 'D+'],
  [30, 'D'],
  [25, 'D-'],
  [0, 'F'],
];

export function gradeOf(score: number): Grade {
  const bucket = Math.min(Math.max(score, 0) - (Math.max(score, 0) % 5), 100);
  return (GRADE_FLOORS.find(([floor]) => bucket >= floor) ?? [0, 'F'])[1];
}

/**
 * Grades a retrieval, or answers why it cannot be graded: the site did not answer, or answered with a status
 * the Observatory does not grade (anything but 2xx, 3xx, 401 and 403).
 */
export function grade(
  r: Retrieval,
  preloaded: (hostname: string) => boolean = () => false,
): ObservatoryReport | { readonly ungraded: 'unreachable' | 'status'; readonly status?: number } {
  if (!r.auto) return { ungraded: 'unreachable' };
  const { status } = r.auto;
  if (status < 200 || (status >= 400 && status !== 401 && status !== 403))
    return { ungraded: 'status', status };

  const page = htmlOf(r);
  const hsts = strictTransportSecurity(r, preloaded);
  const results: Record<ObservatoryTest, Expectation> = {
    'content-security-policy': contentSecurityPolicy(r, page).result,
    cookies: cookies(r, passes('strict-transport-security', hsts)),
    'cross-origin-resource-sharing': crossOriginResourceSharing(r),
    redirection: redirection(r, preloaded),
    'referrer-policy': referrerPolicy(r, page),
    'strict-transport-security': hsts,
    'subresource-integrity': subresourceIntegrity(r, page),
    'x-content-type-options': xContentTypeOptions(r),
    'x-frame-options': xFrameOptions(r, page),
    'cross-origin-resource-policy': crossOriginResourcePolicy(r),
  };

  let withExtraCredit = 100;
  let uncurved = 100;
  let testsPassed = 0;
  const tests = {} as Record<ObservatoryTest, TestOutcome>;
  for (const test of OBSERVATORY_TESTS) {
    const result = results[test];
    const scoreModifier = MODIFIERS[result];
    const pass = passes(test, result);
    tests[test] = { result, pass, scoreModifier };
    if (pass) testsPassed += 1;
    withExtraCredit += scoreModifier;
    if (scoreModifier < 0) uncurved += scoreModifier;
  }
  const score = Math.max(uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtraCredit : uncurved, 0);
  return {
    score,
    grade: gradeOf(score),
    testsPassed,
    testsFailed: OBSERVATORY_TESTS.length - testsPassed,
    tests,
  };
}

/** Which results count as a pass, per test (the Observatory's own lists). */
const PASSING: Readonly<Record<ObservatoryTest, readonly Expectation[]>> = {
  'content-security-policy': [
    'csp-implemented-with-no-unsafe',
    'csp-implemented-with-no-unsafe-default-src-none',
    'csp-implemented-with-unsafe-inline-in-style-src-only',
    'csp-implemented-with-insecure-scheme-in-passive-content-only',
    'csp-implemented-but-duplicate-directives',
  ],
  cookies: [
    'cookies-not-found',
    'cookies-secure-with-httponly-sessions-and-samesite',
    'cookies-secure-with-httponly-sessions',
  ],
  'cross-origin-resource-sharing': [
    'cross-origin-resource-sharing-implemented-with-public-access',
    'cross-origin-resource-sharing-implemented-with-restricted-access',
    'cross-origin-resource-sharing-not-implemented',
  ],
  redirection: [
    'redirection-to-https',
    'redirection-not-needed-no-http',
    'redirection-all-redirects-preloaded',
  ],
  'referrer-policy': ['referrer-policy-private', 'referrer-policy-not-implemented'],
  'strict-transport-security': ['hsts-implemented-max-age-at-least-six-months', 'hsts-preloaded'],
  'subresource-integrity': [
    'sri-implemented-and-all-scripts-loaded-securely',
    'sri-implemented-and-external-scripts-loaded-securely',
    'sri-not-implemented-response-not-html',
    'sri-not-implemented-but-all-scripts-loaded-from-secure-origin',
    'sri-not-implemented-but-no-scripts-loaded',
  ],
  'x-content-type-options': ['x-content-type-options-nosniff'],
  'x-frame-options': [
    'x-frame-options-allow-from-origin',
    'x-frame-options-sameorigin-or-deny',
    'x-frame-options-implemented-via-csp',
  ],
  'cross-origin-resource-policy': [
    'corp-not-implemented',
    'corp-implemented-with-same-site',
    'corp-implemented-with-same-origin',
    'corp-implemented-with-cross-origin',
  ],
};

function passes(test: ObservatoryTest, result: Expectation): boolean {
  return PASSING[test].includes(result);
}

// ---- headers ------------------------------------------------------------------------------------------------

function headers(exchange: { headers: HeaderMap } | null, name: string): string[] {
  const value = exchange?.headers[name];
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

const first = (exchange: { headers: HeaderMap } | null, name: string): string | undefined =>
  headers(exchange, name)[0];

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/** The page's facts when `auto` is HTML (the Observatory reads meta tags only then). */
function htmlOf(r: Retrieval): PageFacts | undefined {
  const type = (first(r.auto, 'content-type') ?? '').split(';')[0] ?? '';
  return HTML_TYPES.has(type) && r.page ? readPage(r.page) : undefined;
}

// ---- the tests ----------------------------------------------------------------------------------------------

const DANGEROUSLY_BROAD = new Set([
  'ftp:',
  'http:',
  'https:',
  '*',
  'http://*',
  'http://*.*',
  'https://*',
  'https://*.*',
]);
const BROAD_OR_INLINE = new Set([...DANGEROUSLY_BROAD, "'unsafe-inline'", 'data:']);
const PASSIVE_DIRECTIVES = ['img-src', 'media-src'];
const NONCES_HASHES = ["'sha256-", "'sha384-", "'sha512-", "'nonce-"];
const hasNonceOrHash = (sources: Set<string>) =>
  [...sources].some((s) => NONCES_HASHES.some((prefix) => s.startsWith(prefix)));

/** The CSP test; its parsed policy is read by the X-Frame-Options test too. */
export function contentSecurityPolicy(
  r: Retrieval,
  page: PageFacts | undefined,
): { result: Expectation; csp?: Csp } {
  if (!r.auto || !r.autoStart) return { result: 'csp-not-implemented' };
  const fromHeader = headers(r.auto, 'content-security-policy');
  const fromMeta = page?.metaCsp ?? [];
  const duplicates = new Set<string>();
  let csp: Csp;
  try {
    csp = parseCsp([...fromHeader, ...fromMeta], duplicates);
  } catch (error) {
    if (error instanceof CspInvalid || error instanceof URIError) return { result: 'csp-header-invalid' };
    throw error;
  }
  const headerOnly = tryParse(() => parseCsp(fromHeader));
  const metaOnly = tryParse(() => parseCspMeta(fromMeta));
  if (headerOnly.size + metaOnly.size === 0)
    return {
      result: first(r.auto, 'content-security-policy-report-only')
        ? 'csp-not-implemented-but-reporting-enabled'
        : 'csp-not-implemented',
    };

  // The Observatory edits the script and style lists in place, and a list taken from default-src is
  // default-src itself (seen again by object-src, the active and passive checks and the 'none' check): work
  // on a copy of the policy, the same way.
  const c: Csp = new Map([...csp].map(([d, s]) => [d, new Set(s)]));
  const broad = (s: Set<string>) => [...s].some((x) => DANGEROUSLY_BROAD.has(x));
  const objectSrc = c.get('object-src') ?? c.get('default-src') ?? new Set(['*']);
  const scriptSrc = c.get('script-src') ?? c.get('default-src') ?? new Set(['*']);
  const style = c.get('style-src') ?? c.get('default-src') ?? new Set(['*']);
  for (const list of [scriptSrc, style])
    if (hasNonceOrHash(list) && list.has("'unsafe-inline'")) list.delete("'unsafe-inline'");

  let result: Expectation | undefined;
  const once = (e: Expectation) => {
    result ??= e;
  };
  if (hasNonceOrHash(scriptSrc) && scriptSrc.has("'strict-dynamic'")) {
    for (const s of [...scriptSrc])
      if ([...DANGEROUSLY_BROAD].some((b) => s.startsWith(b)) || s === "'self'" || s === "'unsafe-inline'")
        scriptSrc.delete(s);
  } else if (scriptSrc.has("'strict-dynamic'")) once('csp-header-invalid');

  const active = [
    ...[...c]
      .filter(([d]) => !PASSIVE_DIRECTIVES.includes(d) && d !== 'script-src')
      .flatMap(([, s]) => [...s]),
    ...scriptSrc,
  ];
  const passive = PASSIVE_DIRECTIVES.flatMap((d) => [...(c.get(d) ?? c.get('default-src') ?? [])]);
  const https = r.autoStart.protocol === 'https:';
  const insecure = (s: string) => s.startsWith('http:') || s.startsWith('ftp:');

  if ([...scriptSrc].some((s) => BROAD_OR_INLINE.has(s)) || broad(objectSrc))
    once('csp-implemented-with-unsafe-inline');
  if (https && active.some(insecure)) once('csp-implemented-with-insecure-scheme');
  if (scriptSrc.has("'unsafe-eval'") || style.has("'unsafe-eval'")) once('csp-implemented-with-unsafe-eval');
  if (https && passive.some(insecure)) once('csp-implemented-with-insecure-scheme-in-passive-content-only');
  if ([...style].some((s) => BROAD_OR_INLINE.has(s)))
    once('csp-implemented-with-unsafe-inline-in-style-src-only');
  const defaultSrc = c.get('default-src');
  once(
    defaultSrc?.has("'none'") && defaultSrc.size === 1
      ? 'csp-implemented-with-no-unsafe-default-src-none'
      : 'csp-implemented-with-no-unsafe',
  );
  const final = result ?? 'csp-implemented-with-no-unsafe';
  return {
    result:
      passes('content-security-policy', final) && duplicates.size > 0
        ? 'csp-implemented-but-duplicate-directives'
        : final,
    csp,
  };
}

function tryParse(parse: () => Csp): Csp {
  try {
    return parse();
  } catch {
    return new Map();
  }
}

/** Worst first, as the Observatory ranks cookie problems (a later problem replaces an earlier only if worse). */
const COOKIE_BADNESS: readonly Expectation[] = [
  'cookies-without-secure-flag-but-protected-by-hsts',
  'cookies-without-secure-flag',
  'cookies-session-without-secure-flag-but-protected-by-hsts',
  'cookies-samesite-flag-invalid',
  'cookies-anticsrf-without-samesite-flag',
  'cookies-session-without-httponly-flag',
  'cookies-session-without-secure-flag',
];

function cookies(r: Retrieval, hsts: boolean): Expectation {
  let result: Expectation | undefined;
  const worse = (e: Expectation) => {
    if (!result || COOKIE_BADNESS.indexOf(e) > COOKIE_BADNESS.indexOf(result)) result = e;
  };
  for (const raw of headers(r.auto, 'set-cookie'))
    if (invalidSameSite(raw)) worse('cookies-samesite-flag-invalid');

  const jar = r.cookies.filter((c) => c.key && c.key !== 'heroku-session-affinity');
  if (jar.length === 0) return 'cookies-not-found';
  let missingSameSite = false;
  for (const cookie of jar) {
    const key = cookie.key.toLowerCase();
    const session = key.includes('login') || key.includes('sess');
    if (!cookie.secure && cookie.sameSite?.toLowerCase() === 'none') worse('cookies-samesite-flag-invalid');
    if (!cookie.secure)
      worse(hsts ? 'cookies-without-secure-flag-but-protected-by-hsts' : 'cookies-without-secure-flag');
    if (key.includes('csrf') && !cookie.sameSite) worse('cookies-anticsrf-without-samesite-flag');
    if (session && !cookie.secure)
      worse(
        hsts
          ? 'cookies-session-without-secure-flag-but-protected-by-hsts'
          : 'cookies-session-without-secure-flag',
      );
    if (session && !cookie.httpOnly) worse('cookies-session-without-httponly-flag');
    if (!cookie.sameSite) missingSameSite = true;
  }
  return (
    result ??
    (missingSameSite
      ? 'cookies-secure-with-httponly-sessions'
      : 'cookies-secure-with-httponly-sessions-and-samesite')
  );
}

function invalidSameSite(raw: string): boolean {
  for (const part of raw.trim().split(';')) {
    const [key = '', value] = part.trim().split('=');
    if (key.trim().toLowerCase() === 'samesite')
      return !value || !['lax', 'strict', 'none'].includes(value.trim().toLowerCase());
  }
  return false;
}

function crossOriginResourceSharing(r: Retrieval): Expectation {
  const allowOrigin = first(r.cors, 'access-control-allow-origin');
  if (!r.cors || !allowOrigin) return 'cross-origin-resource-sharing-not-implemented';
  // The Observatory compares the allowed origin with the Origin it sent, read from a field its HTTP client
  // does not fill in, so it never finds universal access; a reflected origin with credentials is "restricted"
  // to it, and to us (decision 83).
  return allowOrigin.slice(0, 256).trim().toLowerCase() === '*'
    ? 'cross-origin-resource-sharing-implemented-with-public-access'
    : 'cross-origin-resource-sharing-implemented-with-restricted-access';
}

function redirection(r: Retrieval, preloaded: (hostname: string) => boolean): Expectation {
  if (!r.http) return 'redirection-not-needed-no-http';
  if (!r.http.verified) return 'redirection-invalid-cert';
  const route = r.httpRedirects;
  const [start, next] = route;
  const last = route.at(-1);
  if (route.every((hop) => preloaded(hop.url.hostname))) return 'redirection-all-redirects-preloaded';
  if (route.length === 1 || !start || !next || !last) return 'redirection-missing';
  if (last.url.protocol !== 'https:') return 'redirection-not-to-https';
  if (next.url.protocol === 'http:') return 'redirection-not-to-https-on-initial-redirection';
  if (
    start.url.protocol === 'http:' &&
    next.url.protocol === 'https:' &&
    start.url.hostname !== next.url.hostname
  )
    return 'redirection-off-host-from-http';
  return 'redirection-to-https';
}

const PRIVATE_REFERRERS = ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'];
const UNSAFE_REFERRERS = ['origin', 'origin-when-cross-origin', 'unsafe-url', 'no-referrer-when-downgrade'];

function referrerPolicy(r: Retrieval, page: PageFacts | undefined): Expectation {
  if (!r.auto) return 'referrer-policy-not-implemented';
  const given = [...headers(r.auto, 'referrer-policy'), ...(page?.metaReferrer ? [page.metaReferrer] : [])];
  if (given.length === 0) return 'referrer-policy-not-implemented';
  // The last value a browser knows wins (a meta tag after the header).
  const known = [...PRIVATE_REFERRERS, ...UNSAFE_REFERRERS];
  const policy =
    given
      .join(', ')
      .split(',')
      .map((v) => v.toLowerCase().trim())
      .filter((v) => known.includes(v))
      .at(-1) ?? '';
  if (PRIVATE_REFERRERS.includes(policy)) return 'referrer-policy-private';
  if (UNSAFE_REFERRERS.includes(policy)) return 'referrer-policy-unsafe';
  return 'referrer-policy-header-invalid';
}

const SIX_MONTHS = 15_552_000;

function strictTransportSecurity(r: Retrieval, preloaded: (hostname: string) => boolean): Expectation {
  const response = r.https;
  if (!response) return 'hsts-not-implemented-no-https';
  let result: Expectation = 'hsts-not-implemented';
  const header = first(response, 'strict-transport-security');
  if (!response.verified) result = 'hsts-invalid-cert';
  else if (header !== undefined) result = hstsResult(header.slice(0, 1024));
  return preloaded(r.hostname) ? 'hsts-preloaded' : result;
}

function hstsResult(header: string): Expectation {
  if (header.includes(',')) return 'hsts-header-invalid';
  let maxAge: number | undefined;
  for (const parameter of header.split(';').map((p) => p.trim().toLowerCase()))
    if (parameter.startsWith('max-age=')) maxAge = Number.parseInt(parameter.slice(8, 128), 10);
  if (maxAge === undefined) return 'hsts-header-invalid';
  // parseInt gives NaN for "max-age=abc"; the Observatory then compares NaN < SIX_MONTHS, which is false.
  return maxAge < SIX_MONTHS
    ? 'hsts-implemented-max-age-less-than-six-months'
    : 'hsts-implemented-max-age-at-least-six-months';
}

const SRI_BADNESS: readonly Expectation[] = [
  'sri-implemented-and-all-scripts-loaded-securely',
  'sri-implemented-and-external-scripts-loaded-securely',
  'sri-implemented-but-external-scripts-not-loaded-securely',
  'sri-not-implemented-but-external-scripts-loaded-securely',
  'sri-not-implemented-and-external-scripts-not-loaded-securely',
  'sri-not-implemented-response-not-html',
];

function subresourceIntegrity(r: Retrieval, page: PageFacts | undefined): Expectation {
  if (!r.auto) return 'sri-not-implemented-but-no-scripts-loaded';
  const type = (first(r.auto, 'content-type') ?? '').split(';')[0] ?? '';
  if (!HTML_TYPES.has(type)) return 'sri-not-implemented-response-not-html';
  const scripts = (page ?? readPage(r.page ?? '')).scripts;
  if (scripts.length === 0) return 'sri-not-implemented-but-no-scripts-loaded';

  let result: Expectation | undefined;
  const worse = (e: Expectation) => {
    if (!result || SRI_BADNESS.indexOf(e) > SRI_BADNESS.indexOf(result)) result = e;
  };
  let foreign = false;
  const siteDomain = parseDomain(r.hostname).domain;
  for (const script of scripts) {
    if (script.kind !== 'external') continue;
    const src = absoluteOrAsWritten(script.src);
    const protocolRelative = /^(\/\/)[^/]/.test(src);
    const absolute = /^https?:\/\//.test(src);
    const relative = !protocolRelative && !absolute;
    const sameSite = protocolRelative || relative || parseDomain(src).domain === siteDomain;
    const secureOrigin = relative || (sameSite && !protocolRelative);
    if (!secureOrigin) foreign = true;
    const scheme = protocolRelative || relative ? null : new URL(src).protocol;
    const secureScheme = scheme === 'https:' || (relative && r.autoStart?.protocol === 'https:');
    if (!secureOrigin) {
      if (script.integrity && !secureScheme)
        worse('sri-implemented-but-external-scripts-not-loaded-securely');
      else if (!script.integrity && secureScheme)
        worse('sri-not-implemented-but-external-scripts-loaded-securely');
      else if (!script.integrity) worse('sri-not-implemented-and-external-scripts-not-loaded-securely');
    } else if (script.integrity && secureScheme && !result)
      result = 'sri-implemented-and-all-scripts-loaded-securely';
  }
  return (
    result ??
    (foreign
      ? 'sri-implemented-and-external-scripts-loaded-securely'
      : 'sri-not-implemented-but-all-scripts-loaded-from-secure-origin')
  );
}

/** A script's src as the DOM reflects it: absolute URLs normalised, anything else (no base here) as written. */
function absoluteOrAsWritten(src: string): string {
  try {
    return new URL(src).href;
  } catch {
    return src;
  }
}

function xContentTypeOptions(r: Retrieval): Expectation {
  const header = first(r.auto, 'x-content-type-options');
  if (!header) return 'x-content-type-options-not-implemented';
  return header.slice(0, 256).trim().toLowerCase() === 'nosniff'
    ? 'x-content-type-options-nosniff'
    : 'x-content-type-options-header-invalid';
}

function xFrameOptions(r: Retrieval, page: PageFacts | undefined): Expectation {
  if (!r.auto) return 'x-frame-options-not-implemented';
  const { csp } = contentSecurityPolicy(r, page);
  if (csp?.has('frame-ancestors')) return 'x-frame-options-implemented-via-csp';
  const header = first(r.auto, 'x-frame-options');
  if (!header) return 'x-frame-options-not-implemented';
  const xfo = header.slice(0, 1024).trim().toLowerCase();
  if (xfo === 'deny' || xfo === 'sameorigin') return 'x-frame-options-sameorigin-or-deny';
  return xfo.startsWith('allow-from')
    ? 'x-frame-options-allow-from-origin'
    : 'x-frame-options-header-invalid';
}

function crossOriginResourcePolicy(r: Retrieval): Expectation {
  const corp = first(r.auto, 'cross-origin-resource-policy')?.slice(0, 256).trim().toLowerCase();
  if (!corp) return 'corp-not-implemented';
  if (corp === 'same-site') return 'corp-implemented-with-same-site';
  if (corp === 'same-origin') return 'corp-implemented-with-same-origin';
  return corp === 'cross-origin' ? 'corp-implemented-with-cross-origin' : 'corp-header-invalid';
}
