import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, call, type Reply } from '../../api';
import { Bar } from '../../ui/charts';
import { ErrorMessage, Loading } from '../../ui/feedback';
import { Button } from '../../ui/fields';
import { formatDate, formatDateTime, formatNumber } from '../../ui/format';
import { TlpBadge } from './parts';
import { ELECTION_PROCESSES, INCIDENT_CATEGORIES, networkKeys, SEVERITIES } from './types';

type Situation = Reply<'/api/v1/networks/{networkId}/situation'>;

/** The network's situation as the signed-in organisation may see it; live news refreshes it with the board. */
export function useSituation(networkId: string) {
  return useQuery({
    queryKey: [...networkKeys.all(networkId), 'situation'],
    queryFn: () =>
      call(api.GET('/api/v1/networks/{networkId}/situation', { params: { path: { networkId } } })),
  });
}

/** Open incidents by severity, then by the election process they touched. */
export function OpenIncidents({ situation }: { situation: ReturnType<typeof useSituation> }) {
  const { t } = useTranslation();
  if (situation.isPending) return <Loading />;
  if (!situation.data) return <ErrorMessage error={situation.error} />;
  const { open } = situation.data;
  return (
    <section aria-labelledby="open-incidents">
      <h2 id="open-incidents">{t('network.board.open')}</h2>
      <ul className="figures">
        {[...SEVERITIES].reverse().map((s) => (
          <li key={s}>
            <strong>{open.bySeverity[s]}</strong>
            {t(`network.severity.${s}`)}
          </li>
        ))}
      </ul>
      <h3>{t('network.board.byProcess')}</h3>
      <ul className="figures">
        {ELECTION_PROCESSES.map((p) => (
          <li key={p}>
            <strong>{open.byProcess[p]}</strong>
            {t(`network.process.${p}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Each member country with its days to polling day, soonest first: who is in the critical window. */
export function MemberCountries({ situation }: { situation: Situation | undefined }) {
  const { t, i18n } = useTranslation();
  if (!situation) return null;
  const members = [...situation.members].sort(
    (a, b) => (a.daysToPolling ?? Number.MAX_SAFE_INTEGER) - (b.daysToPolling ?? Number.MAX_SAFE_INTEGER),
  );
  return (
    <section aria-labelledby="members">
      <h2 id="members">{t('network.board.members')}</h2>
      <ul className="news-list">
        {members.map((m) => (
          <li key={m.orgId}>
            <strong>
              {m.orgName} ({m.country})
            </strong>
            {m.role === 'coordinator' && ` — ${t('network.roles.coordinator')}`}
            <p className="small">
              {m.pollingDay !== null && m.daysToPolling === 0
                ? t('network.board.pollingToday', { date: formatDate(m.pollingDay, i18n.language) })
                : m.pollingDay !== null && m.daysToPolling !== null
                  ? t('network.board.pollingIn', {
                      count: m.daysToPolling,
                      date: formatDate(m.pollingDay, i18n.language),
                    })
                  : t('network.board.noPolling')}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Incidents over the last twelve months by category, by member, and how fast members share them. */
export function Trends({ situation }: { situation: Situation | undefined }) {
  const { t, i18n } = useTranslation();
  if (!situation) return null;
  const months = situation.byMonth;
  const categories = INCIDENT_CATEGORIES.filter((c) => months.some((m) => (m.byCategory[c] ?? 0) > 0));
  const most = Math.max(1, ...situation.byMember.map((m) => m.incidents));
  const nameOf = (orgId: string) => {
    const m = situation.members.find((x) => x.orgId === orgId);
    return m ? `${m.orgName} (${m.country})` : orgId;
  };
  const monthName = (month: string) =>
    new Intl.DateTimeFormat(i18n.language, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${month}-01T00:00:00Z`),
    );
  return (
    <section aria-labelledby="trends">
      <h2 id="trends">{t('network.trends.title')}</h2>
      <p>
        {situation.medianHoursToShare === null
          ? t('network.trends.noMedian')
          : t('network.trends.median', {
              hours: formatNumber(Math.round(situation.medianHoursToShare * 10) / 10, i18n.language),
              count: situation.incidents,
            })}
      </p>
      <h3 id="by-month">{t('network.trends.byMonth')}</h3>
      <div className="table-scroll">
        <table tabIndex={0} aria-labelledby="by-month">
          <thead>
            <tr>
              <th scope="col">{t('network.trends.month')}</th>
              {categories.map((c) => (
                <th scope="col" key={c}>
                  {t(`network.category.${c}`)}
                </th>
              ))}
              <th scope="col">{t('network.trends.total')}</th>
            </tr>
          </thead>
          <tbody>
            {months
              .filter((m) => m.total > 0)
              .map((m) => (
                <tr key={m.month}>
                  <th scope="row">{monthName(m.month)}</th>
                  {categories.map((c) => (
                    <td key={c}>{m.byCategory[c] ?? 0}</td>
                  ))}
                  <td>{m.total}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      <h3>{t('network.trends.byMember')}</h3>
      <ul className="bar-list">
        {situation.byMember.map((m) => (
          <li key={m.orgId}>
            <span>
              {nameOf(m.orgId)}: {m.incidents}
            </span>
            <Bar value={(m.incidents / most) * 100} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The latest sightings the organisation may read ("we saw this too"), each with the indicator it is of. */
export function LatestSightings({
  networkId,
  situation,
}: {
  networkId: string;
  situation: Situation | undefined;
}) {
  const { t, i18n } = useTranslation();
  if (!situation) return null;
  return (
    <section aria-labelledby="latest-sightings">
      <h2 id="latest-sightings">{t('network.board.sightings')}</h2>
      {situation.latestSightings.length === 0 ? (
        <p className="muted">{t('network.board.noSightings')}</p>
      ) : (
        <ul className="news-list">
          {situation.latestSightings.map((s) => (
            <li key={s.id}>
              <Link
                to="/n/$networkId/indicators/$indicatorId"
                params={{ networkId, indicatorId: s.indicatorId }}
              >
                {s.indicatorName}
              </Link>
              <p className="news-tags">
                <TlpBadge marking={s.marking} />{' '}
                <span className="muted">
                  {t('network.board.sighted', {
                    count: s.count,
                    where: s.where || '—',
                    when: s.lastSeen ? formatDateTime(s.lastSeen, i18n.language) : '—',
                  })}
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Election-day mode: a banner every member sees while it is on (every new incident alerts every member that
 * may read it), and the switch, for coordinators.
 */
export function ElectionDay({ networkId, coordinator }: { networkId: string; coordinator: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const mode = useQuery({
    queryKey: [...networkKeys.all(networkId), 'election-day'],
    queryFn: () =>
      call(api.GET('/api/v1/networks/{networkId}/election-day', { params: { path: { networkId } } })),
  });
  const toggle = useMutation({
    mutationFn: (on: boolean) =>
      call(
        api.PUT('/api/v1/networks/{networkId}/election-day', {
          params: { path: { networkId } },
          body: { on },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: networkKeys.all(networkId) }),
  });
  if (!mode.data) return <ErrorMessage error={mode.error} />;
  const since = mode.data.since;
  return (
    <section
      aria-labelledby="election-day"
      className={since ? 'panel election-day election-day-on' : 'panel election-day'}
    >
      <h2 id="election-day">
        {since
          ? t('network.electionDay.on', { since: formatDateTime(since, i18n.language) })
          : t('network.electionDay.off')}
      </h2>
      <p>{since ? t('network.electionDay.onHelp') : t('network.electionDay.offHelp')}</p>
      {coordinator && (
        <Button onPress={() => toggle.mutate(!since)} isDisabled={toggle.isPending}>
          {since ? t('network.electionDay.switchOff') : t('network.electionDay.switchOn')}
        </Button>
      )}
      <ErrorMessage error={toggle.error} />
    </section>
  );
}
