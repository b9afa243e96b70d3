import type { Actor } from '../../platform/actor.js';
import { fail, type Problem } from '../../platform/errors.js';
import { newId, newSecret, sha256Hex } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { IdentityDeps } from './deps.js';
import type { OrgId, UserId } from './model.js';
import { insertToken, listTokens, revokeToken, type ApiToken } from './tokens.store.js';
import { findUser, findUserByEmail, listMembershipsOfUser } from './users.store.js';

/** API tokens are `atl_` followed by 43 URL-safe characters (256 bits). */
export const TOKEN_PREFIX = 'atl_';

/** Builds the services for personal API tokens. */
export function createTokensService(deps: IdentityDeps) {
  const { db, tx, clock } = deps;

  return {
    list(userId: UserId): Promise<ApiToken[]> {
      return listTokens(db, userId);
    },

    /**
     * Creates a token scoped to one organisation the user belongs to, or (`orgId` null) an operator's token
     * for the deployment's operator routes; the secret is returned once.
     */
    async create(q: {
      userId: UserId;
      orgId: OrgId | null;
      name: string;
      actor: Actor;
    }): Promise<Result<{ id: string; token: string }, Problem>> {
      if (q.orgId === null) {
        if (!(await findUser(db, q.userId))?.isOperator) return fail('forbidden', 'operator_only');
      } else {
        const memberships = await listMembershipsOfUser(db, q.userId);
        if (!memberships.some((m) => m.orgId === q.orgId)) return fail('not_found', 'organisation_not_found');
      }
      const token = `${TOKEN_PREFIX}${newSecret()}`;
      const id = newId();
      return tx.run(q.actor, async (t, record) => {
        await insertToken(t, {
          id,
          userId: q.userId,
          orgId: q.orgId,
          name: q.name,
          prefix: token.slice(0, 10),
          tokenHash: sha256Hex(token),
        });
        await record({
          action: 'token.created',
          orgId: q.orgId,
          targetType: 'api_token',
          targetId: id,
          summary: { name: q.name },
        });
        return ok({ id, token });
      });
    },

    /**
     * Creates a token for a user named by e-mail (CLI): in the organisation named, else for the deployment
     * when asked or when the user is an operator with no organisation, else in their first organisation.
     */
    async createForEmail(q: {
      email: string;
      orgId?: OrgId | undefined;
      operator?: boolean;
      name: string;
      actor: Actor;
    }): Promise<Result<{ id: string; token: string; orgId: OrgId | null }, Problem>> {
      const user = await findUserByEmail(db, q.email);
      if (!user) return fail('not_found', 'user_not_found');
      const memberships = await listMembershipsOfUser(db, user.id);
      const orgId =
        q.orgId ??
        (q.operator || (user.isOperator && memberships.length === 0) ? null : memberships[0]?.orgId);
      if (orgId === undefined) return fail('not_found', 'organisation_not_found');
      const created = await this.create({ userId: user.id, orgId, name: q.name, actor: q.actor });
      return created.ok ? ok({ ...created.value, orgId }) : created;
    },

    async revoke(q: { userId: UserId; tokenId: string; actor: Actor }): Promise<Result<void, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        if (!(await revokeToken(t, { id: q.tokenId, userId: q.userId, now: clock.now() })))
          return fail('not_found', 'token_not_found');
        await record({ action: 'token.revoked', orgId: null, targetType: 'api_token', targetId: q.tokenId });
        return ok(undefined);
      });
    },
  };
}

/** The tokens service's type. */
export type TokensService = ReturnType<typeof createTokensService>;
