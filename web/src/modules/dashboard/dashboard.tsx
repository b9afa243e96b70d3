import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useMe } from '../../session';
import { ErrorMessage } from '../../ui/feedback';
import { formatDate, formatNumber } from '../../ui/format';
import { COMING_MODULES } from '../coming';

/** The landing page of an organisation: days to polling day and where each module stands. */
export function DashboardPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const membership = me?.memberships.find((m) => m.orgId === orgId);
  const next = useQuery({
    queryKey: ['next-polling-day', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/elections/next', { params: { path: { orgId } } })),
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
          <AssessmentCard orgId={orgId} />
          <RoadmapCard orgId={orgId} />
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

function AssessmentCard({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const list = useQuery({
    queryKey: ['assessments', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/assessments', { params: { path: { orgId } } })),
  });
  const latest = list.data?.[0];
  return (
    <li className="card-small">
      <h3>
        <Link to="/o/$orgId/assessments" params={{ orgId }}>
          {t('modules.assessments.name')}
        </Link>
      </h3>
      {latest ? (
        <p>
          {latest.title}: {t(`assessments.status.${latest.status}`)} —{' '}
          {t('assessments.progress', {
            answered: formatNumber(latest.answered, i18n.language),
            total: formatNumber(latest.controls, i18n.language),
          })}
        </p>
      ) : (
        <p>{t('modules.assessments.summary')}</p>
      )}
    </li>
  );
}

function RoadmapCard({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const dash = useQuery({
    queryKey: ['roadmap-dashboard', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/roadmap/dashboard', { params: { path: { orgId } } })),
  });
  const total = (dash.data?.byStatus ?? []).reduce((n, s) => n + s.count, 0);
  return (
    <li className="card-small">
      <h3>
        <Link to="/o/$orgId/roadmap" params={{ orgId }}>
          {t('modules.roadmap.name')}
        </Link>
      </h3>
      {dash.data && total > 0 ? (
        <p>
          {t('roadmap.total')}: {formatNumber(total, i18n.language)} · {t('roadmap.overdue')}:{' '}
          {formatNumber(dash.data.overdue, i18n.language)} · {t('roadmap.dueSoon')}:{' '}
          {formatNumber(dash.data.dueSoon, i18n.language)}
        </p>
      ) : (
        <p>{t('modules.roadmap.summary')}</p>
      )}
    </li>
  );
}
