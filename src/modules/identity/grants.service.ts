import type { Actor } from '../../platform/actor.js';
import { fail, type Problem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { AccessScope } from './access.js';
import type { IdentityDeps } from './deps.js';
import {
  insertGrant,
  listGrantsOf,
  liveGrantsReceived,
  revokeGrant,
  revokeGrantsBetween,
  type AccessGrant,
} from './grants.store.js';
import type { GrantableModule, OrgId, OrgType, Principal } from './model.js';
import { findOrg } from './orgs.store.js';

/** Builds the services for access grants from an electoral body to an assistance provider. */
export function createGrantsService(deps: IdentityDeps) {
  const { db, tx, clock } = deps;

  return {
    /** Organisations whose data the caller may open through grants to their assistance-provider memberships. */
    grantedToMe(principal: Principal): Promise<AccessGrant[]> {
      const providers = principal.memberships
        .filter((m) => m.orgType === 'assistance_provider')
        .map((m) => m.orgId);
      return liveGrantsReceived(db, providers);
    },

    /** Grants given and received by the organisation in scope. */
    list(scope: AccessScope): Promise<AccessGrant[]> {
      return listGrantsOf(db, scope.orgId);
    },

    /**
     * Grants an assistance provider read or write access to chosen modules of the scope's data. One live grant
     * per provider: a new grant replaces the one before, so revoking it always ends the provider's access.
     */
    async grant(q: {
      scope: AccessScope;
      actor: Actor;
      granteeOrgId: OrgId;
      modules: readonly GrantableModule[];
      level: 'read' | 'write';
      expiresOn: string | null;
    }): Promise<Result<{ id: string }, Problem>> {
      if (q.expiresOn !== null && q.expiresOn < clock.now().toISOString().slice(0, 10))
        return fail('invalid', 'grant_expiry_past');
      const grantee = await findOrg(db, q.granteeOrgId);
      const allowed: readonly OrgType[] = ['assistance_provider'];
      if (!grantee || !allowed.includes(grantee.type) || grantee.id === q.scope.orgId)
        return fail('invalid', 'grant_target_invalid');
      const id = newId();
      return tx.run(q.actor, async (t, record) => {
        const replaced = await revokeGrantsBetween(t, {
          grantorOrgId: q.scope.orgId,
          granteeOrgId: q.granteeOrgId,
          now: clock.now(),
        });
        await insertGrant(t, {
          id,
          grantorOrgId: q.scope.orgId,
          granteeOrgId: q.granteeOrgId,
          modules: [...new Set(q.modules)],
          level: q.level,
          createdBy: q.actor.userId,
          expiresOn: q.expiresOn,
        });
        await record({
          action: 'grant.created',
          orgId: q.scope.orgId,
          targetType: 'access_grant',
          targetId: id,
          summary: {
            grantee: grantee.name,
            modules: q.modules,
            level: q.level,
            expiresOn: q.expiresOn,
            replaced,
          },
        });
        return ok({ id });
      });
    },

    async revoke(q: { scope: AccessScope; actor: Actor; grantId: string }): Promise<Result<void, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        if (!(await revokeGrant(t, { id: q.grantId, grantorOrgId: q.scope.orgId, now: clock.now() })))
          return fail('not_found', 'not_found');
        await record({
          action: 'grant.revoked',
          orgId: q.scope.orgId,
          targetType: 'access_grant',
          targetId: q.grantId,
        });
        return ok(undefined);
      });
    },
  };
}

/** The grants service's type. */
export type GrantsService = ReturnType<typeof createGrantsService>;
