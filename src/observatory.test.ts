import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices, testConfig } from './test/db.js';
import { makeUser, TEST_PASSWORD } from './test/factories.js';
import { startApp } from './test/http.js';

/**
 * Atalaya's own pages must grade A+ on the MDN HTTP Observatory scoring (shared/reference/webaudit.md §1).
 * This applies the Observatory's header tests and modifiers to our responses, as served behind HTTPS
 * (PUBLIC_URL https). The redirection test depends on the deployment's proxy (http → https) and scores 0 there.
 * The full scanner arrives with the webwatch module; this check covers the headers Atalaya itself controls.
 */
interface Scored {
  score: number;
  modifiers: Record<string, number>;
}

function observatoryScore(headers: Headers, setCookies: string[], opts: { coopCoep: boolean }): Scored {
  const csp = headers.get('content-security-policy') ?? '';
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = '', ...values]) => [name, values]),
  );
  const unsafe = /'unsafe-(inline|eval)'|\bhttp:|\*/.test(csp);
  const modifiers: Record<string, number> = {
    csp: !csp ? -25 : unsafe ? -20 : directives.get('default-src')?.join(' ') === "'none'" ? 10 : 5,
    cookies:
      setCookies.length === 0
        ? 0
        : setCookies.every(
              (c) => /;\s*Secure/i.test(c) && /;\s*HttpOnly/i.test(c) && /;\s*SameSite=(Lax|Strict)/i.test(c),
            )
          ? 5
          : -40,
    referrer: ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(
      headers.get('referrer-policy') ?? '',
    )
      ? 5
      : headers.get('referrer-policy')
        ? -5
        : 0,
    hsts:
      Number(/max-age=(\d+)/.exec(headers.get('strict-transport-security') ?? '')?.[1] ?? -1) >= 15_552_000
        ? 0
        : -20,
    xcto: headers.get('x-content-type-options') === 'nosniff' ? 0 : -5,
    xfo: directives.get('frame-ancestors')
      ? 5
      : ['DENY', 'SAMEORIGIN'].includes(headers.get('x-frame-options') ?? '')
        ? 5
        : -20,
    corp: ['same-origin', 'same-site'].includes(headers.get('cross-origin-resource-policy') ?? '') ? 10 : 0,
    cors:
      headers.get('access-control-allow-origin') === '*' &&
      headers.get('access-control-allow-credentials') === 'true'
        ? -50
        : 0,
    ...(opts.coopCoep && {
      coop: headers.get('cross-origin-opener-policy') === 'same-origin' ? 10 : 0,
      coep: headers.get('cross-origin-embedder-policy') === 'require-corp' ? 10 : 0,
    }),
  };
  const values = Object.values(modifiers);
  const uncurved = 100 + values.filter((v) => v < 0).reduce((a, b) => a + b, 0);
  const withCredit = 100 + values.reduce((a, b) => a + b, 0);
  return { score: Math.max(0, uncurved >= 90 ? withCredit : uncurved), modifiers };
}

function grade(score: number): string {
  return score >= 100 ? 'A+' : score >= 90 ? 'A' : 'below A';
}

let services: Awaited<ReturnType<typeof freshServices>>;
let base: string;
let close: () => Promise<void>;
let email: string;
beforeAll(async () => {
  services = await freshServices();
  ({ base, close } = await startApp(services, {
    config: testConfig({ PUBLIC_URL: 'https://atalaya.example.org' }),
  }));
  ({ email } = await makeUser(services));
});
afterAll(async () => {
  await close();
  await services.close();
});

describe('Observatory grade of our own pages', () => {
  for (const path of ['/', '/signin', '/api/v1/docs']) {
    it(`grades ${path} A+ (algorithm of 1.4.8 and of main)`, async () => {
      const res = await fetch(`${base}${path}`);
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: TEST_PASSWORD }),
      });
      const cookies = login.headers.getSetCookie();
      expect(cookies.length).toBe(1);
      expect(cookies[0]).toMatch(
        /^__Host-atalaya_session=[\w-]+; .*Path=\/; .*HttpOnly; .*Secure; SameSite=Lax/,
      );
      for (const coopCoep of [false, true]) {
        const scored = observatoryScore(res.headers, cookies, { coopCoep });
        expect(grade(scored.score), JSON.stringify(scored)).toBe('A+');
      }
    });
  }
});
