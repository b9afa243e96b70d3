import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, readJsonFile } from '../../api';
import { useCanWrite } from '../../session';
import { Button, Check, Choice, Field, submitWith } from '../../ui/fields';
import { Empty, ErrorMessage, Loading, Notice } from '../../ui/feedback';
import { FileInput } from '../../ui/file-input';
import { formatDate, formatNumber } from '../../ui/format';
import { packLang, type Tier } from './types';

/** An organisation's assessments, with progress, and the form to start one. */
export function AssessmentsPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const canWrite = useCanWrite(orgId, 'assessments');
  const list = useQuery({
    queryKey: ['assessments', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/assessments', { params: { path: { orgId } } })),
  });
  const items = list.data ?? [];
  return (
    <>
      <h1>{t('assessments.title')}</h1>
      <p>{t('assessments.intro')}</p>
      <ErrorMessage error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>{canWrite ? t('assessments.emptyEditor') : t('assessments.empty')}</Empty>
      ) : (
        <table tabIndex={0}>
          <thead>
            <tr>
              <th scope="col">{t('assessments.name')}</th>
              <th scope="col">{t('assessments.tier')}</th>
              <th scope="col">{t('assessments.answered')}</th>
              <th scope="col">{t('roadmap.status')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  {a.title}
                  <div className="muted">
                    {t('assessments.created', { date: formatDate(a.createdAt, i18n.language) })}
                  </div>
                </th>
                <td>{a.tier}</td>
                <td>
                  {t('assessments.progress', {
                    answered: formatNumber(a.answered, i18n.language),
                    total: formatNumber(a.controls, i18n.language),
                  })}
                  <progress max={a.controls} value={a.answered} aria-hidden="true" />
                </td>
                <td>{t(`assessments.status.${a.status}`)}</td>
                <td>
                  <Link
                    to="/o/$orgId/assessments/$assessmentId"
                    params={{ orgId, assessmentId: a.id }}
                    aria-label={`${t('assessments.open')}: ${a.title}`}
                  >
                    {t('assessments.open')}
                  </Link>{' '}
                  ·{' '}
                  <Link
                    to="/o/$orgId/assessments/$assessmentId/results"
                    params={{ orgId, assessmentId: a.id }}
                    aria-label={`${t('assessments.results')}: ${a.title}`}
                  >
                    {t('assessments.results')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && <StartAssessment orgId={orgId} />}
      {canWrite && <ImportAssessment orgId={orgId} />}
    </>
  );
}

function StartAssessment({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const lang = packLang(i18n.language);
  const navigate = useNavigate();
  const client = useQueryClient();
  const packs = useQuery({
    queryKey: ['assessment-packs'],
    queryFn: () => call(api.GET('/api/v1/assessment-packs')),
  });
  const elections = useQuery({
    queryKey: ['elections', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/elections', { params: { path: { orgId } } })),
  });
  const [title, setTitle] = useState('');
  const [scope, setScope] = useState('');
  const [packKey, setPackKey] = useState('');
  const [tier, setTier] = useState<Tier>('A');
  const [electionId, setElectionId] = useState('none');
  const [highRisk, setHighRisk] = useState<string[]>(['VR', 'RM']);
  const chosen = packs.data?.find((p) => `${p.id}@${p.version}` === packKey) ?? packs.data?.[0];
  const pack = useQuery({
    queryKey: ['assessment-pack', chosen?.id, chosen?.version],
    queryFn: () =>
      call(
        api.GET('/api/v1/assessment-packs/{packId}/{version}', {
          params: { path: { packId: chosen?.id ?? '', version: chosen?.version ?? '' } },
        }),
      ),
    enabled: chosen !== undefined,
  });
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/assessments', {
          params: { path: { orgId } },
          body: {
            title,
            scope,
            packId: chosen?.id ?? '',
            packVersion: chosen?.version ?? '',
            tier,
            electionId: electionId === 'none' ? null : electionId,
            highRiskDomains: highRisk.filter((d) => pack.data?.domains.some((x) => x.id === d)),
          },
        }),
      ),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: ['assessments', orgId] });
      await navigate({
        to: '/o/$orgId/assessments/$assessmentId',
        params: { orgId, assessmentId: created.id },
      });
    },
  });
  return (
    <section className="panel" aria-labelledby="start-assessment">
      <h2 id="start-assessment">{t('assessments.start')}</h2>
      <ErrorMessage error={create.error ?? packs.error} />
      <Form className="form" onSubmit={submitWith(() => create.mutate())}>
        <Field
          label={t('assessments.name')}
          name="title"
          value={title}
          onChange={setTitle}
          isRequired
          maxLength={200}
        />
        <Field
          label={t('assessments.scope')}
          name="scope"
          value={scope}
          onChange={setScope}
          description={t('assessments.scopeHelp')}
          maxLength={2000}
        />
        {(packs.data?.length ?? 0) > 1 && (
          <Choice
            label={t('assessments.pack')}
            options={(packs.data ?? []).map((p) => ({
              key: `${p.id}@${p.version}`,
              label: `${p.title[lang]} ${p.version}`,
            }))}
            value={chosen ? `${chosen.id}@${chosen.version}` : ''}
            onChange={setPackKey}
          />
        )}
        <Choice
          label={t('assessments.tier')}
          options={(['A', 'B', 'C'] as const).map((k) => ({ key: k, label: t(`assessments.tiers.${k}`) }))}
          value={tier}
          onChange={setTier}
        />
        <p className="muted">{t('assessments.tierHelp')}</p>
        <Choice
          label={t('assessments.election')}
          options={[
            { key: 'none', label: t('assessments.noElection') },
            ...(elections.data ?? []).map((e) => ({
              key: e.id,
              label: `${e.name} — ${formatDate(e.pollingDay, i18n.language)}`,
            })),
          ]}
          value={electionId}
          onChange={setElectionId}
        />
        {pack.data && (
          <fieldset>
            <legend>{t('assessments.highRisk')}</legend>
            <p className="muted">{t('assessments.highRiskHelp')}</p>
            {pack.data.domains.map((d) => (
              <Check
                key={d.id}
                isSelected={highRisk.includes(d.id)}
                onChange={(on) => setHighRisk((now) => (on ? [...now, d.id] : now.filter((x) => x !== d.id)))}
              >
                {d.title[lang]}
              </Check>
            ))}
          </fieldset>
        )}
        <Button type="submit" variant="primary" isDisabled={create.isPending || !chosen}>
          {t('assessments.create')}
        </Button>
      </Form>
    </section>
  );
}

function ImportAssessment({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const upload = useMutation({
    mutationFn: async (file: File) =>
      call(
        api.POST('/api/v1/orgs/{orgId}/assessments/import', {
          params: { path: { orgId } },
          // Sent as read: a file that is not an export is refused by the server with its reason.
          body: (await readJsonFile(file)) as Record<string, unknown>,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['assessments', orgId] }),
  });
  return (
    <section className="panel" aria-labelledby="import-assessment">
      <h2 id="import-assessment">{t('assessments.import')}</h2>
      <p className="muted">{t('assessments.importHelp')}</p>
      <ErrorMessage error={upload.error} />
      {upload.isSuccess && <Notice>{t('assessments.imported')}</Notice>}
      <FileInput
        label={t('assessments.json')}
        accept="application/json,.json"
        onFile={(file) => upload.mutate(file)}
      />
    </section>
  );
}
