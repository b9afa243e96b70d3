import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, call, type Reply } from '../../api';
import { LANGUAGES, type Language } from '../../i18n';
import { Choice } from '../../ui/fields';

/** Who can lead a session, and the organisation's units or provinces. */
export type TrainingDirectory = Reply<'/api/v1/orgs/{orgId}/training/directory'>;

/** The training directory of an organisation, shared by every screen that needs it. */
export function useTrainingDirectory(orgId: string) {
  return useQuery({
    queryKey: ['training-directory', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/training/directory', { params: { path: { orgId } } })),
  });
}

/** A choice of unit or province, or none ("none"). */
export function UnitChoice(props: {
  directory: TrainingDirectory | undefined;
  value: string;
  onChange: (unit: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Choice
      label={t('training.unit')}
      options={[
        { key: 'none', label: t('training.noUnit') },
        ...(props.directory?.units ?? []).map((u) => ({ key: u.id, label: u.name })),
      ]}
      value={props.value}
      onChange={props.onChange}
    />
  );
}

/** The language a session is held in, or the organisation's ("org"). */
export type SessionLanguage = 'org' | Language;

/** A language's own name ("Español"), or "the organisation's language". */
export function languageName(code: Language | null, t: TFunction): string {
  return LANGUAGES.find((l) => l.code === code)?.name ?? t('training.sessionLanguageOrg');
}

/** A choice of the language participants are written to in, the organisation's by default. */
export function LanguageChoice(props: {
  value: SessionLanguage;
  onChange: (value: SessionLanguage) => void;
}) {
  const { t } = useTranslation();
  return (
    <Choice
      label={t('training.sessionLanguage')}
      description={t('training.sessionLanguageHelp')}
      options={[
        { key: 'org' as const, label: t('training.sessionLanguageOrg') },
        ...LANGUAGES.map((l) => ({ key: l.code, label: l.name })),
      ]}
      value={props.value}
      onChange={props.onChange}
    />
  );
}
