import { useQuery, useQueryClient } from '@tanstack/react-query';
import { adoptProfileLanguage } from './i18n';
import { api, ApiError, setCsrfToken, type Me } from './api';

/** The query key of the signed-in user. */
export const ME_KEY = ['me'] as const;

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

/** Reads the signed-in user (null when nobody is), keeping their CSRF token and profile language. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('GET', '/api/v1/me');
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
