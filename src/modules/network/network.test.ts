import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from '../../test/db.js';
import { errorId, startApp, type Client } from '../../test/http.js';
import { regionalNetwork, signedInAs } from '../../test/network.js';
import { makeOrg } from '../../test/factories.js';
import { systemActor } from '../../platform/actor.js';
import type { OrgId, Role } from '../identity/index.js';

let services: Awaited<ReturnType<typeof freshServices>>;
let base: string;
let close: () => Promise<void>;
let net: Awaited<ReturnType<typeof regionalNetwork>>;

beforeAll(async () => {
  services = await freshServices();
  services.clock.set(new Date('2027-03-01T09:00:00Z'));
  ({ base, close } = await startApp(services));
  net = await regionalNetwork(services);
});
afterAll(async () => {
  await close();
  await services.close();
});

const signedIn = (orgId: OrgId, role?: Role) => signedInAs(services, { base, orgId, ...(role && { role }) });

const incident = (extra: Record<string, unknown> = {}) => ({
  title: 'Phishing wave against polling-station staff',
  category: 'phishing',
  severity: 'high',
  processes: ['communications'],
  detectedAt: '2027-03-01T07:30:00Z',
  description: 'Messages impersonating the commission ask staff to confirm their passwords.',
  tlp: 'green',
  ...extra,
});

describe('incidents in a network', () => {
  it('are shared as STIX incidents and read by the other members, never by an outsider', async () => {
    const [a, b] = net.members;
    const reporter = await signedIn(a);
    const created = await reporter.post(`/api/v1/networks/${net.networkId}/incidents`, incident());
    expect(created.status).toBe(201);
    const body = created.body as {
      id: string;
      marking: { tlp: string; ownerOrgId: string };
      created: string;
    };
    expect(body.id).toMatch(/^incident--[0-9a-f-]{36}$/);
    expect(body.marking).toEqual({ tlp: 'green', ownerOrgId: a, recipients: null });

    const colleague = await signedIn(b, 'viewer');
    const seen = await colleague.get(`/api/v1/networks/${net.networkId}/incidents/${body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      title: 'Phishing wave against polling-station staff',
      severity: 'high',
    });

    const outsider = await signedIn(net.outsider, 'org_admin');
    const refused = await outsider.get(`/api/v1/networks/${net.networkId}/incidents/${body.id}`);
    expect(refused.status).toBe(404);
    expect(errorId(refused)).toBe('network_not_found');
  });

  it('keeps an AMBER incident to the organisations named, and AMBER+STRICT to the one that shared it', async () => {
    const [a, b] = net.members;
    const reporter = await signedIn(a);
    const amber = await reporter.post(
      `/api/v1/networks/${net.networkId}/incidents`,
      incident({
        title: 'Credential stuffing on the results portal',
        tlp: 'amber',
        recipients: [net.coordinator],
      }),
    );
    const strict = await reporter.post(
      `/api/v1/networks/${net.networkId}/incidents`,
      incident({ title: 'Insider copied the voter register', tlp: 'amber+strict' }),
    );
    const ids = [amber, strict].map((r) => (r.body as { id: string }).id);
    const listed = async (client: Client) =>
      (
        (await client.get(`/api/v1/networks/${net.networkId}/incidents`)).body as {
          incidents: { id: string }[];
        }
      ).incidents
        .map((i) => i.id)
        .filter((id) => ids.includes(id));

    expect(await listed(reporter)).toEqual([...ids].reverse());
    expect(await listed(await signedIn(net.coordinator, 'viewer'))).toEqual([ids[0]]);
    const other = await signedIn(b, 'org_admin');
    expect(await listed(other)).toEqual([]);
    expect((await other.get(`/api/v1/networks/${net.networkId}/incidents/${ids[0]}`)).status).toBe(404);
  });

  it('refuses recipients outside the network, and recipients on a GREEN incident, storing nothing', async () => {
    const reporter = await signedIn(net.members[0]);
    const before = (await reporter.get(`/api/v1/networks/${net.networkId}/incidents?limit=200`)).body as {
      incidents: unknown[];
    };
    const stranger = await reporter.post(
      `/api/v1/networks/${net.networkId}/incidents`,
      incident({ tlp: 'red', recipients: [net.outsider] }),
    );
    expect(stranger.status).toBe(400);
    expect(errorId(stranger)).toBe('tlp_recipient_not_member');
    const green = await reporter.post(
      `/api/v1/networks/${net.networkId}/incidents`,
      incident({ recipients: [net.coordinator] }),
    );
    expect(errorId(green)).toBe('tlp_recipients_not_allowed');
    const after = (await reporter.get(`/api/v1/networks/${net.networkId}/incidents?limit=200`)).body as {
      incidents: unknown[];
    };
    expect(after.incidents.length).toBe(before.incidents.length);
  });

  it('lets only the organisation that shared an incident change it, as a later version', async () => {
    const [a, b] = net.members;
    const reporter = await signedIn(a);
    const created = (await reporter.post(`/api/v1/networks/${net.networkId}/incidents`, incident())).body as {
      id: string;
      created: string;
      modified: string;
    };
    const url = `/api/v1/networks/${net.networkId}/incidents/${created.id}`;
    const other = await signedIn(b, 'org_admin');
    const refused = await other.put(url, incident({ status: 'closed' }));
    expect(refused.status).toBe(403);
    expect(errorId(refused)).toBe('network_not_owner');

    const updated = await reporter.put(
      url,
      incident({ status: 'contained', lessons: 'Warn staff by SMS first.' }),
    );
    expect(updated.status).toBe(200);
    const after = updated.body as { created: string; modified: string; status: string; lessons: string };
    expect(after).toMatchObject({
      status: 'contained',
      lessons: 'Warn staff by SMS first.',
      created: created.created,
    });
    expect(Date.parse(after.modified)).toBeGreaterThan(Date.parse(created.modified));
    expect(((await other.get(url)).body as { status: string }).status).toBe('contained');
  });

  it('refuses a write from a read-only role with a valid body', async () => {
    const viewer = await signedIn(net.members[0], 'viewer');
    const res = await viewer.post(`/api/v1/networks/${net.networkId}/incidents`, incident());
    expect(res.status).toBe(403);
    expect(errorId(res)).toBe('role_forbidden');
  });
});

describe('indicators in a network', () => {
  it('stores a typed observable in its canonical spelling, as a STIX pattern', async () => {
    const reporter = await signedIn(net.members[0]);
    const res = await reporter.post(`/api/v1/networks/${net.networkId}/indicators`, {
      observable: { kind: 'domain', value: 'Comision-Electoral.Example.' },
      confidence: 80,
      tlp: 'green',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      pattern: "[domain-name:value = 'comision-electoral.example']",
      observables: [{ kind: 'domain', value: 'comision-electoral.example' }],
      confidence: 80,
    });
  });

  it('refuses a pattern that does not parse and an observable that is not one, storing nothing', async () => {
    const reporter = await signedIn(net.members[0]);
    const list = async () =>
      (
        (await reporter.get(`/api/v1/networks/${net.networkId}/indicators?limit=200`)).body as {
          indicators: [];
        }
      ).indicators.length;
    const before = await list();
    const pattern = await reporter.post(`/api/v1/networks/${net.networkId}/indicators`, {
      pattern: "[ipv4-addr:value = '198.51.100.1'",
      tlp: 'green',
    });
    expect(pattern.status).toBe(400);
    expect(errorId(pattern)).toBe('stix_pattern_invalid');
    const observable = await reporter.post(`/api/v1/networks/${net.networkId}/indicators`, {
      observable: { kind: 'ipv4', value: '198.51.100.300' },
      tlp: 'green',
    });
    expect(errorId(observable)).toBe('observable_invalid');
    expect(await list()).toBe(before);
  });

  it('records a sighting by another member, seen with the indicator', async () => {
    const [a, b] = net.members;
    const reporter = await signedIn(a);
    const shared = (
      await reporter.post(`/api/v1/networks/${net.networkId}/indicators`, {
        pattern: "[ipv4-addr:value ISSUBSET '203.0.113.0/24']",
        tlp: 'green',
      })
    ).body as { id: string; observables: unknown[] };
    expect(shared.observables).toEqual([{ kind: 'ipv4', value: '203.0.113.0/24' }]);
    const sighter = await signedIn(b);
    const sighting = await sighter.post(
      `/api/v1/networks/${net.networkId}/indicators/${shared.id}/sightings`,
      {
        count: 12,
        firstSeen: '2027-03-01T06:00:00Z',
        lastSeen: '2027-03-01T08:00:00Z',
        where: 'Results portal firewall',
        tlp: 'green',
      },
    );
    expect(sighting.status).toBe(201);
    const read = (await reporter.get(`/api/v1/networks/${net.networkId}/indicators/${shared.id}`)).body as {
      sightings: { sightedBy: string; count: number; where: string }[];
    };
    expect(read.sightings).toEqual([
      expect.objectContaining({ sightedBy: b, count: 12, where: 'Results portal firewall' }),
    ]);
  });
});

describe('lessons of an incident', () => {
  it('go to the roadmap once, linked to the incident, in the sender’s language', async () => {
    const [a] = net.members;
    const reporter = await signedIn(a);
    const created = (
      await reporter.post(
        `/api/v1/networks/${net.networkId}/incidents`,
        incident({ tlp: 'red', lessons: 'Keep a printed list of staff phone numbers.' }),
      )
    ).body as { id: string };
    const url = `/api/v1/networks/${net.networkId}/incidents/${created.id}/roadmap`;
    const sent = await reporter.post(url, {});
    expect(sent.status).toBe(201);
    const item = (
      await reporter.get(`/api/v1/orgs/${a}/roadmap/items/${(sent.body as { itemId: string }).itemId}`)
    ).body as { source: string; description: string; origin: Record<string, string>; title: string };
    expect(item).toMatchObject({
      source: 'incident',
      description: 'Keep a printed list of staff phone numbers.',
      origin: { networkId: net.networkId, incidentId: created.id },
      title: 'Lessons from the incident "Phishing wave against polling-station staff"',
    });
    const again = await reporter.post(url, {});
    expect(errorId(again)).toBe('incident_lessons_on_roadmap');
  });

  it('stay off the roadmap of a coordinating assistance provider, which keeps none', async () => {
    const [a] = net.members;
    const provider = await makeOrg(services, { type: 'assistance_provider' });
    const shared = await services.identity.orgs.createNetwork({
      by: 'system',
      actor: systemActor('system'),
      name: 'Network with a provider',
      description: '',
      members: [
        { orgId: a, role: 'member' },
        { orgId: provider, role: 'coordinator' },
      ],
    });
    if (!shared.ok) throw new Error(shared.error.id);
    const created = (
      await (
        await signedIn(a)
      ).post(
        `/api/v1/networks/${shared.value.id}/incidents`,
        incident({ lessons: 'Print the staff phone list.' }),
      )
    ).body as { id: string };
    const adviser = await signedIn(provider, 'security_lead');
    const refused = await adviser.post(
      `/api/v1/networks/${shared.value.id}/incidents/${created.id}/roadmap`,
      {},
    );
    expect(refused.status).toBe(403);
    expect(errorId(refused)).toBe('module_not_used');
  });

  it('stay in the network when another organisation’s marking forbids copying them out', async () => {
    const [a, b] = net.members;
    const reporter = await signedIn(a);
    const amber = (
      await reporter.post(
        `/api/v1/networks/${net.networkId}/incidents`,
        incident({ tlp: 'amber', lessons: 'Rotate the shared results-portal credentials.' }),
      )
    ).body as { id: string };
    const other = await signedIn(b, 'security_lead');
    const refused = await other.post(`/api/v1/networks/${net.networkId}/incidents/${amber.id}/roadmap`, {});
    expect(refused.status).toBe(403);
    expect(errorId(refused)).toBe('tlp_forbids_copy');
    const green = (
      await reporter.post(
        `/api/v1/networks/${net.networkId}/incidents`,
        incident({ lessons: 'Publish the official channels list early.' }),
      )
    ).body as { id: string };
    expect(
      (await other.post(`/api/v1/networks/${net.networkId}/incidents/${green.id}/roadmap`, {})).status,
    ).toBe(201);
  });
});
