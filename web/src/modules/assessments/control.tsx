import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Label, RadioButton, RadioField, RadioGroup, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, ApiError, call, upload } from '../../api';
import { useConfirm } from '../../ui/confirm';
import { Button, Check, Choice, TextAreaField } from '../../ui/fields';
import { ErrorMessage, Notice } from '../../ui/feedback';
import { FileInput } from '../../ui/file-input';
import { packLang, type AnswerKind, type AnswerRecord, type Control, type Effort, type Pack } from './types';

/** An answer as the card holds it, saved or not. */
export type Draft = Pick<
  AnswerRecord,
  'kind' | 'score' | 'justification' | 'comment' | 'review' | 'effort' | 'assigneeId'
>;
type SaveState = 'idle' | 'saving' | 'saved' | 'conflict';

const EMPTY: Draft = {
  kind: 'unanswered',
  score: null,
  justification: '',
  comment: '',
  review: false,
  effort: null,
  assigneeId: null,
};

/** The radio value of an answer: a score 0–4, "na" or "compensating". */
function choiceOf(d: Draft): string {
  return d.kind === 'score' ? String(d.score ?? 0) : d.kind;
}

/**
 * One control to answer. Every change saves at once (text when the field is left), with the version this
 * person started from, so a colleague's concurrent save is reported, never overwritten.
 */
export function ControlCard(props: {
  orgId: string;
  assessmentId: string;
  pack: Pack;
  control: Control;
  answer: AnswerRecord | undefined;
  canWrite: boolean;
  people: readonly { id: string; name: string }[];
  onConflict: () => void;
  /** Tells the page what was saved, so a card opened again starts from the saved version. */
  onSaved: (saved: Omit<AnswerRecord, 'evidence' | 'updatedAt'>) => void;
  onEvidence: () => void;
  /** A choice kept from an earlier visit that could not be saved yet (N/A without its justification). */
  unsaved: Draft | undefined;
  /** Tells the page a choice waits unsaved (kept when the card closes), or no longer does. */
  onUnsaved: (draft: Draft | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = packLang(i18n.language);
  const { control, answer, canWrite } = props;
  const [draft, setDraft] = useState<Draft>(props.unsaved ?? answer ?? EMPTY);
  const [version, setVersion] = useState(answer?.version ?? 0);
  const [state, setState] = useState<SaveState>('idle');
  const [evidence, setEvidence] = useState(answer?.evidence ?? []);
  const base = `/api/v1/orgs/${props.orgId}/assessments/${props.assessmentId}`;
  const path = { orgId: props.orgId, assessmentId: props.assessmentId, controlId: control.id };
  const save = useMutation({
    mutationFn: (next: Draft) =>
      call(
        api.PUT('/api/v1/orgs/{orgId}/assessments/{assessmentId}/answers/{controlId}', {
          params: { path },
          body: { version, ...next },
        }),
      ),
    onMutate: () => setState('saving'),
    onSuccess: (saved, sent) => {
      props.onUnsaved(undefined);
      setVersion(saved.version);
      setState('saved');
      props.onSaved({ ...sent, controlId: control.id, version: saved.version });
    },
    onError: (error) =>
      setState(error instanceof ApiError && error.id === 'answer_changed' ? 'conflict' : 'idle'),
  });
  const attach = useMutation({
    mutationFn: (file: File) =>
      upload('/api/v1/orgs/{orgId}/assessments/{assessmentId}/answers/{controlId}/evidence', { path, file }),
    onSuccess: (added, file) => {
      setEvidence((now) => [
        ...now,
        {
          id: added.id,
          filename: file.name,
          sha256: '',
          size: file.size,
          mediaType: 'application/octet-stream',
        },
      ]);
      props.onEvidence();
    },
  });

  const confirm = useConfirm();
  const detach = useMutation({
    mutationFn: (q: { id: string; filename: string; reason: string }) =>
      call(
        api.DELETE('/api/v1/orgs/{orgId}/assessments/{assessmentId}/evidence/{evidenceId}', {
          params: { path: { orgId: props.orgId, assessmentId: props.assessmentId, evidenceId: q.id } },
          body: { reason: q.reason },
        }),
      ),
    onSuccess: (_, q) => {
      setEvidence((now) => now.filter((e) => e.id !== q.id));
      props.onEvidence();
    },
  });

  function change(patch: Partial<Draft>, saveNow: boolean) {
    const next = { ...draft, ...patch };
    setDraft(next);
    // N/A and compensating answers wait for their justification before they are sent.
    const incomplete =
      (next.kind === 'na' || next.kind === 'compensating') && next.justification.trim() === '';
    if (incomplete) props.onUnsaved(next);
    if (saveNow && canWrite && !incomplete && state !== 'conflict') save.mutate(next);
  }

  function choose(value: string) {
    if (value === 'na') change({ kind: 'na', score: null }, true);
    else if (value === 'compensating')
      change({ kind: 'compensating', score: Math.min(draft.score ?? 2, 3) }, true);
    else change({ kind: 'score', score: Number(value) }, true);
  }

  const titleId = `control-${control.id}`;
  const needsJustification = draft.kind === 'na' || draft.kind === 'compensating';
  const waitsForJustification = canWrite && needsJustification && draft.justification.trim() === '';
  const hasDetails =
    draft.comment !== '' || draft.assigneeId !== null || draft.review || draft.effort !== null;
  const selectedScale = draft.kind === 'score' ? props.pack.scale[draft.score ?? 0] : undefined;
  return (
    <section className="control" aria-labelledby={titleId}>
      <div className="control-head">
        <h3 id={titleId} tabIndex={-1}>
          {control.id}
          {control.essential && <span className="tag tag-essential">{t('assessments.essentialMark')}</span>}
        </h3>
        <span className="muted">
          {control.csf} · {t(`assessments.csf.${control.csf}`)} — {t(`assessments.phase.${control.phase}`)}
        </span>
      </div>
      <p className="control-text">{control.text[lang]}</p>
      <RadioGroup
        className="field"
        value={draft.kind === 'unanswered' ? null : choiceOf(draft)}
        onChange={choose}
        isDisabled={!canWrite}
        aria-describedby={`${titleId}-state`}
      >
        <Label>{t('assessments.answer')}</Label>
        <div className="radio-group">
          {props.pack.scale.map((s) => (
            <RadioField key={s.score} value={String(s.score)}>
              <RadioButton className="radio">
                {s.score} · {s.label[lang]}
              </RadioButton>
            </RadioField>
          ))}
          <RadioField value="na">
            <RadioButton className="radio">{t('assessments.na')}</RadioButton>
          </RadioField>
          <RadioField value="compensating">
            <RadioButton className="radio">{t('assessments.compensating')}</RadioButton>
          </RadioField>
        </div>
        {selectedScale && <Text slot="description">{selectedScale.meaning[lang]}</Text>}
      </RadioGroup>
      {draft.kind === 'compensating' && (
        <Choice
          label={t('assessments.compensatingScore')}
          options={[0, 1, 2, 3].map((n) => ({
            key: String(n),
            label: `${n} · ${props.pack.scale[n]?.label[lang] ?? ''}`,
          }))}
          value={String(draft.score ?? 0)}
          onChange={(v) => change({ score: Number(v) }, true)}
        />
      )}
      {waitsForJustification && (
        <p className="alert alert-warn" role="status">
          {t('assessments.unsavedChoice', {
            choice: draft.kind === 'na' ? t('assessments.na') : t('assessments.compensating'),
          })}
        </p>
      )}
      {needsJustification && (
        <TextAreaField
          label={t('assessments.justification')}
          value={draft.justification}
          onChange={(justification) => change({ justification }, false)}
          onBlur={() => change({}, true)}
          isRequired
          isDisabled={!canWrite}
          maxLength={4000}
          rows={2}
          description={t('assessments.justificationHelp')}
        />
      )}
      {/* Comment, who answers, review and effort fold away until used: each card stays one screen long. */}
      <details className="control-more" open={hasDetails}>
        <summary>{t('assessments.moreDetails')}</summary>
        <TextAreaField
          label={t('assessments.comment')}
          value={draft.comment}
          onChange={(comment) => change({ comment }, false)}
          onBlur={() => {
            if (draft.kind !== 'unanswered' || draft.comment) change({}, true);
          }}
          isDisabled={!canWrite}
          maxLength={4000}
          rows={2}
        />
        <div className="toolbar">
          <Choice
            label={t('assessments.assignee')}
            options={[
              { key: 'none', label: t('assessments.nobody') },
              ...props.people.map((p) => ({ key: p.id, label: p.name })),
            ]}
            value={draft.assigneeId ?? 'none'}
            onChange={(v) => change({ assigneeId: v === 'none' ? null : v }, true)}
            isDisabled={!canWrite}
          />
          <Check
            isSelected={draft.review}
            onChange={(review) => change({ review }, true)}
            isDisabled={!canWrite}
          >
            {t('assessments.review')}
          </Check>
          <Choice<'default' | Effort>
            label={t('assessments.effort')}
            options={[
              {
                key: 'default',
                label: t('assessments.effortDefault', { effort: t(`assessments.efforts.${control.effort}`) }),
              },
              ...(['S', 'M', 'L'] as const).map((e) => ({ key: e, label: t(`assessments.efforts.${e}`) })),
            ]}
            value={draft.effort ?? 'default'}
            onChange={(v) => change({ effort: v === 'default' ? null : v }, true)}
            isDisabled={!canWrite}
          />
        </div>
      </details>
      <div>
        <strong>{t('assessments.evidence')}</strong>
        <p className="muted">{t(`assessments.evidenceGuide.${evidenceGuide(draft)}`)}</p>
        {evidence.length > 0 && (
          <ul>
            {evidence.map((e) => (
              <li key={e.id}>
                <a href={`${base}/evidence/${e.id}`}>{e.filename}</a>
                {canWrite && (
                  <>
                    {' '}
                    <Button
                      aria-label={`${t('assessments.removeEvidence')}: ${e.filename}`}
                      onPress={() =>
                        confirm.ask(
                          {
                            title: t('assessments.confirmRemoveEvidence', { filename: e.filename }),
                            consequence: t('assessments.confirmRemoveEvidenceBody'),
                            confirmLabel: t('assessments.removeEvidence'),
                            danger: true,
                            reasonLabel: t('assessments.removeEvidenceReason'),
                          },
                          (reason) => detach.mutate({ id: e.id, filename: e.filename, reason }),
                        )
                      }
                    >
                      {t('assessments.removeEvidence')}
                    </Button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        {canWrite && <FileInput label={t('assessments.attach')} onFile={(file) => attach.mutate(file)} />}
        {attach.isPending && <p className="muted">{t('assessments.uploading')}</p>}
        {detach.isSuccess && (
          <Notice>{t('assessments.evidenceRemoved', { filename: detach.variables.filename })}</Notice>
        )}
        <ErrorMessage error={attach.error ?? detach.error} />
        {confirm.dialog}
      </div>
      <p id={`${titleId}-state`} className="save-state" role="status">
        {state === 'saving' && t('assessments.saving')}
        {state === 'saved' && `✓ ${t('assessments.savedAt')}`}
      </p>
      {state === 'conflict' ? (
        <div className="alert alert-error" role="alert">
          {t('assessments.conflict')}{' '}
          <button type="button" className="button" onClick={props.onConflict}>
            {t('assessments.reload')}
          </button>
        </div>
      ) : (
        <ErrorMessage error={save.error} />
      )}
    </section>
  );
}

/** Which advice on evidence fits the answer: what a reviewer will expect to see for it. */
function evidenceGuide(draft: {
  kind: AnswerKind;
  score: number | null;
}): 'proof' | 'document' | 'optional' | 'why' {
  if (draft.kind === 'na' || draft.kind === 'compensating') return 'why';
  if (draft.score !== null && draft.score >= 3) return 'proof';
  if (draft.score === 2) return 'document';
  return 'optional';
}

/** Whether an answer counts as answered. */
export function isAnswered(kind: AnswerKind | undefined): boolean {
  return kind !== undefined && kind !== 'unanswered';
}
