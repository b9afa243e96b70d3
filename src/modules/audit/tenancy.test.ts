import { afterAll, beforeAll, expect, it } from 'vitest';
import { twoOrganisations } from '../../test/tenancy.js';
import { listEvents } from './store.js';

let t: Awaited<ReturnType<typeof twoOrganisations>>;
beforeAll(async () => {
  t = await twoOrganisations();
});
afterAll(() => t.close());

it("shows organisation B none of organisation A's audit events", async () => {
  await t.client.post(`/api/v1/orgs/${t.orgA}/elections`, {
    name: 'General',
    kind: 'general',
    pollingDay: '2027-06-01',
  });
  const { db } = t.services;
  expect((await listEvents(db, { orgId: t.orgA, limit: 50 })).map((e) => e.action)).toContain(
    'election.created',
  );
  expect((await listEvents(db, { orgId: t.orgB, limit: 50 })).map((e) => e.orgId)).not.toContain(t.orgA);
});
