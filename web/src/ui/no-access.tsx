import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { OrgAccess } from '../session';

/**
 * What a page of an organisation shows to someone it is not for: one plain sentence on why, and the way back,
 * instead of the page's forms with an error inside.
 */
export function NoAccess({ access }: { access: OrgAccess | undefined }) {
  const { t } = useTranslation();
  const org = access?.orgName ?? '';
  return (
    <section aria-labelledby="no-access">
      <h1 id="no-access">{t('noAccess.title')}</h1>
      <p>
        {access?.membership
          ? t('noAccess.member', { org, role: t(`roles.${access.membership.role}`) })
          : access?.grant
            ? t('noAccess.grant', {
                org,
                modules: access.grant.modules.map((m) => t(`modules.${m}.name`)).join(', '),
              })
            : t('noAccess.none')}
      </p>
      {access ? (
        <Link to="/o/$orgId" params={{ orgId: access.membership?.orgId ?? access.grant?.grantorOrgId ?? '' }}>
          {t('noAccess.back', { org })}
        </Link>
      ) : (
        <Link to="/">{t('noAccess.home')}</Link>
      )}
    </section>
  );
}
