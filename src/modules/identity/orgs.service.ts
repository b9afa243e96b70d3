import type { Actor } from '../../platform/actor.js';
import { fail, type Problem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { isTimeZone } from '../../platform/regional.js';
import { ok, type Result } from '../../platform/result.js';
import type { IdentityDeps } from './deps.js';
import type { Locale, NetworkRole, OrgId, OrgType, Principal, Role, UserId } from './model.js';
import {
  findOrg,
  insertNetwork,
  insertOrg,
  insertUnit,
  listNetworks,
  listOrgs,
  listUnits,
  networkNameTaken,
  orgNameTaken,
  upsertNetworkMember,
  type Network,
  type Organisation,
  type OrgUnit,
} from './orgs.store.js';
import { hashPassword } from './passwords.js';
import { findUserByEmail, insertUser, upsertMembership } from './users.store.js';

/** Builds the deployment operator's services: organisations, units, networks, accounts. */
export function createOrgsService(deps: IdentityDeps) {
  const { db, tx } = deps;

  function operatorOnly(principal: Principal | 'system'): Problem | undefined {
    return principal === 'system' || principal.isOperator
      ? undefined
      : { type: 'forbidden', id: 'operator_only' };
  }

  return {
    /** Every organisation (operator) — or one, for anyone who may see it. */
    async list(principal: Principal): Promise<Result<Organisation[], Problem>> {
      const denied = operatorOnly(principal);
      return denied ? { ok: false, error: denied } : ok(await listOrgs(db));
    },

    /** Assistance providers (to choose a grantee). */
    async listProviders(): Promise<Organisation[]> {
      return (await listOrgs(db)).filter((o) => o.type === 'assistance_provider');
    },

    get(orgId: OrgId): Promise<Organisation | undefined> {
      return findOrg(db, orgId);
    },

    units(orgId: OrgId): Promise<OrgUnit[]> {
      return listUnits(db, orgId);
    },

    /** Creates an organisation with its units. */
    async createOrg(q: {
      by: Principal | 'system';
      actor: Actor;
      name: string;
      type: OrgType;
      country: string;
      units: readonly string[];
      /** Its language and time zone, when not its country's. */
      locale?: Locale | undefined;
      timeZone?: string | undefined;
    }): Promise<Result<Organisation, Problem>> {
      const denied = operatorOnly(q.by);
      if (denied) return { ok: false, error: denied };
      if (q.timeZone !== undefined && !isTimeZone(q.timeZone)) return fail('invalid', 'time_zone_unknown');
      if (await orgNameTaken(db, q.name)) return fail('conflict', 'name_taken');
      const id = newId<'OrgId'>();
      const created = await tx.run(q.actor, async (t, record) => {
        await insertOrg(t, {
          id,
          name: q.name,
          type: q.type,
          country: q.country,
          locale: q.locale,
          timeZone: q.timeZone,
        });
        for (const name of new Set(q.units)) await insertUnit(t, { id: newId(), orgId: id, name });
        await record({
          action: 'org.created',
          orgId: id,
          targetType: 'organisation',
          targetId: id,
          summary: { name: q.name, type: q.type, country: q.country, units: q.units.length },
        });
        return ok(id);
      });
      if (!created.ok) return created;
      const org = await findOrg(db, id);
      return org ? ok(org) : fail('not_found', 'organisation_not_found');
    },

    /** Adds a unit (such as a provincial delegation) to an organisation. */
    async addUnit(q: { orgId: OrgId; actor: Actor; name: string }): Promise<Result<OrgUnit, Problem>> {
      const existing = await listUnits(db, q.orgId);
      if (existing.some((u) => u.name === q.name)) return fail('conflict', 'name_taken');
      const id = newId();
      return tx.run(q.actor, async (t, record) => {
        await insertUnit(t, { id, orgId: q.orgId, name: q.name });
        await record({
          action: 'org.unit_added',
          orgId: q.orgId,
          targetType: 'unit',
          targetId: id,
          summary: { name: q.name },
        });
        return ok({ id, name: q.name });
      });
    },

    /** Networks: all for the operator, else those the organisation belongs to. */
    networks(q: { orgId?: OrgId }): Promise<Network[]> {
      return listNetworks(db, q.orgId);
    },

    /** Creates a regional network with its member organisations and coordinators. */
    async createNetwork(q: {
      by: Principal | 'system';
      actor: Actor;
      name: string;
      description: string;
      members: readonly { orgId: OrgId; role: NetworkRole }[];
    }): Promise<Result<{ id: string }, Problem>> {
      const denied = operatorOnly(q.by);
      if (denied) return { ok: false, error: denied };
      if (await networkNameTaken(db, q.name)) return fail('conflict', 'name_taken');
      for (const member of q.members)
        if (!(await findOrg(db, member.orgId))) return fail('invalid', 'organisation_not_found');
      const id = newId();
      return tx.run(q.actor, async (t, record) => {
        await insertNetwork(t, { id, name: q.name, description: q.description });
        for (const member of q.members) await upsertNetworkMember(t, { networkId: id, ...member });
        await record({
          action: 'network.created',
          orgId: null,
          targetType: 'network',
          targetId: id,
          summary: { name: q.name, members: q.members.length },
        });
        return ok({ id });
      });
    },

    /** Creates an account directly (CLI, demo data); optionally with a first membership. */
    async createUser(q: {
      actor: Actor;
      email: string;
      name: string;
      password: string;
      locale?: Locale;
      isOperator?: boolean;
      membership?: { orgId: OrgId; role: Role };
    }): Promise<Result<{ userId: UserId }, Problem>> {
      if (await findUserByEmail(db, q.email)) return fail('conflict', 'email_taken');
      const passwordHash = await hashPassword(q.password);
      const userId = newId<'UserId'>();
      return tx.run(q.actor, async (t, record) => {
        await insertUser(t, {
          id: userId,
          email: q.email,
          name: q.name,
          passwordHash,
          locale: q.locale ?? 'en',
          isOperator: q.isOperator ?? false,
        });
        await record({
          action: 'user.created',
          orgId: q.membership?.orgId ?? null,
          targetType: 'user',
          targetId: userId,
          summary: { email: q.email, operator: q.isOperator ?? false },
        });
        if (q.membership) {
          await upsertMembership(t, { userId, orgId: q.membership.orgId, role: q.membership.role });
          await record({
            action: 'member.joined',
            orgId: q.membership.orgId,
            targetType: 'user',
            targetId: userId,
            summary: { role: q.membership.role },
          });
        }
        return ok({ userId });
      });
    },
  };
}

/** The organisations service's type. */
export type OrgsService = ReturnType<typeof createOrgsService>;
