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

/** A TAXII client's answer: status, headers and the parsed body. */
export interface TaxiiReply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/**
 * A TAXII client acting for a new person of `orgId` in `role` with an API token, as a CERT's tool would: HTTP
 * Basic with the e-mail and the token, TAXII's Accept header on every request.
 */
export async function taxiiClientOf(
  services: Services,
  q: { base: string; orgId: OrgId; role?: Role },
): Promise<{
  email: string;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TaxiiReply>;
}> {
  const user = await makeUser(services, { orgId: q.orgId, role: q.role ?? 'analyst' });
  const made = await services.identity.tokens.create({
    userId: user.userId,
    orgId: q.orgId,
    name: 'TAXII client',
    actor: { userId: user.userId, label: user.email, requestId: 'test', viaGrantId: undefined },
  });
  if (!made.ok) throw new Error(made.error.id);
  const authorization = `Basic ${Buffer.from(`${user.email}:${made.value.token}`).toString('base64')}`;
  return {
    email: user.email,
    async request(method, path, body, headers = {}) {
      const response = await fetch(`${q.base}${path}`, {
        method,
        headers: {
          authorization,
          accept: 'application/taxii+json;version=2.1',
          ...(body !== undefined && { 'content-type': 'application/taxii+json;version=2.1' }),
          ...headers,
        },
        ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
    },
  };
}
