import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { freshServices } from '../../test/db.js';
import { startApp } from '../../test/http.js';
import { regionalNetwork, taxiiClientOf } from '../../test/network.js';
import { collectionIdOf } from './taxii.model.js';
import { markingRefOf } from './tlp.js';

let services: Awaited<ReturnType<typeof freshServices>>;
let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  services = await freshServices();
  ({ base, close } = await startApp(services));
});
afterAll(async () => {
  await close();
  await services.close();
});

/** What the planner believes `network_objects` holds (-1: never counted). */
const counted = async () =>
  Number(
    (
      await sql<{
        n: number;
      }>`SELECT reltuples AS n FROM pg_class WHERE oid = 'network_objects'::regclass`.execute(services.db)
    ).rows[0]?.n,
  );

it('counts a network anew once arrivals have outgrown what the planner last counted', async () => {
  const net = await regionalNetwork(services);
  const cert = await taxiiClientOf(services, { base, orgId: net.members[0] });
  const objects = `/taxii2/${net.networkId}/collections/${collectionIdOf(net.networkId, 'green')}/objects/`;
  const envelope = (from: number) => ({
    objects: Array.from({ length: 100 }, (_, i) => ({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${newId()}`,
      created: '2027-03-01T08:00:00.000Z',
      modified: '2027-03-01T08:00:00.000Z',
      name: `Scanner ${from + i}`,
      pattern: `[ipv4-addr:value = '10.9.${(from + i) >> 8}.${(from + i) & 255}']`,
      pattern_type: 'stix',
      valid_from: '2027-03-01T08:00:00Z',
      object_marking_refs: [markingRefOf('green')],
    })),
  });
  for (let i = 0; i < 12; i++)
    expect((await cert.request('POST', objects, envelope(i * 100))).status).toBe(202);
  expect(await counted()).toBeGreaterThanOrEqual(1000);
});
