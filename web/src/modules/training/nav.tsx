import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

/** The training module's sections. */
export function TrainingNav({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('training.sections')} className="subnav">
      <ul>
        <li>
          <Link to="/o/$orgId/training" params={{ orgId }} activeOptions={{ exact: true }}>
            {t('training.sessions')}
          </Link>
        </li>
        <li>
          <Link to="/o/$orgId/training/certificates" params={{ orgId }}>
            {t('training.certificates')}
          </Link>
        </li>
        <li>
          <Link to="/o/$orgId/training/cascade" params={{ orgId }}>
            {t('training.cascade')}
          </Link>
        </li>
        <li>
          <Link to="/o/$orgId/training/courses" params={{ orgId }}>
            {t('training.courses')}
          </Link>
        </li>
      </ul>
    </nav>
  );
}
