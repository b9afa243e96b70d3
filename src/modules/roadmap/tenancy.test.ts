import { afterAll, beforeAll, expect, it } from 'vitest';
import { twoOrganisations } from '../../test/tenancy.js';
import { listMissions } from './missions.store.js';
import { getItem } from './store.js';

let t: Awaited<ReturnType<typeof twoOrganisations>>;
beforeAll(async () => {
  t = await twoOrganisations();
});
afterAll(() => t.close());

it("finds nothing of organisation A's roadmap items or missions when organisation B asks by id", async () => {
  const v = `/api/v1/orgs/${t.orgA}/roadmap`;
  const missionId = t.idOf(await t.client.post(`${v}/missions`, { name: 'TEAM 2026', kind: 'team' }));
  const itemId = t.idOf(
    await t.client.post(`${v}/items`, { title: 'Train staff', kind: 'action', source: 'other' }),
  );
  const { db } = t.services;
  expect(await getItem(db, t.orgA, itemId)).toBeDefined();
  expect(await getItem(db, t.orgB, itemId)).toBeUndefined();
  expect(await listMissions(db, t.orgA, missionId)).toHaveLength(1);
  expect(await listMissions(db, t.orgB, missionId)).toEqual([]);
});
