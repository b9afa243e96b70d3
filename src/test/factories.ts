import { randomBytes } from 'node:crypto';
import { systemActor } from '../platform/actor.js';
import type { OrgId, OrgType, Role, UserId } from '../modules/identity/index.js';
import type { Services } from '../runtime.js';

/** The password every factory-made account has. */
export const TEST_PASSWORD = 'correct horse battery staple';

function unique(): string {
  return randomBytes(4).toString('hex');
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: { id: string } }): T {
  if (!result.ok) throw new Error(`factory failed: ${result.error.id}`);
  return result.value;
}

/** Creates an organisation (an EMB unless told otherwise). */
export async function makeOrg(
  services: Services,
  opts: { type?: OrgType; name?: string; units?: string[] } = {},
): Promise<OrgId> {
  const org = must(
    await services.identity.orgs.createOrg({
      by: 'system',
      actor: systemActor('system'),
      name: opts.name ?? `Org ${unique()}`,
      type: opts.type ?? 'emb',
      country: 'XA',
      units: opts.units ?? [],
    }),
  );
  return org.id;
}

/** Creates a user, with a membership (creating the organisation when none is given). */
export async function makeUser(
  services: Services,
  opts: { orgId?: OrgId; role?: Role; email?: string; operator?: boolean; noOrg?: boolean } = {},
): Promise<{ userId: UserId; email: string; orgId: OrgId | undefined }> {
  const email = opts.email ?? `user-${unique()}@example.org`;
  const orgId = opts.noOrg ? undefined : (opts.orgId ?? (await makeOrg(services)));
  const { userId } = must(
    await services.identity.orgs.createUser({
      actor: systemActor('system'),
      email,
      name: `Test ${email}`,
      password: TEST_PASSWORD,
      isOperator: opts.operator ?? false,
      ...(orgId && { membership: { orgId, role: opts.role ?? 'org_admin' } }),
    }),
  );
  return { userId, email, orgId };
}
