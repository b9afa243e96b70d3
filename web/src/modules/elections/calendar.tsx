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
/** Phases typed in the form: election day is the polling day itself, so it is not asked again. */
const TYPED_PHASES = PHASES.filter((p) => p !== 'election_day');
type Dates = Record<PhaseName, { startsOn: string; endsOn: string }>;

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
  const [editing, setEditing] = useState<string | null>(null);

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
              {t(`elections.kinds.${e.kind}`)} — {t('common.labelled', { label: t('elections.pollingDay') })}{' '}
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
            {canEdit && editing === e.id && (
              <ElectionForm orgId={orgId} election={e} onDone={() => setEditing(null)} />
            )}
            {canEdit && editing !== e.id && (
              <div className="actions">
                <Button onPress={() => setEditing(e.id)} aria-label={`${t('common.edit')}: ${e.name}`}>
                  {t('common.edit')}
                </Button>
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
              </div>
            )}
          </section>
        ))
      )}
      {canEdit && (
        <section aria-labelledby="new-election" className="panel">
          <h2 id="new-election">{t('elections.add')}</h2>
          <ElectionForm orgId={orgId} />
        </section>
      )}
    </>
  );
}

/** No dates yet, for every phase. */
function noDates(): Dates {
  return Object.fromEntries(PHASES.map((p) => [p, { startsOn: '', endsOn: '' }])) as Dates;
}

/**
 * The form that adds an election, or edits `election` (a postponed polling day is an edit, not a delete and
 * re-add). After adding, every field clears, so nothing invites a duplicate.
 */
function ElectionForm({
  orgId,
  election,
  onDone,
}: {
  orgId: string;
  election?: Election;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState(election?.name ?? '');
  const [kind, setKind] = useState<Kind>(election?.kind ?? 'general');
  const [pollingDay, setPollingDay] = useState(election?.pollingDay ?? '');
  const [phases, setPhases] = useState<Dates>(() => {
    const dates = noDates();
    for (const p of election?.phases ?? []) dates[p.phase] = { startsOn: p.startsOn, endsOn: p.endsOn };
    return dates;
  });
  const body = () => ({
    name,
    kind,
    pollingDay,
    phases: [
      ...TYPED_PHASES.filter((p) => phases[p].startsOn && phases[p].endsOn).map((p) => ({
        phase: p,
        ...phases[p],
      })),
      ...(pollingDay ? [{ phase: 'election_day' as const, startsOn: pollingDay, endsOn: pollingDay }] : []),
    ],
  });
  const save = useMutation({
    mutationFn: () =>
      call(
        election
          ? api.PUT('/api/v1/orgs/{orgId}/elections/{electionId}', {
              params: { path: { orgId, electionId: election.id } },
              body: body(),
            })
          : api.POST('/api/v1/orgs/{orgId}/elections', { params: { path: { orgId } }, body: body() }),
      ),
    onSuccess: async () => {
      if (!election) {
        setName('');
        setKind('general');
        setPollingDay('');
        setPhases(noDates());
      }
      await client.invalidateQueries({ queryKey: ['elections', orgId] });
      onDone?.();
    },
  });
  const prefix = election ? `${election.id}-` : '';
  return (
    <>
      <ErrorMessage error={save.error} />
      {save.isSuccess && !election && <Notice>{t('elections.added', { name: save.data.name })}</Notice>}
      <Form className="form" onSubmit={submitWith(() => save.mutate())}>
        <Field
          label={t('elections.name')}
          name={`${prefix}electionName`}
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
          name={`${prefix}pollingDay`}
          type="date"
          value={pollingDay}
          onChange={setPollingDay}
          isRequired
        />
        <fieldset>
          <legend>{t('elections.phasesOptional')}</legend>
          {TYPED_PHASES.map((p) => (
            <div key={p} className="form-inline">
              <Field
                label={`${t(`elections.phases.${p}`)} — ${t('elections.starts')}`}
                name={`${prefix}${p}-start`}
                type="date"
                value={phases[p].startsOn}
                onChange={(v) => setPhases({ ...phases, [p]: { ...phases[p], startsOn: v } })}
              />
              <Field
                label={`${t(`elections.phases.${p}`)} — ${t('elections.ends')}`}
                name={`${prefix}${p}-end`}
                type="date"
                value={phases[p].endsOn}
                onChange={(v) => setPhases({ ...phases, [p]: { ...phases[p], endsOn: v } })}
              />
            </div>
          ))}
        </fieldset>
        <div className="actions">
          <Button type="submit" variant="primary" isDisabled={save.isPending}>
            {t(election ? 'elections.saveChanges' : 'elections.save')}
          </Button>
          {onDone && <Button onPress={onDone}>{t('common.cancel')}</Button>}
        </div>
      </Form>
    </>
  );
}
