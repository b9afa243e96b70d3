import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useCanWrite } from '../../session';
import { Empty, ErrorMessage, Loading } from '../../ui/feedback';
import { Field } from '../../ui/fields';
import { formatDateTime } from '../../ui/format';
import { orgLabel, TlpBadge, useNetwork } from './parts';
import {
  ElectionDay,
  LatestSightings,
  MemberCountries,
  OpenIncidents,
  Trends,
  useSituation,
} from './situation';
import { networkKeys, type Found, type Incident, type Indicator, type Network } from './types';

/**
 * A network's situation board: its members, open incidents by severity and the latest incidents and indicators,
 * each under its TLP marking. Live news (server-sent events) refreshes it without a reload.
 */
export function BoardPage({ networkId }: { networkId: string }) {
  const { t } = useTranslation();
  const network = useNetwork(networkId);
  const situation = useSituation(networkId);
  const canWrite = useCanWrite(network.data?.actingFor.orgId ?? '', 'network');
  const [q, setQ] = useState('');
  const incidents = useQuery({
    queryKey: networkKeys.incidents(networkId, ''),
    queryFn: () =>
      call(
        api.GET('/api/v1/networks/{networkId}/incidents', {
          params: { path: { networkId }, query: { limit: 100 } },
        }),
      ),
  });
  const indicators = useQuery({
    queryKey: networkKeys.indicators(networkId, ''),
    queryFn: () =>
      call(
        api.GET('/api/v1/networks/{networkId}/indicators', {
          params: { path: { networkId }, query: { limit: 50 } },
        }),
      ),
  });
  if (network.isPending) return <Loading />;
  if (!network.data) return <ErrorMessage error={network.error} />;
  return (
    <>
      <h1>{network.data.name}</h1>
      <p className="muted">
        {t('network.board.actingFor', {
          org: orgLabel(network.data, network.data.actingFor.orgId, ''),
          role: t(`network.roles.${network.data.actingFor.networkRole}`),
        })}
      </p>
      <div className="toolbar">
        {canWrite && (
          <>
            <Link className="button button-primary" to="/n/$networkId/incidents/new" params={{ networkId }}>
              {t('network.board.report')}
            </Link>
            <Link className="button" to="/n/$networkId/indicators/new" params={{ networkId }}>
              {t('network.board.share')}
            </Link>
          </>
        )}
        <Link className="button" to="/n/$networkId/advisories" params={{ networkId }}>
          {t('network.board.advisories')}
        </Link>
        <Link className="button" to="/n/$networkId/playbooks" params={{ networkId }}>
          {t('network.board.library')}
        </Link>
        <Link className="button" to="/n/$networkId/connect" params={{ networkId }}>
          {t('network.connect.title')}
        </Link>
      </div>
      <ElectionDay networkId={networkId} coordinator={network.data.actingFor.networkRole === 'coordinator'} />
      <OpenIncidents situation={situation} />
      <div className="field search-field">
        <Field
          label={t('network.board.search')}
          name="q"
          type="search"
          value={q}
          onChange={setQ}
          description={t('network.board.searchHelp')}
        />
      </div>
      {q.trim() ? (
        <SearchResults networkId={networkId} q={q.trim()} />
      ) : (
        <>
          <section aria-labelledby="latest-incidents">
            <h2 id="latest-incidents">{t('network.incidents.title')}</h2>
            <ErrorMessage error={incidents.error} />
            {incidents.isPending ? (
              <Loading />
            ) : (incidents.data?.incidents ?? []).length === 0 ? (
              <Empty>{t('network.incidents.empty')}</Empty>
            ) : (
              <IncidentList network={network.data} incidents={incidents.data?.incidents ?? []} />
            )}
          </section>
          <section aria-labelledby="latest-indicators">
            <h2 id="latest-indicators">{t('network.indicators.title')}</h2>
            <ErrorMessage error={indicators.error} />
            {indicators.isPending ? (
              <Loading />
            ) : (indicators.data?.indicators ?? []).length === 0 ? (
              <Empty>{t('network.indicators.empty')}</Empty>
            ) : (
              <IndicatorList network={network.data} indicators={indicators.data?.indicators ?? []} />
            )}
          </section>
        </>
      )}
      <LatestSightings networkId={networkId} situation={situation.data} />
      <MemberCountries situation={situation.data} />
      <Trends situation={situation.data} />
    </>
  );
}

/** The incidents as a list that reads the same on a phone as on a desk: title, then what matters at a glance. */
function IncidentList({ network, incidents }: { network: Network; incidents: readonly Incident[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="news-list">
      {incidents.map((i) => (
        <li key={i.id} className={`severity-${i.severity}`}>
          <Link to="/n/$networkId/incidents/$incidentId" params={{ networkId: network.id, incidentId: i.id }}>
            {i.title}
          </Link>
          <p className="news-tags">
            <TlpBadge marking={i.marking} />{' '}
            <span className="tag">{t(`network.severity.${i.severity}`)}</span>{' '}
            <span>{t(`network.status.${i.status}`)}</span> ·{' '}
            <span>{t(`network.category.${i.category}`)}</span>
          </p>
          <p className="muted small">
            {orgLabel(network, i.marking.ownerOrgId, t('network.outside'))} ·{' '}
            {t('network.incidents.detectedOn', {
              at: formatDateTime(i.detectedAt ?? i.created, i18n.language),
            })}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** The indicators as a list: name, the values it names, who shared it and when. */
function IndicatorList({ network, indicators }: { network: Network; indicators: readonly Indicator[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="news-list">
      {indicators.map((i) => (
        <li key={i.id}>
          <Link
            to="/n/$networkId/indicators/$indicatorId"
            params={{ networkId: network.id, indicatorId: i.id }}
          >
            {i.name}
          </Link>
          <p className="news-tags">
            <TlpBadge marking={i.marking} />{' '}
            <span className="break">
              {i.observables.length > 0 ? (
                i.observables.map((o) => o.value).join(', ')
              ) : (
                <code>{i.pattern}</code>
              )}
            </span>
          </p>
          <p className="muted small">
            {orgLabel(network, i.marking.ownerOrgId, t('network.outside'))} ·{' '}
            {t('network.indicators.sharedOn', { at: formatDateTime(i.created, i18n.language) })}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** The regional networks an organisation belongs to, each opening its board. */
export function NetworksPage({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const networks = useQuery({
    queryKey: ['org-networks', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/networks', { params: { path: { orgId } } })),
  });
  return (
    <>
      <h1>{t('modules.network.name')}</h1>
      <p>{t('modules.network.summary')}</p>
      <ErrorMessage error={networks.error} />
      {networks.isPending ? (
        <Loading />
      ) : (networks.data ?? []).length === 0 ? (
        <Empty>{t('network.none')}</Empty>
      ) : (
        <ul className="cards">
          {(networks.data ?? []).map((n) => (
            <li key={n.id} className="card">
              <h2>
                <Link to="/n/$networkId" params={{ networkId: n.id }}>
                  {n.name}
                </Link>
              </h2>
              <p>{n.description}</p>
              <p className="muted">{t('network.memberCount', { count: n.members.length })}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** What matches the words across incidents, indicators, advisories and playbooks, best match first. */
function SearchResults({ networkId, q }: { networkId: string; q: string }) {
  const { t, i18n } = useTranslation();
  const found = useQuery({
    queryKey: networkKeys.search(networkId, q),
    queryFn: () =>
      call(
        api.GET('/api/v1/networks/{networkId}/search', {
          params: { path: { networkId }, query: { q, lang: i18n.language as 'en' | 'es' | 'fr' } },
        }),
      ),
  });
  const link = (r: Found) => {
    switch (r.kind) {
      case 'incident':
        return (
          <Link to="/n/$networkId/incidents/$incidentId" params={{ networkId, incidentId: r.id }}>
            {r.title}
          </Link>
        );
      case 'indicator':
        return (
          <Link to="/n/$networkId/indicators/$indicatorId" params={{ networkId, indicatorId: r.id }}>
            {r.title}
          </Link>
        );
      case 'advisory':
        return (
          <Link to="/n/$networkId/advisories/$advisoryId" params={{ networkId, advisoryId: r.id }}>
            {r.title}
          </Link>
        );
      case 'playbook':
        return (
          <Link to="/n/$networkId/playbooks/$playbookId" params={{ networkId, playbookId: r.id }}>
            {r.title}
          </Link>
        );
    }
  };
  return (
    <section aria-labelledby="search-results" aria-live="polite">
      <h2 id="search-results">{t('network.search.results')}</h2>
      <ErrorMessage error={found.error} />
      {found.isPending ? (
        <Loading />
      ) : (found.data?.results ?? []).length === 0 ? (
        <Empty>{t('network.search.none')}</Empty>
      ) : (
        <ul className="news-list">
          {(found.data?.results ?? []).map((r) => (
            <li key={r.id}>
              {link(r)}
              <p className="news-tags">
                <span className="tag">{t(`network.search.kind.${r.kind}`)}</span> <TlpBadge marking={r} />{' '}
                <span className="muted">{formatDateTime(r.modified, i18n.language)}</span>
              </p>
              {r.excerpt && <p className="muted small">{r.excerpt}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
