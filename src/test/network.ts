import { systemActor } from '../platform/actor.js';
import type { OrgId } from '../modules/identity/index.js';
import type { Services } from '../runtime.js';
import type { Role } from '../modules/identity/index.js';
import { makeOrg, makeUser } from './factories.js';
import { Client } from './http.js';

/**
 * A regional network of three EMBs (the first coordinates) and an EMB outside it, each made fresh: what the
 * network module's tests share objects in.
 */
export async function regionalNetwork(services: Services): Promise<{
  networkId: string;
  coordinator: OrgId;
  members: [OrgId, OrgId];
  outsider: OrgId;
}> {
  const coordinator = await makeOrg(services);
  const members: [OrgId, OrgId] = [await makeOrg(services), await makeOrg(services)];
  const outsider = await makeOrg(services);
  const created = await services.identity.orgs.createNetwork({
    by: 'system',
    actor: systemActor('system'),
    name: `Network ${coordinator.slice(0, 8)}`,
    description: '',
    members: [
      { orgId: coordinator, role: 'coordinator' },
      ...members.map((orgId) => ({ orgId, role: 'member' as const })),
    ],
  });
  if (!created.ok) throw new Error(created.error.id);
  return { networkId: created.value.id, coordinator, members, outsider };
}

/** A new person of `orgId` in `role`, signed in on the app at `base`. */
export async function signedInAs(
  services: Services,
  q: { base: string; orgId: OrgId; role?: Role },
): Promise<Client> {
  const user = await makeUser(services, { orgId: q.orgId, role: q.role ?? 'analyst' });
  const client = new Client(q.base);
  await client.login(user.email);
  return client;
}
