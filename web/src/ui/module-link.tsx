import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { GrantableModule } from '../api';

/** The feature modules in the order navigation lists them. */
export const MODULE_ORDER: readonly GrantableModule[] = [
  'elections',
  'assessments',
  'roadmap',
  'training',
  'network',
  'webwatch',
  'platforms',
  'safety',
];

/** A link to a module's page in an organisation; modules not built yet are labelled as coming. */
export function ModuleLink({ orgId, module }: { orgId: string; module: GrantableModule }) {
  const { t } = useTranslation();
  const text = t(module === 'elections' ? 'nav.elections' : `modules.${module}.name`);
  switch (module) {
    case 'elections':
      return (
        <Link to="/o/$orgId/elections" params={{ orgId }}>
          {text}
        </Link>
      );
    case 'assessments':
      return (
        <Link to="/o/$orgId/assessments" params={{ orgId }}>
          {text}
        </Link>
      );
    case 'roadmap':
      return (
        <Link to="/o/$orgId/roadmap" params={{ orgId }}>
          {text}
        </Link>
      );
    case 'training':
      return (
        <Link to="/o/$orgId/training" params={{ orgId }}>
          {text}
        </Link>
      );
    case 'network':
      return (
        <Link to="/o/$orgId/network" params={{ orgId }}>
          {text}
        </Link>
      );
    case 'webwatch':
      return (
        <Link to="/o/$orgId/webwatch" params={{ orgId }}>
          {text}
        </Link>
      );
    case 'platforms':
    case 'safety':
      return (
        <Link to="/o/$orgId/m/$module" params={{ orgId, module }}>
          {text} <span className="tag">{t('coming.tag')}</span>
        </Link>
      );
  }
}
