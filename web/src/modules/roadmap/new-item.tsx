import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { Button, Check, Choice, Field, submitWith } from '../../ui/fields';
import { ErrorMessage, Notice } from '../../ui/feedback';
import { AREAS, HORIZONS, INSTRUMENTS, SOURCES, type Directory } from './types';
import { OwnerChoices } from './owner-choices';

type Kind = 'recommendation' | 'action';

/** The form to add a mission's recommendation or an action of the organisation's own. */
export function NewItem({ orgId, directory }: { orgId: string; directory: Directory | undefined }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState<Kind>('recommendation');
  const [source, setSource] = useState<(typeof SOURCES)[number]>('team');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [paragraphRef, setParagraphRef] = useState('');
  const [area, setArea] = useState<(typeof AREAS)[number] | ''>('');
  const [addressee, setAddressee] = useState('');
  const [instrument, setInstrument] = useState<'none' | (typeof INSTRUMENTS)[number]>('none');
  const [priority, setPriority] = useState<'P1' | 'P2' | 'P3'>('P2');
  const [priorityFlag, setPriorityFlag] = useState(false);
  const [horizon, setHorizon] = useState<(typeof HORIZONS)[number]>('before_next_election');
  const [owner, setOwner] = useState('none');
  const [unit, setUnit] = useState('none');
  const [dueOn, setDueOn] = useState('');
  const [fundable, setFundable] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/roadmap/items', {
          params: { path: { orgId } },
          body: {
            kind,
            source,
            title,
            description,
            paragraphRef,
            area,
            addressee,
            instrument: instrument === 'none' ? null : instrument,
            priority,
            priorityFlag,
            horizon,
            ownerUserId: owner === 'none' ? null : owner,
            ownerUnitId: unit === 'none' ? null : unit,
            dueOn: dueOn || null,
            donorFundable: fundable,
          },
        }),
      ),
    onSuccess: async () => {
      setTitle('');
      setDescription('');
      setParagraphRef('');
      await client.invalidateQueries({ queryKey: ['roadmap-items', orgId] });
      await client.invalidateQueries({ queryKey: ['roadmap-dashboard', orgId] });
    },
  });
  return (
    <section className="panel" aria-labelledby="new-item">
      <h2 id="new-item">{t('roadmap.add')}</h2>
      <ErrorMessage error={create.error} />
      {create.isSuccess && <Notice>{t('common.saved')}</Notice>}
      <Form className="form" onSubmit={submitWith(() => create.mutate())}>
        <Choice
          label={t('roadmap.kind')}
          options={(['recommendation', 'action'] as const).map((k) => ({
            key: k,
            label: t(`roadmap.kinds.${k}`),
          }))}
          value={kind}
          onChange={setKind}
        />
        <Choice
          label={t('roadmap.source')}
          options={SOURCES.map((s) => ({ key: s, label: t(`roadmap.sources.${s}`) }))}
          value={source}
          onChange={setSource}
        />
        <Field
          label={t('roadmap.itemTitle')}
          name="itemTitle"
          value={title}
          onChange={setTitle}
          isRequired
          maxLength={300}
        />
        <Field
          label={t('roadmap.description')}
          name="description"
          value={description}
          onChange={setDescription}
          maxLength={10000}
        />
        <Field
          label={t('roadmap.paragraphRef')}
          name="paragraphRef"
          value={paragraphRef}
          onChange={setParagraphRef}
          maxLength={100}
        />
        <Choice
          label={t('roadmap.area')}
          options={[
            { key: '' as const, label: t('roadmap.noArea') },
            ...AREAS.map((a) => ({ key: a, label: t(`roadmap.areas.${a}`) })),
          ]}
          value={area}
          onChange={setArea}
        />
        <Field
          label={t('roadmap.addressee')}
          name="addressee"
          value={addressee}
          onChange={setAddressee}
          maxLength={200}
        />
        <Choice
          label={t('roadmap.instrument')}
          options={(['none', ...INSTRUMENTS] as const).map((i) => ({
            key: i,
            label: t(`roadmap.instruments.${i}`),
          }))}
          value={instrument}
          onChange={setInstrument}
        />
        <Choice
          label={t('roadmap.priority')}
          options={(['P1', 'P2', 'P3'] as const).map((p) => ({ key: p, label: p }))}
          value={priority}
          onChange={setPriority}
        />
        <Check isSelected={priorityFlag} onChange={setPriorityFlag}>
          {t('roadmap.priorityFlag')}
        </Check>
        <Choice
          label={t('roadmap.horizon')}
          options={HORIZONS.map((h) => ({ key: h, label: t(`roadmap.horizons.${h}`) }))}
          value={horizon}
          onChange={setHorizon}
        />
        <OwnerChoices directory={directory} owner={owner} unit={unit} onOwner={setOwner} onUnit={setUnit} />
        <Field label={t('roadmap.dueOn')} name="dueOn" type="date" value={dueOn} onChange={setDueOn} />
        <Check isSelected={fundable} onChange={setFundable}>
          {t('roadmap.donorFundable')}
        </Check>
        <Button type="submit" variant="primary" isDisabled={create.isPending}>
          {t('roadmap.create')}
        </Button>
      </Form>
    </section>
  );
}
