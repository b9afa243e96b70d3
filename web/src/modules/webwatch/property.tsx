import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useCanWrite } from '../../session';
import { Bar } from '../../ui/charts';
import { useConfirm } from '../../ui/confirm';
import { Button } from '../../ui/fields';
import { ErrorMessage, Loading } from '../../ui/feedback';
import { formatDateTime, formatNumber } from '../../ui/format';
import { Availability, BackToProperties, GradeBadge, OriginTag } from './parts';
import { PropertyForm } from './property-form';
import { Comparison } from './compare';
import { ScanReportView } from './report';
import { webwatchKeys, type Property } from './types';

/** One website: scan it now, its latest findings, its history, and its settings. */
export function PropertyPage({ orgId, propertyId }: { orgId: string; propertyId: string }) {
  const { t, i18n } = useTranslation();
  const canWrite = useCanWrite(orgId, 'webwatch');
  const canPlan = useCanWrite(orgId, 'roadmap');
  const client = useQueryClient();
  const property = useQuery({
    queryKey: webwatchKeys.property(orgId, propertyId),
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/webwatch/properties/{propertyId}', {
          params: { path: { orgId, propertyId } },
        }),
      ),
  });
  const latestId = property.data?.lastScan?.id;
  const latest = useQuery({
    queryKey: webwatchKeys.scan(orgId, latestId ?? '', i18n.language),
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/webwatch/scans/{scanId}', {
          params: { path: { orgId, scanId: latestId ?? '' } },
        }),
      ),
    enabled: latestId !== undefined,
  });
  const scanNow = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/webwatch/properties/{propertyId}/scans', {
          params: { path: { orgId, propertyId } },
        }),
      ),
    onSuccess: async (scan) => {
      client.setQueryData(webwatchKeys.scan(orgId, scan.summary.id, i18n.language), scan);
      await client.invalidateQueries({ queryKey: webwatchKeys.all(orgId) });
    },
  });
  if (property.isPending) return <Loading />;
  if (!property.data) return <ErrorMessage error={property.error} />;
  const p = property.data;
  return (
    <>
      <BackToProperties orgId={orgId} />
      <h1>{p.name}</h1>
      <p className="break">
        <a href={p.url} rel="noreferrer noopener" target="_blank">
          {p.url}
        </a>
      </p>
      <p className="muted">
        {t(`webwatch.purposes.${p.purpose}`)} · {t(`webwatch.criticalities.${p.criticality}`)} ·{' '}
        {t(`webwatch.schedules.${p.schedule}`)}
      </p>
      {canWrite && (
        <div className="toolbar">
          <Button variant="primary" onPress={() => scanNow.mutate()} isDisabled={scanNow.isPending}>
            {scanNow.isPending ? t('webwatch.scanning') : t('webwatch.scanNow')}
          </Button>
        </div>
      )}
      <div aria-live="polite">
        {scanNow.isPending && <p className="muted">{t('webwatch.scanningHelp')}</p>}
      </div>
      <ErrorMessage error={scanNow.error} />
      {latestId === undefined ? (
        <p className="empty">{canWrite ? t('webwatch.notScannedWriter') : t('webwatch.notScanned')}</p>
      ) : latest.data ? (
        <ScanReportView orgId={orgId} scan={latest.data} canSendToRoadmap={canWrite && canPlan} />
      ) : (
        <ErrorMessage error={latest.error} />
      )}
      <History orgId={orgId} propertyId={propertyId} />
      {canWrite && <Settings orgId={orgId} property={p} />}
    </>
  );
}

/** The scans of a property, newest first, with the grade's score as a bar so a drop stands out. */
function History({ orgId, propertyId }: { orgId: string; propertyId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const history = useQuery({
    queryKey: webwatchKeys.history(orgId, propertyId),
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/webwatch/properties/{propertyId}/scans', {
          params: { path: { orgId, propertyId }, query: { limit: 60 } },
        }),
      ),
  });
  if (!history.data) return <ErrorMessage error={history.error} />;
  if (history.data.length < 2) return null;
  return (
    <>
      <section className="panel" aria-labelledby="scan-history">
        <h2 id="scan-history">{t('webwatch.historyTitle')}</h2>
        {/* The tag's tooltip does not reach a keyboard or a phone: the explanation is written out once here. */}
        {history.data.some((s) => s.origin === 'recorded') && (
          <p className="muted">{t('webwatch.recordedHelp')}</p>
        )}
        <table tabIndex={0}>
          <thead>
            <tr>
              <th scope="col">{t('webwatch.when')}</th>
              <th scope="col">{t('webwatch.grade')}</th>
              <th scope="col">{t('webwatch.score')}</th>
              <th scope="col">{t('webwatch.availability')}</th>
              <th scope="col">{t('webwatch.findings')}</th>
            </tr>
          </thead>
          <tbody>
            {history.data.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to="/o/$orgId/webwatch/scans/$scanId" params={{ orgId, scanId: s.id }}>
                    {formatDateTime(s.scannedAt, lang)}
                  </Link>
                  <OriginTag origin={s.origin} />
                </th>
                <td>
                  <GradeBadge grade={s.grade} />
                </td>
                <td>
                  {s.score === null ? '—' : formatNumber(s.score, lang)}
                  <Bar value={s.score === null ? null : Math.min(s.score, 100)} />
                </td>
                <td>
                  <Availability scan={s} />
                </td>
                <td>{formatNumber(s.findings, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <Comparison orgId={orgId} scans={history.data} />
    </>
  );
}

function Settings({ orgId, property }: { orgId: string; property: Property }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { ask, dialog } = useConfirm();
  const archive = useMutation({
    mutationFn: () =>
      call(
        api.DELETE('/api/v1/orgs/{orgId}/webwatch/properties/{propertyId}', {
          params: { path: { orgId, propertyId: property.id } },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: webwatchKeys.all(orgId) });
      await navigate({ to: '/o/$orgId/webwatch', params: { orgId } });
    },
  });
  return (
    <section className="panel" aria-labelledby="property-settings">
      <h2 id="property-settings">{t('webwatch.settings')}</h2>
      <PropertyForm orgId={orgId} property={property} />
      <h3>{t('webwatch.archiveTitle')}</h3>
      <p>{t('webwatch.archiveHelp')}</p>
      <ErrorMessage error={archive.error} />
      <Button
        variant="danger"
        isDisabled={archive.isPending}
        onPress={() =>
          ask(
            {
              title: t('webwatch.archiveConfirm', { name: property.name }),
              consequence: t('webwatch.archiveHelp'),
              confirmLabel: t('webwatch.archive'),
              danger: true,
            },
            () => archive.mutate(),
          )
        }
      >
        {t('webwatch.archive')}
      </Button>
      {dialog}
    </section>
  );
}
