import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from '../../test/db.js';
import { makeUser } from '../../test/factories.js';
import { errorId, startApp, type Client } from '../../test/http.js';
import { regionalNetwork, signedInAs, taxiiClientOf } from '../../test/network.js';
import { TLP_LEVELS } from './model.js';
import { validateStixObject } from './stix-validate.js';
import { collectionIdOf } from './taxii.model.js';
import { followingMarking, markingRefOf, mayRead, type Marking } from './tlp.js';

describe('what a member adds to an object it may read', () => {
  const orgs = ['a', 'b', 'c', 'd'].map((c) => `00000000-0000-4000-8000-00000000000${c}`);
  const org = fc.constantFrom(...orgs);
  it('has exactly the audience of the object it is added to', () => {
    fc.assert(
      fc.property(
        fc.record({
          tlp: fc.constantFrom(...TLP_LEVELS),
          owner: fc.option(org, { nil: null }),
          recipients: fc.option(fc.subarray(orgs), { nil: null }),
          author: org,
        }),
        (g) => {
          const parent: Marking = {
            networkId: 'n',
            tlp: g.tlp,
            ownerOrgId: g.owner,
            recipients: g.tlp === 'red' ? (g.recipients ?? []) : g.tlp === 'amber' ? g.recipients : null,
          };
          const reader = (orgId: string) => ({ kind: 'member', networkId: 'n', orgId }) as const;
          fc.pre(mayRead(reader(g.author), parent));
          const added = followingMarking(parent, g.author);
          for (const orgId of orgs)
            expect(mayRead(reader(orgId), added), `${orgId} of ${JSON.stringify(added)}`).toBe(
              mayRead(reader(orgId), parent),
            );
          expect(mayRead({ kind: 'member', networkId: 'm', orgId: g.author }, added)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('comments, advisories, playbooks and search', () => {
  let services: Awaited<ReturnType<typeof freshServices>>;
  let base: string;
  let close: () => Promise<void>;
  let net: Awaited<ReturnType<typeof regionalNetwork>>;
  let coordinator: Client;
  let a: Client;
  let b: Client;
  let n: string;
  /** Each organisation's security lead: where its alert e-mails go. */
  const leads = new Map<string, string>();
  const mailTo = async (orgId: string) =>
    (await services.mailer.listOutbox({ limit: 1000 })).filter((m) => m.to === leads.get(orgId));
  beforeAll(async () => {
    services = await freshServices();
    ({ base, close } = await startApp(services));
    net = await regionalNetwork(services);
    n = `/api/v1/networks/${net.networkId}`;
    coordinator = await signedInAs(services, { base, orgId: net.coordinator });
    a = await signedInAs(services, { base, orgId: net.members[0] });
    b = await signedInAs(services, { base, orgId: net.members[1] });
    for (const orgId of [net.coordinator, ...net.members])
      leads.set(orgId, (await makeUser(services, { orgId, role: 'security_lead' })).email);
  });
  afterAll(async () => {
    await close();
    await services.close();
  });

  const incident = async (client: Client, tlp: string, recipients?: string[]) => {
    const made = await client.post(`${n}/incidents`, {
      title: `Phishing of poll workers (${tlp})`,
      category: 'phishing',
      severity: 'high',
      detectedAt: '2027-02-01T08:00:00Z',
      tlp,
      ...(recipients && { recipients }),
    });
    expect(made.status).toBe(201);
    return (made.body as { id: string }).id;
  };
  const commentsOn = async (client: Client, id: string) =>
    (
      (await client.get(`${n}/incidents/${id}/comments`)).body as {
        comments?: { id: string; text: string }[];
      }
    ).comments ?? [];

  it('lets a named recipient of a RED incident comment, and only the incident’s audience read it', async () => {
    const id = await incident(a, 'red', [net.coordinator]);
    const said = await coordinator.post(`${n}/incidents/${id}/comments`, {
      text: 'We blocked the sender domain at our gateway.',
    });
    expect(said.status).toBe(201);
    const comment = said.body as { id: string; marking: Marking };
    expect(comment.marking).toMatchObject({ tlp: 'red', ownerOrgId: net.coordinator });
    expect((await commentsOn(a, id)).map((c) => c.text)).toEqual([
      'We blocked the sender domain at our gateway.',
    ]);
    expect(await commentsOn(b, id)).toEqual([]);
    const refused = await b.post(`${n}/incidents/${id}/comments`, { text: 'Let me in' });
    expect(refused.status).toBe(404);
    expect(await commentsOn(a, id)).toHaveLength(1);
    // The incident's owner is alerted (a RED e-mail says only that something was shared); nobody else is.
    expect((await mailTo(net.members[0])).map((m) => m.subject)).toEqual([
      expect.stringContaining('TLP:RED'),
    ]);
    expect(await mailTo(net.members[1])).toEqual([]);
  });

  it('lets an incident’s audience widen but never narrow, so comments keep exactly the readers they had', async () => {
    const id = await incident(a, 'amber', [net.coordinator]);
    const update = (tlp: string, recipients?: string[]) =>
      a.request('PUT', `${n}/incidents/${id}`, {
        title: 'Phishing of poll workers (amber)',
        category: 'phishing',
        severity: 'high',
        detectedAt: '2027-02-01T08:00:00Z',
        tlp,
        ...(recipients && { recipients }),
      });
    // RED to no one but the sharer, or AMBER+STRICT, would take it from the coordinator.
    for (const tlp of ['red', 'amber+strict']) {
      const narrowed = await update(tlp);
      expect({ status: narrowed.status, id: errorId(narrowed) }, tlp).toEqual({
        status: 400,
        id: 'tlp_audience_narrowed',
      });
    }
    // RED to the same organisation keeps every reader it had.
    expect((await update('red', [net.coordinator])).status).toBe(200);
    const widened = await update('green');
    expect(widened.status).toBe(200);
    expect((await b.get(`${n}/incidents/${id}`)).status).toBe(200);

    // The sharer's own tool cannot narrow it over TAXII either.
    const tool = await taxiiClientOf(services, { base, orgId: net.members[0] });
    const collection = (tlp: 'green' | 'amber+strict') =>
      `/taxii2/${net.networkId}/collections/${collectionIdOf(net.networkId, tlp)}/objects/`;
    const got = await tool.request('GET', `${collection('green')}${id}/`);
    const [object] = (got.body as { objects: Record<string, unknown>[] }).objects;
    const narrower = {
      ...object,
      modified: new Date(Date.now() + 60_000).toISOString(),
      object_marking_refs: [markingRefOf('amber+strict')],
    };
    const posted = await tool.request('POST', collection('amber+strict'), { objects: [narrower] });
    expect(posted.status).toBe(422);
    expect(JSON.stringify(posted.body)).toContain('its audience may widen but not narrow');
    expect((await b.get(`${n}/incidents/${id}`)).status).toBe(200);
  });

  it('keeps files attached to a comment by their SHA-256, for the comment’s readers only', async () => {
    const id = await incident(a, 'amber', [net.members[0]]);
    const made = (await a.post(`${n}/incidents/${id}/comments`, { text: 'The lure, as received' })).body as {
      id: string;
    };
    const bytes = '%PDF-1.4 the phishing lure';
    const attached = await a.request(
      'POST',
      `${n}/comments/${made.id}/attachments?filename=${encodeURIComponent('lure (copy).pdf')}`,
      new Blob([bytes]),
      { 'content-type': 'application/pdf' },
    );
    expect(attached.status).toBe(201);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const comment = attached.body as { attachments: { sha256: string; filename: string }[] };
    expect(comment.attachments).toEqual([
      { sha256, filename: 'lure (copy).pdf', mediaType: 'application/pdf', size: bytes.length },
    ]);
    const download = await a.get(`${n}/comments/${made.id}/attachments/${sha256}`);
    expect(download.status).toBe(200);
    expect(download.text).toBe(bytes);
    expect(download.headers.get('content-disposition')).toContain('lure%20(copy).pdf');
    expect((await b.get(`${n}/comments/${made.id}/attachments/${sha256}`)).status).toBe(404);
    expect((await coordinator.get(`${n}/comments/${made.id}/attachments/${sha256}`)).status).toBe(404);
    // Only the comment's organisation attaches to it.
    const green = await incident(a, 'green');
    const other = (await b.post(`${n}/incidents/${green}/comments`, { text: 'Seen here too' })).body as {
      id: string;
    };
    const foreign = await a.request(
      'POST',
      `${n}/comments/${other.id}/attachments?filename=x.pdf`,
      new Blob(['x']),
      {
        'content-type': 'application/pdf',
      },
    );
    expect({ status: foreign.status, id: errorId(foreign) }).toEqual({
      status: 403,
      id: 'network_not_owner',
    });
    // The STIX note carries the hash for any tool that reads it.
    const { rows } = await sql<{ body: unknown }>`
      SELECT body FROM network_objects WHERE stix_id = ${made.id} AND latest`.execute(services.db);
    expect(validateStixObject(rows[0]?.body).ok).toBe(true);
    expect(JSON.stringify(rows[0]?.body)).toContain(sha256);
  });

  it('lets only coordinators publish advisories, which point only at what all their readers may read', async () => {
    const hidden = await incident(a, 'amber+strict');
    const shown = await incident(a, 'green');
    const body = {
      title: 'Phishing wave against poll workers',
      content: '## What to do\n\nWarn every polling station today.',
      relatedIds: [shown],
      tlp: 'green',
      lang: 'en',
    };
    const refused = await a.post(`${n}/advisories`, body);
    expect({ status: refused.status, id: errorId(refused) }).toEqual({
      status: 403,
      id: 'network_coordinator_only',
    });
    const leaking = await coordinator.post(`${n}/advisories`, { ...body, relatedIds: [hidden] });
    expect({ status: leaking.status, id: errorId(leaking) }).toEqual({
      status: 400,
      id: 'advisory_related_hidden',
    });
    const published = await coordinator.post(`${n}/advisories`, body);
    expect(published.status).toBe(201);
    const advisory = published.body as { id: string; relatedIds: string[] };
    expect(advisory.relatedIds).toEqual([shown]);
    const one = (await b.get(`${n}/advisories/${advisory.id}`)).body as {
      related: { id: string; title: string }[];
    };
    expect(one.related).toEqual([
      expect.objectContaining({ id: shown, title: 'Phishing of poll workers (green)' }),
    ]);
    const listed = (await b.get(`${n}/advisories`)).body as { advisories: { id: string }[] };
    expect(listed.advisories.map((x) => x.id)).toContain(advisory.id);
    // Over TAXII too, a member's report is refused and nothing is stored; a coordinator's is an advisory.
    const report = (orgId: string) => ({
      type: 'report',
      spec_version: '2.1',
      id: `report--${randomUUID()}`,
      created: '2027-02-02T08:00:00.000Z',
      modified: '2027-02-02T08:00:00.000Z',
      created_by_ref: `identity--${orgId}`,
      object_marking_refs: [markingRefOf('green')],
      name: 'Patch the results server tonight (over TAXII)',
      published: '2027-02-02T08:00:00Z',
      object_refs: [`identity--${orgId}`],
    });
    const green = `/taxii2/${net.networkId}/collections/${collectionIdOf(net.networkId, 'green')}/objects/`;
    const memberTool = await taxiiClientOf(services, { base, orgId: net.members[0] });
    const posted = await memberTool.request('POST', green, { objects: [report(net.members[0])] });
    expect(posted.status).toBe(422);
    expect(JSON.stringify(posted.body)).toContain('only the network’s coordinators publish reports');
    const coordinatorTool = await taxiiClientOf(services, { base, orgId: net.coordinator });
    const byCoordinator = report(net.coordinator);
    expect((await coordinatorTool.request('POST', green, { objects: [byCoordinator] })).status).toBe(202);
    const now = (await b.get(`${n}/advisories`)).body as { advisories: { id: string; title: string }[] };
    expect(now.advisories.map((x) => x.title)).toEqual([
      'Patch the results server tonight (over TAXII)',
      'Phishing wave against poll workers',
    ]);

    // Every reader is alerted; GREEN content may be quoted.
    for (const orgId of net.members)
      expect((await mailTo(orgId)).map((m) => m.subject)).toEqual(
        expect.arrayContaining([
          expect.stringContaining('new advisory — Phishing wave against poll workers'),
        ]),
      );
  });

  it('versions playbooks, shows them in every language written, and takes feedback from other members', async () => {
    const written = await a.post(`${n}/playbooks`, {
      title: 'Responding to a defaced results page',
      content: '1. Take the page offline.\n2. Publish results from the backup site.',
      lang: 'en',
      translations: {
        es: {
          title: 'Respuesta a una página de resultados desfigurada',
          content: '1. Retire la página.\n2. Publique los resultados desde el sitio de respaldo.',
        },
      },
      categories: ['defacement'],
      tlp: 'green',
    });
    expect(written.status).toBe(201);
    const { id } = written.body as { id: string };
    const spanish = (written.body as { translations: { es: { title: string; content: string } } })
      .translations.es;
    const revise = (fields: object) =>
      a.request('PUT', `${n}/playbooks/${id}`, {
        title: 'Responding to a defaced results page',
        content: '1. Take the page offline.\n2. Publish results from the backup site.\n3. Tell the press.',
        lang: 'en',
        categories: ['defacement'],
        tlp: 'green',
        ...fields,
      });
    // The original changes and the Spanish stays as it was: readers of the Spanish are told it fell behind.
    const revised = await revise({ changeNote: 'Tell the press', translations: { es: spanish } });
    expect(revised.status).toBe(200);
    type Translated = { translations: Record<string, { outdated: boolean }> };
    expect((revised.body as Translated).translations['es']?.outdated).toBe(true);
    const minor = await revise({ changeNote: 'Categories only', translations: { es: spanish } });
    expect((minor.body as Translated).translations['es']?.outdated).toBe(true);
    const caughtUp = await revise({
      changeNote: 'Spanish brought up to date',
      translations: { es: { ...spanish, content: `${spanish.content}\n3. Informe a la prensa.` } },
    });
    expect((caughtUp.body as Translated).translations['es']?.outdated).toBe(false);
    expect(
      (
        await b.request('PUT', `${n}/playbooks/${id}`, {
          title: 'Mine now',
          content: 'x',
          lang: 'en',
          tlp: 'green',
        })
      ).status,
    ).toBe(403);
    const own = await a.post(`${n}/playbooks/${id}/feedback`, { verdict: 'agree' });
    expect(errorId(own)).toBe('playbook_feedback_own');
    expect((await b.post(`${n}/playbooks/${id}/feedback`, { verdict: 'neutral' })).status).toBe(201);
    const worked = await b.post(`${n}/playbooks/${id}/feedback`, {
      verdict: 'agree',
      explanation: 'We followed it in the March by-election; results were back in 20 minutes.',
    });
    expect(worked.status).toBe(201);
    type Read = {
      playbook: { content: string; translations: Record<string, unknown> };
      versions: { changeNote: string }[];
      feedback: { orgId: string; verdict: string }[];
    };
    const read = (await coordinator.get(`${n}/playbooks/${id}`)).body as Read;
    expect(read.playbook.content).toContain('Tell the press');
    expect(read.versions.map((v) => v.changeNote)).toEqual([
      'Spanish brought up to date',
      'Categories only',
      'Tell the press',
      '',
    ]);
    expect(read.feedback).toEqual([expect.objectContaining({ orgId: net.members[1], verdict: 'agree' })]);
  });

  it('finds incidents, advisories and playbooks by words stemmed in the reader’s language, and nothing hidden', async () => {
    await a.post(`${n}/playbooks`, {
      title: 'Ataques de denegación de servicio',
      content: 'Active la protección del proveedor y publique los resultados en un espejo.',
      lang: 'es',
      tlp: 'green',
    });
    await a.post(`${n}/incidents`, {
      title: 'Ataque contra el padrón (privado)',
      category: 'ddos',
      severity: 'high',
      detectedAt: '2027-02-01T08:00:00Z',
      tlp: 'amber+strict',
      lang: 'es',
    });
    type Out = { results: { kind: string; title: string }[] };
    const search = async (client: Client, q: string, lang: string) =>
      ((await client.get(`${n}/search?q=${encodeURIComponent(q)}&lang=${lang}`)).body as Out).results;
    // "ataque" and "ataques" share a Spanish stem.
    expect((await search(b, 'ataque', 'es')).map((r) => [r.kind, r.title])).toEqual([
      ['playbook', 'Ataques de denegación de servicio'],
    ]);
    expect((await search(a, 'ataque', 'es')).map((r) => r.kind).sort()).toEqual(['incident', 'playbook']);
    expect((await search(b, 'poll workers', 'en')).map((r) => r.kind)).toContain('advisory');
    const outsider = await signedInAs(services, { base, orgId: net.outsider });
    expect((await outsider.get(`${n}/search?q=ataque`)).status).toBe(404);
  });
});
