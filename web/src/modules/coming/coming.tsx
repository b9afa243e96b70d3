import { useTranslation } from 'react-i18next';

/** Modules whose screens are still being built; they are shown as "coming", never with fake data. */
export const COMING_MODULES = ['platforms', 'safety'] as const;
export type ComingModule = (typeof COMING_MODULES)[number];

/** True when `value` names a coming module. */
export function isComingModule(value: string): value is ComingModule {
  return (COMING_MODULES as readonly string[]).includes(value);
}

/** The page of a module that is not built yet: what it will do, clearly labelled as coming. */
export function ComingPage({ module }: { module: ComingModule }) {
  const { t } = useTranslation();
  return (
    <>
      <h1>
        {t(`modules.${module}.name`)} <span className="tag">{t('coming.tag')}</span>
      </h1>
      <p>{t(`modules.${module}.summary`)}</p>
      <p className="notice-box">{t('coming.body')}</p>
    </>
  );
}
