import { useTranslation } from 'react-i18next';
import { Choice } from '../../ui/fields';
import type { Directory } from './types';

/** Who owns an item: a member and a unit, each optional ("none" for nobody). */
export function OwnerChoices(props: {
  directory: Directory | undefined;
  owner: string;
  unit: string;
  onOwner: (owner: string) => void;
  onUnit: (unit: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Choice
        label={t('roadmap.owner')}
        options={[
          { key: 'none', label: t('roadmap.nobody') },
          ...(props.directory?.people ?? []).map((p) => ({ key: p.id, label: p.name })),
        ]}
        value={props.owner}
        onChange={props.onOwner}
      />
      <Choice
        label={t('roadmap.ownerUnit')}
        options={[
          { key: 'none', label: t('roadmap.noUnit') },
          ...(props.directory?.units ?? []).map((u) => ({ key: u.id, label: u.name })),
        ]}
        value={props.unit}
        onChange={props.onUnit}
      />
    </>
  );
}
