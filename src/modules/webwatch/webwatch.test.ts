import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices, testConfig } from '../../test/db.js';
import { makeOrg, makeUser } from '../../test/factories.js';
import { errorId, startApp, type Client } from '../../test/http.js';
import { signedInAs } from '../../test/network.js';
import { startFixtureSites, TLS_DIR, type FixtureServer } from '../../test/web-fixtures.js';
import { systemActor } from '../../platform/actor.js';
import type { OrgId } from '../identity/index.js';
import { regressions } from './service.js';

let services: Awaited<ReturnType<typeof freshServices>>;
let base: string;
let close: () => Promise<void>;
let sites: FixtureServer;
let orgId: OrgId;
let admin: Client;

beforeAll(async () => {
  // Loopback fixtures, as an operator would allow them on a test machine, with the fixtures' own authority.
  const config = testConfig({
    ATALAYA_SCAN_ALLOW_PRIVATE: 'true',
    ATALAYA_SCAN_CA_FILE: `${TLS_DIR}/ca.pem`,
  });
  services = await freshServices({ config });
  ({ base, close } = await startApp(services, { config }));
  sites = await startFixtureSites({
    council: {
      headers: { 'x-content-type-options': 'nosniff' },
      body: '<!doctype html><html lang="es"><title>Consejo</title><script src="https://cdn.example.net/a.js"></script>',
    },
  });
  orgId = await makeOrg(services, { units: ['Comunicación'] });
  admin = await signedInAs(services, { base, orgId, role: 'org_admin' });
});
afterAll(async () => {
  await close();
  await services.close();
  await sites.close();
});

const api = (path = '') => `/api/v1/orgs/${orgId}/webwatch${path}`;
const rowsIn = async (table: 'web_properties' | 'web_scans' | 'roadmap_items') =>
  Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(services.db)).rows[0]?.n,
  );

describe('web properties', () => {
  it('are added once per address, refuse what is not a web address, and writes nothing when refused', async () => {
    const added = await admin.post(api('/properties'), {
      url: 'HTTPS://Resultados.Consejo.example',
      name: 'Resultados',
      purpose: 'results',
      criticality: 'critical',
    });
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({
      url: 'https://resultados.consejo.example/',
      schedule: 'weekly',
      lastScan: null,
    });
    const before = await rowsIn('web_properties');
    for (const [body, status, id] of [
      [
        { url: 'https://resultados.consejo.example/', name: 'Again', purpose: 'results' },
        409,
        'webwatch_property_exists',
      ],
      [{ url: 'ftp://consejo.example/', name: 'Files', purpose: 'other' }, 400, 'webwatch_url_invalid'],
      [{ url: 'javascript:alert(1)', name: 'Script', purpose: 'other' }, 400, 'webwatch_url_invalid'],
      [{ url: 'https://x.example/', name: 'X', purpose: 'blog' }, 400, 'invalid_input'],
      [
        { url: 'https://x.example/', name: 'Xx', purpose: 'other', ownerUnitId: crypto.randomUUID() },
        400,
        'unit_not_found',
      ],
    ] as const) {
      const res = await admin.post(api('/properties'), body);
      expect({ status: res.status, id: errorId(res) }, JSON.stringify(body)).toEqual({ status, id });
    }
    expect(await rowsIn('web_properties')).toBe(before);
  });

  it('are read by a viewer, who may not change them nor scan them', async () => {
    const viewer = await signedInAs(services, { base, orgId, role: 'viewer' });
    const list = await viewer.get(api('/properties'));
    expect(list.status).toBe(200);
    const [first] = list.body as { id: string }[];
    const scan = await viewer.post(api(`/properties/${first?.id}/scans`));
    expect({ status: scan.status, id: errorId(scan) }).toEqual({ status: 403, id: 'role_forbidden' });
  });
});

describe('a scan from the API', () => {
  it('keeps the result, explains the findings in the reader’s language and sends one to the roadmap once', async () => {
    const property = (
      await admin.post(api('/properties'), {
        url: sites.url('council').href,
        name: 'Consejo',
        purpose: 'main_site',
      })
    ).body as { id: string };
    const scanned = await admin.request(
      'POST',
      api(`/properties/${property.id}/scans`),
      {},
      { 'accept-language': 'es' },
    );
    expect(scanned.status, scanned.text).toBe(201);
    const scan = scanned.body as {
      summary: { id: string; up: boolean; grade: string; origin: string };
      findings: { code: string; title: string; fix: string }[];
      report: { observatory: { tests: Record<string, { pass: boolean }> } };
    };
    expect(scan.summary).toMatchObject({ up: true, origin: 'manual' });
    expect(scan.summary.grade).toMatch(/^[A-F][+-]?$/);
    expect(scan.report.observatory.tests['strict-transport-security']?.pass).toBe(false);
    const hsts = scan.findings.find((f) => f.code === 'hsts_missing');
    expect(hsts?.title).toBe('No se indica a los navegadores que exijan https');
    expect(hsts?.fix).toMatch(/Strict-Transport-Security/);
    expect(scan.findings.map((f) => f.code)).toContain('sri_missing');

    const inFrench = await admin.request('GET', api(`/scans/${scan.summary.id}`), undefined, {
      'accept-language': 'fr',
    });
    const french = (inFrench.body as { findings: { code: string; title: string }[] }).findings;
    expect(french.find((f) => f.code === 'hsts_missing')?.title).not.toBe(hsts?.title);

    const listed = (await admin.get(api(`/properties/${property.id}`))).body as { lastScan: { id: string } };
    expect(listed.lastScan.id).toBe(scan.summary.id);
    expect(((await admin.get(api(`/properties/${property.id}/scans`))).body as unknown[]).length).toBe(1);

    const audit = await sql<{ action: string }>`
      SELECT action FROM audit_events WHERE target_id = ${property.id} ORDER BY at`.execute(services.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['webwatch.property_added', 'webwatch.scanned']);

    const sent = await admin.post(api(`/scans/${scan.summary.id}/findings/hsts_missing/roadmap`));
    expect(sent.status, sent.text).toBe(201);
    const item = (
      await admin.get(`/api/v1/orgs/${orgId}/roadmap/items/${(sent.body as { itemId: string }).itemId}`)
    ).body as { source: string; title: string; area: string };
    expect(item).toMatchObject({ source: 'webwatch', area: 'websites_communication' });
    expect(item.title).toContain('Consejo');
    const items = await rowsIn('roadmap_items');
    const again = await admin.post(api(`/scans/${scan.summary.id}/findings/hsts_missing/roadmap`));
    expect({ status: again.status, id: errorId(again) }).toEqual({
      status: 409,
      id: 'webwatch_finding_on_roadmap',
    });
    const absent = await admin.post(api(`/scans/${scan.summary.id}/findings/site_down/roadmap`));
    expect({ status: absent.status, id: errorId(absent) }).toEqual({
      status: 404,
      id: 'webwatch_finding_not_found',
    });
    expect(await rowsIn('roadmap_items')).toBe(items);
  });

  it("finds nothing of another organisation's properties or scans", async () => {
    const other = await makeOrg(services);
    const outsider = await signedInAs(services, { base, orgId: other, role: 'org_admin' });
    const [mine] = (await admin.get(api('/properties'))).body as {
      id: string;
      lastScan: { id: string } | null;
    }[];
    const theirs = `/api/v1/orgs/${other}/webwatch`;
    expect((await outsider.get(`${theirs}/properties/${mine?.id}`)).status).toBe(404);
    expect((await outsider.post(`${theirs}/properties/${mine?.id}/scans`)).status).toBe(404);
    expect(await outsider.get(`${theirs}/properties`)).toMatchObject({ status: 200, body: [] });
  });
});

describe('a site that does not answer', () => {
  it('is explained in the reader’s language, with the system’s own message kept as evidence', async () => {
    const actor = systemActor('system');
    const added = await services.webwatch.create({
      orgId,
      actor,
      input: {
        url: 'http://127.0.0.1:1/',
        name: 'Closed port',
        purpose: 'other',
        criticality: 'normal',
        schedule: 'off',
        ownerUnitId: null,
      },
    });
    if (!added.ok) throw new Error(added.error.id);
    const scan = await services.webwatch.scanNow({ orgId, propertyId: added.value.id, actor, locale: 'es' });
    if (!scan.ok) throw new Error(scan.error.id);
    const [down] = scan.value.findings;
    expect(down?.code).toBe('site_down');
    expect(down?.explanation).toContain('no se pudo llegar a su nombre ni a su servidor');
    expect(down?.explanation).not.toContain('ECONNREFUSED');
    expect(down?.evidence.join(' ')).toContain('ECONNREFUSED');
  });
});

describe('scheduled scans', () => {
  it('scan what is due across organisations, once per period, and leave alone what is off or archived', async () => {
    // Only this test's properties are on a schedule.
    await sql`UPDATE web_properties SET schedule = 'off'`.execute(services.db);
    sites.set('daily', {
      headers: { 'content-type': 'text/html' },
      body: '<!doctype html><title>Daily</title>',
    });
    const add = async (name: string, schedule: string, client = admin, org: string = orgId) =>
      (
        await client.post(`/api/v1/orgs/${org}/webwatch/properties`, {
          url: sites.url(name).href,
          name,
          purpose: 'other',
          schedule,
        })
      ).body as { id: string };
    const other = await makeOrg(services);
    const theirs = await add(
      'daily',
      'weekly',
      await signedInAs(services, { base, orgId: other, role: 'org_admin' }),
      other,
    );
    const daily = await add('daily', 'daily');
    await add('off', 'off');
    const archived = await add('archived', 'daily');
    expect((await admin.request('DELETE', api(`/properties/${archived.id}`))).status).toBe(204);

    const system = systemActor('system');
    expect(await services.webwatch.scanDue(system)).toEqual({ up: 2, down: 0, failed: 0 });
    const scanned = await sql<{ property_id: string; origin: string }>`
      SELECT property_id, origin FROM web_scans WHERE origin = 'schedule' ORDER BY property_id`.execute(
      services.db,
    );
    expect(scanned.rows.map((r) => r.property_id).sort()).toEqual([daily.id, theirs.id].sort());
    // Nothing is due again until a day (or a week) has passed.
    expect(await services.webwatch.scanDue(system)).toEqual({ up: 0, down: 0, failed: 0 });
    await sql`UPDATE web_scans SET scanned_at = scanned_at - interval '1 day'`.execute(services.db);
    expect(await services.webwatch.scanDue(system)).toEqual({ up: 1, down: 0, failed: 0 });
    const audited = await sql<{ n: string }>`
      SELECT count(*) AS n FROM audit_events WHERE action = 'webwatch.scanned' AND target_id = ${daily.id}`.execute(
      services.db,
    );
    expect(Number(audited.rows[0]?.n)).toBe(2);
  });
});

describe('regression alerts', () => {
  it("mail the organisation's responders once when a site goes down, its grade falls or its certificate nears expiry", async () => {
    const org = await makeOrg(services);
    const lead = await makeUser(services, { orgId: org, role: 'security_lead' });
    await makeUser(services, { orgId: org, role: 'analyst' });
    sites.set('watched', {
      headers: {
        'content-type': 'text/html',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
      },
      body: '<!doctype html><title>Watched</title>',
    });
    const actor = systemActor('system');
    const property = await services.webwatch.create({
      orgId: org,
      actor,
      input: {
        url: sites.url('watched').href,
        name: 'Watched',
        purpose: 'results',
        criticality: 'critical',
        schedule: 'daily',
        ownerUnitId: null,
      },
    });
    if (!property.ok) throw new Error(property.error.id);
    const alerts = async () =>
      (await services.mailer.listOutbox({ limit: 500 })).filter((m) => m.subject.includes('Watched'));
    const scan = async () => {
      services.clock.advance(3_600_000);
      const done = await services.webwatch.scanNow({
        orgId: org,
        propertyId: property.value.id,
        actor,
        locale: 'en',
      });
      if (!done.ok) throw new Error(done.error.id);
      return done.value;
    };
    // The fixture's certificate is valid for years: the first scan finds nothing worse than nothing.
    const first = await scan();
    expect(await alerts()).toEqual([]);

    sites.set('watched', { status: 503, body: 'down for maintenance' });
    await scan();
    const [down, ...others] = await alerts();
    expect(others).toEqual([]);
    expect(down?.to).toBe(lead.email);
    expect(down?.text).toContain('The site does not answer.');
    // Still down: told once, not at every scan.
    await scan();
    expect(await alerts()).toHaveLength(1);

    sites.set('watched', {
      headers: { 'content-type': 'text/html' },
      body: '<!doctype html><title>Watched</title>',
    });
    await scan();
    expect(await alerts()).toHaveLength(1);
    sites.set('watched', {
      headers: {
        'content-type': 'text/html',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
      },
    });
    const better = await scan();
    expect(better.summary.grade).toBe(first.summary.grade);
    sites.set('watched', {
      headers: { 'content-type': 'text/html' },
      body: '<!doctype html><title>Watched</title>',
    });
    await scan();
    const fell = (await alerts()).find((m) => m.text.includes('security grade fell'));
    expect(fell?.text).toContain(`from ${first.summary.grade} to `);
    expect(await alerts()).toHaveLength(2);

    // The certificate is told when it crosses into its last 21 days, not again on each scan after.
    const { tls } = first.report;
    if (!tls) throw new Error('the fixture is served over https');
    const nearing = { ...first.report, tls: { ...tls, daysToExpiry: 20 } };
    expect(regressions({ ...first.summary, tlsDays: 21 }, nearing).map((r) => r.key)).toEqual([
      'webwatch.alert.certificate',
    ]);
    expect(regressions({ ...first.summary, tlsDays: 20 }, nearing)).toEqual([]);
  });
});

describe('the address guard', () => {
  let guarded: Awaited<ReturnType<typeof freshServices>>;
  let guardedBase: string;
  let closeGuarded: () => Promise<void>;
  beforeAll(async () => {
    guarded = await freshServices();
    ({ base: guardedBase, close: closeGuarded } = await startApp(guarded));
  });
  afterAll(async () => {
    await closeGuarded();
    await guarded.close();
  });

  it('refuses private addresses, by literal when added and by resolution when scanned, and keeps nothing', async () => {
    const org = await makeOrg(guarded);
    const client = await signedInAs(guarded, { base: guardedBase, orgId: org, role: 'org_admin' });
    const path = `/api/v1/orgs/${org}/webwatch/properties`;
    for (const url of [
      'http://127.0.0.1/',
      'http://10.0.0.8/admin',
      'http://[::1]:8080/',
      'http://169.254.169.254/',
    ]) {
      const res = await client.post(path, { url, name: 'Inside', purpose: 'other' });
      expect({ status: res.status, id: errorId(res) }, url).toEqual({
        status: 400,
        id: 'webwatch_address_refused',
      });
    }
    // A name that resolves to loopback is only known when scanned.
    const local = (
      await client.post(path, {
        url: sites.url('council').href.replace('127.0.0.1', 'localhost'),
        name: 'Local',
        purpose: 'other',
      })
    ).body as { id: string };
    const scan = await client.post(`${path}/${local.id}/scans`);
    expect({ status: scan.status, id: errorId(scan) }).toEqual({
      status: 400,
      id: 'webwatch_address_refused',
    });
    const scans = await sql<{ n: string }>`SELECT count(*) AS n FROM web_scans`.execute(guarded.db);
    expect(Number(scans.rows[0]?.n)).toBe(0);
  });
});
