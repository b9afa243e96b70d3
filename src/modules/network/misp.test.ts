import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { freshServices } from '../../test/db.js';
import { errorId, startApp } from '../../test/http.js';
import { regionalNetwork, signedInAs } from '../../test/network.js';
import type { OrgId } from '../identity/index.js';

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

const signedIn = (orgId: OrgId) => signedInAs(services, { base, orgId });
const importPath = (tlp?: string) =>
  `/api/v1/networks/${net.networkId}/imports/misp${tlp ? `?tlp=${tlp}` : ''}`;

/**
 * A MISP event as MISP exports it (the shape of the MISP core format, draft-dulaunoy-misp-core-format: strings
 * for numbers, organisation blocks, an object with its own attributes), with fresh UUIDs.
 */
function mispEvent(q: { tags?: string[]; timestamp?: string } = {}) {
  const org = { id: '2', name: 'National CERT', uuid: '55f6ea5e-2c60-40e5-964f-47a8950d210f' };
  const attribute = (type: string, value: string, extra: Record<string, unknown> = {}) => ({
    id: '1',
    type,
    category: 'Network activity',
    to_ids: true,
    uuid: newId(),
    event_id: '1',
    distribution: '5',
    timestamp: '1735725600',
    comment: '',
    sharing_group_id: '0',
    deleted: false,
    disable_correlation: false,
    object_id: '0',
    object_relation: null,
    value,
    ...extra,
  });
  return {
    Event: {
      id: '1',
      orgc_id: '2',
      org_id: '2',
      date: '2025-01-01',
      threat_level_id: '1',
      info: 'Phishing wave against election staff mailboxes',
      published: true,
      uuid: newId(),
      attribute_count: '6',
      analysis: '1',
      timestamp: q.timestamp ?? '1735729200',
      distribution: '1',
      Org: org,
      Orgc: org,
      Tag: (q.tags ?? ['tlp:amber', 'circl:incident-classification="phishing"']).map((name) => ({
        name,
        colour: '#ffffff',
        exportable: true,
      })),
      Attribute: [
        attribute('domain', 'Login-Elections.Example', { comment: 'Credential phishing page' }),
        attribute('ip-dst|port', '203.0.113.7|443'),
        attribute('email-src', 'notice@commission-mail.example', {
          Tag: [{ name: 'tlp:red', colour: '#cc0033' }],
        }),
        attribute('text', 'Seen by two provinces', { to_ids: false }),
        attribute('mutex', 'Global\\x1'),
      ],
      Object: [
        {
          id: '1',
          name: 'file',
          meta_category: 'file',
          uuid: newId(),
          Attribute: [
            attribute('sha256', 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855'),
            attribute('filename', 'invoice.pdf.exe', { to_ids: false }),
          ],
        },
      ],
    },
  };
}

type Imported = {
  events: {
    incidentId: string;
    incident: string;
    tlp: string;
    tlpDefaulted: boolean;
    indicators: number;
    indicatorsNew: number;
    left: { notForDetection: number; type: number; invalid: number };
  }[];
};
const objectCount = async () =>
  Number(
    (
      await sql<{
        n: string;
      }>`SELECT count(*)::text AS n FROM network_objects WHERE network_id = ${net.networkId}`.execute(
        services.db,
      )
    ).rows[0]?.n,
  );

describe('MISP JSON import', () => {
  it('makes the event an incident and its detection attributes indicators, marked by the TLP tags', async () => {
    const [a, b] = net.members;
    const importer = await signedIn(a);
    const event = mispEvent();
    const res = await importer.post(importPath(), event);
    expect(res.status).toBe(200);
    const [imported] = (res.body as Imported).events;
    expect(imported).toMatchObject({
      incidentId: `incident--${event.Event.uuid}`,
      incident: 'new',
      tlp: 'amber',
      tlpDefaulted: false,
      indicators: 4,
      indicatorsNew: 4,
      left: { notForDetection: 2, type: 1, invalid: 0 },
    });

    // Another member reads the AMBER incident and indicators, but not the attribute MISP marked RED.
    const other = await signedIn(b);
    const incident = await other.get(`/api/v1/networks/${net.networkId}/incidents/${imported!.incidentId}`);
    expect(incident.body).toMatchObject({
      title: 'Phishing wave against election staff mailboxes',
      category: 'phishing',
      severity: 'high',
      marking: { tlp: 'amber', ownerOrgId: a },
    });
    const seen = (
      (await other.get(`/api/v1/networks/${net.networkId}/indicators?limit=50`)).body as {
        indicators: { observables: { value: string }[] }[];
      }
    ).indicators.flatMap((i) => i.observables.map((o) => o.value));
    expect(seen).toEqual(
      expect.arrayContaining([
        'login-elections.example',
        '203.0.113.7',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ]),
    );
    expect(seen).not.toContain('notice@commission-mail.example');
    const own = (
      (await importer.get(`/api/v1/networks/${net.networkId}/indicators?limit=50`)).body as {
        indicators: { marking: { tlp: string }; observables: { value: string }[] }[];
      }
    ).indicators.filter((i) => i.observables.some((o) => o.value === 'notice@commission-mail.example'));
    expect(own.map((i) => i.marking.tlp)).toEqual(['red']);
  });

  it('adds nothing when the same event comes again, and a new version when MISP changed it', async () => {
    const [a] = net.members;
    const importer = await signedIn(a);
    const event = mispEvent();
    expect((await importer.post(importPath(), event)).status).toBe(200);
    const before = await objectCount();
    const again = (await importer.post(importPath(), event)).body as Imported;
    expect(again.events[0]).toMatchObject({ incident: 'unchanged', indicatorsNew: 0 });
    expect(await objectCount()).toBe(before);

    const changed = { Event: { ...event.Event, timestamp: '1735740000', info: 'Phishing wave (updated)' } };
    const updated = (await importer.post(importPath(), changed)).body as Imported;
    expect(updated.events[0]).toMatchObject({ incident: 'updated', indicatorsNew: 0 });
    expect(await objectCount()).toBe(before + 1);
  });

  it('uses the member’s choice of TLP for an event without a TLP tag, and says so', async () => {
    const importer = await signedIn(net.members[0]);
    const res = await importer.post(
      importPath('green'),
      mispEvent({ tags: ['circl:incident-classification="malware"'] }),
    );
    expect((res.body as Imported).events[0]).toMatchObject({ tlp: 'green', tlpDefaulted: true });
  });

  it('refuses what is not a MISP export, or an event another member imported, and stores nothing', async () => {
    const [a, b] = net.members;
    const before = await objectCount();
    const importer = await signedIn(a);
    const notMisp = await importer.post(importPath(), { type: 'bundle', objects: [] });
    expect(notMisp.status).toBe(400);
    expect(errorId(notMisp)).toBe('misp_file_invalid');
    const badUuid = { Event: { ...mispEvent().Event, uuid: 'not-a-uuid' } };
    expect((await importer.post(importPath(), badUuid)).status).toBe(400);

    const event = mispEvent();
    expect((await importer.post(importPath(), event)).status).toBe(200);
    const stored = await objectCount();
    const other = await signedIn(b);
    const taken = await other.post(importPath(), event);
    expect(taken.status).toBe(422);
    expect(errorId(taken)).toBe('misp_objects_refused');
    expect(await objectCount()).toBe(stored);
    expect(stored).toBeGreaterThan(before);
  });

  it('lets no outsider or reader import', async () => {
    const outsider = await signedIn(net.outsider);
    expect((await outsider.post(importPath(), mispEvent())).status).toBe(404);
    const viewer = await signedInAs(services, { base, orgId: net.members[0], role: 'viewer' });
    expect((await viewer.post(importPath(), mispEvent())).status).toBe(403);
  });
});
