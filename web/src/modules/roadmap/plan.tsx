import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useCanWrite } from '../../session';
import { ScoreTable } from '../../ui/charts';
import { Button, Field, submitWith, TextAreaField } from '../../ui/fields';
import { Empty, ErrorMessage, Loading } from '../../ui/feedback';
import { BackToRoadmap } from './back';

/** The organisation's strategic plans, their objectives, and how far the linked items are done. */
export function PlanPage({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const canWrite = useCanWrite(orgId, 'roadmap');
  const plans = useQuery({
    queryKey: ['plans', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/roadmap/plans', { params: { path: { orgId } } })),
  });
  return (
    <>
      <BackToRoadmap orgId={orgId} />
      <h1>{t('roadmap.plan.title')}</h1>
      <p>{t('roadmap.plan.intro')}</p>
      <ErrorMessage error={plans.error} />
      {plans.isPending ? (
        <Loading />
      ) : (plans.data ?? []).length === 0 ? (
        <Empty>{t('roadmap.plan.empty')}</Empty>
      ) : (
        (plans.data ?? []).map((p) => (
          <section key={p.id} className="panel" aria-labelledby={`plan-${p.id}`}>
            <h2 id={`plan-${p.id}`}>
              {p.title} ({t('roadmap.plan.period', { from: p.startsYear, to: p.endsYear })})
            </h2>
            <ScoreTable
              caption={t('roadmap.plan.colObjective')}
              areaHeader={t('roadmap.plan.colObjective')}
              scoreHeader={t('roadmap.plan.colDone')}
              chartHeader={t('roadmap.plan.colDone')}
              rows={p.objectives.map((o) => ({
                key: o.id,
                label: `${o.code} — ${o.title} (${o.items})`,
                score: o.items === 0 ? null : Math.round((100 * o.done) / o.items),
                target: null,
              }))}
            />
            {canWrite && <AddObjective orgId={orgId} planId={p.id} />}
          </section>
        ))
      )}
      {canWrite && <NewPlan orgId={orgId} />}
    </>
  );
}

function AddObjective({ orgId, planId }: { orgId: string; planId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const add = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/roadmap/plans/{planId}/objectives', {
          params: { path: { orgId, planId } },
          body: { code, title },
        }),
      ),
    onSuccess: async () => {
      setCode('');
      setTitle('');
      await client.invalidateQueries({ queryKey: ['plans', orgId] });
    },
  });
  return (
    <>
      <ErrorMessage error={add.error} />
      <Form
        className="form form-inline"
        onSubmit={submitWith(() => add.mutate())}
        aria-label={t('roadmap.plan.addObjective')}
      >
        <Field
          label={t('roadmap.plan.code')}
          name="code"
          value={code}
          onChange={setCode}
          isRequired
          maxLength={20}
        />
        <Field
          label={t('roadmap.plan.objectiveTitle')}
          name="objectiveTitle"
          value={title}
          onChange={setTitle}
          isRequired
          maxLength={300}
        />
        <Button type="submit">{t('roadmap.plan.addObjective')}</Button>
      </Form>
    </>
  );
}

function NewPlan({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const year = new Date().getUTCFullYear();
  const [title, setTitle] = useState('');
  const [startsYear, setStartsYear] = useState(String(year));
  const [endsYear, setEndsYear] = useState(String(year + 3));
  const [objectives, setObjectives] = useState('');
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/roadmap/plans', {
          params: { path: { orgId } },
          body: {
            title,
            startsYear: Number(startsYear),
            endsYear: Number(endsYear),
            objectives: objectives
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean)
              .map((l) => {
                const [code = '', ...rest] = l.split(/\s+/);
                return { code, title: rest.join(' ') };
              }),
          },
        }),
      ),
    onSuccess: async () => {
      setTitle('');
      setObjectives('');
      await client.invalidateQueries({ queryKey: ['plans', orgId] });
    },
  });
  return (
    <section className="panel" aria-labelledby="new-plan">
      <h2 id="new-plan">{t('roadmap.plan.add')}</h2>
      <ErrorMessage error={create.error} />
      <Form className="form" onSubmit={submitWith(() => create.mutate())}>
        <Field
          label={t('roadmap.plan.name')}
          name="planTitle"
          value={title}
          onChange={setTitle}
          isRequired
          maxLength={200}
        />
        <Field
          label={t('roadmap.plan.startsYear')}
          name="startsYear"
          value={startsYear}
          onChange={setStartsYear}
          inputMode="numeric"
          isRequired
          maxLength={4}
        />
        <Field
          label={t('roadmap.plan.endsYear')}
          name="endsYear"
          value={endsYear}
          onChange={setEndsYear}
          inputMode="numeric"
          isRequired
          maxLength={4}
        />
        <TextAreaField
          label={t('roadmap.plan.objectives')}
          value={objectives}
          onChange={setObjectives}
          rows={4}
          maxLength={20_000}
        />
        <Button type="submit" variant="primary" isDisabled={create.isPending}>
          {t('roadmap.plan.create')}
        </Button>
      </Form>
    </section>
  );
}
