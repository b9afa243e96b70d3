import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.js';
import { freshServices } from '../../test/db.js';
import { startApp } from '../../test/http.js';
import { regionalNetwork, signedInAs } from '../../test/network.js';
import type { Incident } from './incident.js';
import { situationOf } from './situation.js';

describe('a network’s situation, from the incidents a reader may see', () => {
  const incident = (over: Partial<Incident>): Incident => ({
    id: 'incident--00000000-0000-4000-8000-000000000000',
    marking: { networkId: 'n', tlp: 'green', ownerOrgId: 'a', recipients: null },
    source: 'local',
    title: 't',
    description: '',
    category: 'phishing',
    severity: 'medium',
    status: 'open',
    processes: [],
    phase: null,
    detectedAt: '2026-11-02T08:00:00.000Z',
    affectedSystems: [],
    actionsTaken: '',
    lessons: '',
    timeline: [],
    lang: null,
    created: '2026-11-02T10:00:00.000Z',
    modified: '2026-11-02T10:00:00.000Z',
    ...over,
  });

  it('counts open incidents by severity and process, months by category, and the median time to share', () => {
    const s = situationOf({
      now: new Date('2026-12-03T00:00:00Z'),
      members: [
        {
          orgId: 'a',
          orgName: 'A',
          country: 'XA',
          role: 'coordinator',
          pollingDay: null,
          daysToPolling: null,
        },
      ],
      incidents: [
        incident({ severity: 'critical', processes: ['results', 'website'] }),
        incident({ status: 'contained', created: '2026-11-02T12:00:00.000Z' }),
        incident({
          status: 'closed',
          category: 'ddos',
          detectedAt: '2026-12-01T00:00:00.000Z',
          created: '2026-12-01T06:00:00.000Z',
        }),
        incident({
          detectedAt: null,
          status: 'resolved',
          category: 'ddos',
          created: '2025-12-20T00:00:00.000Z',
        }),
      ],
    });
    expect(s.open).toEqual({
      total: 2,
      bySeverity: { low: 0, medium: 1, high: 0, critical: 1 },
      byProcess: {
        voter_registration: 0,
        candidate_registration: 0,
        results: 1,
        website: 1,
        communications: 0,
        logistics: 0,
      },
    });
    expect(s.byMonth).toHaveLength(12);
    expect(s.byMonth.at(-2)).toEqual({ month: '2026-11', total: 2, byCategory: { phishing: 2 } });
    expect(s.byMonth.at(-1)).toEqual({ month: '2026-12', total: 1, byCategory: { ddos: 1 } });
    expect(s.byMonth[0]).toEqual({ month: '2026-01', total: 0, byCategory: {} });
    // 2 h, 4 h and 6 h from detection to sharing; the incident without a detection time does not count.
    expect(s.medianHoursToShare).toBe(4);
    expect(s.byMember).toEqual([{ orgId: 'a', incidents: 4 }]);
  });
});

describe('GET …/situation', () => {
  let services: Awaited<ReturnType<typeof freshServices>>;
  let base: string;
  let close: () => Promise<void>;
  let net: Awaited<ReturnType<typeof regionalNetwork>>;
  beforeAll(async () => {
    services = await freshServices();
    ({ base, close } = await startApp(services));
    net = await regionalNetwork(services);
  });
  afterAll(async () => {
    await close();
    await services.close();
  });

  it('counts only what each member may read, and gives each member’s days to polling day', async () => {
    const [a, b] = net.members;
    const pollingDay = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const election = await services.elections.create({
      orgId: a,
      actor: systemActor('system'),
      input: { name: 'General', kind: 'general', pollingDay, phases: [] },
    });
    expect(election.ok).toBe(true);
    const sharer = await signedInAs(services, { base, orgId: a });
    for (const [tlp, severity] of [
      ['green', 'critical'],
      ['amber+strict', 'high'],
    ] as const)
      expect(
        (
          await sharer.post(`/api/v1/networks/${net.networkId}/incidents`, {
            title: `Results site down (${tlp})`,
            category: 'ddos',
            severity,
            processes: ['results'],
            detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
            tlp,
          })
        ).status,
      ).toBe(201);

    type Out = {
      open: { total: number; bySeverity: Record<string, number>; byProcess: Record<string, number> };
      members: { orgId: string; daysToPolling: number | null }[];
      byMember: { orgId: string; incidents: number }[];
    };
    const own = (await sharer.get(`/api/v1/networks/${net.networkId}/situation`)).body as Out;
    expect(own.open.total).toBe(2);
    const other = await signedInAs(services, { base, orgId: b });
    const seen = (await other.get(`/api/v1/networks/${net.networkId}/situation`)).body as Out;
    expect(seen.open).toMatchObject({
      total: 1,
      bySeverity: { critical: 1, high: 0 },
      byProcess: { results: 1 },
    });
    expect(seen.byMember.find((m) => m.orgId === a)?.incidents).toBe(1);
    expect(seen.members.find((m) => m.orgId === a)?.daysToPolling).toBe(30);
    expect(seen.members.find((m) => m.orgId === b)?.daysToPolling).toBeNull();

    const outsider = await signedInAs(services, { base, orgId: net.outsider });
    expect((await outsider.get(`/api/v1/networks/${net.networkId}/situation`)).status).toBe(404);
  });

  it('lists the latest sightings only where the reader may read the indicator too', async () => {
    const [a, b] = net.members;
    const n = `/api/v1/networks/${net.networkId}`;
    const holder = await signedInAs(services, { base, orgId: a });
    const sight = async (tlp: string, name: string) => {
      const indicator = (
        await holder.post(`${n}/indicators`, {
          observable: { kind: 'domain', value: `${tlp.replace('+', '-')}.example` },
          name,
          tlp,
        })
      ).body as { id: string };
      const seen = await holder.post(`${n}/indicators/${indicator.id}/sightings`, {
        count: 3,
        firstSeen: '2027-03-01T07:00:00Z',
        lastSeen: '2027-03-01T08:00:00Z',
        where: 'Mail gateway',
        tlp: 'green',
      });
      expect(seen.status, seen.text).toBe(201);
    };
    await sight('green', 'Shared domain');
    // A GREEN sighting of an AMBER+STRICT indicator: others may read the sighting, never the indicator's name.
    await sight('amber+strict', 'Internal only domain');
    type Out = { latestSightings: { indicatorName: string; count: number }[] };
    const names = async (orgId: typeof a) =>
      (
        ((await (await signedInAs(services, { base, orgId })).get(`${n}/situation`)).body as Out)
          .latestSightings ?? []
      )
        .map((x) => x.indicatorName)
        .sort();
    expect(await names(a)).toEqual(['Internal only domain', 'Shared domain']);
    expect(await names(b)).toEqual(['Shared domain']);
  });
});
