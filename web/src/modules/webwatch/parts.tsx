import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ScanSummary } from './types';

/** The Observatory grade as a badge whose colour follows the letter (the letter itself says it all). */
export function GradeBadge({ grade }: { grade: string | null }) {
  const { t } = useTranslation();
  if (!grade) return <span className="grade grade-none">{t('webwatch.noGrade')}</span>;
  return (
    <span
      className={`grade grade-${grade.charAt(0).toLowerCase()}`}
      aria-label={t('webwatch.gradeIs', { grade })}
    >
      {grade}
    </span>
  );
}

/** Up, down or answering with an error, in words (never colour alone). */
export function Availability({ scan }: { scan: Pick<ScanSummary, 'up' | 'status'> }) {
  const { t } = useTranslation();
  if (scan.up) return <span className="state state-ok">{t('webwatch.up')}</span>;
  return (
    <span className="state state-bad">
      {scan.status === null ? t('webwatch.down') : t('webwatch.error', { status: scan.status })}
    </span>
  );
}

/** Marks demo history written by the seed rather than fetched from a live site. */
export function OriginTag({ origin }: { origin: ScanSummary['origin'] }) {
  const { t } = useTranslation();
  return origin === 'recorded' ? (
    <span className="tag" title={t('webwatch.recordedHelp')}>
      {t('webwatch.origins.recorded')}
    </span>
  ) : null;
}

/** Back to the list of web properties. */
export function BackToProperties({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  return (
    <p>
      <Link to="/o/$orgId/webwatch" params={{ orgId }}>
        ← {t('modules.webwatch.name')}
      </Link>
    </p>
  );
}
