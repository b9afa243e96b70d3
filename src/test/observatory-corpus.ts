import type { FixtureSite } from './web-fixtures.js';

/**
 * A corpus of fixture sites covering many combinations of security headers, meta tags, cookies, scripts,
 * redirects and preflight answers — each dimension's values are written out below, and each site draws one of
 * each from a seeded generator, so the corpus is the same on every run. The first sites take each value of each
 * dimension once at least, on top of a plain page.
 */

const CSP: readonly { header?: string | readonly string[]; meta?: string; reportOnly?: string }[] = [
  {},
  { header: "default-src 'none'" },
  { header: "default-src 'self'" },
  { header: "default-src 'self'; script-src 'self' 'unsafe-inline'" },
  { header: "default-src 'self'; script-src 'self' 'unsafe-eval'" },
  { header: "default-src 'self'; style-src 'self' 'unsafe-inline'" },
  { header: 'default-src https:' },
  { header: "default-src 'self'; img-src http://images.example.net" },
  { header: "default-src 'self'; script-src http://cdn.example.net" },
  { header: "script-src 'nonce-abc123' 'strict-dynamic' 'unsafe-inline' https:; object-src 'none'" },
  { header: "script-src 'strict-dynamic'; object-src 'none'" },
  { header: "default-src 'self'; default-src 'none'" },
  { header: "default-src 'self'; report-uri /a; report-uri /b" },
  { header: 'x' },
  { header: ["default-src 'self' https://a.example.net", 'default-src https://a.example.net'] },
  { meta: "default-src 'self'" },
  { meta: "default-src 'none'; frame-ancestors 'none'" },
  { reportOnly: "default-src 'self'" },
  { header: "default-src 'self' 'unsafe-inline' 'nonce-xyz'" },
  { header: "frame-ancestors 'self'" },
  { header: "default-src 'self'; object-src *" },
  {
    header: "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; frame-ancestors 'none'",
  },
  { header: "default-src 'self' data:" },
  { header: "default-src 'self'; style-src 'self' 'unsafe-eval'" },
  { header: "default-src 'self'", meta: "script-src 'self' 'unsafe-inline'" },
];
const HSTS: readonly (string | readonly string[] | undefined)[] = [
  undefined,
  'max-age=31536000',
  'max-age=300',
  'max-age=63072000; includeSubDomains; preload',
  'includeSubDomains',
  ['max-age=1', 'max-age=2'],
  'max-age=abc',
];
const XFO = [undefined, 'DENY', 'SAMEORIGIN', 'ALLOW-FROM https://example.net', 'bogus'];
const XCTO = [undefined, 'nosniff', 'sniff'];
const REFERRER: readonly { header?: string; meta?: string }[] = [
  {},
  { header: 'no-referrer' },
  { header: 'unsafe-url' },
  { header: 'bogus' },
  { header: 'no-referrer, unsafe-url' },
  { meta: 'origin' },
  { header: 'strict-origin', meta: 'unsafe-url' },
];
const CORP = [undefined, 'same-origin', 'same-site', 'cross-origin', 'bogus'];
const COOKIES: readonly (readonly string[])[] = [
  [],
  ['theme=dark'],
  ['sessionid=1; Secure; HttpOnly; SameSite=Strict'],
  ['sessionid=1; Secure'],
  ['login=1; HttpOnly'],
  ['csrftoken=1; Secure'],
  ['prefs=1; Secure; SameSite=None'],
  ['prefs=1; SameSite=None'],
  ['prefs=1; Secure; SameSite=bogus'],
  ['a=1; Secure; HttpOnly; SameSite=Lax', 'b=2; Secure; SameSite=Lax'],
  ['sessionid=1; Secure; HttpOnly'],
];
const SCRIPTS = [
  '',
  '<script>console.log(1)</script>',
  '<script src="/app.js"></script>',
  '<script src="https://cdn.example.net/lib.js"></script>',
  '<script src="https://cdn.example.net/lib.js" integrity="sha384-abc" crossorigin="anonymous"></script>',
  '<script src="http://cdn.example.net/lib.js"></script>',
  '<script src="http://cdn.example.net/lib.js" integrity="sha384-abc"></script>',
  '<script src="//cdn.example.net/lib.js"></script>',
  '<script src="https://127.0.0.1/local.js" integrity="sha384-abc"></script>',
  '<script src="/app.js" integrity="sha384-abc"></script><script src="https://cdn.example.net/lib.js" integrity="sha384-def"></script>',
];
const HTTP_MODES: readonly NonNullable<FixtureSite['http']>[] = [
  'redirect',
  'serve',
  'redirect-via-http',
  'redirect-off-host',
  'redirect-to-http',
];
const PREFLIGHT: readonly Record<string, string>[] = [
  {},
  { 'access-control-allow-origin': '*' },
  {
    'access-control-allow-origin': 'https://scanner.atalaya.invalid',
    'access-control-allow-credentials': 'true',
  },
];
const TYPES = [
  'text/html; charset=utf-8',
  'text/html; charset=utf-8',
  'text/html; charset=utf-8',
  'application/json',
];
const STATUSES = [200, 200, 200, 200, 200, 200, 403, 302, 500];

export interface CorpusSite {
  readonly name: string;
  readonly site: FixtureSite;
  /** No https, or no plain http, at all: the scan is pointed at a closed port for it. */
  readonly noHttps: boolean;
  readonly noHttp: boolean;
  /** Scanned without trusting the fixtures' CA, as a site with a certificate nobody vouches for. */
  readonly untrusted: boolean;
}

/** A small seeded generator (mulberry32), so every run scans the same corpus. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function observatoryCorpus(size = 200, seed = 20261204): CorpusSite[] {
  return [...mixedSites(size - STRONG, seed), ...strongSites(STRONG, seed)];
}

/** How many of the corpus's sites are well protected but for one thing (grades A+ to B live there). */
const STRONG = 40;

function mixedSites(size: number, seed: number): CorpusSite[] {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[], i: number): T =>
    // The first sites walk each list in order; the rest draw at random.
    (i < list.length ? list[i] : list[Math.floor(random() * list.length)]) as T;
  const sites: CorpusSite[] = [];
  for (let i = 0; i < size; i++) {
    const csp = pick(CSP, i);
    const referrer = pick(REFERRER, i);
    const headers: Record<string, string | readonly string[]> = {
      'content-type': i < 30 ? 'text/html; charset=utf-8' : pick(TYPES, i),
    };
    const set = (name: string, value: string | readonly string[] | undefined) => {
      if (value !== undefined) headers[name] = value;
    };
    set('content-security-policy', csp.header);
    set('content-security-policy-report-only', csp.reportOnly);
    set('strict-transport-security', pick(HSTS, i));
    set('x-frame-options', pick(XFO, i));
    set('x-content-type-options', pick(XCTO, i));
    set('referrer-policy', referrer.header);
    set('cross-origin-resource-policy', pick(CORP, i));
    const cookies = pick(COOKIES, i);
    if (cookies.length > 0) headers['set-cookie'] = cookies;
    const status = i < 30 ? 200 : pick(STATUSES, i);
    if (status === 302) headers['location'] = '/elsewhere';
    const meta = [
      csp.meta ? `<meta http-equiv="Content-Security-Policy" content="${csp.meta}">` : '',
      referrer.meta ? `<meta name="referrer" content="${referrer.meta}">` : '',
    ].join('');
    const body = `<!doctype html><html lang="en"><head>${meta}<title>Site ${i}</title></head><body><h1>Site ${i}</h1>${pick(SCRIPTS, i)}</body></html>`;
    sites.push({
      name: `s${i}`,
      site: { headers, body, status, http: pick(HTTP_MODES, i), preflight: pick(PREFLIGHT, i) },
      noHttps: i >= 30 && i % 10 === 3,
      noHttp: i >= 30 && i % 10 === 6,
      untrusted: i >= 30 && i % 10 === 8,
    });
  }
  return sites;
}

/** Sites with every protection but one thing changed: one header weakened, a cookie, a script, a redirect. */
function strongSites(count: number, seed: number): CorpusSite[] {
  const random = seeded(seed + 1);
  const draw = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const sites: CorpusSite[] = [];
  for (let j = 0; j < count; j++) {
    const headers = new Map<string, string | readonly string[]>(
      Object.entries({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': "default-src 'none'; img-src 'self'; frame-ancestors 'none'",
        'strict-transport-security': 'max-age=31536000',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'same-origin',
        'set-cookie': ['sessionid=1; Secure; HttpOnly; SameSite=Lax'],
      }),
    );
    let scripts = '<script src="/app.js" integrity="sha384-abc"></script>';
    let http: NonNullable<FixtureSite['http']> = 'redirect';
    const change = (name: string, value: string | readonly string[] | undefined) => {
      if (value === undefined) headers.delete(name);
      else headers.set(name, value);
    };
    switch (j % 8) {
      case 0:
        change('content-security-policy', draw(CSP).header);
        break;
      case 1:
        change('strict-transport-security', draw(HSTS));
        break;
      case 2:
        change('x-frame-options', draw(XFO));
        change('content-security-policy', "default-src 'none'; img-src 'self'");
        break;
      case 3:
        change('x-content-type-options', draw(XCTO));
        break;
      case 4:
        change('referrer-policy', draw(REFERRER).header);
        break;
      case 5:
        change('cross-origin-resource-policy', draw(CORP));
        break;
      case 6:
        change('set-cookie', draw(COOKIES));
        break;
      default:
        scripts = draw(SCRIPTS);
        http = draw(HTTP_MODES);
    }
    sites.push({
      name: `strong${j}`,
      site: {
        headers: Object.fromEntries(headers),
        body: `<!doctype html><html lang="en"><title>Strong ${j}</title><h1>Strong ${j}</h1>${scripts}</html>`,
        http,
      },
      noHttps: false,
      noHttp: false,
      untrusted: false,
    });
  }
  return sites;
}
