import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type Reply } from '../../api';
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
