import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form, Label, RadioButton, RadioField, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { Button, Choice, Field, submitWith } from '../../ui/fields';
import { ErrorMessage, Notice } from '../../ui/feedback';
import { todayIso } from '../../ui/format';
import { courseLang, type SessionResponse } from './types';

const KINDS = ['pre', 'post', 'delayed'] as const;
const letter = (option: number) => String.fromCharCode(65 + option);
/** Characters that stand for a question left blank in a typed answer string. */
const BLANK = /[-._ ]/;

/**
 * The answers a trainer typed as one string, a letter per question in the paper's order ("CABD-B…"): A, B, C…
 * choose an option, "-" (or "." "_" space) leaves a question blank, anything else is skipped. Longer strings
 * stop at the last question.
 */
export function parseAnswerString(typed: string, optionCounts: readonly number[]): (number | null)[] {
  const out: (number | null)[] = [];
  for (const char of typed.toUpperCase()) {
    if (out.length === optionCounts.length) break;
    const option = char.charCodeAt(0) - 65;
    if (BLANK.test(char)) out.push(null);
    else if (option >= 0 && option < (optionCounts[out.length] ?? 0)) out.push(option);
  }
  return out;
}

/**
 * Enters a test taken on paper, where phones or the connection failed: the person, which test, the date, and
 * the answers — typed as a string of letters as they read off the sheet, or tapped on a row of letter buttons
 * per question. Twenty people take minutes, not hundreds of drop-downs.
 */
export function PaperTest({ orgId, data }: { orgId: string; data: SessionResponse }) {
  const { t, i18n } = useTranslation();
  const lang = courseLang(i18n.language);
  const client = useQueryClient();
  const { courseId, courseVersion, id: sessionId } = data.session;
  const course = useQuery({
    queryKey: ['training-course', orgId, courseId, courseVersion],
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/training/courses/{courseId}/{version}', {
          params: { path: { orgId, courseId, version: courseVersion } },
        }),
      ),
  });
  const [personId, setPersonId] = useState(data.roster[0]?.person.id ?? '');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('post');
  const [takenOn, setTakenOn] = useState(todayIso());
  const [answers, setAnswers] = useState<(number | null)[]>([]);
  const [message, setMessage] = useState('');
  const items = (course.data?.course.items ?? []).filter((i) => i.form === course.data?.forms[kind]);
  const typed = answers.map((a) => (a === null ? '-' : letter(a))).join('');
  const answeredCount = answers.filter((a) => a !== null).length;
  const person = data.roster.find((r) => r.person.id === personId)?.person.name ?? '';
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/v1/orgs/{orgId}/training/sessions/{sessionId}/roster/{personId}/tests/{kind}', {
          params: { path: { orgId, sessionId, personId, kind } },
          body: {
            takenOn,
            answers: Object.fromEntries(
              items.flatMap((item, n) => {
                const a = answers[n];
                return a === null || a === undefined ? [] : [[item.id, a]];
              }),
            ),
          },
        }),
      ),
    onSuccess: async (r) => {
      setAnswers([]);
      setMessage(t('training.paperSavedFor', { percent: r.percent, name: person }));
      await client.invalidateQueries({ queryKey: ['training-session', orgId, sessionId] });
    },
  });
  return (
    <section className="panel" aria-labelledby="paper-test">
      <h2 id="paper-test">{t('training.paperTitle')}</h2>
      <p className="muted">{t('training.paperHelp')}</p>
      <p>
        {KINDS.map((k, i) => (
          <span key={k}>
            {i > 0 && ' · '}
            <a
              href={`/api/v1/orgs/${orgId}/training/courses/${courseId}/${courseVersion}/tests/${k}.pdf?lang=${lang}`}
            >
              {t('training.printTest', { test: t(`training.${k}`) })}
            </a>
          </span>
        ))}
      </p>
      <ErrorMessage error={save.error ?? course.error} />
      {message && <Notice>{message}</Notice>}
      <Form
        className="form"
        onSubmit={submitWith(() => {
          setMessage('');
          save.mutate();
        })}
      >
        <Choice
          label={t('training.person')}
          options={data.roster.map((r) => ({ key: r.person.id, label: r.person.name }))}
          value={personId}
          onChange={(id) => {
            setPersonId(id);
            setMessage('');
          }}
        />
        <Choice
          label={t('training.whichTest')}
          options={KINDS.map((k) => ({ key: k, label: t(`training.${k}`) }))}
          value={kind}
          onChange={(k) => {
            setKind(k);
            setAnswers([]);
          }}
        />
        <Field
          label={t('training.takenOn')}
          name="takenOn"
          type="date"
          value={takenOn}
          onChange={setTakenOn}
          isRequired
        />
        <Field
          label={t('training.typedAnswers')}
          name="typedAnswers"
          value={typed}
          onChange={(value) =>
            setAnswers(
              parseAnswerString(
                value,
                items.map((i) => i.options.length),
              ),
            )
          }
          description={t('training.typedAnswersHelp', { count: items.length })}
          maxLength={200}
        />
        <ol className="paper-items">
          {items.map((item, n) => (
            <li key={item.id}>
              <RadioGroup
                className="paper-item"
                orientation="horizontal"
                value={answers[n] === null || answers[n] === undefined ? null : String(answers[n])}
                onChange={(v) =>
                  setAnswers((now) => {
                    const next = [...now];
                    while (next.length < n) next.push(null);
                    next[n] = Number(v);
                    return next;
                  })
                }
              >
                <Label className="paper-stem">{item.stem[lang]}</Label>
                <div className="radio-group">
                  {item.options.map((o, i) => (
                    <RadioField key={i} value={String(i)} aria-label={`${letter(i)}. ${o[lang]}`}>
                      <RadioButton className="radio radio-letter">{letter(i)}</RadioButton>
                    </RadioField>
                  ))}
                </div>
              </RadioGroup>
            </li>
          ))}
        </ol>
        <p className="muted" role="status">
          {t('training.paperAnswered', { count: answeredCount, total: items.length })}
        </p>
        <Button type="submit" variant="primary" isDisabled={save.isPending || !personId}>
          {t('training.paperSave')}
        </Button>
      </Form>
    </section>
  );
}
