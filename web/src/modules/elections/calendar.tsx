import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, type Reply } from '../../api';
import { useMe } from '../../session';
import { Button, Choice, Field, submitWith } from '../../ui/fields';
import { useConfirm } from '../../ui/confirm';
import { Empty, ErrorMessage, Loading, Notice } from '../../ui/feedback';
import { formatDate } from '../../ui/format';

const KINDS = ['general', 'presidential', 'legislative', 'local', 'referendum', 'by_election'] as const;
const PHASES = [
  'registration',
  'campaign',
  'early_voting',
  'election_day',
  'results',
  'certification',
] as const;
type Kind = (typeof KINDS)[number];
type PhaseName = (typeof PHASES)[number];

/** An election as the API returns it. */
export type Election = Reply<'/api/v1/orgs/{orgId}/elections'>[number];

/** The election calendar: elections with polling day and phases. */
export function CalendarPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const client = useQueryClient();
  const elections = useQuery({
    queryKey: ['elections', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/elections', { params: { path: { orgId } } })),
  });
  const confirm = useConfirm();
  const remove = useMutation({
    mutationFn: (e: Election) =>
      call(
        api.DELETE('/api/v1/orgs/{orgId}/elections/{electionId}', {
          params: { path: { orgId, electionId: e.id } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['elections', orgId] }),
  });
  const role = me?.memberships.find((m) => m.orgId === orgId)?.role;
  const canEdit = role === 'org_admin' || role === 'security_lead';

  return (
    <>
      <h1>{t('elections.title')}</h1>
      <p>{t('elections.intro')}</p>
      <ErrorMessage error={elections.error ?? remove.error} />
      {remove.isSuccess && <Notice>{t('elections.deleted', { name: remove.variables.name })}</Notice>}
      {confirm.dialog}
      {elections.isPending ? (
        <Loading />
      ) : (elections.data ?? []).length === 0 ? (
        <Empty>{canEdit ? t('elections.emptyEditor') : t('elections.empty')}</Empty>
      ) : (
        (elections.data ?? []).map((e) => (
          <section key={e.id} className="panel" aria-labelledby={`election-${e.id}`}>
            <h2 id={`election-${e.id}`}>{e.name}</h2>
            <p>
              {t(`elections.kinds.${e.kind}`)} — {t('elections.pollingDay')}:{' '}
              <strong>{formatDate(e.pollingDay, i18n.language)}</strong>
            </p>
            {e.phases.length > 0 && (
              <table tabIndex={0}>
                <thead>
                  <tr>
                    <th scope="col">{t('elections.phase')}</th>
                    <th scope="col">{t('elections.starts')}</th>
                    <th scope="col">{t('elections.ends')}</th>
                  </tr>
                </thead>
                <tbody>
                  {e.phases.map((p) => (
                    <tr key={p.phase}>
                      <td>{t(`elections.phases.${p.phase}`)}</td>
                      <td>{formatDate(p.startsOn, i18n.language)}</td>
                      <td>{formatDate(p.endsOn, i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {canEdit && (
              <Button
                variant="danger"
                onPress={() =>
                  confirm.ask(
                    {
                      title: t('elections.confirmDelete', { name: e.name }),
                      consequence: t('elections.confirmDeleteBody'),
                      confirmLabel: t('common.delete'),
                      danger: true,
                    },
                    () => remove.mutate(e),
                  )
                }
                aria-label={`${t('common.delete')}: ${e.name}`}
              >
                {t('common.delete')}
              </Button>
            )}
          </section>
        ))
      )}
      {canEdit && <NewElection orgId={orgId} />}
    </>
  );
}

function NewElection({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('general');
  const [pollingDay, setPollingDay] = useState('');
  const [phases, setPhases] = useState<Record<PhaseName, { startsOn: string; endsOn: string }>>(
    Object.fromEntries(PHASES.map((p) => [p, { startsOn: '', endsOn: '' }])) as Record<
      PhaseName,
      { startsOn: string; endsOn: string }
    >,
  );
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/elections', {
          params: { path: { orgId } },
          body: {
            name,
            kind,
            pollingDay,
            phases: PHASES.filter((p) => phases[p].startsOn && phases[p].endsOn).map((p) => ({
              phase: p,
              ...phases[p],
            })),
          },
        }),
      ),
    onSuccess: async () => {
      setName('');
      setPollingDay('');
      await client.invalidateQueries({ queryKey: ['elections', orgId] });
    },
  });
  return (
    <section aria-labelledby="new-election" className="panel">
      <h2 id="new-election">{t('elections.add')}</h2>
      <ErrorMessage error={create.error} />
      <Form className="form" onSubmit={submitWith(() => create.mutate())}>
        <Field
          label={t('elections.name')}
          name="electionName"
          value={name}
          onChange={setName}
          isRequired
          maxLength={200}
        />
        <Choice
          label={t('elections.kind')}
          options={KINDS.map((k) => ({ key: k, label: t(`elections.kinds.${k}`) }))}
          value={kind}
          onChange={setKind}
        />
        <Field
          label={t('elections.pollingDay')}
          name="pollingDay"
          type="date"
          value={pollingDay}
          onChange={setPollingDay}
          isRequired
        />
        <fieldset>
          <legend>{t('elections.phasesOptional')}</legend>
          {PHASES.map((p) => (
            <div key={p} className="form-inline">
              <Field
                label={`${t(`elections.phases.${p}`)} — ${t('elections.starts')}`}
                name={`${p}-start`}
                type="date"
                value={phases[p].startsOn}
                onChange={(v) => setPhases({ ...phases, [p]: { ...phases[p], startsOn: v } })}
              />
              <Field
                label={`${t(`elections.phases.${p}`)} — ${t('elections.ends')}`}
                name={`${p}-end`}
                type="date"
                value={phases[p].endsOn}
                onChange={(v) => setPhases({ ...phases, [p]: { ...phases[p], endsOn: v } })}
              />
            </div>
          ))}
        </fieldset>
        <Button type="submit" variant="primary">
          {t('elections.save')}
        </Button>
      </Form>
    </section>
  );
}
