import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { Button, Choice, Field, submitWith } from '../../ui/fields';
import { ErrorMessage, Notice } from '../../ui/feedback';
import { CRITICALITIES, PURPOSES, SCHEDULES, webwatchKeys, type Property } from './types';

/** Adds a web property, or edits one when `property` is given. */
export function PropertyForm({ orgId, property }: { orgId: string; property?: Property }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [url, setUrl] = useState(property?.url ?? '');
  const [name, setName] = useState(property?.name ?? '');
  const [purpose, setPurpose] = useState<Property['purpose']>(property?.purpose ?? 'main_site');
  const [criticality, setCriticality] = useState<Property['criticality']>(property?.criticality ?? 'normal');
  const [schedule, setSchedule] = useState<Property['schedule']>(property?.schedule ?? 'weekly');
  const [unit, setUnit] = useState(property?.ownerUnitId ?? 'none');
  const units = useQuery({
    queryKey: [...webwatchKeys.all(orgId), 'units'],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/webwatch/units', { params: { path: { orgId } } })),
  });
  const save = useMutation({
    mutationFn: () => {
      const body = { url, name, purpose, criticality, schedule, ownerUnitId: unit === 'none' ? null : unit };
      return property
        ? call(
            api.PUT('/api/v1/orgs/{orgId}/webwatch/properties/{propertyId}', {
              params: { path: { orgId, propertyId: property.id } },
              body,
            }),
          )
        : call(api.POST('/api/v1/orgs/{orgId}/webwatch/properties', { params: { path: { orgId } }, body }));
    },
    onSuccess: async () => {
      if (!property) {
        setUrl('');
        setName('');
      }
      await client.invalidateQueries({ queryKey: webwatchKeys.all(orgId) });
    },
  });
  const prefix = property ? 'edit' : 'new';
  return (
    <>
      <ErrorMessage error={save.error} />
      {save.isSuccess && <Notice>{t('common.saved')}</Notice>}
      <Form className="form" onSubmit={submitWith(() => save.mutate())}>
        <Field
          label={t('webwatch.url')}
          name={`${prefix}-url`}
          value={url}
          onChange={setUrl}
          isRequired
          maxLength={2000}
          description={t('webwatch.urlHelp')}
        />
        <Field
          label={t('webwatch.name')}
          name={`${prefix}-name`}
          value={name}
          onChange={setName}
          isRequired
          maxLength={200}
        />
        <Choice
          label={t('webwatch.purpose')}
          options={PURPOSES.map((p) => ({ key: p, label: t(`webwatch.purposes.${p}`) }))}
          value={purpose}
          onChange={setPurpose}
        />
        <Choice
          label={t('webwatch.criticality')}
          options={CRITICALITIES.map((c) => ({ key: c, label: t(`webwatch.criticalities.${c}`) }))}
          value={criticality}
          onChange={setCriticality}
        />
        <Choice
          label={t('webwatch.schedule')}
          options={SCHEDULES.map((s) => ({ key: s, label: t(`webwatch.schedules.${s}`) }))}
          value={schedule}
          onChange={setSchedule}
        />
        <Choice
          label={t('webwatch.unit')}
          options={[
            { key: 'none', label: t('webwatch.noUnit') },
            ...(units.data ?? []).map((u) => ({ key: u.id, label: u.name })),
          ]}
          value={unit}
          onChange={setUnit}
        />
        <Button type="submit" variant="primary" isDisabled={save.isPending}>
          {property ? t('common.save') : t('webwatch.addButton')}
        </Button>
      </Form>
    </>
  );
}
