import type { Db } from '../../platform/db.js';
import { fail, type Problem } from '../../platform/errors.js';
import { ok, type Result } from '../../platform/result.js';
import { liveGrantsTo } from './grants.store.js';
import {
  GRANTABLE_MODULES,
  type AccessArea,
  type AccessLevel,
  type OrgId,
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
