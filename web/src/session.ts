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
  const membership = me?.memberships.find((m) => m.orgId === orgId);
  if (membership) return membership.writes.includes(module);
  return (grants.data ?? []).some(
    (g) => g.grantorOrgId === orgId && g.level === 'write' && g.modules.includes(module),
  );
}
