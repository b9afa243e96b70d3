import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type BusEvent, type EventBus } from '../../platform/events.js';
import { freshServices } from '../../test/db.js';
import { makeUser } from '../../test/factories.js';
import { errorId, startApp } from '../../test/http.js';
import { regionalNetwork, signedInAs, taxiiClientOf } from '../../test/network.js';
import { newId } from '../../platform/ids.js';
import type { OrgId, Role } from '../identity/index.js';
import { hearersOf, type News } from './alerts.js';
import { ATALAYA_EXTENSION } from './stix.js';
import { collectionIdOf } from './taxii.model.js';
import { markingRefOf } from './tlp.js';

describe('who hears of news', () => {
  const networkId = '00000000-0000-4000-8000-000000000001';
  const members = ['a', 'b', 'c'].map((c) => ({
    orgId: `00000000-0000-4000-8000-00000000000${c}`,
    orgName: c,
    country: 'XA',
    role: 'member' as const,
  }));
  const [a, b, c] = members.map((m) => m.orgId) as [string, string, string];
  const news = (extra: Partial<News>): News => ({
    kind: 'incident',
    networkId,
    networkName: 'N',
    objectId: 'incident--1',
    title: 'T',
    severity: 'high',
    marking: { networkId, tlp: 'green', ownerOrgId: a, recipients: null },
    fresh: true,
    byOrgId: a,
    ...extra,
  });

  it('is every member that may read it but the one whose act it is, alerted at its threshold', () => {
    const settings = new Map([[c, { minSeverity: 'critical' as const, indicators: true, email: false }]]);
    expect(hearersOf(news({}), members, settings)).toEqual([
      { orgId: b, alert: true, email: true },
      { orgId: c, alert: false, email: false },
    ]);
    expect(hearersOf(news({ fresh: false }), members, new Map()).map((h) => h.alert)).toEqual([false, false]);
  });

  it('follows the marking: AMBER to the named, AMBER+STRICT and unnamed RED to nobody else', () => {
    const marked = (tlp: 'amber' | 'amber+strict' | 'red', recipients: string[] | null) =>
      hearersOf(news({ marking: { networkId, tlp, ownerOrgId: a, recipients } }), members, new Map()).map(
        (h) => h.orgId,
      );
    expect(marked('amber', [c])).toEqual([c]);
    expect(marked('amber+strict', null)).toEqual([]);
    expect(marked('red', [])).toEqual([]);
    expect(marked('red', [b])).toEqual([b]);
  });
});

describe('alerts and correlation', () => {
  let services: Awaited<ReturnType<typeof freshServices>>;
  let base: string;
  let close: () => Promise<void>;
  let bus: EventBus;
  let net: Awaited<ReturnType<typeof regionalNetwork>>;
  const heard: BusEvent[] = [];
  const responders = new Map<string, string>();

  beforeAll(async () => {
    services = await freshServices();
    ({ base, close } = await startApp(services));
    bus = await createEventBus({ url: services.url, pool: services.pool, log: () => {} });
    bus.subscribe((event) => {
      if (event.type === 'network.shared') heard.push(event);
    });
    net = await regionalNetwork(services);
    for (const orgId of [net.coordinator, ...net.members, net.outsider])
      responders.set(orgId, (await makeUser(services, { orgId, role: 'security_lead' })).email);
  });
  afterAll(async () => {
    await bus.close();
    await close();
    await services.close();
  });

  const signedIn = (orgId: OrgId, role?: Role) =>
    signedInAs(services, { base, orgId, ...(role && { role }) });

  /** The events heard for one object, once the bus has delivered them. */
  async function eventsFor(objectId: string, count: number): Promise<BusEvent[]> {
    for (let i = 0; i < 100 && heard.filter((e) => e.data['objectId'] === objectId).length < count; i++)
      await new Promise((r) => setTimeout(r, 20));
    return heard.filter((e) => e.data['objectId'] === objectId);
  }
  const mailTo = async (orgId: OrgId) =>
    (await services.mailer.listOutbox({ limit: 500 })).filter((m) => m.to === responders.get(orgId));

  it('tells the other members of a GREEN incident live and by e-mail with its title, never the outsider', async () => {
    const [a, b] = net.members;
    const reporter = await signedIn(a);
    const res = await reporter.post(`/api/v1/networks/${net.networkId}/incidents`, {
      title: 'Results portal under DDoS',
      category: 'ddos',
      severity: 'critical',
      detectedAt: '2027-03-01T20:00:00Z',
      tlp: 'green',
    });
    const id = (res.body as { id: string }).id;
    const events = await eventsFor(id, 2);
    expect(events.map((e) => e.orgId).sort()).toEqual([net.coordinator, b].sort());
    expect(
      events.every((e) => e.data['alert'] === true && e.data['title'] === 'Results portal under DDoS'),
    ).toBe(true);
    // Each member alerted hears by e-mail, through one statement for all of them.
    for (const orgId of [net.coordinator, b])
      expect((await mailTo(orgId)).some((m) => m.text.includes('Results portal under DDoS'))).toBe(true);
    expect(await mailTo(net.outsider)).toEqual([]);
    expect(await mailTo(a)).toEqual([]);
  });

  it('e-mails only a notice of an AMBER incident, to the organisations named', async () => {
    const [a, b] = net.members;
    const reporter = await signedIn(a);
    const res = await reporter.post(`/api/v1/networks/${net.networkId}/incidents`, {
      title: 'Voter register export found on a forum',
      category: 'data_leak',
      severity: 'high',
      detectedAt: '2027-03-01T21:00:00Z',
      tlp: 'amber',
      recipients: [net.coordinator],
    });
    const id = (res.body as { id: string }).id;
    expect((await eventsFor(id, 1)).map((e) => e.orgId)).toEqual([net.coordinator]);
    const mails = (await mailTo(net.coordinator)).filter((m) => m.text.includes('TLP:AMBER'));
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.some((m) => `${m.subject}${m.text}`.includes('Voter register'))).toBe(false);
    expect((await mailTo(b)).some((m) => m.text.includes('TLP:AMBER'))).toBe(false);
  });

  it('tells both holders when an address falls inside a block another member shared, within what each may read', async () => {
    const [a, b] = net.members;
    const first = await signedIn(a);
    const held = (
      await first.post(`/api/v1/networks/${net.networkId}/indicators`, {
        observable: { kind: 'ipv4', value: '203.0.113.0/24' },
        tlp: 'green',
      })
    ).body as { id: string };
    const secret = (
      await first.post(`/api/v1/networks/${net.networkId}/indicators`, {
        observable: { kind: 'ipv4', value: '203.0.113.77' },
        tlp: 'amber+strict',
      })
    ).body as { id: string };
    const second = await signedIn(b);
    const shared = (
      await second.post(`/api/v1/networks/${net.networkId}/indicators`, {
        observable: { kind: 'ipv4', value: '203.0.113.77' },
        tlp: 'green',
      })
    ).body as { id: string };

    // Each side hears once per match it may read: B of A's block (not of A's AMBER+STRICT address), A twice.
    const correlations = () => heard.filter((e) => e.data['kind'] === 'correlation');
    await eventsFor(shared.id, 3);
    for (let i = 0; i < 100 && correlations().length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    const toB = correlations().filter((e) => e.orgId === b);
    expect(toB.map((e) => e.data['objectId'])).toEqual([shared.id]);
    const toA = correlations().filter((e) => e.orgId === a);
    expect(toA.map((e) => e.data['objectId']).sort()).toEqual([held.id, secret.id].sort());

    const seenByB = (await second.get(`/api/v1/networks/${net.networkId}/indicators/${shared.id}`)).body as {
      correlated: { id: string }[];
    };
    expect(seenByB.correlated.map((i) => i.id)).toEqual([held.id]);
    const seenByA = (await first.get(`/api/v1/networks/${net.networkId}/indicators/${held.id}`)).body as {
      correlated: { id: string }[];
    };
    expect(seenByA.correlated.map((i) => i.id).sort()).toEqual([secret.id, shared.id].sort());
  });

  it('alerts an organisation only at the severity it chose', async () => {
    const [a, b] = net.members;
    const admin = await signedIn(b, 'org_admin');
    const saved = await admin.put(`/api/v1/networks/${net.networkId}/alert-settings`, {
      minSeverity: 'critical',
      indicators: false,
      email: false,
    });
    expect(saved.status).toBe(200);
    const reporter = await signedIn(a);
    const res = await reporter.post(`/api/v1/networks/${net.networkId}/incidents`, {
      title: 'Spear-phishing of a commissioner',
      category: 'phishing',
      severity: 'high',
      detectedAt: '2027-03-02T08:00:00Z',
      tlp: 'green',
    });
    const events = await eventsFor((res.body as { id: string }).id, 2);
    expect(events.find((e) => e.orgId === b)?.data['alert']).toBe(false);
    expect(events.find((e) => e.orgId === net.coordinator)?.data['alert']).toBe(true);
    expect((await mailTo(b)).some((m) => m.text.includes('Spear-phishing'))).toBe(false);
  });
  it('in election-day mode, which only a coordinator switches, alerts every reader of every new incident', async () => {
    const [a, b] = net.members;
    const n = `/api/v1/networks/${net.networkId}`;
    // B hears only of critical incidents (the test before). A member may not switch the mode.
    const member = await signedIn(a, 'org_admin');
    const refused = await member.put(`${n}/election-day`, { on: true });
    expect({ status: refused.status, id: errorId(refused) }).toEqual({
      status: 403,
      id: 'network_coordinator_only',
    });
    const coordinator = await signedIn(net.coordinator, 'org_admin');
    const on = await coordinator.put(`${n}/election-day`, { on: true });
    expect(on.status).toBe(200);
    expect((on.body as { since: string | null }).since).not.toBeNull();
    // Every member's open screens hear of the switch.
    await eventsFor(net.networkId, 3);
    expect(
      heard
        .filter((e) => e.data['kind'] === 'election_day_on')
        .map((e) => e.orgId)
        .sort(),
    ).toEqual([net.coordinator, ...net.members].sort());
    const report = async (title: string) => {
      const made = await (
        await signedIn(a)
      ).post(`${n}/incidents`, {
        title,
        category: 'other',
        severity: 'low',
        detectedAt: '2027-03-02T09:00:00Z',
        tlp: 'green',
      });
      return eventsFor((made.body as { id: string }).id, 2);
    };
    const during = await report('Polling station laptop stolen');
    expect(during.find((e) => e.orgId === b)?.data['alert']).toBe(true);
    expect((await member.get(`${n}/election-day`)).body).toEqual(on.body);

    expect((await coordinator.put(`${n}/election-day`, { on: false })).body).toEqual({ since: null });
    const after = await report('Polling station printer jammed');
    expect(after.find((e) => e.orgId === b)?.data['alert']).toBe(false);
    const actions = await services.db
      .withTables<{ audit_events: { id: string; action: string; target_id: string } }>()
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', net.networkId)
      .where('action', 'like', 'network.election_day%')
      .orderBy('id')
      .execute();
    expect(actions.map((r) => r.action)).toEqual(['network.election_day_on', 'network.election_day_off']);
  });

  it('announces what a member posts over TAXII as if it had shared it on screen, and correlates it', async () => {
    const [a, b] = net.members;
    const holder = await signedIn(b);
    const held = (
      await holder.post(`/api/v1/networks/${net.networkId}/indicators`, {
        observable: { kind: 'domain', value: 'results-arvenia.example' },
        tlp: 'green',
      })
    ).body as { id: string };
    const tool = await taxiiClientOf(services, { base, orgId: a });
    const common = {
      spec_version: '2.1',
      created: '2027-03-03T08:00:00.000Z',
      modified: '2027-03-03T08:00:00.000Z',
      created_by_ref: `identity--${a}`,
      object_marking_refs: [markingRefOf('green')],
    };
    const incident = {
      ...common,
      type: 'incident',
      id: `incident--${newId()}`,
      name: 'Fake results site registered',
      extensions: { [ATALAYA_EXTENSION]: { extension_type: 'property-extension', severity: 'high' } },
    };
    const indicator = {
      ...common,
      type: 'indicator',
      id: `indicator--${newId()}`,
      name: 'Fake results domain',
      pattern: "[domain-name:value = 'results-arvenia.example']",
      pattern_type: 'stix',
      valid_from: '2027-03-03T08:00:00Z',
    };
    const posted = await tool.request(
      'POST',
      `/taxii2/${net.networkId}/collections/${collectionIdOf(net.networkId, 'green')}/objects/`,
      { objects: [incident, indicator] },
    );
    expect(posted.status).toBe(202);

    const told = await eventsFor(incident.id, 2);
    expect(told.map((e) => e.orgId).sort()).toEqual([net.coordinator, b].sort());
    // B chose to hear only of critical incidents (the test before); the coordinator keeps the default.
    expect(told.find((e) => e.orgId === net.coordinator)?.data).toMatchObject({
      alert: true,
      severity: 'high',
    });
    expect((await mailTo(net.coordinator)).some((m) => m.text.includes('Fake results site registered'))).toBe(
      true,
    );
    // The member's tool brought a value the other member holds: both hear of it, each on its own indicator.
    const correlations = () =>
      heard.filter(
        (e) =>
          e.data['kind'] === 'correlation' && [indicator.id, held.id].includes(String(e.data['objectId'])),
      );
    for (let i = 0; i < 100 && correlations().length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(
      correlations()
        .map((e) => `${e.orgId}:${String(e.data['objectId'])}`)
        .sort(),
    ).toEqual([`${a}:${indicator.id}`, `${b}:${held.id}`].sort());
  });
  it('announces envelopes posted back to back, together or not, before answering each', async () => {
    // The coordinator holds the values (the members changed their alert settings in the tests before).
    const [a] = net.members;
    const holder = await signedIn(net.coordinator);
    // Three, so that however they are batched the alert names each (it names the first three of a batch).
    const values = ['191.0.2.10', '191.0.2.11', '191.0.2.12'];
    const held: string[] = [];
    for (const value of values)
      held.push(
        (
          (
            await holder.post(`/api/v1/networks/${net.networkId}/indicators`, {
              observable: { kind: 'ipv4', value },
              tlp: 'green',
            })
          ).body as { id: string }
        ).id,
      );
    const tool = await taxiiClientOf(services, { base, orgId: a });
    const at = '2027-03-04T08:00:00.000Z';
    const envelopes = values.map((value) => ({
      objects: [
        {
          type: 'indicator',
          spec_version: '2.1',
          id: `indicator--${newId()}`,
          created: at,
          modified: at,
          created_by_ref: `identity--${a}`,
          object_marking_refs: [markingRefOf('green')],
          name: `Scanner ${value}`,
          pattern: `[ipv4-addr:value = '${value}']`,
          pattern_type: 'stix',
          valid_from: at,
        },
      ],
    }));
    const url = `/taxii2/${net.networkId}/collections/${collectionIdOf(net.networkId, 'green')}/objects/`;
    // Each answer comes once its envelope is announced, whichever batch announced it: by then the coordinator's
    // security lead has been written to about it.
    const answers = await Promise.all(
      envelopes.map(async (envelope, i) => {
        const answer = await tool.request('POST', url, envelope);
        const mails = await mailTo(net.coordinator);
        return { status: answer.status, told: mails.some((m) => m.text.includes(`Scanner ${values[i]}`)) };
      }),
    );
    expect(answers).toEqual(values.map(() => ({ status: 202, told: true })));
    // And live: the coordinator hears of a correlation on each of the indicators it holds.
    for (const id of held) {
      await eventsFor(id, 2);
      const told = heard.filter((e) => e.data['objectId'] === id && e.data['kind'] === 'correlation');
      expect(told.map((e) => e.orgId)).toEqual([net.coordinator]);
    }
  });
});
