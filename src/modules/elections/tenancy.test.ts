import { afterAll, beforeAll, expect, it } from 'vitest';
import { twoOrganisations } from '../../test/tenancy.js';
import { listElections } from './store.js';

let t: Awaited<ReturnType<typeof twoOrganisations>>;
beforeAll(async () => {
  t = await twoOrganisations();
});
afterAll(() => t.close());

it("finds nothing of organisation A's elections when organisation B asks by id", async () => {
  const id = t.idOf(
    await t.client.post(`/api/v1/orgs/${t.orgA}/elections`, {
      name: 'General',
      kind: 'general',
      pollingDay: '2027-06-01',
    }),
  );
  expect(await listElections(t.services.db, t.orgA, id)).toHaveLength(1);
  expect(await listElections(t.services.db, t.orgB, id)).toEqual([]);
});
