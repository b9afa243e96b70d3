import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useCanWrite } from '../../session';
import { Empty, ErrorMessage, Loading } from '../../ui/feedback';
import { formatDateTime, formatNumber } from '../../ui/format';
import { Availability, GradeBadge, OriginTag } from './parts';
import { PropertyForm } from './property-form';
import { webwatchKeys, type Property } from './types';

/** The organisation's websites, each with how its latest scan went, and the form to add one. */
export function PropertiesPage({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const canWrite = useCanWrite(orgId, 'webwatch');
  const properties = useQuery({
    queryKey: webwatchKeys.properties(orgId),
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/webwatch/properties', { params: { path: { orgId } } })),
  });
  return (
    <>
      <h1>{t('modules.webwatch.name')}</h1>
      <p>{t('webwatch.intro')}</p>
      <ErrorMessage error={properties.error} />
      {properties.isPending ? (
        <Loading />
      ) : properties.data?.length === 0 ? (
        <Empty>{canWrite ? t('webwatch.emptyWriter') : t('webwatch.empty')}</Empty>
      ) : (
        properties.data && <PropertyTable orgId={orgId} properties={properties.data} />
      )}
      {canWrite && (
        <section className="panel" aria-labelledby="add-property">
          <h2 id="add-property">{t('webwatch.add')}</h2>
          <PropertyForm orgId={orgId} />
        </section>
      )}
    </>
  );
}

function PropertyTable({ orgId, properties }: { orgId: string; properties: readonly Property[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <table tabIndex={0}>
      <caption>{t('webwatch.propertiesCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('webwatch.site')}</th>
          <th scope="col">{t('webwatch.purpose')}</th>
          <th scope="col">{t('webwatch.grade')}</th>
          <th scope="col">{t('webwatch.availability')}</th>
          <th scope="col">{t('webwatch.certificate')}</th>
          <th scope="col">{t('webwatch.findings')}</th>
          <th scope="col">{t('webwatch.lastScanned')}</th>
        </tr>
      </thead>
      <tbody>
        {properties.map((p) => (
          <tr key={p.id}>
            <th scope="row">
              <Link to="/o/$orgId/webwatch/$propertyId" params={{ orgId, propertyId: p.id }}>
                {p.name}
              </Link>
              <div className="muted break">{p.url}</div>
              {p.criticality === 'critical' && (
                <span className="tag tag-essential">{t('webwatch.criticalities.critical')}</span>
              )}
            </th>
            <td>{t(`webwatch.purposes.${p.purpose}`)}</td>
            <td>{p.lastScan ? <GradeBadge grade={p.lastScan.grade} /> : '—'}</td>
            <td>{p.lastScan ? <Availability scan={p.lastScan} /> : '—'}</td>
            <td>
              <CertificateDays days={p.lastScan?.tlsDays ?? null} />
            </td>
            <td>{p.lastScan ? formatNumber(p.lastScan.findings, lang) : '—'}</td>
            <td>
              {p.lastScan ? (
                <>
                  {formatDateTime(p.lastScan.scannedAt, lang)}
                  <OriginTag origin={p.lastScan.origin} />
                </>
              ) : (
                t('webwatch.never')
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Days until the certificate expires, marked when fewer than 21 are left (the renewal alert's threshold). */
function CertificateDays({ days }: { days: number | null }) {
  const { t, i18n } = useTranslation();
  if (days === null) return <>—</>;
  return (
    <span className={days < 21 ? 'overdue' : ''}>
      {t('webwatch.daysLeft', { count: days, n: formatNumber(days, i18n.language) })}
    </span>
  );
}
