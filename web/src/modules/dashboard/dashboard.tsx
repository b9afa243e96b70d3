import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useMe } from '../../session';
import { ErrorMessage } from '../../ui/feedback';
import { formatDate, formatNumber } from '../../ui/format';
import { COMING_MODULES } from '../coming';

interface NextPollingDay {
  next: { electionId: string; name: string; pollingDay: string; daysToGo: number } | null;
}

/** The landing page of an organisation: days to polling day and where each module stands. */
export function DashboardPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const membership = me?.memberships.find((m) => m.orgId === orgId);
  const next = useQuery({
    queryKey: ['next-polling-day', orgId],
    queryFn: () => api<NextPollingDay>('GET', `/api/v1/orgs/${orgId}/elections/next`),
  });
  if (!membership) return <ErrorMessage error={new Error('not a member')} />;
  const polling = next.data?.next;

  return (
    <>
      <h1>{membership.orgName}</h1>
      <p className="muted">
        {t(`orgTypes.${membership.orgType}`)} · {membership.country} ·{' '}
        {t('dashboard.yourRole', { role: t(`roles.${membership.role}`) })}
      </p>
      <ErrorMessage error={next.error} />
      <section aria-labelledby="countdown-title" className="panel countdown">
        <h2 id="countdown-title">{t('dashboard.nextPollingDay')}</h2>
        {polling ? (
          <>
            <p className="big-number">
              {t('dashboard.daysToGo', {
                count: polling.daysToGo,
                formatted: formatNumber(polling.daysToGo, i18n.language),
              })}
            </p>
            <p>
              {polling.name} — {formatDate(polling.pollingDay, i18n.language)}
            </p>
          </>
        ) : (
          <p>{t('dashboard.noElection')}</p>
        )}
        <Link to="/o/$orgId/elections" params={{ orgId }}>
          {t('dashboard.openCalendar')}
        </Link>
      </section>
      <section aria-labelledby="modules-title">
        <h2 id="modules-title">{t('dashboard.modules')}</h2>
        <ul className="cards">
          {COMING_MODULES.map((module) => (
            <li key={module} className="card-small">
              <h3>
                <Link to="/o/$orgId/m/$module" params={{ orgId, module }}>
                  {t(`modules.${module}.name`)}
                </Link>
              </h3>
              <p>{t(`modules.${module}.summary`)}</p>
              <span className="tag">{t('coming.tag')}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** Where `/` leads: the preferred organisation, or the operator's or settings page. */
export function HomeRedirectMessage() {
  const { t } = useTranslation();
  return (
    <section className="panel">
      <h1>{t('dashboard.noOrgTitle')}</h1>
      <p>{t('dashboard.noOrg')}</p>
    </section>
  );
}
