import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, call, type GrantableModule } from '../../api';
import { orgAccess, useMe, useReceivedGrants, type ReceivedGrant } from '../../session';
import { ErrorMessage, Loading } from '../../ui/feedback';
import { formatDate, formatNumber, todayIso } from '../../ui/format';
import { MODULE_ORDER, ModuleLink } from '../../ui/module-link';

/**
 * The landing page of an organisation: days to polling day and where each module it works in stands; for an
 * assistance provider, first the organisations it supports. An adviser viewing an electoral body through a
 * grant sees the granted modules only.
 */
export function DashboardPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const grants = useReceivedGrants();
  const access = me && orgAccess(me, grants.data, orgId);
  if (!access) return <Loading />;
  const { membership } = access;
  const modules = MODULE_ORDER.filter((m) => access.reads.includes(m));
  const country = membership && countryName(membership.country, i18n.language);
  return (
    <>
      <h1>{access.orgName}</h1>
      {membership && (
        <p className="muted">
          {[
            t(`orgTypes.${membership.orgType}`),
            country,
            t('dashboard.yourRole', { role: t(`roles.${membership.role}`) }),
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
      {membership?.orgType === 'assistance_provider' && <Supported grants={grants.data ?? []} />}
      {modules.includes('elections') && <Countdown orgId={orgId} />}
      <section aria-labelledby="modules-title">
        <h2 id="modules-title">{t('dashboard.modules')}</h2>
        <ul className="cards">
          {modules.map((module) => (
            <ModuleCard key={module} orgId={orgId} module={module} />
          ))}
        </ul>
      </section>
    </>
  );
}

/**
 * A country's name in the reader's language; nothing for ISO 3166's user-assigned codes (the demo's XA, XB,
 * XC), which name no country (browsers call XA "Pseudo-Accents") and would read like another body's code.
 */
function countryName(code: string, lang: string): string | undefined {
  if (/^(AA|Q[M-Z]|X[A-Z]|ZZ)$/.test(code)) return undefined;
  try {
    const name = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' }).of(code);
    return name && name !== code ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Days to the next polling day, from the election calendar. */
function Countdown({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const next = useQuery({
    queryKey: ['next-polling-day', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/elections/next', { params: { path: { orgId } } })),
  });
  const polling = next.data?.next;
  return (
    <>
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
    </>
  );
}

/** The organisations an assistance provider supports through their grants: whose data, what, until when. */
function Supported({ grants }: { grants: readonly ReceivedGrant[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="supported-title">
      <h2 id="supported-title">{t('dashboard.supported')}</h2>
      {grants.length === 0 ? (
        <p>{t('dashboard.supportedNone')}</p>
      ) : (
        <ul className="cards">
          {grants.map((g) => (
            <li key={g.id} className="card-small">
              <h3>
                <Link to="/o/$orgId" params={{ orgId: g.grantorOrgId }}>
                  {g.grantorName}
                </Link>
              </h3>
              <p>{g.modules.map((m) => t(`modules.${m}.name`)).join(', ')}</p>
              <p className="muted">
                {t(g.level === 'write' ? 'dashboard.grantWrite' : 'dashboard.grantRead')} ·{' '}
                {g.expiresOn
                  ? t('layout.grantUntil', { date: formatDate(g.expiresOn, i18n.language) })
                  : t('layout.grantNoEnd')}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A module's card: where it stands, or what it is for. */
function ModuleCard({ orgId, module }: { orgId: string; module: GrantableModule }) {
  const { t } = useTranslation();
  if (module === 'assessments') return <AssessmentCard orgId={orgId} />;
  if (module === 'roadmap') return <RoadmapCard orgId={orgId} />;
  if (module === 'training') return <TrainingCard orgId={orgId} />;
  // The countdown above is the calendar's card.
  if (module === 'elections') return null;
  return (
    <li className="card-small">
      <h3>
        <ModuleLink orgId={orgId} module={module} />
      </h3>
      <p>{t(`modules.${module}.summary`)}</p>
    </li>
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
          {t('common.labelled', { label: t('roadmap.total') })} {formatNumber(total, i18n.language)} ·{' '}
          {t('common.labelled', { label: t('roadmap.overdue') })}{' '}
          {formatNumber(dash.data.overdue, i18n.language)} ·{' '}
          {t('common.labelled', { label: t('roadmap.dueSoon') })}{' '}
          {formatNumber(dash.data.dueSoon, i18n.language)}
        </p>
      ) : (
        <p>{t('modules.roadmap.summary')}</p>
      )}
    </li>
  );
}

function TrainingCard({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const list = useQuery({
    queryKey: ['training-sessions', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/training/sessions', { params: { path: { orgId } } })),
  });
  const sessions = list.data?.sessions ?? [];
  const today = todayIso();
  const next = sessions
    .filter((s) => s.status === 'open' && s.startsOn >= today)
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn))[0];
  const trained = sessions.reduce((n, s) => n + s.attended, 0);
  return (
    <li className="card-small">
      <h3>
        <Link to="/o/$orgId/training" params={{ orgId }}>
          {t('modules.training.name')}
        </Link>
      </h3>
      {sessions.length > 0 ? (
        <p>
          {t('dashboard.trainingCounts', {
            count: sessions.length,
            sessions: formatNumber(sessions.length, i18n.language),
            people: formatNumber(trained, i18n.language),
          })}
          {next && (
            <>
              <br />
              {t('dashboard.nextSession', {
                title: next.title,
                date: formatDate(next.startsOn, i18n.language),
              })}
            </>
          )}
        </p>
      ) : (
        <p>{t('modules.training.summary')}</p>
      )}
    </li>
  );
}
