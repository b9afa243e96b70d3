import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from './test/db.js';
import { makeUser } from './test/factories.js';
import { Client, startApp, type TestResponse } from './test/http.js';

let services: Awaited<ReturnType<typeof freshServices>>;
let base: string;
let close: () => Promise<void>;
let admin: Client;
let orgId: string;

async function rowCounts(): Promise<string> {
  const { rows } = await sql<{ n: string }>`
    SELECT (SELECT count(*) FROM audit_events) || '/' || (SELECT count(*) FROM elections) || '/' || (SELECT count(*) FROM invitations) || '/' || (SELECT count(*) FROM users) AS n`.execute(
    services.db,
  );
  return rows[0]?.n ?? '';
}

function expectClientError(res: TestResponse, status?: number): void {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  if (status) expect(res.status).toBe(status);
  const body = res.body as { error?: { id?: unknown; message?: unknown } };
  expect(typeof body.error?.id).toBe('string');
  expect(typeof body.error?.message).toBe('string');
  expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
}

beforeAll(async () => {
  services = await freshServices();
  ({ base, close } = await startApp(services));
  const user = await makeUser(services, { role: 'org_admin' });
  orgId = user.orgId ?? '';
  admin = new Client(base);
  await admin.login(user.email);
});
afterAll(async () => {
  await close();
  await services.close();
});

describe('bad input answers 4xx with an error body and writes nothing', () => {
  const elections = () => `/api/v1/orgs/${orgId}/elections`;
  const cases: [string, () => Promise<TestResponse>, number?][] = [
    ['malformed JSON', () => admin.request('POST', elections(), '{"name": "x",', {}), 400],
    [
      'an empty JSON body',
      () => admin.request('POST', elections(), '', { 'content-type': 'application/json' }),
      400,
    ],
    [
      'wrong types',
      () => admin.post(elections(), { name: 42, kind: 'general', pollingDay: '2027-01-01' }),
      400,
    ],
    [
      'unknown fields',
      () =>
        admin.post(elections(), { name: 'General', kind: 'general', pollingDay: '2027-01-01', admin: true }),
      400,
    ],
    [
      'an unknown enum value',
      () => admin.post(elections(), { name: 'General', kind: 'coronation', pollingDay: '2027-01-01' }),
      400,
    ],
    [
      'an impossible date',
      () => admin.post(elections(), { name: 'General', kind: 'general', pollingDay: '2027-02-30' }),
      400,
    ],
    [
      'a very long string',
      () => admin.post(elections(), { name: 'x'.repeat(100_000), kind: 'general', pollingDay: '2027-01-01' }),
      400,
    ],
    [
      'an oversized body',
      () => admin.request('POST', elections(), JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) })),
      413,
    ],
    [
      'a phase that ends before it starts',
      () =>
        admin.post(elections(), {
          name: 'General',
          kind: 'general',
          pollingDay: '2027-01-01',
          phases: [{ phase: 'campaign', startsOn: '2026-12-20', endsOn: '2026-12-01' }],
        }),
      400,
    ],
    [
      'an invalid e-mail',
      () => admin.post(`/api/v1/orgs/${orgId}/invitations`, { email: 'not-an-email', role: 'staff' }),
      400,
    ],
    [
      'an unknown role',
      () => admin.post(`/api/v1/orgs/${orgId}/invitations`, { email: 'a@example.org', role: 'king' }),
      400,
    ],
    // The organisation gate runs before parsing: an id that is no organisation's is not found.
    ['a non-uuid organisation id in the path', () => admin.get('/api/v1/orgs/not-a-uuid/elections'), 404],
    [
      'a form-encoded body',
      () =>
        admin.request('POST', elections(), 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
    ],
    ['an unknown API path', () => admin.get('/api/v1/nothing-here'), 404],
    ['a malformed percent-encoding in the path', () => admin.get('/api/v1/orgs/%ED%A0%80/networks'), 400],
    ['a malformed percent-encoding in a page path', () => admin.get('/training/%E0%A4%A'), 400],
    [
      'a NUL character in a string',
      () => admin.post(elections(), { name: 'General\u0000', kind: 'general', pollingDay: '2027-01-01' }),
      400,
    ],
  ];

  for (const [name, send, status] of cases) {
    it(`refuses ${name}`, async () => {
      const before = await rowCounts();
      const res = await send();
      expectClientError(res, status);
      expect(await rowCounts()).toBe(before);
    });
  }
});
