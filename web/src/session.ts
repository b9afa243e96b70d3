import { useQuery, useQueryClient } from '@tanstack/react-query';
import { adoptProfileLanguage } from './i18n';
import { api, call, ApiError, setCsrfToken, type GrantableModule, type Me, type Reply } from './api';

/** The query key of the signed-in user. */
export const ME_KEY = ['me'] as const;

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

/** Reads the signed-in user (null when nobody is), keeping their CSRF token and profile language. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await call(api.GET('/api/v1/me'));
    setCsrfToken(me.csrfToken);
    adoptProfileLanguage(me.locale);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Re-reads the signed-in user (after sign-in, sign-out, profile changes). */
export function useRefreshMe() {
  const client = useQueryClient();
  return () => client.refetchQueries({ queryKey: ME_KEY, type: 'all' });
}

const LAST_ORG = 'atalaya.org';

/** Remembers the organisation last worked in, to open it next time. */
export function rememberOrg(orgId: string): void {
  localStorage.setItem(LAST_ORG, orgId);
}

/** The organisation to open: the last one used if still a member, else the first. */
export function preferredOrg(me: Me): string | undefined {
  const last = localStorage.getItem(LAST_ORG);
  return me.memberships.find((m) => m.orgId === last)?.orgId ?? me.memberships[0]?.orgId;
}

/** A grant another organisation gave to one of mine, as GET /api/v1/me/grants lists it. */
export type ReceivedGrant = Reply<'/api/v1/me/grants'>[number];

/** Grants received by the signed-in person's assistance-provider organisations. */
export function useReceivedGrants() {
  const { data: me } = useMe();
  return useQuery({
    queryKey: ['granted'],
    queryFn: () => call(api.GET('/api/v1/me/grants')),
    enabled: me?.memberships.some((m) => m.orgType === 'assistance_provider') ?? false,
  });
}

/**
 * Whether the signed-in person may change `module` in `orgId`: by their role as a member, or under a live
 * write grant. The server decides in the end; this only hides what it would refuse.
 */
export function useCanWrite(orgId: string, module: GrantableModule): boolean {
  const { data: me } = useMe();
  const grants = useReceivedGrants();
  const access = me && orgAccess(me, grants.data, orgId);
  if (access?.membership) return access.membership.writes.includes(module);
  return access?.grant?.level === 'write' && access.grant.modules.includes(module);
}

/** An area of an organisation a page belongs to: a module, its members and grants, or its audit trail. */
export type Area = Me['memberships'][number]['reads'][number];

/** How the signed-in person reaches an organisation: as a member, or through a grant to their own. */
export interface OrgAccess {
  readonly orgName: string;
  readonly membership: Me['memberships'][number] | undefined;
  readonly grant: ReceivedGrant | undefined;
  /** The areas they may open there. */
  readonly reads: readonly Area[];
}

/** The signed-in person's access to `orgId`; undefined when they have none (or grants are still loading). */
export function orgAccess(
  me: Me,
  grants: readonly ReceivedGrant[] | undefined,
  orgId: string | undefined,
): OrgAccess | undefined {
  const membership = me.memberships.find((m) => m.orgId === orgId);
  if (membership)
    return { orgName: membership.orgName, membership, grant: undefined, reads: membership.reads };
  const grant = (grants ?? []).find((g) => g.grantorOrgId === orgId);
  return grant && { orgName: grant.grantorName, membership: undefined, grant, reads: grant.modules };
}

const PATH_AREAS: Readonly<Record<string, Area>> = {
  elections: 'elections',
  assessments: 'assessments',
  roadmap: 'roadmap',
  training: 'training',
  network: 'network',
  webwatch: 'webwatch',
  platforms: 'platforms',
  safety: 'safety',
  members: 'identity',
  grants: 'identity',
  audit: 'audit',
};

/**
 * The area of an organisation's page, from its path (`/o/:orgId/<area>/…`, or `/o/:orgId/m/<module>` for a
 * module still being built); undefined for the dashboard.
 */
export function areaOfPath(path: string): Area | undefined {
  const [, o, , segment, module] = path.split('/');
  if (o !== 'o' || !segment) return undefined;
  return PATH_AREAS[segment === 'm' ? (module ?? '') : segment];
}
