import { afterAll, beforeAll, expect, it } from 'vitest';
import { twoOrganisations } from '../../test/tenancy.js';
import { listGrantsOf } from './grants.store.js';
import { listPendingInvitations } from './invites.store.js';
import { findMembership, listMembers } from './users.store.js';

let t: Awaited<ReturnType<typeof twoOrganisations>>;
beforeAll(async () => {
  t = await twoOrganisations();
});
afterAll(() => t.close());

it("finds nothing of organisation A's members, invitations or grants when organisation B asks", async () => {
  await t.client.post(`/api/v1/orgs/${t.orgA}/invitations`, { email: 'new@example.org', role: 'staff' });
  const { db, clock } = t.services;
  expect(await findMembership(db, t.orgA, t.adminId)).toBeDefined();
  expect(await findMembership(db, t.orgB, t.adminId)).toBeUndefined();
  expect((await listMembers(db, t.orgB)).map((m) => m.userId)).not.toContain(t.adminId);
  expect(await listPendingInvitations(db, t.orgA, clock.now())).toHaveLength(1);
  expect(await listPendingInvitations(db, t.orgB, clock.now())).toEqual([]);
  expect(await listGrantsOf(db, t.orgB)).toEqual([]);
});
