import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.js';
import { freshServices } from '../../test/db.js';
import { makeOrg, makeUser } from '../../test/factories.js';
import { Client, startApp } from '../../test/http.js';
import { createEventBus, type BusEvent, type EventBus } from '../../platform/events.js';
import type { OrgId } from '../identity/index.js';
import { TLP_LEVELS, type Tlp } from './model.js';
import { collectionIdOf } from './taxii.model.js';
import { mayRead, readableBy, TLP_MARKING_DEFINITIONS, type Marking, type Reader } from './tlp.js';

describe('the TLP 2.0 marking definitions', () => {
  it('are the objects OASIS publishes, byte for byte in their published form', () => {
    const dir = join(import.meta.dirname, 'testdata', 'tlp-2.0');
    for (const [file, level] of [
      ['tlp-clear.json', 'clear'],
      ['tlp-amber.json', 'amber'],
      ['tlp-amber+strict.json', 'amber+strict'],
    ] as const) {
      const published = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { objects: unknown[] })
        .objects[0];
      const ours = TLP_MARKING_DEFINITIONS[TLP_LEVELS.indexOf(level)];
      expect(JSON.stringify(ours)).toBe(JSON.stringify(published));
    }
  });
});

describe('who may read what', () => {
  const network = '00000000-0000-4000-8000-000000000001';
  const [owner, named, other] = ['a', 'b', 'c'].map((c) => `00000000-0000-4000-8000-00000000000${c}`) as [
    string,
    string,
    string,
  ];
  const as = (orgId: string): Reader => ({ kind: 'member', networkId: network, orgId });
  const marked = (tlp: Tlp, recipients: string[] | null = null): Marking => ({
    networkId: network,
    tlp,
    ownerOrgId: owner,
    recipients,
  });

  it('shows CLEAR to anyone, GREEN to every member, and nothing across networks', () => {
    expect(mayRead({ kind: 'public' }, marked('clear'))).toBe(true);
    expect(mayRead({ kind: 'public' }, marked('green'))).toBe(false);
    expect(mayRead(as(other), marked('green'))).toBe(true);
    expect(mayRead({ kind: 'member', networkId: owner, orgId: other }, marked('green'))).toBe(false);
  });

  it('shows AMBER to the organisations with a need to know, every member when none was chosen', () => {
    expect(mayRead(as(other), marked('amber'))).toBe(true);
    expect(mayRead(as(named), marked('amber', [named]))).toBe(true);
    expect(mayRead(as(other), marked('amber', [named]))).toBe(false);
  });

  it('keeps AMBER+STRICT to the organisation that shared it and RED to the organisations named', () => {
    expect(mayRead(as(owner), marked('amber+strict'))).toBe(true);
    expect(mayRead(as(named), marked('amber+strict'))).toBe(false);
    expect(mayRead(as(named), marked('red', [named]))).toBe(true);
    expect(mayRead(as(other), marked('red', [named]))).toBe(false);
    expect(mayRead(as(other), marked('red', []))).toBe(false);
    expect(mayRead(as(owner), marked('red', []))).toBe(true);
  });
});

/**
 * The property: on generated networks, objects, markings, members and an access grant, every read path returns
 * exactly the objects `mayRead` allows — no more (a leak), no fewer.
 */
describe('every read path under TLP', () => {
  let services: Awaited<ReturnType<typeof freshServices>>;
  let base: string;
  let close: () => Promise<void>;
  const orgs: OrgId[] = [];
  const clients = new Map<string, Client>();
  let provider: Client;
  let bus: EventBus;
  const heard: BusEvent[] = [];
  /** Each organisation's security lead's address: where its alert e-mails go. */
  const orgOfResponder = new Map<string, string>();

  beforeAll(async () => {
    services = await freshServices();
    ({ base, close } = await startApp(services));
    bus = await createEventBus({ url: services.url, pool: services.pool, log: () => {} });
    bus.subscribe((event) => heard.push(event));
    for (let i = 0; i < 5; i++) {
      const orgId = await makeOrg(services);
      const user = await makeUser(services, { orgId, role: i === 0 ? 'org_admin' : 'viewer' });
      const client = new Client(base);
      await client.login(user.email);
      orgs.push(orgId);
      clients.set(orgId, client);
      orgOfResponder.set((await makeUser(services, { orgId, role: 'security_lead' })).email, orgId);
    }
    // An adviser whose organisation holds a grant on the first EMB's network module: a grant is no membership.
    const providerOrg = await makeOrg(services, { type: 'assistance_provider' });
    const adviser = await makeUser(services, { orgId: providerOrg, role: 'org_admin' });
    provider = new Client(base);
    await provider.login(adviser.email);
    const admin = clients.get(orgs[0] ?? '');
    const granted = await admin?.post(`/api/v1/orgs/${orgs[0]}/grants`, {
      granteeOrgId: providerOrg,
      modules: ['network'],
      level: 'write',
    });
    expect(granted?.status).toBe(201);
  });
  afterAll(async () => {
    await bus.close();
    await close();
    await services.close();
  });

  const subset = <T>(items: readonly T[]) => fc.subarray([...items]);
  // Two networks per run: the first of the first three organisations, the second of the last three.
  const shapes = [
    [0, 1, 2],
    [2, 3, 4],
  ] as const;
  const sharedObject = fc.record({
    network: fc.constantFrom(0, 1),
    ownerIndex: fc.constantFrom(0, 1, 2),
    kind: fc.constantFrom('incident', 'indicator'),
    tlp: fc.constantFrom(...TLP_LEVELS),
    recipientIndexes: fc.option(
      subset([0, 1, 2]).filter((s) => s.length > 0),
      { nil: undefined },
    ),
    sightedByIndex: fc.option(fc.constantFrom(0, 1, 2), { nil: undefined }),
    sightingTlp: fc.constantFrom(...TLP_LEVELS),
    commentedByIndex: fc.option(fc.constantFrom(0, 1, 2), { nil: undefined }),
  });

  /**
   * Live events and e-mails of one run: each organisation allowed to read a new incident or indicator hears of
   * it (and no other does); any title an event carries names something its hearer may read; an e-mail quotes a
   * title only of a CLEAR or GREEN object its reader may read.
   */
  async function noTitleLeaks(
    networks: readonly { id: string; members: readonly string[] }[],
    made: readonly { id: string; kind: string; marking: Marking; networkId: string; title?: string }[],
  ): Promise<void> {
    const readable = (orgId: string, m: (typeof made)[number]) =>
      mayRead({ kind: 'member', networkId: m.networkId, orgId }, m.marking);
    const titled = made.filter((m) => m.title !== undefined);
    const expected = titled.flatMap((m) =>
      (networks.find((n) => n.id === m.networkId)?.members ?? [])
        .filter((orgId) => orgId !== m.marking.ownerOrgId && readable(orgId, m))
        .map((orgId) => `${orgId} ${m.id}`),
    );
    const ids = new Set(made.map((m) => m.id));
    const ofRun = () =>
      heard.filter((e) => e.type === 'network.shared' && ids.has(String(e.data['objectId'])));
    const news = () =>
      ofRun()
        .filter((e) => e.data['kind'] === 'incident' || e.data['kind'] === 'indicator')
        .map((e) => `${e.orgId ?? ''} ${String(e.data['objectId'])}`);
    for (let i = 0; i < 100 && !expected.every((k) => news().includes(k)); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(news().sort(), 'who heard of new objects').toEqual(expected.sort());
    for (const event of ofRun()) {
      const about = titled.find((m) => m.title === event.data['title']);
      expect(
        about && readable(event.orgId ?? '', about),
        `${String(event.data['kind'])} to ${event.orgId}`,
      ).toBe(true);
    }
    for (const mail of await services.mailer.listOutbox({ limit: 5000 })) {
      const orgId = orgOfResponder.get(mail.to);
      if (!orgId) continue;
      for (const m of titled.filter((t) => `${mail.subject}\n${mail.text}`.includes(t.title ?? ''))) {
        const quotable = readable(orgId, m) && (m.marking.tlp === 'clear' || m.marking.tlp === 'green');
        expect(quotable, `an e-mail quoting a ${m.marking.tlp} ${m.kind}`).toBe(true);
      }
    }
  }

  let run = 0;
  it('returns exactly what the policy allows, to members, outsiders and grantees', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sharedObject, { minLength: 1, maxLength: 8 }), async (objects) => {
        run += 1;
        const networks: { id: string; members: OrgId[] }[] = [];
        for (const [n, shape] of shapes.entries()) {
          const members = shape.map((i) => orgs[i] as OrgId);
          const created = await services.identity.orgs.createNetwork({
            by: 'system',
            actor: systemActor('system'),
            name: `Property network ${run}.${n}`,
            description: '',
            members: members.map((orgId, i) => ({ orgId, role: i === 0 ? 'coordinator' : 'member' })),
          });
          if (!created.ok) throw new Error(created.error.id);
          networks.push({ id: created.value.id, members });
        }
        const made: {
          id: string;
          kind: string;
          marking: Marking;
          networkId: string;
          of?: string;
          title?: string;
        }[] = [];
        for (const o of objects) {
          const network = networks[o.network];
          if (!network) continue;
          const owner = network.members[o.ownerIndex] as OrgId;
          const caller = {
            scope: {
              networkId: network.id,
              orgId: owner,
              networkRole: 'member' as const,
              role: 'analyst' as const,
              orgType: 'emb' as const,
            },
            actor: systemActor('system'),
          };
          const recipients =
            o.tlp === 'amber' || o.tlp === 'red'
              ? o.recipientIndexes?.map((i) => network.members[i] as string)
              : undefined;
          const audience = { tlp: o.tlp, ...(recipients && { recipients }) };
          const shared =
            o.kind === 'incident'
              ? await services.network.incidents.report({
                  caller,
                  fields: {
                    title: `Generated incident <${run}.${made.length}>`,
                    description: '',
                    category: 'ddos',
                    severity: 'high',
                    status: 'open',
                    processes: [],
                    detectedAt: '2027-03-01T07:00:00Z',
                    affectedSystems: [],
                    actionsTaken: '',
                    lessons: '',
                    timeline: [],
                    ...audience,
                  },
                })
              : await services.network.indicators.share({
                  caller,
                  fields: {
                    observable: { kind: 'ipv4', value: '198.51.100.7' },
                    name: `Generated indicator <${run}.${made.length}>`,
                    description: '',
                    confidence: 50,
                    acceptWarnings: false,
                    ...audience,
                  },
                });
          if (!shared.ok) throw new Error(shared.error.id);
          made.push({
            id: shared.value.id,
            kind: o.kind,
            marking: shared.value.marking,
            networkId: network.id,
            title: 'title' in shared.value ? shared.value.title : shared.value.name,
          });
          const commenter =
            o.commentedByIndex === undefined ? undefined : network.members[o.commentedByIndex];
          if (
            o.kind === 'incident' &&
            commenter &&
            mayRead({ kind: 'member', networkId: network.id, orgId: commenter }, shared.value.marking)
          ) {
            const said = await services.network.comments.comment({
              caller: { ...caller, scope: { ...caller.scope, orgId: commenter } },
              incidentId: shared.value.id,
              fields: { text: `Generated comment <${run}.${made.length}>` },
            });
            if (!said.ok) throw new Error(said.error.id);
            made.push({
              id: said.value.id,
              kind: 'comment',
              // A comment's readers are exactly the incident's, whatever marking the comment was given.
              marking: shared.value.marking,
              networkId: network.id,
              of: shared.value.id,
            });
          }
          const sighter = o.sightedByIndex === undefined ? undefined : network.members[o.sightedByIndex];
          if (
            o.kind === 'indicator' &&
            sighter &&
            mayRead({ kind: 'member', networkId: network.id, orgId: sighter }, shared.value.marking)
          ) {
            const sighted = await services.network.indicators.sight({
              caller: { ...caller, scope: { ...caller.scope, orgId: sighter } },
              indicatorId: shared.value.id,
              fields: {
                count: 1,
                firstSeen: '2027-03-01T07:00:00Z',
                lastSeen: '2027-03-01T07:00:00Z',
                where: '',
                tlp: o.sightingTlp,
              },
            });
            if (!sighted.ok) throw new Error(sighted.error.id);
            made.push({
              id: sighted.value.id,
              kind: 'sighting',
              marking: sighted.value.marking,
              networkId: network.id,
              of: shared.value.id,
            });
          }
        }

        const callers = [
          ...orgs.map((orgId) => ({ orgId, client: clients.get(orgId) })),
          { orgId: undefined, client: provider },
        ];
        for (const network of networks) {
          const base = `/api/v1/networks/${network.id}`;
          const ofNetwork = made.filter((m) => m.networkId === network.id);
          for (const { orgId, client } of callers) {
            if (!client) throw new Error('no client');
            const member = orgId !== undefined && network.members.includes(orgId);
            const allowed = (kind: string) =>
              ofNetwork
                .filter((m) => m.kind === kind)
                .filter((m) => member && mayRead({ kind: 'member', networkId: network.id, orgId }, m.marking))
                .map((m) => m.id)
                .sort();
            for (const [kind, path] of [
              ['incident', 'incidents'],
              ['indicator', 'indicators'],
            ] as const) {
              const list = await client.get(`${base}/${path}?limit=200`);
              if (!member) {
                expect(list.status).toBe(404);
                continue;
              }
              const ids = ((list.body as Record<string, { id: string }[]>)[path] ?? [])
                .map((i) => i.id)
                .sort();
              expect(ids, `${path} listed to a member`).toEqual(allowed(kind));
            }
            // TAXII: each collection holds the readable objects of its level, and all of them together are
            // exactly what the reader may see.
            const overTaxii: string[] = [];
            for (const tlp of TLP_LEVELS) {
              const page = await client.request(
                'GET',
                `/taxii2/${network.id}/collections/${collectionIdOf(network.id, tlp)}/objects/?limit=1000`,
                undefined,
                { accept: 'application/taxii+json;version=2.1' },
              );
              if (!member) {
                expect(page.status, 'TAXII to an outsider').toBe(404);
                continue;
              }
              const objects = (page.body as { objects?: { id: string }[] }).objects ?? [];
              for (const o of objects)
                expect(made.find((m) => m.id === o.id)?.marking.tlp, 'the collection of an object').toBe(tlp);
              overTaxii.push(...objects.map((o) => o.id));
            }
            if (member)
              expect(overTaxii.sort(), 'TAXII collections read by a member').toEqual(
                ['incident', 'indicator', 'sighting', 'comment'].flatMap(allowed).sort(),
              );
            if (member) {
              const found = await client.get(`${base}/search?q=Generated&limit=100`);
              const ids = (found.body as { results: { id: string }[] }).results.map((r) => r.id).sort();
              expect(ids, 'search results').toEqual(['incident', 'indicator'].flatMap(allowed).sort());
            }
            for (const m of ofNetwork.filter((o) => o.kind === 'incident' || o.kind === 'indicator')) {
              const one = await client.get(`${base}/${m.kind}s/${m.id}`);
              expect(one.status, `${m.kind} ${m.marking.tlp} by id`).toBe(
                allowed(m.kind).includes(m.id) ? 200 : 404,
              );
              if (m.kind === 'incident' && one.status === 200) {
                const comments = await client.get(`${base}/incidents/${m.id}/comments`);
                const ids = (comments.body as { comments: { id: string }[] }).comments
                  .map((c) => c.id)
                  .sort();
                expect(ids, 'comments shown with an incident').toEqual(
                  allowed('comment').filter((id) => made.find((c) => c.id === id)?.of === m.id),
                );
              }
              if (m.kind === 'indicator' && one.status === 200) {
                const sightings = (one.body as { sightings: { id: string }[] }).sightings
                  .map((s) => s.id)
                  .sort();
                const expected = allowed('sighting').filter(
                  (id) => made.find((s) => s.id === id)?.of === m.id,
                );
                expect(
                  sightings,
                  `sightings shown with an indicator to ${orgId} of ${JSON.stringify(made)}`,
                ).toEqual(expected);
                // Every indicator here names the same address, so each correlates with all the others.
                const correlated = (one.body as { correlated: { id: string }[] }).correlated
                  .map((c) => c.id)
                  .sort();
                expect(correlated, 'correlations shown with an indicator').toEqual(
                  allowed('indicator').filter((id) => id !== m.id),
                );
              }
            }
          }
        }
        await noTitleLeaks(networks, made);
      }),
      { numRuns: 12 },
    );
  });

  it('filters in SQL exactly as the policy decides, for every reader', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          tlp: fc.constantFrom(...TLP_LEVELS),
          owner: fc.option(fc.constantFrom(0, 1, 2, 3), { nil: null }),
          recipients: fc.option(subset([0, 1, 2, 3]), { nil: null }),
          readerNetwork: fc.constantFrom(0, 1),
          reader: fc.option(fc.constantFrom(0, 1, 2, 3), { nil: null }),
        }),
        async (g) => {
          const ids = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
          const org = (i: number) => `00000000-0000-4000-8000-0000000000${10 + i}`;
          const marking: Marking = {
            networkId: ids[0] ?? '',
            tlp: g.tlp,
            ownerOrgId: g.owner === null ? null : org(g.owner),
            recipients: g.recipients && g.recipients.map(org),
          };
          const reader: Reader =
            g.reader === null
              ? { kind: 'public' }
              : { kind: 'member', networkId: ids[g.readerNetwork] ?? '', orgId: org(g.reader) };
          const row = await sql<{
            visible: boolean;
          }>`SELECT ${readableBy(reader, 'm')} AS visible FROM (VALUES (
              ${marking.networkId}::uuid, ${marking.tlp}::text, ${marking.ownerOrgId}::uuid,
              ${marking.recipients}::uuid[])) AS m (network_id, tlp, owner_org_id, recipients)`.execute(
            services.db,
          );
          expect(row.rows[0]?.visible ?? false).toBe(mayRead(reader, marking));
        },
      ),
      { numRuns: 300 },
    );
  });
});
