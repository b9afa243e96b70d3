import { Link, Outlet, useNavigate, useParams, useRouterState } from '@tanstack/react-router';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, call, type GrantableModule } from '../api';
import { LANGUAGES, setLanguage, type Language } from '../i18n';
import {
  areaOfPath,
  orgAccess,
  preferredOrg,
  rememberOrg,
  useMe,
  useReceivedGrants,
  useRefreshMe,
} from '../session';
import { ErrorMessage, Loading } from './feedback';
import { Button, Choice } from './fields';
import { formatDate, setDisplayZone } from './format';
import { MODULE_ORDER, ModuleLink } from './module-link';
import { LiveNotifications } from './notifications';
import { NoAccess } from './no-access';

/** The language picker, shown on every page (signed in or not). */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <Choice<Language>
      label={t('layout.language')}
      options={LANGUAGES.map((l) => ({ key: l.code, label: l.name }))}
      value={i18n.language as Language}
      onChange={(code) => {
        setLanguage(code);
        void call(api.PATCH('/api/v1/me', { body: { locale: code } })).catch(() => undefined);
      }}
    />
  );
}

/** The frame around signed-in pages: skip link, header with switchers, module navigation, main. */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const params = useParams({ strict: false });
  const routeOrg = typeof params.orgId === 'string' ? params.orgId : undefined;
  const navigate = useNavigate();
  const refresh = useRefreshMe();
  const granted = useReceivedGrants();
  // On a phone the menu (navigation, organisation, language, account) folds behind one button; it closes
  // whenever the page changes, so the page's heading is on the first screen.
  const path = useRouterState({ select: (s) => s.location.pathname });
  const [openOn, setOpenOn] = useState<string | null>(null);
  const menuOpen = openOn === path;
  if (!me) return null;
  // Pages outside an organisation (settings, operator) keep the navigation of the organisation last used.
  const orgId = routeOrg ?? preferredOrg(me);
  const access = orgAccess(me, granted.data, orgId);
  const { membership, grant } = access ?? {};
  setDisplayZone(membership?.timeZone);
  // Members see the modules their organisation works in; an adviser sees the modules their grant names.
  const modules: readonly GrantableModule[] = MODULE_ORDER.filter((m) => access?.reads.includes(m));
  const isAdmin = access?.reads.includes('identity') ?? false;
  const seesAudit = access?.reads.includes('audit') ?? false;
  // A page of an organisation the person may not open says so plainly, instead of showing its forms.
  const area = routeOrg ? areaOfPath(path) : undefined;
  const waiting = routeOrg !== undefined && !access && granted.isLoading;
  const denied = routeOrg !== undefined && !waiting && (!access || (area && !access.reads.includes(area)));

  async function signOut() {
    await call(api.POST('/api/v1/auth/logout')).catch(() => undefined);
    await refresh();
    await navigate({ to: '/signin' });
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className={`topbar${menuOpen ? ' menu-open' : ''}`}>
        <Link to="/" className="brand">
          Atalaya
        </Link>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="app-menu app-tools"
          onClick={() => setOpenOn(menuOpen ? null : path)}
        >
          {t(menuOpen ? 'layout.closeMenu' : 'layout.menu')}
        </button>
        <div className="topbar-tools" id="app-tools">
          {me.memberships.length > 0 && (
            <Choice
              label={t('layout.organisation')}
              options={[
                ...me.memberships.map((m) => ({ key: m.orgId, label: m.orgName })),
                // The organisation an adviser is viewing through a grant is named too, not their own.
                ...(grant
                  ? [
                      {
                        key: grant.grantorOrgId,
                        label: t('layout.viaGrantOption', { name: grant.grantorName }),
                      },
                    ]
                  : []),
                // On a page of an organisation they cannot open, the picker does not claim they are in their own.
                ...(routeOrg && !access && !waiting
                  ? [{ key: routeOrg, label: t('layout.noAccessOption') }]
                  : []),
              ]}
              value={orgId ?? ''}
              onChange={(next) => {
                rememberOrg(next);
                void navigate({ to: '/o/$orgId', params: { orgId: next } });
              }}
            />
          )}
          <LanguageSwitcher />
          <div className="topbar-user">
            <Link to="/settings">{me.name}</Link>
            <Button onPress={() => void signOut()}>{t('layout.signOut')}</Button>
          </div>
        </div>
      </header>
      <div className={`shell${menuOpen ? ' menu-open' : ''}`}>
        <nav className="sidenav" id="app-menu" aria-label={t('layout.navigation')}>
          {orgId && access && (
            <ul>
              {grant && <li className="nav-heading">{grant.grantorName}</li>}
              <li>
                <Link to="/o/$orgId" params={{ orgId }} activeOptions={{ exact: true }}>
                  {t('nav.dashboard')}
                </Link>
              </li>
              {modules.map((module) => (
                <li key={module}>
                  <ModuleLink orgId={orgId} module={module} />
                </li>
              ))}
              {isAdmin && (
                <>
                  <li className="nav-heading">{t('nav.administration')}</li>
                  <li>
                    <Link to="/o/$orgId/members" params={{ orgId }}>
                      {t('nav.members')}
                    </Link>
                  </li>
                  <li>
                    <Link to="/o/$orgId/grants" params={{ orgId }}>
                      {t('nav.grants')}
                    </Link>
                  </li>
                </>
              )}
              {seesAudit && (
                <li>
                  <Link to="/o/$orgId/audit" params={{ orgId }}>
                    {t('nav.audit')}
                  </Link>
                </li>
              )}
            </ul>
          )}
          {(granted.data ?? []).length > 0 && (
            <ul>
              <li className="nav-heading">{t('nav.supported')}</li>
              {(granted.data ?? []).map((g) => (
                <li key={g.id}>
                  <Link to="/o/$orgId" params={{ orgId: g.grantorOrgId }} activeOptions={{ exact: true }}>
                    {g.grantorName}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {me.isOperator && (
            <ul>
              <li className="nav-heading">{t('nav.operator')}</li>
              <li>
                <Link to="/operator/organisations">{t('nav.organisations')}</Link>
              </li>
              <li>
                <Link to="/operator/outbox">{t('nav.outbox')}</Link>
              </li>
              <li>
                <Link to="/operator/packs">{t('nav.packs')}</Link>
              </li>
            </ul>
          )}
          <ul>
            <li>
              <Link to="/settings">{t('nav.settings')}</Link>
            </li>
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {grant && (
            <p className="alert alert-warn grant-banner" role="note">
              {t(grant.level === 'write' ? 'layout.grantBannerWrite' : 'layout.grantBannerRead', {
                org: grant.grantorName,
                modules: grant.modules.map((m) => t(`modules.${m}.name`)).join(', '),
                since: formatDate(grant.createdAt, i18n.language),
              })}{' '}
              {grant.expiresOn
                ? t('layout.grantUntil', { date: formatDate(grant.expiresOn, i18n.language) })
                : t('layout.grantNoEnd')}
            </p>
          )}
          <LiveNotifications />
          {waiting ? (
            <Loading />
          ) : denied ? (
            <NoAccess access={access} />
          ) : (
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          )}
        </main>
      </div>
    </>
  );
}

/**
 * What a page shows when it could not be opened at all (the server unreachable, a captive portal's page, or a
 * newer Atalaya than this page): the reason in the reader's language and a way to try again.
 */
export function PageError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <>
      <header className="topbar">
        <span className="brand">Atalaya</span>
        <LanguageSwitcher />
      </header>
      <main id="main" className="narrow" tabIndex={-1}>
        <h1>{t('errors.title')}</h1>
        <ErrorMessage error={error} />
        {/* The message of a newer Atalaya carries its own reload button. */}
        {!(error instanceof ApiError && error.id === 'client_outdated') && (
          <Button onPress={() => window.location.reload()}>{t('errors.reload')}</Button>
        )}
      </main>
    </>
  );
}

/** The frame around pages for people who are not signed in. */
export function PublicLayout() {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="topbar">
        <span className="brand">Atalaya</span>
        <LanguageSwitcher />
      </header>
      <main id="main" className="narrow" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
