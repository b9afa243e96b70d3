import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CA, startFixtureSites, type FixtureServer } from '../../test/web-fixtures.js';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from './fetch.js';
import { scanUrl } from './scan.js';

let sites: FixtureServer;
const trusting: FetchPolicy = {
  ...DEFAULT_FETCH_POLICY,
  allowPrivate: true,
  ca: FIXTURE_CA,
  timeoutMs: 2_000,
};
const now = new Date('2026-12-04T12:00:00Z');

beforeAll(async () => {
  sites = await startFixtureSites({
    council: {
      headers: {
        'strict-transport-security': 'max-age=31536000',
        'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'set-cookie': ['sessionid=1; Path=/; HttpOnly', 'lang=es; Secure; SameSite=Lax'],
      },
      body:
        '<!doctype html><html lang="es"><title>Consejo Electoral</title><h1>Resultados</h1>' +
        '<script src="/app.js"></script><script src="https://cdn.example.net/lib.js"></script>' +
        '<script>window.x = 1</script><img src="http://images.example.net/logo.png">' +
        '<iframe src="http://maps.example.net/"></iframe><a href="/voto-exterior/">Voto</a>',
    },
    loop: { http: 'serve', status: 302, headers: { location: '/loop/' } },
    hanging: { slow: 10_000 },
    huge: { body: `<!doctype html><title>Huge</title>${'<p>lorem ipsum</p>'.repeat(200_000)}` },
  });
});
afterAll(() => sites.close());

const scan = (name: string, policy: FetchPolicy = trusting, scheme: 'http' | 'https' = 'https') =>
  scanUrl(sites.url(name, scheme), {
    policy,
    now: () => now,
    ports: { http: sites.httpPort, https: sites.httpsPort },
  });

describe('a scan of a web address', () => {
  it('reports availability, redirects, the certificate, the grade, cookies, scripts and mixed content', async () => {
    sites.securityTxt = {
      body: 'Contact: mailto:seguridad@consejo.example\nExpires: 2027-06-01T00:00:00Z\n',
      type: 'text/plain; charset=utf-8',
    };
    const report = await scan('council', trusting, 'http');
    expect(report.availability).toMatchObject({ up: true, status: 200, error: null });
    expect(report.availability.redirects).toEqual([{ url: sites.url('council', 'http').href, status: 301 }]);
    expect(report.availability.finalUrl).toBe(sites.url('council').href);
    expect(report.tls).toMatchObject({
      protocol: 'TLSv1.3',
      subject: '127.0.0.1',
      issuer: 'Atalaya test CA',
      trusted: true,
    });
    expect(report.tls?.daysToExpiry).toBeGreaterThan(36_000);
    // A session cookie without Secure (-10 under HSTS) and a third-party script without integrity (-5) make 85:
    // under 90, so the CSP and frame-ancestors bonuses do not count.
    expect(report.observatory?.tests.cookies.result).toBe(
      'cookies-session-without-secure-flag-but-protected-by-hsts',
    );
    expect(report.observatory?.tests['subresource-integrity'].result).toBe(
      'sri-not-implemented-but-external-scripts-loaded-securely',
    );
    expect(report.observatory).toMatchObject({ score: 85, grade: 'A-' });
    expect(report.cookies).toEqual([
      { name: 'sessionid', secure: false, httpOnly: true, sameSite: null },
      { name: 'lang', secure: true, httpOnly: false, sameSite: 'lax' },
    ]);
    expect(report.scripts).toEqual({
      external: [
        { src: '/app.js', thirdParty: false, integrity: false },
        { src: 'https://cdn.example.net/lib.js', thirdParty: true, integrity: false },
      ],
      inline: 1,
    });
    expect(report.mixedContent).toEqual({
      active: ['http://maps.example.net/'],
      passive: ['http://images.example.net/logo.png'],
    });
    expect(report.securityTxt).toMatchObject({
      found: true,
      problems: [],
      contacts: ['mailto:seguridad@consejo.example'],
    });
  });

  it('says a certificate nobody vouches for is not trusted, and still grades what the site sends', async () => {
    const report = await scan('council', { ...trusting, ca: undefined });
    expect(report.tls).toMatchObject({ trusted: false, hostnameMatches: true });
    expect(report.tls?.error).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(report.observatory?.tests['strict-transport-security'].result).toBe('hsts-invalid-cert');
  });

  it('refuses loopback addresses, by number or by name, unless the operator allows them; nothing is fetched', async () => {
    const before = sites.hits.get('council') ?? 0;
    const closed = { ...trusting, allowPrivate: false };
    for (const url of [sites.url('council'), new URL(`https://localhost:${sites.httpsPort}/council/`)]) {
      const report = await scanUrl(url, { policy: closed, now: () => now });
      expect(report.availability).toMatchObject({ up: false, error: { reason: 'refused_address' } });
      expect(report.availability.error?.message).toContain('ATALAYA_SCAN_ALLOW_PRIVATE=true');
      expect(report.observatory).toBeNull();
    }
    expect(sites.hits.get('council') ?? 0).toBe(before);
  });

  it('stops following a redirect loop after ten hops and calls the site down', async () => {
    const report = await scan('loop', trusting, 'http');
    expect(report.availability).toMatchObject({ up: false, status: 302 });
    expect(report.availability.redirects).toHaveLength(10);
  });

  it('gives up on a page that does not answer in time, without waiting for it', async () => {
    const started = performance.now();
    const report = await scan('hanging', { ...trusting, timeoutMs: 300 });
    expect(report.availability).toMatchObject({ up: false, error: { reason: 'timeout' } });
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('reads no more of a huge page than its cap', async () => {
    const report = await scan('huge', { ...trusting, maxBytes: 64 * 1024 });
    expect(report.availability).toMatchObject({ up: true, bytes: 64 * 1024, truncated: true });
    expect(report.observatory?.grade).toBeDefined();
  });
});
