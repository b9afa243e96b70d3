import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useCanWrite } from '../../session';
import { ErrorMessage, Loading } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { BackToProperties } from './parts';
import { ScanReportView } from './report';
import { webwatchKeys } from './types';

/** A past scan of a property, read as it was then. */
export function ScanPage({ orgId, scanId }: { orgId: string; scanId: string }) {
  const { t, i18n } = useTranslation();
  const canWrite = useCanWrite(orgId, 'webwatch');
  const canPlan = useCanWrite(orgId, 'roadmap');
  const scan = useQuery({
    queryKey: webwatchKeys.scan(orgId, scanId, i18n.language),
    queryFn: () =>
      call(api.GET('/api/v1/orgs/{orgId}/webwatch/scans/{scanId}', { params: { path: { orgId, scanId } } })),
  });
  if (scan.isPending) return <Loading />;
  if (!scan.data) return <ErrorMessage error={scan.error} />;
  return (
    <>
      <BackToProperties orgId={orgId} />
      <h1>{t('webwatch.scanTitle', { when: formatDateTime(scan.data.summary.scannedAt, i18n.language) })}</h1>
      <p className="break">
        <Link to="/o/$orgId/webwatch/$propertyId" params={{ orgId, propertyId: scan.data.propertyId }}>
          {scan.data.report.url}
        </Link>
      </p>
      <ScanReportView orgId={orgId} scan={scan.data} canSendToRoadmap={canWrite && canPlan} />
    </>
  );
}
