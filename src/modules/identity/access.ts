import type { Db } from '../../platform/db.js';
import { fail, type Problem } from '../../platform/errors.js';
import { ok, type Result } from '../../platform/result.js';
import { liveGrantsTo } from './grants.store.js';
import { networkMembers } from './orgs.store.js';
import {
  GRANTABLE_MODULES,
  ORG_TYPE_MODULES,
  type AccessArea,
  type AccessLevel,
  type Membership,
  type NetworkRole,
  type OrgId,
  type OrgType,
  type Principal,
  type Role,
} from './model.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a caller may do in one organisation, after `authorize` said yes. */
export interface AccessScope {
  readonly orgId: OrgId;
  /** The caller's role when they are a member; null when acting under an access grant. */
  readonly role: Role | null;
  readonly viaGrantId: string | undefined;
}

type Permissions = Readonly<Record<AccessLevel, readonly AccessArea[] | 'all'>>;

// Feature modules are exactly the modules an access grant can name.
const FEATURE_AREAS: readonly AccessArea[] = GRANTABLE_MODULES;

/**
 * The one table of what each role may read and write. Identity (members, invitations, grants) is
 * administered by org admins; the audit trail is read by admins and security leads.
 */
const ROLE_PERMISSIONS: Readonly<Record<Role, Permissions>> = {
  org_admin: { read: 'all', write: 'all' },
  security_lead: { read: 'all', write: FEATURE_AREAS },
  analyst: {
    read: FEATURE_AREAS,
    write: ['assessments', 'roadmap', 'network', 'webwatch', 'platforms', 'safety'],
  },
  trainer: { read: FEATURE_AREAS, write: ['training'] },
  staff: { read: FEATURE_AREAS, write: [] },
  viewer: { read: FEATURE_AREAS, write: [] },
};

/** True when `role` may act at `level` in `area`. */
export function roleAllows(role: Role, area: AccessArea, level: AccessLevel): boolean {
  const allowed = ROLE_PERMISSIONS[role][level];
  return allowed === 'all' || allowed.includes(area);
}

/**
 * True when a member of an organisation may act at `level` in `area`: the organisation's type uses the area
 * (identity and audit belong to every organisation) and the member's role allows it.
 */
export function membershipAllows(
  m: Pick<Membership, 'orgType' | 'role'>,
  area: AccessArea,
  level: AccessLevel,
): boolean {
  return orgTypeUses(m.orgType, area) && roleAllows(m.role, area, level);
}

function orgTypeUses(type: OrgType, area: AccessArea): boolean {
  return area === 'identity' || area === 'audit' || ORG_TYPE_MODULES[type].includes(area);
}

/**
 * Decides whether `principal` may act at `level` on `area` of organisation `orgId`. This is the single
 * gate every organisation-scoped route passes. Outsiders learn nothing: an organisation the caller has no
 * tie to answers not_found, never forbidden.
 */
export async function authorize(
  db: Db,
  q: { principal: Principal; orgId: string; area: AccessArea; level: AccessLevel },
): Promise<Result<AccessScope, Problem>> {
  const { principal, orgId, area, level } = q;
  // The gate runs before input is parsed: an id that is no organisation's is simply not found.
  if (!UUID.test(orgId)) return fail('not_found', 'organisation_not_found');
  if (principal.via.kind === 'token' && principal.via.orgId !== orgId) {
    return fail('not_found', 'organisation_not_found');
  }
  const membership = principal.memberships.find((m) => m.orgId === orgId);
  if (membership) {
    if (membership.mfaRequired && !principal.hasMfa) {
      return fail('forbidden', 'mfa_enrolment_required', { params: { org: membership.orgName } });
    }
    if (!orgTypeUses(membership.orgType, area)) return fail('forbidden', 'module_not_used');
    if (!roleAllows(membership.role, area, level)) return fail('forbidden', 'role_forbidden');
    return ok({ orgId: membership.orgId, role: membership.role, viaGrantId: undefined });
  }
  if (area === 'identity' || area === 'audit') return fail('not_found', 'organisation_not_found');
  const myOrgs = principal.memberships
    .filter((m) => m.orgType === 'assistance_provider' && roleAllows(m.role, area, level))
    .map((m) => m.orgId);
  const grants = await liveGrantsTo(db, orgId, myOrgs);
  const grant = grants.find((g) => g.modules.includes(area) && (level === 'read' || g.level === 'write'));
  if (!grant) return fail('not_found', 'organisation_not_found');
  // The grantor's policy binds everyone who acts on its data, its own staff and its advisers alike.
  if (grant.grantorMfaRequired && !principal.hasMfa)
    return fail('forbidden', 'mfa_enrolment_required', { params: { org: grant.grantorName } });
  return ok({ orgId: grant.grantorOrgId, role: null, viaGrantId: grant.id });
}

/** What a caller may do in one regional network, after `authorizeNetwork` said yes. */
export interface NetworkScope {
  readonly networkId: string;
  /** The member organisation the caller acts for in the network (a coordinator one first). */
  readonly orgId: OrgId;
  /** That organisation's role in the network. */
  readonly networkRole: NetworkRole;
  /** The caller's role in that organisation. */
  readonly role: Role;
  /** That organisation's type, which decides what else it works in (a provider keeps no roadmap). */
  readonly orgType: OrgType;
}

/**
 * Decides whether `principal` may act at `level` in a regional network, as a member or (`need: 'coordinator'`)
 * for a coordinating organisation: the caller must belong to a member organisation of the network whose role
 * in the network suffices and whose role for the caller allows `level` on the network area, under that
 * organisation's MFA policy. An API token acts only for its own organisation. Outsiders learn nothing: a
 * network none of the caller's organisations belongs to answers not_found.
 */
export async function authorizeNetwork(
  db: Db,
  q: { principal: Principal; networkId: string; need: NetworkRole; level: AccessLevel },
): Promise<Result<NetworkScope, Problem>> {
  const { principal, networkId, need, level } = q;
  if (!UUID.test(networkId)) return fail('not_found', 'network_not_found');
  const members = new Map((await networkMembers(db, networkId)).map((m) => [m.orgId, m.role]));
  const mine = principal.memberships
    .filter((m) => principal.via.kind !== 'token' || m.orgId === principal.via.orgId)
    .flatMap((m) => {
      const networkRole = members.get(m.orgId);
      return networkRole ? [{ membership: m, networkRole }] : [];
    })
    .sort((a, b) => Number(b.networkRole === 'coordinator') - Number(a.networkRole === 'coordinator'));
  if (mine.length === 0) return fail('not_found', 'network_not_found');
  const standing = mine.filter((m) => need === 'member' || m.networkRole === 'coordinator');
  if (standing.length === 0) return fail('forbidden', 'network_coordinator_only');
  const allowed = standing.find((m) => membershipAllows(m.membership, 'network', level));
  if (!allowed) return fail('forbidden', 'role_forbidden');
  if (allowed.membership.mfaRequired && !principal.hasMfa)
    return fail('forbidden', 'mfa_enrolment_required', { params: { org: allowed.membership.orgName } });
  return ok({
    networkId,
    orgId: allowed.membership.orgId,
    networkRole: allowed.networkRole,
    role: allowed.membership.role,
    orgType: allowed.membership.orgType,
  });
}
