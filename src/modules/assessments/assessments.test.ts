import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.js';
import { freshServices } from '../../test/db.js';
import { makeOrg, makeUser } from '../../test/factories.js';
import { Client, errorId, startApp } from '../../test/http.js';
import type { OrgId } from '../identity/index.js';

const PACK = { packId: 'electoral-cyber-preparedness', packVersion: '1.0.0' };

describe('assessments API', () => {
  let services: Awaited<ReturnType<typeof freshServices>>;
  let base: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    services = await freshServices();
    services.clock.set(new Date('2027-01-01T10:00:00Z'));
    ({ base, close } = await startApp(services));
  });
  afterAll(async () => {
    await close();
    await services.close();
  });

  async function signedIn(role: 'security_lead' | 'analyst' | 'viewer' = 'security_lead', orgId?: OrgId) {
    const user = await makeUser(services, { role, ...(orgId && { orgId }) });
    const client = new Client(base);
    await client.login(user.email);
    return { client, orgId: user.orgId as OrgId, userId: user.userId };
  }

  async function start(client: Client, orgId: string, extra: Record<string, unknown> = {}) {
    const res = await client.post(`/api/v1/orgs/${orgId}/assessments`, {
      title: 'Before the 2027 general election',
      tier: 'B',
      ...PACK,
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  }

  const answer = (
    client: Client,
    orgId: string,
    id: string,
    control: string,
    body: Record<string, unknown>,
  ) => client.put(`/api/v1/orgs/${orgId}/assessments/${id}/answers/${control}`, body);

  it('lists the built-in pack with its 66 controls in three languages', async () => {
    const { client } = await signedIn();
    const packs = (await client.get('/api/v1/assessment-packs')).body as {
      id: string;
      controls: number;
      domains: number;
    }[];
    expect(packs).toContainEqual(expect.objectContaining({ id: PACK.packId, controls: 66, domains: 9 }));
    const pack = (await client.get(`/api/v1/assessment-packs/${PACK.packId}/1.0.0`)).body as {
      domains: { title: { es: string } }[];
    };
    expect(pack.domains[0]?.title.es).toBe('Gobernanza y riesgo');
  });

  it('saves answers, scores them and lists the gaps by priority', async () => {
    const { client, orgId } = await signedIn();
    const election = (
      await client.post(`/api/v1/orgs/${orgId}/elections`, {
        name: 'General',
        kind: 'general',
        pollingDay: '2027-03-01',
      })
    ).body as { id: string };
    const { id } = await start(client, orgId, { electionId: election.id, highRiskDomains: ['RM'] });
    expect((await answer(client, orgId, id, 'GOV-01', { version: 0, kind: 'score', score: 3 })).body).toEqual(
      { version: 1 },
    );
    await answer(client, orgId, id, 'GOV-02', {
      version: 0,
      kind: 'na',
      justification: 'Covered by the national policy',
    });
    await answer(client, orgId, id, 'GOV-03', {
      version: 0,
      kind: 'compensating',
      score: 2,
      justification: 'Quarterly review by the board',
    });
    const res = await client.get(`/api/v1/orgs/${orgId}/assessments/${id}/results`);
    expect(res.status).toBe(200);
    const view = res.body as {
      daysToPolling: number;
      results: {
        domains: { id: string; answered: number; applicable: number }[];
        redFlags: string[];
        progress: { answered: number };
      };
      gaps: { controlId: string; priority: number }[];
    };
    expect(view.daysToPolling).toBe(59);
    expect(view.results.progress.answered).toBe(3);
    expect(view.results.domains[0]).toMatchObject({ id: 'GOV', answered: 3, applicable: 6 });
    expect(view.results.redFlags).not.toContain('GOV-01');
    expect(view.results.redFlags).toContain('VR-01');
    const priorities = view.gaps.map((g) => g.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(view.gaps.some((g) => g.controlId === 'GOV-01')).toBe(false);
  });

  it('detects a concurrent edit of the same control and never overwrites it', async () => {
    const { client, orgId } = await signedIn();
    const other = await signedIn('analyst', orgId);
    const { id } = await start(client, orgId);
    await answer(client, orgId, id, 'IAM-01', { version: 0, kind: 'score', score: 1 });
    // Both read version 1; the analyst saves first.
    expect(
      (await answer(other.client, orgId, id, 'IAM-01', { version: 1, kind: 'score', score: 2 })).status,
    ).toBe(200);
    const stale = await answer(client, orgId, id, 'IAM-01', { version: 1, kind: 'score', score: 4 });
    expect(stale.status).toBe(409);
    expect(errorId(stale)).toBe('answer_changed');
    // A first answer raced by another first answer is a conflict too.
    await answer(other.client, orgId, id, 'IAM-02', { version: 0, kind: 'score', score: 2 });
    expect(errorId(await answer(client, orgId, id, 'IAM-02', { version: 0, kind: 'score', score: 3 }))).toBe(
      'answer_changed',
    );
    // Different controls never conflict.
    expect((await answer(client, orgId, id, 'IAM-03', { version: 0, kind: 'score', score: 3 })).status).toBe(
      200,
    );
    const saved = (await client.get(`/api/v1/orgs/${orgId}/assessments/${id}`)).body as {
      answers: { controlId: string; score: number; version: number }[];
    };
    expect(saved.answers.find((a) => a.controlId === 'IAM-01')).toMatchObject({ score: 2, version: 2 });
    expect(saved.answers.find((a) => a.controlId === 'IAM-02')).toMatchObject({ score: 2 });
  });

  it.each([
    ['an unknown control', 'ZZZ-01', { version: 0, kind: 'score', score: 2 }, 'control_not_found'],
    ['score 5', 'GOV-01', { version: 0, kind: 'score', score: 5 }, 'invalid_input'],
    [
      'a compensating 4',
      'GOV-01',
      { version: 0, kind: 'compensating', score: 4, justification: 'x' },
      'compensating_max_3',
    ],
    ['N/A without a justification', 'GOV-01', { version: 0, kind: 'na' }, 'justification_required'],
    ['a score without a number', 'GOV-01', { version: 0, kind: 'score' }, 'answer_score_required'],
  ])('refuses %s with a 4xx and writes nothing', async (_label, control, body, id) => {
    const { client, orgId } = await signedIn();
    const assessment = await start(client, orgId);
    const res = await answer(client, orgId, assessment.id, control, body);
    expect(res.status).toBe(400);
    expect(errorId(res)).toBe(id);
    const saved = (await client.get(`/api/v1/orgs/${orgId}/assessments/${assessment.id}`)).body as {
      answers: unknown[];
    };
    expect(saved.answers).toEqual([]);
  });

  it('makes a finalised assessment read-only', async () => {
    const { client, orgId } = await signedIn();
    const { id } = await start(client, orgId);
    await answer(client, orgId, id, 'GOV-01', { version: 0, kind: 'score', score: 2 });
    expect((await client.post(`/api/v1/orgs/${orgId}/assessments/${id}/finalise`)).status).toBe(204);
    const late = await answer(client, orgId, id, 'GOV-01', { version: 1, kind: 'score', score: 4 });
    expect(late.status).toBe(409);
    expect(errorId(late)).toBe('assessment_finalised');
    expect(errorId(await client.post(`/api/v1/orgs/${orgId}/assessments/${id}/finalise`))).toBe(
      'assessment_finalised',
    );
  });

  it('sends chosen gaps to the roadmap once, linked back to their controls, each with an owner', async () => {
    const { client, orgId, userId } = await signedIn();
    const colleague = await signedIn('analyst', orgId);
    const { id } = await start(client, orgId);
    // IRC-01 is assigned to a colleague, who will own its action; TEC-02 to nobody, so its sender owns it.
    await answer(client, orgId, id, 'IRC-01', {
      version: 0,
      kind: 'score',
      score: 1,
      assigneeId: colleague.userId,
    });
    const sent = await client.post(`/api/v1/orgs/${orgId}/assessments/${id}/roadmap`, {
      controlIds: ['IRC-01', 'TEC-02'],
    });
    expect(sent.body).toMatchObject({ skipped: 0 });
    expect((sent.body as { created: string[] }).created).toHaveLength(2);
    const again = await client.post(`/api/v1/orgs/${orgId}/assessments/${id}/roadmap`, {
      controlIds: ['IRC-01'],
    });
    expect(again.body).toEqual({ created: [], skipped: 1 });
    const items = (await client.get(`/api/v1/orgs/${orgId}/roadmap/items?source=assessment`)).body as {
      items: {
        title: string;
        status: string;
        origin: Record<string, string>;
        priority: string;
        ownerUserId: string | null;
      }[];
    };
    expect(items.items).toHaveLength(2);
    const ownerOf = (control: string) =>
      items.items.find((i) => i.origin['controlId'] === control)?.ownerUserId;
    expect(ownerOf('IRC-01')).toBe(colleague.userId);
    expect(ownerOf('TEC-02')).toBe(userId);
    expect(items.items.map((i) => i.origin['controlId']).sort()).toEqual(['IRC-01', 'TEC-02']);
    expect(items.items.every((i) => i.status === 'planned' && i.origin['assessmentId'] === id)).toBe(true);
    const notGap = await client.post(`/api/v1/orgs/${orgId}/assessments/${id}/roadmap`, {
      controlIds: ['NOPE-01'],
    });
    expect(errorId(notGap)).toBe('gap_not_found');
  });

  it('marks gaps already on the roadmap and unanswered ones, and keeps each action in step with its answer', async () => {
    const { client, orgId } = await signedIn();
    const { id } = await start(client, orgId);
    await answer(client, orgId, id, 'IRC-01', { kind: 'score', score: 1, version: 0 });
    await client.post(`/api/v1/orgs/${orgId}/assessments/${id}/roadmap`, { controlIds: ['IRC-01'] });
    type GapRow = {
      controlId: string;
      target: number;
      unanswered: boolean;
      onRoadmap: { status: string } | null;
    };
    const gapOf = async (control: string) =>
      (
        (await client.get(`/api/v1/orgs/${orgId}/assessments/${id}/results`)).body as { gaps: GapRow[] }
      ).gaps.find((g) => g.controlId === control);
    const sent = await gapOf('IRC-01');
    expect(sent).toMatchObject({ unanswered: false, onRoadmap: { status: 'planned' } });
    expect(await gapOf('TEC-02')).toMatchObject({ unanswered: true, onRoadmap: null });

    const itemOf = async () =>
      (
        (await client.get(`/api/v1/orgs/${orgId}/roadmap/items?source=assessment`)).body as {
          items: { status: string; origin: Record<string, string> }[];
        }
      ).items.find((i) => i.origin['assessmentId'] === id && i.origin['controlId'] === 'IRC-01');
    // Raised to its target: the action is done, and says why.
    await answer(client, orgId, id, 'IRC-01', { kind: 'score', score: sent?.target ?? 3, version: 1 });
    expect(await itemOf()).toMatchObject({ status: 'done' });
    expect(await gapOf('IRC-01')).toBeUndefined();
    const trail = (await client.get(`/api/v1/orgs/${orgId}/roadmap/items?source=assessment`)).body as {
      items: { id: string; origin: Record<string, string> }[];
    };
    const itemId = trail.items.find(
      (i) => i.origin['controlId'] === 'IRC-01' && i.origin['assessmentId'] === id,
    )?.id;
    const item = (await client.get(`/api/v1/orgs/${orgId}/roadmap/items/${itemId}`)).body as {
      statusReason: string;
    };
    expect(item.statusReason).toContain('IRC-01');
    // Back below it: the action is in progress again.
    await answer(client, orgId, id, 'IRC-01', { kind: 'score', score: 0, version: 2 });
    expect(await itemOf()).toMatchObject({ status: 'in_progress' });
  });

  it('keeps evidence files per control and serves them back to members only', async () => {
    const { client, orgId } = await signedIn();
    const outsider = await signedIn();
    const { id } = await start(client, orgId);
    const bytes = new Blob(['Minutes of the board meeting, 3 December']);
    const up = await client.request(
      'POST',
      `/api/v1/orgs/${orgId}/assessments/${id}/answers/GOV-01/evidence?filename=minutes.txt`,
      bytes,
      {
        'content-type': 'application/octet-stream',
      },
    );
    expect(up.status).toBe(201);
    const evidenceId = (up.body as { id: string }).id;
    const down = await client.get(`/api/v1/orgs/${orgId}/assessments/${id}/evidence/${evidenceId}`);
    expect(down.text).toBe('Minutes of the board meeting, 3 December');
    expect(down.headers.get('content-disposition')).toContain('minutes.txt');
    expect(
      (await outsider.client.get(`/api/v1/orgs/${orgId}/assessments/${id}/evidence/${evidenceId}`)).status,
    ).toBe(404);
  });

  it('removes an evidence file with a reason: gone from the assessment and its exports, bytes erased unless cited elsewhere', async () => {
    const { client, orgId } = await signedIn();
    const outsider = await signedIn();
    const { id } = await start(client, orgId);
    const other = await start(outsider.client, outsider.orgId);
    const upload = async (c: Client, org: string, assessment: string, text: string, name: string) => {
      const up = await c.request(
        'POST',
        `/api/v1/orgs/${org}/assessments/${assessment}/answers/GOV-03/evidence?filename=${name}`,
        new Blob([text]),
        { 'content-type': 'application/octet-stream' },
      );
      expect(up.status).toBe(201);
      return (up.body as { id: string }).id;
    };
    const wrong = await upload(client, orgId, id, 'Padrón: 0102030405 Rosa Quispe', 'wrong-upload-7f3.csv');
    const shared = await upload(client, orgId, id, 'Cybersecurity policy 2026', 'policy.txt');
    await upload(outsider.client, outsider.orgId, other.id, 'Cybersecurity policy 2026', 'ours.txt');
    const evidenceOf = async () =>
      (
        (await client.get(`/api/v1/orgs/${orgId}/assessments/${id}`)).body as {
          answers: { controlId: string; evidence: { id: string; filename: string; sha256: string }[] }[];
        }
      ).answers.flatMap((a) => a.evidence);
    const before = await evidenceOf();
    const wrongSha = before.find((e) => e.id === wrong)?.sha256 ?? '';
    const path = (evidenceId: string) => `/api/v1/orgs/${orgId}/assessments/${id}/evidence/${evidenceId}`;

    expect(errorId(await client.delete(path(wrong), { reason: ' ' }))).toBe('invalid_input');
    expect((await outsider.client.delete(path(wrong), { reason: 'not ours' })).status).toBe(404);
    const viaOwnOrg = `/api/v1/orgs/${outsider.orgId}/assessments/${id}/evidence/${wrong}`;
    expect((await outsider.client.delete(viaOwnOrg, { reason: 'not ours' })).status).toBe(404);
    expect(await evidenceOf()).toHaveLength(2);

    const removed = await client.delete(path(wrong), { reason: 'Holds voter data' });
    expect(removed.body).toEqual({ filename: 'wrong-upload-7f3.csv' });
    expect((await evidenceOf()).map((e) => e.filename)).toEqual(['policy.txt']);
    expect((await client.get(path(wrong))).status).toBe(404);
    expect((await client.get(`/api/v1/orgs/${orgId}/assessments/${id}/export.json`)).text).not.toContain(
      'wrong-upload-7f3',
    );
    expect(services.files.open(wrongSha)).toBeUndefined();
    expect(errorId(await client.delete(path(wrong), { reason: 'again' }))).toBe('evidence_not_found');

    await client.delete(path(shared), { reason: 'Replaced by the signed version' });
    const theirs = (await outsider.client.get(`/api/v1/orgs/${outsider.orgId}/assessments/${other.id}`))
      .body as {
      answers: { evidence: { id: string }[] }[];
    };
    const theirId = theirs.answers.flatMap((a) => a.evidence)[0]?.id ?? '';
    const kept = await outsider.client.get(
      `/api/v1/orgs/${outsider.orgId}/assessments/${other.id}/evidence/${theirId}`,
    );
    expect(kept.text).toBe('Cybersecurity policy 2026');

    const trail = (await client.get(`/api/v1/orgs/${orgId}/audit?action=assessment.evidence_removed`))
      .body as {
      summary: { filename: string; reason: string };
    }[];
    expect(trail.map((e) => [e.summary.filename, e.summary.reason]).sort()).toEqual([
      ['policy.txt', 'Replaced by the signed version'],
      ['wrong-upload-7f3.csv', 'Holds voter data'],
    ]);
  });

  it('shows nothing of one organisation to another, and lets an adviser in only under a grant', async () => {
    const { client, orgId } = await signedIn();
    const { id } = await start(client, orgId);
    const stranger = await signedIn();
    for (const path of [
      `/api/v1/orgs/${orgId}/assessments`,
      `/api/v1/orgs/${orgId}/assessments/${id}`,
      `/api/v1/orgs/${orgId}/assessments/${id}/results`,
    ])
      expect((await stranger.client.get(path)).status).toBe(404);
    // Asking for org A's assessment through org B's address finds nothing either.
    expect((await stranger.client.get(`/api/v1/orgs/${stranger.orgId}/assessments/${id}`)).status).toBe(404);

    const provider = await makeOrg(services, { type: 'assistance_provider' });
    const adviser = await signedIn('security_lead', provider);
    expect((await adviser.client.get(`/api/v1/orgs/${orgId}/assessments/${id}`)).status).toBe(404);
    const admin = await makeUser(services, { orgId, role: 'org_admin' });
    const adminClient = new Client(base);
    await adminClient.login(admin.email);
    const grant = (
      await adminClient.post(`/api/v1/orgs/${orgId}/grants`, {
        granteeOrgId: provider,
        modules: ['assessments'],
        level: 'read',
      })
    ).body as { id: string };
    expect((await adviser.client.get(`/api/v1/orgs/${orgId}/assessments/${id}/results`)).status).toBe(200);
    expect(
      (await answer(adviser.client, orgId, id, 'GOV-01', { version: 0, kind: 'score', score: 1 })).status,
    ).toBe(404);
    await adminClient.delete(`/api/v1/orgs/${orgId}/grants/${grant.id}`);
    expect((await adviser.client.get(`/api/v1/orgs/${orgId}/assessments/${id}`)).status).toBe(404);
  });

  it('lets viewers read but not answer', async () => {
    const { client, orgId } = await signedIn();
    const { id } = await start(client, orgId);
    const viewer = await signedIn('viewer', orgId);
    expect((await viewer.client.get(`/api/v1/orgs/${orgId}/assessments/${id}`)).status).toBe(200);
    expect(
      (await answer(viewer.client, orgId, id, 'GOV-01', { version: 0, kind: 'score', score: 1 })).status,
    ).toBe(403);
  });

  it('lets only operators import packs, and never replaces a stored version', async () => {
    const { client } = await signedIn();
    const operator = await makeUser(services, { operator: true, noOrg: true });
    const op = new Client(base);
    await op.login(operator.email);
    const pack = (await op.get(`/api/v1/assessment-packs/${PACK.packId}/1.0.0`)).body as Record<
      string,
      unknown
    >;
    const custom = { ...pack, id: 'custom-pack', version: '1.0.0' };
    expect((await client.post('/api/v1/assessment-packs', custom)).status).toBe(403);
    expect((await op.post('/api/v1/assessment-packs', custom)).status).toBe(201);
    const again = await op.post('/api/v1/assessment-packs', {
      ...custom,
      title: { en: 'Changed', es: 'Cambiado', fr: 'Changé' },
    });
    expect(again.status).toBe(409);
    expect(errorId(again)).toBe('pack_version_exists');
    const broken = await op.post('/api/v1/assessment-packs', { ...custom, version: '1.0.1', domains: [] });
    expect(broken.status).toBe(400);
    expect(errorId(broken)).toBe('pack_invalid');
  });

  it('withholds the peer benchmark below 5 organisations and shows only quartiles from 5', async () => {
    const orgs: OrgId[] = [];
    for (let i = 0; i < 5; i++) orgs.push(await makeOrg(services));
    await services.identity.orgs.createNetwork({
      by: 'system',
      actor: systemActor('system'),
      name: 'Benchmark network',
      description: '',
      members: orgs.map((orgId) => ({ orgId, role: 'member' as const })),
    });
    const clients = [];
    for (const [i, orgId] of orgs.entries()) {
      const { client } = await signedIn('security_lead', orgId);
      const { id } = await start(client, orgId);
      await answer(client, orgId, id, 'GOV-01', { version: 0, kind: 'score', score: i });
      clients.push({ client, orgId, id });
    }
    const first = clients[0];
    if (!first) throw new Error('no org');
    for (const c of clients.slice(0, 4))
      await c.client.post(`/api/v1/orgs/${c.orgId}/assessments/${c.id}/finalise`);
    const withheld = (await first.client.get(`/api/v1/orgs/${first.orgId}/assessments/${first.id}/benchmark`))
      .body;
    expect(withheld).toEqual([
      expect.objectContaining({ networkName: 'Benchmark network', available: false, minimum: 5 }),
    ]);
    const last = clients[4];
    if (!last) throw new Error('no org');
    await last.client.post(`/api/v1/orgs/${last.orgId}/assessments/${last.id}/finalise`);
    const shown = (await first.client.get(`/api/v1/orgs/${first.orgId}/assessments/${first.id}/benchmark`))
      .body as {
      available: boolean;
      contributors: number;
      domains: { id: string; own: number; q1: number; median: number; q3: number }[];
    }[];
    expect(shown[0]).toMatchObject({ available: true, contributors: 5 });
    // GOV scores of the five: GOV-01 (weight 3 of the domain's 15) at 0…4, so 0, 5, 10, 15, 20.
    expect(shown[0]?.domains[0]).toMatchObject({ id: 'GOV', own: 0, q1: 5, median: 10, q3: 15 });
    const text = JSON.stringify(shown);
    for (const orgId of orgs.slice(1)) expect(text).not.toContain(orgId);
  });
});

describe('assessment files and reports', () => {
  let source: Awaited<ReturnType<typeof freshServices>>;
  let target: Awaited<ReturnType<typeof freshServices>>;
  let apps: { base: string; close: () => Promise<void> }[];
  beforeAll(async () => {
    source = await freshServices();
    target = await freshServices();
    apps = [await startApp(source), await startApp(target)];
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await source.close();
    await target.close();
  });

  async function client(services: typeof source, base: string) {
    const user = await makeUser(services, { role: 'security_lead' });
    const c = new Client(base);
    await c.login(user.email);
    return { c, orgId: user.orgId as OrgId };
  }

  it('exports an assessment that imports into another deployment without loss', async () => {
    const [a, b] = apps;
    if (!a || !b) throw new Error('apps');
    const from = await client(source, a.base);
    const created = (
      await from.c.post(`/api/v1/orgs/${from.orgId}/assessments`, {
        title: 'Cycle 2027',
        tier: 'C',
        highRiskDomains: ['VR'],
        ...PACK,
      })
    ).body as { id: string };
    const path = `/api/v1/orgs/${from.orgId}/assessments/${created.id}`;
    await from.c.put(`${path}/answers/GOV-01`, {
      version: 0,
      kind: 'score',
      score: 3,
      comment: 'Board minutes',
      review: true,
      effort: 'L',
    });
    await from.c.put(`${path}/answers/GOV-02`, {
      version: 0,
      kind: 'na',
      justification: 'National policy applies',
    });
    await from.c.put(`${path}/answers/GOV-03`, {
      version: 0,
      kind: 'compensating',
      score: 2,
      justification: 'Manual review',
    });
    await from.c.request(
      'POST',
      `${path}/answers/GOV-01/evidence?filename=minutes.pdf`,
      new Blob(['%PDF-1.4 minutes']),
      { 'content-type': 'application/pdf' },
    );
    await from.c.post(`${path}/finalise`);
    const exported = await from.c.get(`${path}/export.json`);
    expect(exported.status).toBe(200);
    const file = exported.body as { format: string; exportedAt: string };
    expect(file.format).toBe('atalaya.assessment/1');

    const to = await client(target, b.base);
    const imported = await to.c.post(`/api/v1/orgs/${to.orgId}/assessments/import`, file);
    expect(imported.status).toBe(201);
    const newId = (imported.body as { id: string }).id;
    const again = (await to.c.get(`/api/v1/orgs/${to.orgId}/assessments/${newId}/export.json`)).body as {
      exportedAt: string;
    };
    expect({ ...again, exportedAt: 'x' }).toEqual({ ...file, exportedAt: 'x' });
    const scoresThere = (await to.c.get(`/api/v1/orgs/${to.orgId}/assessments/${newId}/results`)).body as {
      results: unknown;
    };
    const scoresHere = (await from.c.get(`${path}/results`)).body as { results: unknown };
    expect(scoresThere.results).toEqual(scoresHere.results);
  });

  it('refuses a broken file and writes nothing', async () => {
    const [a] = apps;
    if (!a) throw new Error('apps');
    const { c, orgId } = await client(source, a.base);
    const created = (
      await c.post(`/api/v1/orgs/${orgId}/assessments`, { title: 'To copy', tier: 'A', ...PACK })
    ).body as { id: string };
    const file = (await c.get(`/api/v1/orgs/${orgId}/assessments/${created.id}/export.json`)).body as Record<
      string,
      unknown
    >;
    const broken = [
      { ...file, format: 'atalaya.assessment/9' },
      {
        ...file,
        answers: [
          {
            controlId: 'ZZZ-01',
            kind: 'score',
            score: 2,
            justification: '',
            comment: '',
            review: false,
            effort: null,
            evidence: [],
          },
        ],
      },
      {
        ...file,
        answers: [
          {
            controlId: 'GOV-01',
            kind: 'score',
            score: 7,
            justification: '',
            comment: '',
            review: false,
            effort: null,
            evidence: [],
          },
        ],
      },
    ];
    for (const body of broken) {
      const res = await c.post(`/api/v1/orgs/${orgId}/assessments/import`, body);
      expect(res.status).toBe(400);
    }
    expect(((await c.get(`/api/v1/orgs/${orgId}/assessments`)).body as unknown[]).length).toBe(1);
  });

  it('produces an XLSX with every answer and a multi-page PDF, in the asked language', async () => {
    const [a] = apps;
    if (!a) throw new Error('apps');
    const { c, orgId } = await client(source, a.base);
    const created = (
      await c.post(`/api/v1/orgs/${orgId}/assessments`, { title: 'Informe', tier: 'B', ...PACK })
    ).body as { id: string };
    const path = `/api/v1/orgs/${orgId}/assessments/${created.id}`;
    await c.put(`${path}/answers/RM-01`, { version: 0, kind: 'score', score: 2 });
    const xlsx = await fetch(`${a.base}${path}/report.xlsx?lang=es`, { headers: { cookie: c.cookie ?? '' } });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Resumen',
      'Respuestas',
      'Hoja de ruta',
      'Funciones CSF',
    ]);
    expect(book.getWorksheet('Respuestas')?.rowCount).toBe(67);
    const pdf = Buffer.from(
      await (
        await fetch(`${a.base}${path}/report.pdf?lang=fr`, { headers: { cookie: c.cookie ?? '' } })
      ).arrayBuffer(),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBeGreaterThan(2);
  });
});
