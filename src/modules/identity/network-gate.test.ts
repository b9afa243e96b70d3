import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.js';
import { freshServices } from '../../test/db.js';
import { makeOrg, makeUser } from '../../test/factories.js';
import { Client, startApp } from '../../test/http.js';
import { authorizeNetwork } from './access.js';
import type { OrgId, Principal, Role } from './model.js';

let services: Awaited<ReturnType<typeof freshServices>>;
let base: string;
let close: () => Promise<void>;
let networkId: string;
let coordinatorOrg: OrgId;
let memberOrg: OrgId;
let outsiderOrg: OrgId;

beforeAll(async () => {
  services = await freshServices();
  ({ base, close } = await startApp(services));
  coordinatorOrg = await makeOrg(services, { type: 'assistance_provider' });
  memberOrg = await makeOrg(services);
  outsiderOrg = await makeOrg(services);
  const created = await services.identity.orgs.createNetwork({
    by: 'system',
    actor: systemActor('system'),
    name: 'Test regional network',
    description: '',
    members: [
      { orgId: coordinatorOrg, role: 'coordinator' },
      { orgId: memberOrg, role: 'member' },
    ],
  });
  if (!created.ok) throw new Error(created.error.id);
  networkId = created.value.id;
});
afterAll(async () => {
  await close();
  await services.close();
});

/** A signed-in caller's principal, as the gate receives it. */
async function signedIn(memberships: { orgId: OrgId; role: Role }[]): Promise<Principal> {
  const [first, ...more] = memberships;
  const user = await makeUser(services, first ?? { noOrg: true, operator: true });
  for (const m of more)
    await sql`INSERT INTO memberships (user_id, org_id, role, active)
      VALUES (${user.userId}, ${m.orgId}, ${m.role}, true)`.execute(services.db);
  const client = new Client(base);
  await client.login(user.email);
  const state = await services.identity.auth.resolveSession(client.cookie?.split('=')[1] ?? '');
  if (state.kind !== 'signed_in') throw new Error('not signed in');
  return state.principal;
}

const gate = (principal: Principal, need: 'member' | 'coordinator', level: 'read' | 'write') =>
  authorizeNetwork(services.db, { principal, networkId, need, level });

describe('the network gate', () => {
  it('lets a member organisation’s people read and its analysts write, as that organisation', async () => {
    const analyst = await signedIn([{ orgId: memberOrg, role: 'analyst' }]);
    expect(await gate(analyst, 'member', 'write')).toMatchObject({
      ok: true,
      value: { orgId: memberOrg, networkRole: 'member', role: 'analyst' },
    });
    const viewer = await signedIn([{ orgId: memberOrg, role: 'viewer' }]);
    expect((await gate(viewer, 'member', 'read')).ok).toBe(true);
    expect(await gate(viewer, 'member', 'write')).toMatchObject({
      ok: false,
      error: { id: 'role_forbidden' },
    });
  });

  it('keeps coordinators’ work to coordinating organisations, choosing the coordinating one', async () => {
    const member = await signedIn([{ orgId: memberOrg, role: 'org_admin' }]);
    expect(await gate(member, 'coordinator', 'write')).toMatchObject({
      ok: false,
      error: { id: 'network_coordinator_only' },
    });
    const both = await signedIn([
      { orgId: memberOrg, role: 'analyst' },
      { orgId: coordinatorOrg, role: 'analyst' },
    ]);
    expect(await gate(both, 'coordinator', 'write')).toMatchObject({
      ok: true,
      value: { orgId: coordinatorOrg, networkRole: 'coordinator' },
    });
  });

  it('tells outsiders, the operator and a malformed id only that the network is not found', async () => {
    const outsider = await signedIn([{ orgId: outsiderOrg, role: 'org_admin' }]);
    expect(await gate(outsider, 'member', 'read')).toMatchObject({
      ok: false,
      error: { id: 'network_not_found' },
    });
    const operator = await signedIn([]);
    expect((await gate(operator, 'member', 'read')).ok).toBe(false);
    const analyst = await signedIn([{ orgId: memberOrg, role: 'analyst' }]);
    expect(
      await authorizeNetwork(services.db, {
        principal: analyst,
        networkId: 'x',
        need: 'member',
        level: 'read',
      }),
    ).toMatchObject({ ok: false, error: { id: 'network_not_found' } });
  });

  it('lets an API token act only for the organisation it was made for', async () => {
    const both = await signedIn([
      { orgId: outsiderOrg, role: 'org_admin' },
      { orgId: memberOrg, role: 'org_admin' },
    ]);
    const tokenFor = async (orgId: OrgId) => {
      const made = await services.identity.tokens.create({
        userId: both.userId,
        orgId,
        name: 'taxii',
        actor: systemActor('system'),
      });
      if (!made.ok) throw new Error(made.error.id);
      const principal = await services.identity.auth.resolveToken(made.value.token);
      if (!principal) throw new Error('token not resolved');
      return principal;
    };
    expect((await gate(await tokenFor(memberOrg), 'member', 'read')).ok).toBe(true);
    expect(await gate(await tokenFor(outsiderOrg), 'member', 'read')).toMatchObject({
      ok: false,
      error: { id: 'network_not_found' },
    });
  });
});
