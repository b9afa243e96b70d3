import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.js';
import { workbook } from '../../platform/xlsx.js';
import { freshServices } from '../../test/db.js';
import { makeUser } from '../../test/factories.js';
import { Client, errorId, startApp } from '../../test/http.js';
import type { OrgId } from '../identity/index.js';

describe('missions, imports, plans and reminders', () => {
  let services: Awaited<ReturnType<typeof freshServices>>;
  let base: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    services = await freshServices();
    services.clock.set(new Date('2027-01-10T06:30:00Z'));
    ({ base, close } = await startApp(services));
  });
  afterAll(async () => {
    await close();
    await services.close();
  });

  async function setUp() {
    const user = await makeUser(services, { role: 'security_lead' });
    const client = new Client(base);
    await client.login(user.email);
    const orgId = user.orgId as OrgId;
    const mission = (
      await client.post(`/api/v1/orgs/${orgId}/roadmap/missions`, {
        name: 'Technical election assessment mission 2026',
        kind: 'team',
        team: ['Team leader', 'Cybersecurity expert'],
        startsOn: '2026-05-01',
        endsOn: '2026-05-20',
        areas: ['Election ICT and cybersecurity', 'Crisis communications'],
      })
    ).body as { id: string };
    const path = `/api/v1/orgs/${orgId}/roadmap/missions/${mission.id}`;
    return { client, orgId, userId: user.userId, email: user.email, path };
  }

  const upload = (client: Client, url: string, content: string | Buffer, type = 'text/csv') =>
    client.request('POST', url, typeof content === 'string' ? content : new Blob([new Uint8Array(content)]), {
      'content-type': type,
    });

  const CSV = [
    'title,area,instrument,priority,priority_flag,horizon,due_on,objective',
    'Adopt a results-transmission procedure,Results management,procedure,P1,yes,before_next_election,2027-03-01,OBJ-2',
    'Train polling staff on device safety,cyber_hygiene,practice,P2,no,medium,,',
    'x,Results,treaty,P9,maybe,soon,2027-02-30,NOPE',
    ',,,,,,,',
    'Fund a monitoring roster,Technology baseline & monitoring,resourcing,,,,,',
  ].join('\n');

  it('checks a file row by row and, with bad rows, writes nothing unless told to import the valid ones', async () => {
    const { client, orgId, path } = await setUp();
    await client.post(`/api/v1/orgs/${orgId}/roadmap/plans`, {
      title: 'Strategic plan 2022–2025',
      startsYear: 2022,
      endsYear: 2025,
      objectives: [
        { code: 'OBJ-1', title: 'Modernise the voter register' },
        { code: 'OBJ-2', title: 'Trusted, timely results' },
      ],
    });
    const check = (await upload(client, `${path}/import/check`, CSV)).body as {
      valid: number;
      errors: { row: number; column: string; code: string }[];
    };
    expect(check.valid).toBe(3);
    expect(check.errors.map((e) => `${e.row}:${e.column}:${e.code}`)).toEqual([
      '4:title:required',
      '4:area:not_one_of',
      '4:instrument:not_one_of',
      '4:priority:not_one_of',
      '4:priority_flag:not_yes_no',
      '4:horizon:not_one_of',
      '4:due_on:not_a_date',
      '4:objective:unknown_objective',
    ]);
    const refused = await upload(client, `${path}/import`, CSV);
    expect(refused.status).toBe(400);
    expect(errorId(refused)).toBe('import_rows_invalid');
    const list = async () =>
      (await client.get(`/api/v1/orgs/${orgId}/roadmap/items`)).body as {
        total: number;
        items: {
          title: string;
          source: string;
          missionId: string;
          objectiveId: string | null;
          priorityFlag: boolean;
        }[];
      };
    expect((await list()).total).toBe(0);
    const imported = await upload(client, `${path}/import?validOnly=true`, CSV);
    expect(imported.body).toEqual({ imported: 3, skippedRows: 1 });
    const items = (await list()).items;
    expect(items.map((i) => i.title).sort()).toEqual([
      'Adopt a results-transmission procedure',
      'Fund a monitoring roster',
      'Train polling staff on device safety',
    ]);
    expect(items.every((i) => i.source === 'team')).toBe(true);
    const plans = (await client.get(`/api/v1/orgs/${orgId}/roadmap/plans`)).body as {
      objectives: { code: string; items: number }[];
    }[];
    expect(plans[0]?.objectives.find((o) => o.code === 'OBJ-2')?.items).toBe(1);
    const mission = (await client.get(path)).body as { recommendations: number };
    expect(mission.recommendations).toBe(3);
  });

  it('reads XLSX files, dates included, and refuses a file whose header it does not know', async () => {
    const { client, path } = await setUp();
    const book = await workbook(
      [
        {
          name: 'Sheet',
          columns: [{ header: 'Title' }, { header: 'Due on' }],
          rows: [['Publish results per polling station', '2027-04-01']],
        },
      ],
      { title: 't' },
    );
    const ok = await upload(
      client,
      `${path}/import`,
      book,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(ok.body).toEqual({ imported: 1, skippedRows: 0 });
    const unknown = await upload(client, `${path}/import/check`, 'titel,fecha\nfoo,bar');
    expect(errorId(unknown)).toBe('import_header_invalid');
    const garbage = await upload(
      client,
      `${path}/import/check`,
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]),
      'application/octet-stream',
    );
    expect(errorId(garbage)).toBe('import_unreadable');
  });

  it('reads a Spanish Excel CSV: Latin-1, semicolons, Spanish headers and words, sí, and day-first dates', async () => {
    const { client, orgId, path } = await setUp();
    const csv = [
      'Título;Área;Instrumento;Prioridad;Recomendación prioritaria;Horizonte;Fecha límite',
      'Publicar los resultados por mesa;Gestión de resultados;Procedimiento;P1;sí;Antes de la próxima elección;01/03/2027',
      'Reformar la ley electoral;marco jurídico;LEY;P2;no;Largo plazo;31.12.2028',
      'Fecha imposible;;;;;;30/02/2027',
    ].join('\r\n');
    const check = (await upload(client, `${path}/import/check`, Buffer.from(csv, 'latin1'))).body as {
      valid: number;
      errors: { row: number; column: string; code: string }[];
    };
    expect(check.errors.map((e) => `${e.row}:${e.column}:${e.code}`)).toEqual(['4:due_on:not_a_date']);
    expect((await upload(client, `${path}/import?validOnly=true`, Buffer.from(csv, 'latin1'))).body).toEqual({
      imported: 2,
      skippedRows: 1,
    });
    const items = (
      (await client.get(`/api/v1/orgs/${orgId}/roadmap/items`)).body as {
        items: {
          title: string;
          area: string;
          priorityFlag: boolean;
          horizon: string;
          dueOn: string | null;
        }[];
      }
    ).items.sort((a, b) => a.title.localeCompare(b.title));
    expect(items.map((i) => [i.area, i.priorityFlag, i.horizon, i.dueOn])).toEqual([
      ['results_management', true, 'before_next_election', '2027-03-01'],
      ['legal_framework', false, 'long', '2028-12-31'],
    ]);
  });

  it('serves templates whose example row imports as it is', async () => {
    const { client, path } = await setUp();
    const csv = await client.get('/api/v1/roadmap/import-template.csv');
    expect(csv.text.split('\r\n')[0]).toContain('Title');
    const xlsx = await fetch(`${base}/api/v1/roadmap/import-template.xlsx`, {
      headers: { cookie: client.cookie ?? '' },
    });
    const imported = await upload(
      client,
      `${path}/import`,
      Buffer.from(await xlsx.arrayBuffer()),
      'application/octet-stream',
    );
    expect(imported.body).toEqual({ imported: 1, skippedRows: 0 });
    const fromCsv = await upload(client, `${path}/import`, csv.text);
    expect(fromCsv.body).toEqual({ imported: 1, skippedRows: 0 });
    // In the reader's language: Spanish headers and values, which import as they are too.
    for (const lang of ['es', 'fr']) {
      const local = await client.get(`/api/v1/roadmap/import-template.csv?lang=${lang}`);
      expect(local.text.split('\r\n')[0]).toContain(lang === 'es' ? 'Título' : 'Titre');
      expect((await upload(client, `${path}/import`, local.text)).body).toEqual({
        imported: 1,
        skippedRows: 0,
      });
    }
  });

  it("keeps the mission's report file", async () => {
    const { client, path } = await setUp();
    const put = await client.request(
      'PUT',
      `${path}/report?filename=final-report.pdf`,
      new Blob(['%PDF-1.7 report']),
      { 'content-type': 'application/pdf' },
    );
    expect(put.status).toBe(204);
    const got = await client.get(`${path}/report`);
    expect(got.text).toBe('%PDF-1.7 report');
    expect(((await client.get(path)).body as { report: { filename: string } }).report.filename).toBe(
      'final-report.pdf',
    );
  });

  it("refuses to link an item to another organisation's objective", async () => {
    const a = await setUp();
    const b = await setUp();
    const plan = (
      await b.client.post(`/api/v1/orgs/${b.orgId}/roadmap/plans`, {
        title: 'Plan B',
        startsYear: 2024,
        endsYear: 2027,
        objectives: [{ code: 'B1', title: 'Other objective' }],
      })
    ).body as {
      objectives: { id: string }[];
    };
    const res = await a.client.post(`/api/v1/orgs/${a.orgId}/roadmap/items`, {
      kind: 'action',
      source: 'other',
      title: 'Linked elsewhere',
      objectiveId: plan.objectives[0]?.id,
    });
    expect(errorId(res)).toBe('objective_not_found');
  });

  it('reminds the owner 7 days and 1 day before the due date, once each', async () => {
    const { client, orgId, userId, email } = await setUp();
    const item = (
      await client.post(`/api/v1/orgs/${orgId}/roadmap/items`, {
        kind: 'action',
        source: 'other',
        title: 'Test the backup restore',
        ownerUserId: userId,
        dueOn: '2027-01-17',
      })
    ).body as { id: string };
    await client.post(`/api/v1/orgs/${orgId}/roadmap/items`, {
      kind: 'action',
      source: 'other',
      title: 'Not due soon',
      ownerUserId: userId,
      dueOn: '2027-01-14',
    });
    const actor = systemActor('system');
    expect(await services.roadmap.sendDueReminders(actor)).toEqual({ sent: 1 });
    expect(await services.roadmap.sendDueReminders(actor)).toEqual({ sent: 0 });
    const mail = (await services.mailer.listOutbox({ limit: 10 })).filter((m) => m.to === email);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('Due in 7 days: Test the backup restore');
    expect(mail[0]?.text).toContain(`/o/${orgId}/roadmap/${item.id}`);
    services.clock.set(new Date('2027-01-16T06:30:00Z'));
    expect((await services.roadmap.sendDueReminders(actor)).sent).toBeGreaterThanOrEqual(1);
  });
});
