import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from './test/db.js';
import { startApp } from './test/http.js';

let services: Awaited<ReturnType<typeof freshServices>>;
let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  services = await freshServices();
  ({ base, close } = await startApp(services));
});
afterAll(async () => {
  await close();
  await services.close();
});

describe('security headers', () => {
  for (const path of ['/healthz', '/api/v1/me', '/api/v1/openapi.json', '/some/page']) {
    it(`are sent on ${path}`, async () => {
      const res = await fetch(`${base}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
    });
  }

  it('serves health, readiness and Prometheus metrics', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('# TYPE atalaya_http_request_duration_seconds histogram');
    expect(metrics).toContain('process_cpu_user_seconds_total');
  });

  it('publishes an OpenAPI 3.1 document and a readable reference', async () => {
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/auth/login');
    const html = await (await fetch(`${base}/api/v1/docs`)).text();
    expect(html).toContain('POST /api/v1/auth/login');
  });
});
