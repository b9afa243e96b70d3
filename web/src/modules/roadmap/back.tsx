import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

/** The way back to the roadmap from its sub-pages. */
export function BackToRoadmap({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  return (
    <p>
      <Link to="/o/$orgId/roadmap" params={{ orgId }}>
        ← {t('roadmap.back')}
      </Link>
    </p>
  );
}
