import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from './test/db.js';
import { makeOrg, makeUser } from './test/factories.js';
import { Client, startApp } from './test/http.js';
import type { App } from './platform/http.js';

/**
 * The authorisation matrix: every API route in the OpenAPI document, called by an anonymous caller and by
 * members of another organisation in every role.
 */
let services: Awaited<ReturnType<typeof freshServices>>;
let app: App;
let base: string;
let close: () => Promise<void>;

const PUBLIC = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/mfa/totp',
  'POST /api/v1/auth/mfa/passkey',
  'POST /api/v1/auth/mfa/passkey/options',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/complete',
  'POST /api/v1/invitations/lookup',
  'POST /api/v1/invitations/accept',
  // Certificates are verified by anyone, anywhere: issuer documents, status lists, the verification page.
  'GET /issuers/:orgId',
  'GET /status/:listId',
  'GET /verify/:id.json',
  'GET /verify/:id',
  'POST /verify',
  'GET /verify',
  'POST /verify/check',
  // Learners have no account: the QR code's rotating code, a one-time ticket, or their personal link.
  'GET /learn/checkin/:sessionId',
  'POST /learn/checkin/:sessionId',
  'POST /learn/checkin/:sessionId/confirm',
  'GET /learn/:token',
  'GET /learn/:token/lessons',
  'POST /learn/:token/tests/:kind',
  'POST /learn/:token/tests/:kind/answers',
]);

interface Route {
  method: string;
  path: string;
}

function routes(): Route[] {
  const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{(\w+)\}/g, ':$1'),
    })),
  );
}

function fill(path: string, orgId: string): string {
  return path.replace(':orgId', orgId).replace(/:(\w+)/g, () => crypto.randomUUID());
}

async function auditCount(): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_events`.execute(
    services.db,
  );
  return Number(rows[0]?.n);
}

beforeAll(async () => {
  services = await freshServices();
  ({ app, base, close } = await startApp(services));
});
afterAll(async () => {
  await close();
  await services.close();
});

describe('authorisation matrix', () => {
  it('knows a reasonable number of routes', () => {
    expect(routes().length).toBeGreaterThan(25);
  });

  it('refuses anonymous callers on every non-public route with 401', async () => {
    const victim = await makeOrg(services);
    for (const route of routes()) {
      if (PUBLIC.has(`${route.method} ${route.path}`)) continue;
      const res = await new Client(base).request(
        route.method,
        fill(route.path, victim),
        route.method === 'GET' ? undefined : {},
      );
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it("gives members of organisation A, in every role, no access to organisation B's resources", async () => {
    const orgA = await makeOrg(services);
    const orgB = await makeOrg(services);
    await makeUser(services, { orgId: orgB, role: 'org_admin' });
    const before = await auditCount();
    for (const role of ['org_admin', 'security_lead', 'analyst', 'trainer', 'staff', 'viewer'] as const) {
      const { email } = await makeUser(services, { orgId: orgA, role });
      const client = new Client(base);
      await client.login(email);
      const afterLogin = await auditCount();
      for (const route of routes().filter((r) => r.path.includes(':orgId'))) {
        const res = await client.request(
          route.method,
          fill(route.path, orgB),
          route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        );
        const label = `${role} ${route.method} ${route.path} → ${res.status}`;
        if (route.method === 'GET' || route.method === 'DELETE')
          expect([403, 404], label).toContain(res.status);
        else expect([400, 403, 404], label).toContain(res.status);
      }
      expect(await auditCount(), `${role} wrote nothing`).toBe(afterLogin);
    }
    expect(await auditCount()).toBeGreaterThan(before);
  });

  it('refuses operator-only routes to organisation admins', async () => {
    const { email } = await makeUser(services, { role: 'org_admin' });
    const client = new Client(base);
    await client.login(email);
    for (const path of ['/api/v1/admin/orgs', '/api/v1/admin/networks', '/api/v1/admin/outbox']) {
      expect((await client.get(path)).status, path).toBe(403);
    }
    expect(
      (await client.post('/api/v1/admin/orgs', { name: 'Sneaky', type: 'emb', country: 'XA' })).status,
    ).toBe(403);
  });
});
