import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GRANTABLE_MODULES,
  networkRouteAccess,
  roleAllows,
  ROLES,
  routeAccess,
  type OrgId,
  type Role,
} from './modules/identity/index.js';
import type { App, RouteEntry } from './platform/http.js';
import { collectionIdOf } from './modules/network/index.js';
import { freshServices } from './test/db.js';
import { exampleOf, type JsonSchema } from './test/examples.js';
import { makeOrg, makeUser } from './test/factories.js';
import { Client, errorId, startApp, type TestResponse } from './test/http.js';

/**
 * The authorisation matrix, as the security review ran it by hand: every route the app registers × every
 * kind of caller (each role of the organisation, advisers under read and write grants, a network
 * coordinator, the operator, a tech-company liaison, a civil-society member, anonymous, and a foreign
 * organisation's members on their own path with the victim's ids), each with a valid body and the victim's
 * real ids. The expected answer comes from the permission table; refused calls are checked to write
 * nothing by a hash of every table. A route the matrix does not know fails it.
 */
let services: Awaited<ReturnType<typeof freshServices>>;
let app: App;
let base: string;
let close: () => Promise<void>;

/** The OpenAPI operations by "METHOD /path/:param". */
let operations: Map<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>;
/** The victim organisation, its objects' real ids by parameter name, and its people. */
let victim: OrgId;
const ids: Record<string, string> = {};
const callers = new Map<string, Client>();

/** Routes outside organisations, each with who may call it; the matrix refuses a route in neither list. */
const PUBLIC = [
  /^POST \/api\/v1\/auth\//,
  /^POST \/api\/v1\/invitations\/(lookup|accept)$/,
  /^GET \/api\/v1\/(openapi\.json|docs)$/,
  /^(GET|POST) \/(issuers|status|verify|learn)(\/|$)/,
  /^GET \/(healthz|readyz|metrics|public\.css)$/,
  /^GET \/(\*|public\/assets\/\*)?$/,
];
const SIGNED_IN = [
  /^GET \/taxii2\/?$/,
  /^(GET|PATCH) \/api\/v1\/me$/,
  /^\w+ \/api\/v1\/me\//,
  /^GET \/api\/v1\/(events|assessment-packs|roadmap\/import-template)/,
];
const OPERATOR = [/^\w+ \/api\/v1\/admin\//, /^POST \/api\/v1\/assessment-packs$/];

const UPLOADS: Record<string, { type: string; body: string; query?: string }> = {
  'POST /api/v1/orgs/:orgId/assessments/:assessmentId/answers/:controlId/evidence': {
    type: 'application/pdf',
    body: '%PDF-1.4 evidence',
  },
  'PUT /api/v1/orgs/:orgId/roadmap/missions/:missionId/report': {
    type: 'application/pdf',
    body: '%PDF-1.4 report',
  },
  'POST /api/v1/orgs/:orgId/roadmap/missions/:missionId/import/check': {
    type: 'text/csv',
    body: 'title\nTrain staff\n',
  },
  'POST /api/v1/orgs/:orgId/roadmap/missions/:missionId/import': {
    type: 'text/csv',
    body: 'title\nTrain staff\n',
    query: '',
  },
  'POST /api/v1/networks/:networkId/comments/:commentId/attachments': {
    type: 'application/pdf',
    body: '%PDF-1.4 lure',
  },
  'POST /api/v1/orgs/:orgId/training/courses/:courseId/toolkit': {
    type: 'application/pdf',
    body: '%PDF-1.4 slides',
  },
};

/** Query strings the schema alone cannot make valid (a required search term). */
const QUERIES: Record<string, string> = {
  'GET /api/v1/networks/:networkId/search': '?q=results',
};

/** Bodies the schema alone cannot make valid (whole documents), declared here as the route's example. */
const EXAMPLES: Record<string, () => Promise<unknown>> = {
  'PATCH /api/v1/orgs/:orgId/members/:userId': () => Promise.resolve({ role: 'viewer' }),
  'POST /api/v1/orgs/:orgId/training/courses': async () => ({
    ...(JSON.parse(await readFile('content/courses/cyber-hygiene-1.0.0.json', 'utf8')) as object),
    version: `1.0.${Math.floor(Math.random() * 1e6)}`,
  }),
  'POST /api/v1/orgs/:orgId/assessments/import': async () => {
    const admin = callers.get('org_admin');
    return (await admin?.get(`/api/v1/orgs/${victim}/assessments/${ids['assessmentId']}/export.json`))?.body;
  },
};

const key = (route: { method: string; url: string }) => `${route.method} ${route.url}`;

function fill(url: string, orgId: string): string {
  return url.replace(/:(\w+)/g, (_whole, name: string) =>
    name === 'orgId' ? orgId : (ids[name] ?? crypto.randomUUID()),
  );
}

async function call(client: Client, route: RouteEntry, orgId: string): Promise<TestResponse> {
  const path = fill(route.url, orgId) + (QUERIES[key(route)] ?? '');
  const upload = UPLOADS[key(route)];
  if (upload)
    return client.request(
      route.method,
      `${path}${upload.query ?? '?filename=file.bin'}`,
      new Blob([upload.body]),
      {
        'content-type': upload.type,
      },
    );
  const example = EXAMPLES[key(route)];
  const schema = operations.get(key(route))?.requestBody?.content['application/json']?.schema;
  const body = example ? await example() : schema ? exampleOf(schema, ids) : undefined;
  return client.request(route.method, path, route.method === 'GET' ? undefined : body);
}

/** A digest of every row of every table: refused calls must leave it as it was. */
async function databaseDigest(): Promise<string> {
  const { rows } = await sql<{ t: string }>`
    SELECT table_name AS t FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`.execute(services.db);
  const parts: string[] = [];
  for (const { t } of rows) {
    const digest = await sql<{ d: string | null }>`
      SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS d FROM ${sql.table(t)} x`.execute(services.db);
    parts.push(`${t}:${digest.rows[0]?.d ?? ''}`);
  }
  return parts.join('\n');
}

async function signIn(name: string, opts: Parameters<typeof makeUser>[1]): Promise<Client> {
  const user = await makeUser(services, opts);
  const client = new Client(base);
  expect((await client.login(user.email)).status).toBe(200);
  callers.set(name, client);
  ids[`${name}UserId`] = user.userId;
  return client;
}

const orgRoutes = () => app.routeTable().filter((r) => r.url.startsWith('/api/v1/orgs/:orgId'));
const networkRoutes = () => app.routeTable().filter((r) => networkRouteAccess(r) !== undefined);

/** What the permission table says `caller` gets on the victim's path: null when the gate lets it through. */
function expected(caller: string, route: RouteEntry): { status: number; id: string } | null {
  const access = routeAccess(route) ?? [];
  if (caller === 'anonymous') return { status: 401, id: 'unauthenticated' };
  const role = (ROLES as readonly string[]).includes(caller) ? (caller as Role) : undefined;
  if (role)
    return access.every((c) => roleAllows(role, c.area, c.level))
      ? null
      : { status: 403, id: 'role_forbidden' };
  const grant = caller === 'adviserRead' ? 'read' : caller === 'adviserWrite' ? 'write' : undefined;
  const granted: readonly string[] = GRANTABLE_MODULES;
  if (grant && access.every((c) => granted.includes(c.area) && (c.level === 'read' || grant === 'write')))
    return null;
  return { status: 404, id: 'organisation_not_found' };
}

/**
 * What a caller gets on a route of the network the victim belongs to (as a member) beside the coordinator's
 * organisation: null when the gate lets it through. Grants give no standing in a network.
 */
function expectedInNetwork(caller: string, route: RouteEntry): { status: number; id: string } | null {
  const access = networkRouteAccess(route);
  if (!access) throw new Error(`${key(route)} is not a network route`);
  if (caller === 'anonymous') return { status: 401, id: 'unauthenticated' };
  if (caller === 'coordinator') return null;
  const role = (ROLES as readonly string[]).includes(caller) ? (caller as Role) : undefined;
  if (!role) return { status: 404, id: 'network_not_found' };
  if (access.need === 'coordinator') return { status: 403, id: 'network_coordinator_only' };
  return roleAllows(role, 'network', access.level) ? null : { status: 403, id: 'role_forbidden' };
}

beforeAll(async () => {
  services = await freshServices();
  ({ app, base, close } = await startApp(services));
  operations = new Map(
    Object.entries(
      (app.swagger() as unknown as { paths: Record<string, Record<string, object>> }).paths,
    ).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => [
        `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        op as { requestBody?: { content: Record<string, { schema: JsonSchema }> } },
      ]),
    ),
  );
  victim = await makeOrg(services, { units: ['North'] });
  const foreign = await makeOrg(services);
  for (const role of ROLES) {
    await signIn(role, { orgId: victim, role });
    await signIn(`foreign_${role}`, { orgId: foreign, role });
  }
  const providerRead = await makeOrg(services, { type: 'assistance_provider' });
  const providerWrite = await makeOrg(services, { type: 'assistance_provider' });
  await signIn('adviserRead', { orgId: providerRead, role: 'org_admin' });
  await signIn('adviserWrite', { orgId: providerWrite, role: 'org_admin' });
  await signIn('liaison', { orgId: await makeOrg(services, { type: 'tech_company' }), role: 'org_admin' });
  await signIn('civilSociety', { orgId: await makeOrg(services, { type: 'cso' }), role: 'org_admin' });
  await signIn('operator', { operator: true, noOrg: true });
  const coordinatorOrg = await makeOrg(services, { type: 'assistance_provider' });
  await signIn('coordinator', { orgId: coordinatorOrg, role: 'org_admin' });
  const operator = callers.get('operator');
  const network = await operator?.post('/api/v1/admin/networks', {
    name: `Network ${crypto.randomUUID().slice(0, 8)}`,
    members: [
      { orgId: victim, role: 'member' },
      { orgId: coordinatorOrg, role: 'coordinator' },
    ],
  });
  ids['networkId'] = (network?.body as { id: string }).id;
  callers.set('anonymous', new Client(base));
  await makeVictimObjects({ providerRead, providerWrite, foreign });
});
afterAll(async () => {
  await close();
  await services.close();
});

/** The victim's real objects, made as its administrator; their ids fill every path and body. */
async function makeVictimObjects(orgs: { providerRead: OrgId; providerWrite: OrgId; foreign: OrgId }) {
  const admin = callers.get('org_admin') ?? new Client(base);
  const v = `/api/v1/orgs/${victim}`;
  const idOf = (res: TestResponse, path: (b: never) => string | undefined = (b: { id?: string }) => b.id) => {
    expect(res.status, res.text).toBeLessThan(300);
    return path(res.body as never) ?? '';
  };
  Object.assign(ids, {
    userId: ids['viewerUserId'] ?? '',
    controlId: 'GOV-01',
    domainId: 'GOV',
    packId: 'electoral-cyber-preparedness',
    version: '1.0.0',
    courseId: 'cyber-hygiene',
    kind: 'post',
    format: 'pdf',
    granteeOrgId: orgs.providerRead,
    ownerUserId: ids['analystUserId'] ?? '',
  });
  ids['electionId'] = idOf(
    await admin.post(`${v}/elections`, { name: 'General 2027', kind: 'general', pollingDay: '2027-06-01' }),
  );
  ids['assessmentId'] = idOf(
    await admin.post(`${v}/assessments`, {
      title: 'Baseline',
      tier: 'B',
      packId: 'electoral-cyber-preparedness',
      packVersion: '1.0.0',
    }),
  );
  ids['evidenceId'] = idOf(
    await admin.request(
      'POST',
      `${v}/assessments/${ids['assessmentId']}/answers/GOV-01/evidence?filename=e.pdf`,
      new Blob(['%PDF-1.4 e']),
      { 'content-type': 'application/pdf' },
    ),
  );
  const itemSchema = operations.get('POST /api/v1/orgs/:orgId/roadmap/items')?.requestBody?.content[
    'application/json'
  ]?.schema;
  ids['itemId'] = idOf(
    await admin.post(`${v}/roadmap/items`, {
      ...(exampleOf(itemSchema ?? {}, ids) as object),
      title: 'Train staff',
    }),
  );
  ids['missionId'] = idOf(await admin.post(`${v}/roadmap/missions`, { name: 'TEAM 2026', kind: 'team' }));
  ids['planId'] = idOf(
    await admin.post(`${v}/roadmap/plans`, { title: 'Plan', startsYear: 2026, endsYear: 2029 }),
  );
  const session = await admin.post(`${v}/training/sessions`, {
    courseId: 'cyber-hygiene',
    courseVersion: '1.0.0',
    title: 'Polling staff',
    startsOn: '2026-12-01',
    audience: 'officials',
    lead: { userId: ids['trainerUserId'] },
  });
  ids['sessionId'] = idOf(session, (b: { session: { id: string } }) => b.session.id);
  await admin.post(`${v}/training/sessions/${ids['sessionId']}/roster`, {
    people: [{ name: 'Ana Pérez', email: 'ana@example.org' }],
  });
  const view = (await admin.get(`${v}/training/sessions/${ids['sessionId']}`)).body as {
    roster: { person: { id: string } }[];
  };
  ids['personId'] = view.roster[0]?.person.id ?? '';
  ids['fileId'] = idOf(
    await admin.request(
      'POST',
      `${v}/training/courses/cyber-hygiene/toolkit?filename=s.pdf`,
      new Blob(['%PDF-1.4 s']),
      {
        'content-type': 'application/pdf',
      },
    ),
  );
  const item = (await admin.get(`${v}/roadmap/items/${ids['itemId']}`)).body as { version: number };
  ids['milestoneId'] = idOf(
    await admin.post(`${v}/roadmap/items/${ids['itemId']}/milestones`, {
      title: 'First',
      version: item.version,
    }),
    (b: { milestones?: { id: string }[]; id?: string }) => b.milestones?.[0]?.id ?? b.id,
  );
  for (const [provider, level] of [
    [orgs.providerRead, 'read'],
    [orgs.providerWrite, 'write'],
  ] as const)
    ids[`grant_${level}`] = idOf(
      await admin.post(`${v}/grants`, { granteeOrgId: provider, modules: [...GRANTABLE_MODULES], level }),
    );
  ids['grantId'] = ids['grant_read'] ?? '';
  const n = `/api/v1/networks/${ids['networkId']}`;
  ids['incidentId'] = idOf(
    await admin.post(`${n}/incidents`, {
      title: 'Defacement of the results page',
      category: 'defacement',
      severity: 'high',
      detectedAt: '2027-01-10T10:00:00Z',
      tlp: 'green',
    }),
  );
  ids['indicatorId'] = idOf(
    await admin.post(`${n}/indicators`, { observable: { kind: 'ipv4', value: '192.0.2.10' }, tlp: 'green' }),
  );
  ids['commentId'] = idOf(await admin.post(`${n}/incidents/${ids['incidentId']}/comments`, { text: 'Seen' }));
  ids['sha256'] = idOf(
    await admin.request(
      'POST',
      `${n}/comments/${ids['commentId']}/attachments?filename=a.pdf`,
      new Blob(['%PDF']),
      {
        'content-type': 'application/pdf',
      },
    ),
    (b: { attachments: { sha256: string }[] }) => b.attachments[0]?.sha256,
  );
  ids['advisoryId'] = idOf(
    await (callers.get('coordinator') ?? admin).post(`${n}/advisories`, {
      title: 'Patch the results server',
      content: 'Today.',
      tlp: 'green',
    }),
  );
  ids['playbookId'] = idOf(
    await admin.post(`${n}/playbooks`, {
      title: 'Results night',
      content: 'Steps',
      lang: 'en',
      tlp: 'green',
    }),
  );
  // A .invalid name never resolves (RFC 6761): scanning it fails at once, as a site that is down.
  ids['propertyId'] = idOf(
    await admin.post(`${v}/webwatch/properties`, {
      url: 'https://results.victim.invalid/',
      name: 'Results site',
      purpose: 'results',
    }),
  );
  ids['scanId'] = idOf(
    await admin.post(`${v}/webwatch/properties/${ids['propertyId']}/scans`),
    (b: { summary: { id: string } }) => b.summary.id,
  );
  ids['finding'] = 'site_down';
  ids['collectionId'] = collectionIdOf(ids['networkId'] ?? '', 'green');
  ids['objectId'] = ids['indicatorId'] ?? '';
}

/** Each network route with each caller: the expected answer, or null when the gate lets it through. */
function* networkCalls(): Generator<[string, Client, RouteEntry, ReturnType<typeof expectedInNetwork>]> {
  for (const [name, client] of callers)
    for (const route of networkRoutes()) yield [name, client, route, expectedInNetwork(name, route)];
}

describe('authorisation matrix', () => {
  it('knows every route the app registers', () => {
    const unknown = app
      .routeTable()
      .map(key)
      .filter(
        (k) =>
          !k.includes(' /api/v1/orgs/:orgId') &&
          !networkRoutes().some((r) => key(r) === k) &&
          ![...PUBLIC, ...SIGNED_IN, ...OPERATOR].some((p) => p.test(k)),
      );
    expect(unknown).toEqual([]);
    expect(orgRoutes().length).toBeGreaterThan(80);
    expect(networkRoutes().length).toBeGreaterThan(8);
    // TAXII's API roots are network routes, behind the same gate.
    expect(networkRoutes().filter((r) => r.url.startsWith('/taxii2/')).length).toBe(10);
  });

  it('refuses every caller the permission table refuses, with the right answer, and writes nothing', async () => {
    const before = await databaseDigest();
    let refused = 0;
    for (const [name, client] of callers)
      for (const route of orgRoutes()) {
        const want = expected(name, route);
        if (!want) continue;
        const res = await call(client, route, victim);
        expect({ status: res.status, id: errorId(res) }, `${name} ${key(route)}`).toEqual(want);
        refused += 1;
      }
    for (const [name, client, route, want] of networkCalls()) {
      if (!want) continue;
      const res = await call(client, route, victim);
      expect({ status: res.status, id: errorId(res) }, `${name} ${key(route)}`).toEqual(want);
      refused += 1;
    }
    expect(await databaseDigest()).toBe(before);
    expect(refused).toBeGreaterThan(1000);
  });

  it("gives a foreign organisation's members nothing of the victim's objects on their own path", async () => {
    const before = await databaseDigest();
    const objectParams =
      /:(assessmentId|evidenceId|itemId|milestoneId|missionId|planId|sessionId|personId|fileId|electionId|grantId|userId|propertyId|scanId)\b/;
    const foreignOrg =
      (
        (await callers.get('foreign_org_admin')?.get('/api/v1/me'))?.body as {
          memberships: { orgId: string }[];
        }
      ).memberships[0]?.orgId ?? '';
    for (const role of ROLES) {
      const client = callers.get(`foreign_${role}`) ?? new Client(base);
      for (const route of orgRoutes().filter((r) => objectParams.test(r.url))) {
        const res = await call(client, route, foreignOrg);
        expect(
          res.status,
          `foreign ${role} ${key(route)} → ${res.status} ${res.text.slice(0, 120)}`,
        ).toBeGreaterThanOrEqual(400);
      }
    }
    expect(await databaseDigest()).toBe(before);
  });

  it('lets through every caller the permission table allows, with bodies the routes accept', async () => {
    const invalid: string[] = [];
    for (const name of [
      'adviserRead',
      'adviserWrite',
      'viewer',
      'staff',
      'trainer',
      'analyst',
      'security_lead',
      'org_admin',
    ]) {
      const client = callers.get(name) ?? new Client(base);
      for (const route of orgRoutes()) {
        if (expected(name, route)) continue;
        const res = await call(client, route, victim);
        const label = `${name} ${key(route)} → ${res.status} ${res.text.slice(0, 160)}`;
        expect(res.status, label).toBeLessThan(500);
        expect(['organisation_not_found', 'role_forbidden', 'unauthenticated'], label).not.toContain(
          errorId(res),
        );
        if (name === 'org_admin' && errorId(res) === 'invalid_input') invalid.push(label);
      }
    }
    for (const [name, client, route, want] of networkCalls()) {
      if (want) continue;
      const res = await call(client, route, victim);
      const label = `${name} ${key(route)} → ${res.status} ${res.text.slice(0, 160)}`;
      expect(res.status, label).toBeLessThan(500);
      expect(['network_not_found', 'role_forbidden', 'unauthenticated'], label).not.toContain(errorId(res));
      if (errorId(res) === 'invalid_input') invalid.push(label);
    }
    expect(invalid).toEqual([]);
  });

  it('refuses an outsider before reading the body: malformed or too large, the answer is the same 404', async () => {
    const outsider = callers.get('foreign_org_admin') ?? new Client(base);
    const path = `/api/v1/orgs/${victim}/elections`;
    for (const body of ['{not json', JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) })]) {
      const res = await outsider.request('POST', path, body);
      expect({ status: res.status, id: errorId(res) }).toEqual({ status: 404, id: 'organisation_not_found' });
    }
    const viewer = await callers.get('viewer')?.request('POST', path, '{not json');
    expect(viewer && errorId(viewer)).toBe('role_forbidden');
  });

  it('refuses operator-only routes to everyone but the operator', async () => {
    for (const [name, client] of callers) {
      if (name === 'operator') continue;
      for (const path of ['/api/v1/admin/orgs', '/api/v1/admin/networks', '/api/v1/admin/outbox'])
        expect((await client.get(path)).status, `${name} ${path}`).toBe(name === 'anonymous' ? 401 : 403);
    }
    expect((await callers.get('operator')?.get('/api/v1/admin/outbox'))?.status).toBe(200);
  });

  it('refuses anonymous callers on every route that needs a signed-in caller', async () => {
    const anonymous = new Client(base);
    for (const route of app.routeTable()) {
      if (PUBLIC.some((p) => p.test(key(route)))) continue;
      const res = await anonymous.request(
        route.method,
        fill(route.url, victim),
        route.method === 'GET' ? undefined : {},
      );
      expect(res.status, key(route)).toBe(401);
    }
  });
});
