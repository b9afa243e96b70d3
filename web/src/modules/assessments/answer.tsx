import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useCanWrite } from '../../session';
import { Button, Check, Choice } from '../../ui/fields';
import { ErrorMessage, Loading } from '../../ui/feedback';
import { formatNumber } from '../../ui/format';
import { ControlCard, isAnswered, type Draft } from './control';
import { packLang, type Assessment } from './types';

/** Loads an assessment and the pack version it answers. */
export function useAssessment(orgId: string, assessmentId: string) {
  const assessment = useQuery({
    queryKey: ['assessment', orgId, assessmentId],
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/assessments/{assessmentId}', {
          params: { path: { orgId, assessmentId } },
        }),
      ),
    // A refetch on focus would reset fields someone is typing in.
    refetchOnWindowFocus: false,
  });
  const pack = useQuery({
    queryKey: ['assessment-pack', assessment.data?.packId, assessment.data?.packVersion],
    queryFn: () =>
      call(
        api.GET('/api/v1/assessment-packs/{packId}/{version}', {
          params: {
            path: { packId: assessment.data?.packId ?? '', version: assessment.data?.packVersion ?? '' },
          },
        }),
      ),
    enabled: assessment.data !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return { assessment, pack };
}

/** Answering an assessment, one domain at a time, with progress per domain. */
export function AssessmentPage({ orgId, assessmentId }: { orgId: string; assessmentId: string }) {
  const { t, i18n } = useTranslation();
  const lang = packLang(i18n.language);
  const client = useQueryClient();
  const { assessment, pack } = useAssessment(orgId, assessmentId);
  const writer = useCanWrite(orgId, 'assessments');
  const [domainId, setDomainId] = useState<string | undefined>();
  // Cards keep their own state while someone answers; they start afresh only after a conflict reload.
  const [generation, setGeneration] = useState(0);
  // Choices that cannot be saved yet (N/A or compensating still without a justification) outlive their card.
  const [unsaved, setUnsaved] = useState<Readonly<Record<string, Draft>>>({});
  // "Only unanswered" keeps the controls that were unanswered when it was ticked, so a card does not vanish
  // under the person answering it.
  const [onlyUnanswered, setOnlyUnanswered] = useState<ReadonlySet<string> | undefined>();
  const [jumpTo, setJumpTo] = useState<string | undefined>();
  const pending = Object.keys(unsaved).length;
  useEffect(() => {
    if (pending === 0) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [pending]);
  useEffect(() => {
    if (!jumpTo) return;
    const heading = document.getElementById(`control-${jumpTo}`);
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus();
  }, [jumpTo, domainId]);
  const people = useQuery({
    queryKey: ['assessment-people', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/assessments/people', { params: { path: { orgId } } })),
  });
  const key = ['assessment', orgId, assessmentId];
  const finalise = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/assessments/{assessmentId}/finalise', {
          params: { path: { orgId, assessmentId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  const assign = useMutation({
    mutationFn: (q: { domainId: string; userId: string | null }) =>
      call(
        api.PUT('/api/v1/orgs/{orgId}/assessments/{assessmentId}/domains/{domainId}/assignee', {
          params: { path: { orgId, assessmentId, domainId: q.domainId } },
          body: {
            userId: q.userId,
          },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });

  if (assessment.isPending || (assessment.data && pack.isPending)) return <Loading />;
  if (!assessment.data || !pack.data) return <ErrorMessage error={assessment.error ?? pack.error} />;
  const a = assessment.data;
  const p = pack.data;
  const canWrite = writer && a.status === 'in_progress';
  const answers = new Map(a.answers.map((x) => [x.controlId, x]));
  const domain = p.domains.find((d) => d.id === domainId) ?? p.domains[0];
  const answered = (ids: readonly { id: string }[]) =>
    ids.filter((c) => isAnswered(answers.get(c.id)?.kind)).length;
  const total = p.domains.reduce((n, d) => n + d.controls.length, 0);
  const done = p.domains.reduce((n, d) => n + answered(d.controls), 0);
  const order = p.domains.flatMap((d) => d.controls.map((c) => ({ id: c.id, domainId: d.id })));
  const open = order.filter((c) => !isAnswered(answers.get(c.id)?.kind));
  const after = order.findIndex((c) => c.id === jumpTo);
  const next = open.find((c) => order.findIndex((o) => o.id === c.id) > after) ?? open[0];
  // Someone continuing starts in the domain of the first control left to answer, not always in the first;
  // once chosen, the domain stays put while they answer.
  if (domainId === undefined && p.domains[0]) setDomainId(open[0]?.domainId ?? p.domains[0].id);
  const remember = (controlId: string, draft: Draft | undefined) =>
    setUnsaved((now) => {
      if (!draft && !(controlId in now)) return now;
      const { [controlId]: _, ...rest } = now;
      return draft ? { ...rest, [controlId]: draft } : rest;
    });

  return (
    <>
      <h1>
        {a.title} <span className="tag">{t(`assessments.status.${a.status}`)}</span>
      </h1>
      <p>
        {p.title[lang]} {p.version} · {t('assessments.tier')} {a.tier} ·{' '}
        {t('assessments.progress', {
          answered: formatNumber(done, i18n.language),
          total: formatNumber(total, i18n.language),
        })}
      </p>
      <progress max={total} value={done} aria-hidden="true" />
      <p>
        <Link to="/o/$orgId/assessments/$assessmentId/results" params={{ orgId, assessmentId }}>
          {t('assessments.results')}
        </Link>
      </p>
      {a.status === 'finalised' && <p className="notice-box">{t('assessments.finalised')}</p>}
      {!writer && a.status === 'in_progress' && <p className="notice-box">{t('assessments.readOnly')}</p>}
      <ErrorMessage error={finalise.error ?? assign.error} />
      {pending > 0 && (
        <p className="alert alert-warn" role="status">
          {t('assessments.unsavedCount', {
            count: pending,
            controls: Object.keys(unsaved).sort().join(', '),
          })}
        </p>
      )}
      <div className="toolbar">
        {next && (
          <Button
            onPress={() => {
              setDomainId(next.domainId);
              setJumpTo(next.id);
            }}
          >
            {t('assessments.nextUnanswered', { control: next.id })}
          </Button>
        )}
        <Check
          isSelected={onlyUnanswered !== undefined}
          onChange={(on) => setOnlyUnanswered(on ? new Set(open.map((c) => c.id)) : undefined)}
        >
          {t('assessments.onlyUnanswered', { count: open.length })}
        </Check>
      </div>
      <nav aria-label={t('assessments.domains')}>
        <ul className="domain-nav">
          {p.domains.map((d) => (
            <li key={d.id}>
              <Button
                aria-current={d.id === domain?.id ? 'true' : undefined}
                onPress={() => setDomainId(d.id)}
              >
                {d.title[lang]} (
                {t('assessments.domainProgress', {
                  answered: answered(d.controls),
                  total: d.controls.length,
                })}
                {d.controls.some((c) => c.id in unsaved) && `, ${t('assessments.domainUnsaved')}`})
              </Button>
            </li>
          ))}
        </ul>
      </nav>
      {domain && (
        <section aria-labelledby="domain-title">
          <h2 id="domain-title">{domain.title[lang]}</h2>
          {canWrite ? (
            <Choice
              label={t('assessments.assignee')}
              options={[
                { key: 'none', label: t('assessments.nobody') },
                ...(people.data ?? []).map((x) => ({ key: x.id, label: x.name })),
              ]}
              value={a.domainAssignees[domain.id] ?? 'none'}
              onChange={(userId) =>
                assign.mutate({ domainId: domain.id, userId: userId === 'none' ? null : userId })
              }
            />
          ) : (
            <p>
              {t('common.labelled', { label: t('assessments.assignee') })}{' '}
              {people.data?.find((x) => x.id === a.domainAssignees[domain.id])?.name ??
                t('assessments.nobody')}
            </p>
          )}
          {domain.controls
            .filter((control) => !onlyUnanswered || onlyUnanswered.has(control.id))
            .map((control) => {
              const answer = answers.get(control.id);
              return (
                <ControlCard
                  key={`${control.id}:${generation}`}
                  orgId={orgId}
                  assessmentId={assessmentId}
                  pack={p}
                  control={control}
                  answer={answer}
                  canWrite={canWrite}
                  people={people.data ?? []}
                  onConflict={() => void assessment.refetch().then(() => setGeneration((g) => g + 1))}
                  onEvidence={() => void assessment.refetch()}
                  unsaved={unsaved[control.id]}
                  onUnsaved={(draft) => remember(control.id, draft)}
                  onSaved={(saved) =>
                    client.setQueryData<Assessment>(
                      key,
                      (old) =>
                        old && {
                          ...old,
                          answers: [
                            ...old.answers.filter((x) => x.controlId !== saved.controlId),
                            {
                              ...saved,
                              evidence: answer?.evidence ?? [],
                              updatedAt: new Date().toISOString(),
                            },
                          ],
                        },
                    )
                  }
                />
              );
            })}
        </section>
      )}
      {canWrite && (
        <section className="panel" aria-labelledby="finalise-title">
          <h2 id="finalise-title">{t('assessments.finalise')}</h2>
          <p>{t('assessments.finaliseHelp')}</p>
          <Button variant="primary" onPress={() => finalise.mutate()} isDisabled={finalise.isPending}>
            {t('assessments.finalise')}
          </Button>
        </section>
      )}
      <details>
        <summary>{t('assessments.provenance')}</summary>
        <p>{p.provenance[lang]}</p>
      </details>
    </>
  );
}
