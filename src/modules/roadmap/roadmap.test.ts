import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from '../../test/db.js';
import { makeOrg, makeUser } from '../../test/factories.js';
import { Client, errorId, startApp } from '../../test/http.js';
import type { OrgId } from '../identity/index.js';
import { nextStatuses, STATUSES } from './model.js';

describe('workflow', () => {
  it('reaches done from every open status and lets nothing skip acceptance', () => {
    const reachable = new Set<string>(['draft']);
    for (let i = 0; i < STATUSES.length; i++)
      for (const s of [...reachable]) for (const n of nextStatuses(s as never)) reachable.add(n);
    expect([...reachable].sort()).toEqual([...STATUSES].sort());
    expect(nextStatuses('issued')).not.toContain('done');
    expect(nextStatuses('draft')).toEqual(['issued']);
  });
});

describe('roadmap API', () => {
  let services: Awaited<ReturnType<typeof freshServices>>;
  let base: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    services = await freshServices();
    services.clock.set(new Date('2027-01-10T10:00:00Z'));
    ({ base, close } = await startApp(services));
  });
  afterAll(async () => {
    await close();
    await services.close();
  });

  async function signedIn(orgId?: OrgId) {
    const user = await makeUser(services, { role: 'security_lead', ...(orgId && { orgId }) });
    const client = new Client(base);
    await client.login(user.email);
    return { client, orgId: user.orgId as OrgId, userId: user.userId };
  }

  type ItemBody = {
    id: string;
    version: number;
    status: string;
    grades: { grade: string }[];
    latestGrade: string | null;
  };
  const create = async (client: Client, orgId: string, extra: Record<string, unknown> = {}) => {
    const res = await client.post(`/api/v1/orgs/${orgId}/roadmap/items`, {
      kind: 'recommendation',
      source: 'team',
      title: 'Adopt a results-transmission security procedure',
      area: 'results_management',
      addressee: 'Electoral commission',
      instrument: 'procedure',
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body as ItemBody;
  };

  it("signs an adviser's progress note with their organisation's name", async () => {
    const { client, orgId } = await signedIn();
    const provider = await makeOrg(services, {
      type: 'assistance_provider',
      name: 'Election Help Foundation',
    });
    const adviser = await makeUser(services, {
      orgId: provider,
      role: 'analyst',
      email: 'ana.adviser@example.org',
    });
    const admin = await makeUser(services, { orgId, role: 'org_admin' });
    const adminClient = new Client(base);
    await adminClient.login(admin.email);
    await adminClient.post(`/api/v1/orgs/${orgId}/grants`, {
      granteeOrgId: provider,
      modules: ['roadmap'],
      level: 'write',
    });
    const item = await create(client, orgId);
    const adviserClient = new Client(base);
    await adviserClient.login(adviser.email);
    const noted = await adviserClient.post(`/api/v1/orgs/${orgId}/roadmap/items/${item.id}/updates`, {
      version: item.version,
      body: 'Discussed with the IT directorate; draft procedure shared.',
    });
    expect((noted.body as { updates: { by: string | null }[] }).updates[0]?.by).toBe(
      'Test ana.adviser@example.org (Election Help Foundation)',
    );
  });

  it('moves a recommendation from issued to done, and refuses skipped steps', async () => {
    const { client, orgId } = await signedIn();
    let item = await create(client, orgId);
    expect(item.status).toBe('issued');
    const skip = await client.post(`/api/v1/orgs/${orgId}/roadmap/items/${item.id}/status`, {
      version: item.version,
      status: 'done',
    });
    expect(skip.status).toBe(400);
    expect(errorId(skip)).toBe('status_not_allowed');
    for (const status of ['accepted', 'planned', 'in_progress', 'done']) {
      const res = await client.post(`/api/v1/orgs/${orgId}/roadmap/items/${item.id}/status`, {
        version: item.version,
        status,
      });
      expect(res.status).toBe(200);
      item = res.body as ItemBody;
    }
    expect(item.status).toBe('done');
  });

  it('needs a reason to reject', async () => {
    const { client, orgId } = await signedIn();
    const item = await create(client, orgId);
    const path = `/api/v1/orgs/${orgId}/roadmap/items/${item.id}/status`;
    expect(errorId(await client.post(path, { version: 1, status: 'rejected' }))).toBe('reason_required');
    const ok = await client.post(path, {
      version: 1,
      status: 'rejected',
      reason: 'Outside the commission’s mandate',
    });
    expect(ok.body).toMatchObject({ status: 'rejected', statusReason: 'Outside the commission’s mandate' });
  });

  it('keeps every grade as history and shows the latest', async () => {
    const { client, orgId } = await signedIn();
    let item = await create(client, orgId);
    const grade = async (g: string, gradedOn: string) => {
      const res = await client.post(`/api/v1/orgs/${orgId}/roadmap/items/${item.id}/grades`, {
        version: item.version,
        grade: g,
        gradedOn,
        assessor: 'Follow-up mission',
      });
      expect(res.status).toBe(200);
      item = res.body as ItemBody;
    };
    await grade('not_implemented', '2025-06-01');
    await grade('partially', '2026-06-01');
    expect(item.grades.map((g) => g.grade)).toEqual(['not_implemented', 'partially']);
    expect(item.latestGrade).toBe('partially');
    const future = await client.post(`/api/v1/orgs/${orgId}/roadmap/items/${item.id}/grades`, {
      version: item.version,
      grade: 'fully',
      gradedOn: '2030-01-01',
      assessor: 'x',
    });
    expect(errorId(future)).toBe('date_in_future');
    const badGrade = await client.post(`/api/v1/orgs/${orgId}/roadmap/items/${item.id}/grades`, {
      version: item.version,
      grade: 'excellent',
      gradedOn: '2026-01-01',
      assessor: 'x',
    });
    expect(badGrade.status).toBe(400);
  });

  it('refuses a stale version and changes nothing', async () => {
    const { client, orgId } = await signedIn();
    const item = await create(client, orgId);
    expect(
      (
        await client.patch(`/api/v1/orgs/${orgId}/roadmap/items/${item.id}`, {
          version: 1,
          title: 'First edit',
        })
      ).status,
    ).toBe(200);
    const stale = await client.patch(`/api/v1/orgs/${orgId}/roadmap/items/${item.id}`, {
      version: 1,
      title: 'Second edit',
    });
    expect(stale.status).toBe(409);
    expect(errorId(stale)).toBe('item_changed');
    expect(
      ((await client.get(`/api/v1/orgs/${orgId}/roadmap/items/${item.id}`)).body as { title: string }).title,
    ).toBe('First edit');
  });

  it('filters by status, source and text, and reports overdue work on the dashboard', async () => {
    const { client, orgId, userId } = await signedIn();
    await create(client, orgId, {
      title: 'Overdue backup test',
      kind: 'action',
      source: 'audit',
      dueOn: '2027-01-01',
      ownerUserId: userId,
    });
    await create(client, orgId, {
      title: 'Due soon: tabletop exercise',
      kind: 'action',
      source: 'assessment',
      dueOn: '2027-01-20',
    });
    await create(client, orgId, { title: 'Amend the electoral law', source: 'eu_eom', dueOn: '2028-01-01' });
    const list = async (query: string) =>
      (await client.get(`/api/v1/orgs/${orgId}/roadmap/items?${query}`)).body as {
        items: { title: string }[];
        total: number;
      };
    expect((await list('status=planned')).total).toBe(2);
    expect((await list('source=eu_eom,audit')).items.map((i) => i.title).sort()).toEqual([
      'Amend the electoral law',
      'Overdue backup test',
    ]);
    expect((await list('q=TABLETOP')).items.map((i) => i.title)).toEqual(['Due soon: tabletop exercise']);
    expect((await list(`owner=${userId}`)).total).toBe(1);
    expect((await list('limit=1&offset=1')).items).toHaveLength(1);
    // Pages follow the list's order without overlap, each with the total; a page past the end has it too.
    const all = await list('limit=100&sort=due');
    const pages = [];
    for (let offset = 0; offset < all.total; offset += 2)
      pages.push(...(await list(`limit=2&offset=${offset}&sort=due`)).items.map((i) => i.title));
    expect(pages).toEqual(all.items.map((i) => i.title));
    expect(await list(`limit=2&offset=${all.total + 5}`)).toEqual({ items: [], total: all.total });
    expect((await client.get(`/api/v1/orgs/${orgId}/roadmap/items?status=nonsense`)).status).toBe(400);
    const dash = (await client.get(`/api/v1/orgs/${orgId}/roadmap/dashboard`)).body as {
      overdue: number;
      dueSoon: number;
    };
    expect(dash).toMatchObject({ overdue: 1, dueSoon: 1 });
  });

  it('refuses an owner from another organisation', async () => {
    const { client, orgId } = await signedIn();
    const stranger = await makeUser(services);
    const res = await client.post(`/api/v1/orgs/${orgId}/roadmap/items`, {
      kind: 'action',
      source: 'other',
      title: 'Something',
      ownerUserId: stranger.userId,
    });
    expect(errorId(res)).toBe('owner_not_member');
    expect(((await client.get(`/api/v1/orgs/${orgId}/roadmap/items`)).body as { total: number }).total).toBe(
      0,
    );
  });

  it('never shows one organisation’s items to another', async () => {
    const { client, orgId } = await signedIn();
    const item = await create(client, orgId);
    const other = await signedIn(await makeOrg(services));
    expect((await other.client.get(`/api/v1/orgs/${orgId}/roadmap/items`)).status).toBe(404);
    expect((await other.client.get(`/api/v1/orgs/${other.orgId}/roadmap/items/${item.id}`)).status).toBe(404);
    expect(
      (
        await other.client.post(`/api/v1/orgs/${other.orgId}/roadmap/items/${item.id}/status`, {
          version: 1,
          status: 'accepted',
        })
      ).status,
    ).toBe(404);
  });

  it('adds milestones and notes and ticks a milestone off', async () => {
    const { client, orgId } = await signedIn();
    let item = await create(client, orgId, { kind: 'action' });
    const path = `/api/v1/orgs/${orgId}/roadmap/items/${item.id}`;
    item = (
      await client.post(`${path}/milestones`, {
        version: item.version,
        title: 'Draft the procedure',
        dueOn: '2027-02-01',
      })
    ).body as ItemBody;
    item = (
      await client.post(`${path}/updates`, {
        version: item.version,
        body: 'Draft shared with the legal unit.',
      })
    ).body as ItemBody;
    const full = item as ItemBody & {
      milestones: { id: string; doneOn: string | null }[];
      updates: { body: string }[];
    };
    const milestone = full.milestones[0];
    if (!milestone) throw new Error('no milestone');
    const ticked = (
      await client.patch(`${path}/milestones/${milestone.id}`, { version: item.version, done: true })
    ).body as typeof full;
    expect(ticked.milestones[0]?.doneOn).toBe('2027-01-10');
    expect(ticked.updates.map((u) => u.body)).toEqual(['Draft shared with the legal unit.']);
  });

  it('exports every item to XLSX and a PDF report', async () => {
    const { client, orgId } = await signedIn();
    await create(client, orgId, { title: 'Publier les résultats par bureau', area: 'results_management' });
    expect(
      (
        await client.post(`/api/v1/orgs/${orgId}/roadmap/items`, {
          kind: 'action',
          source: 'internal',
          title: 'An area typed by hand',
          area: 'Résultats',
        })
      ).status,
    ).toBe(400);
    await create(client, orgId, { title: 'Second item', dueOn: '2027-05-01' });
    const xlsx = await fetch(`${base}/api/v1/orgs/${orgId}/roadmap/report.xlsx?lang=fr`, {
      headers: { cookie: client.cookie ?? '' },
    });
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.getWorksheet('Éléments');
    expect(sheet?.rowCount).toBe(3);
    expect(sheet?.getRow(1).getCell(1).text).toBe('Titre');
    expect(sheet?.getRow(2).getCell(5).text).toBe('Émise');
    // The area is a key, written in the reader's language.
    expect(sheet?.getRow(2).getCell(3).text).toBe('Gestion des résultats');
    const pdf = await fetch(`${base}/api/v1/orgs/${orgId}/roadmap/report.pdf`, {
      headers: { cookie: client.cookie ?? '' },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });
});
