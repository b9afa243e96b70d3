import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, type Body } from '../../api';
import { useCanWrite } from '../../session';
import { Button, Choice, Field, submitWith, TextAreaField } from '../../ui/fields';
import { useConfirm } from '../../ui/confirm';
import { ErrorMessage, Loading, Notice } from '../../ui/feedback';
import { formatDate, formatNumber } from '../../ui/format';
import { TrainingNav } from './nav';
import { PaperTest } from './paper-test';
import { RosterTable } from './roster';
import { SessionDetails } from './session-details';
import { UnitChoice, useTrainingDirectory } from './directory';
import { courseLang, type SessionResponse } from './types';

const GENDERS = ['woman', 'man', 'other', 'undisclosed'] as const;

/** One session: check-in, roster and attendance, test results, completion, and certificates. */
export function SessionPage({ orgId, sessionId }: { orgId: string; sessionId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const canWrite = useCanWrite(orgId, 'training');
  const [showCode, setShowCode] = useState(false);
  const key = ['training-session', orgId, sessionId];
  const session = useQuery({
    queryKey: key,
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/training/sessions/{sessionId}', {
          params: { path: { orgId, sessionId } },
        }),
      ),
    // While the check-in code is on screen, the roster refreshes so the trainer sees who has arrived.
    refetchInterval: showCode ? 5000 : false,
  });
  if (session.isPending) return <Loading />;
  if (!session.data) return <ErrorMessage error={session.error} />;
  const s = session.data;
  const open = s.session.status === 'open';
  const pct = (v: number | null) => (v === null ? '—' : `${formatNumber(v, lang)} %`);
  return (
    <>
      <TrainingNav orgId={orgId} />
      <h1>{s.session.title}</h1>
      <p>
        {s.courseTitle[courseLang(lang)]} {s.session.courseVersion} · {formatDate(s.session.startsOn, lang)}
        {s.session.place && ` · ${s.session.place}`} ·{' '}
        {t('training.generationOf', { g: s.session.generation + 1 })} ·{' '}
        {t(`training.audience.${s.session.audience}`)} · {t(`training.sessionStatus.${s.session.status}`)}
      </p>
      <p className="muted">
        {t('common.labelled', { label: t('training.trainers') })}{' '}
        {s.trainers
          .map((x) => `${x.person.name}${x.role === 'lead' ? ` (${t('training.leadShort')})` : ''}`)
          .join(', ')}
      </p>
      <ul className="figures" aria-label={t('training.summary')}>
        <li>
          <strong>{formatNumber(s.summary.enrolled, lang)}</strong> {t('training.enrolled')}
        </li>
        <li>
          <strong>{formatNumber(s.summary.attended, lang)}</strong> {t('training.attended')}
        </li>
        <li>
          <strong>{formatNumber(s.summary.completed, lang)}</strong> {t('training.completed')}
        </li>
        <li>
          <strong>{pct(s.summary.preMean)}</strong> {t('training.preMean')}
        </li>
        <li>
          <strong>{pct(s.summary.postMean)}</strong> {t('training.postMean')}
        </li>
        <li>
          <strong>{s.summary.gain === null ? '—' : formatNumber(s.summary.gain, lang)}</strong>{' '}
          {t('training.gain')}
        </li>
      </ul>
      <p className="muted">
        {t('training.rules', {
          post: s.rules.completion.postTestMin,
          trainer: s.rules.trainerCertification.postTestMin,
        })}
      </p>
      {canWrite && open && (
        <section className="panel" aria-labelledby="checkin">
          <h2 id="checkin">{t('training.checkin')}</h2>
          <p>{t('training.checkinHelp')}</p>
          <Button variant="primary" onPress={() => setShowCode((v) => !v)}>
            {showCode ? t('training.hideCode') : t('training.showCode')}
          </Button>
          {showCode && <CheckinCode orgId={orgId} sessionId={sessionId} />}
        </section>
      )}
      <RosterTable orgId={orgId} data={s} canWrite={canWrite} />
      {canWrite && <SessionActions orgId={orgId} data={s} />}
      {canWrite && <SessionDetails orgId={orgId} data={s} />}
      {canWrite && s.roster.length > 0 && <PaperTest orgId={orgId} data={s} />}
      {canWrite && open && <AddPeople orgId={orgId} sessionId={sessionId} />}
    </>
  );
}

function CheckinCode({ orgId, sessionId }: { orgId: string; sessionId: string }) {
  const { t } = useTranslation();
  const code = useQuery({
    queryKey: ['training-checkin', orgId, sessionId],
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/training/sessions/{sessionId}/checkin', {
          params: { path: { orgId, sessionId } },
        }),
      ),
    refetchInterval: 10_000,
    gcTime: 0,
  });
  if (!code.data) return <ErrorMessage error={code.error} />;
  return (
    <figure className="checkin-code">
      <img
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(code.data.svg)}`}
        alt={t('training.qrAlt')}
        width={320}
        height={320}
      />
      <figcaption>
        {t('training.qrCaption')}
        <br />
        <a href={code.data.url} target="_blank" rel="noreferrer" className="muted small">
          {code.data.url}
        </a>
      </figcaption>
    </figure>
  );
}

function SessionActions({ orgId, data }: { orgId: string; data: SessionResponse }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const sessionId = data.session.id;
  const tot = data.session.audience === 'trainers';
  const held = data.roster.some((r) => r.certificates.some((c) => c.status !== 'revoked'));
  const ready = data.roster.filter(
    (r) =>
      (tot ? r.completion.trainerCertified : r.completion.completed) &&
      !r.certificates.some(
        (c) => c.status !== 'revoked' && c.achievement === (tot ? 'certified_trainer' : 'participant'),
      ),
  );
  const [message, setMessage] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['training-session', orgId, sessionId] });
  const issue = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/training/sessions/{sessionId}/certificates', {
          params: { path: { orgId, sessionId } },
          body: {
            personIds: ready.map((r) => r.person.id),
          },
        }),
      ),
    onSuccess: async (r) => {
      setMessage(t('training.issued', { count: r.issued }) + ' ' + t('training.issuedSent'));
      await refresh();
      await client.invalidateQueries({ queryKey: ['training-certificates', orgId] });
    },
  });
  const links = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/training/sessions/{sessionId}/links', {
          params: { path: { orgId, sessionId } },
          body: {},
        }),
      ),
    onSuccess: (r) => setMessage(t('training.linksSent', { count: r.sent })),
  });
  const change = useMutation({
    mutationFn: (set: { closed?: boolean; postTestOpen?: boolean }) =>
      call(
        api.PATCH('/api/v1/orgs/{orgId}/training/sessions/{sessionId}', {
          params: { path: { orgId, sessionId } },
          body: { version: data.session.version, ...set },
        }),
      ),
    onSuccess: async (_, set) => {
      if (set.postTestOpen) setMessage(t('training.postTestOpened'));
      await refresh();
    },
  });
  const confirm = useConfirm();
  // The post-test opens to each person after their pre-test; opening it to everyone costs those without one
  // their pre-test, so the trainer is told how many that is.
  const withoutPre = data.roster.filter((r) => !r.tests.pre).length;
  const openPostTest = () =>
    confirm.ask(
      {
        title: t('training.confirmOpenPost'),
        consequence: t('training.confirmOpenPostBody', { count: withoutPre }),
        confirmLabel: t('training.openPostTest'),
      },
      () => change.mutate({ postTestOpen: true }),
    );
  return (
    <section className="panel" aria-labelledby="session-actions">
      <h2 id="session-actions">{t('training.actions')}</h2>
      <ErrorMessage error={issue.error ?? links.error ?? change.error} />
      {confirm.dialog}
      {message && <Notice>{message}</Notice>}
      <div className="inline-actions">
        <Button
          variant="primary"
          isDisabled={ready.length === 0 || issue.isPending}
          onPress={() => issue.mutate()}
        >
          {t(tot ? 'training.issueTrainer' : 'training.issueParticipant', { count: ready.length })}
        </Button>
        {data.session.status === 'open' && data.roster.length > 0 && (
          <Button onPress={() => links.mutate()} isDisabled={links.isPending}>
            {t('training.sendLinks')}
          </Button>
        )}
        {data.session.status === 'open' && !data.session.postTestOpenedAt && (
          <Button onPress={openPostTest} isDisabled={change.isPending}>
            {t('training.openPostTest')}
          </Button>
        )}
        <Button
          onPress={() => change.mutate({ closed: data.session.status === 'open' })}
          isDisabled={change.isPending}
        >
          {data.session.status === 'open' ? t('training.close') : t('training.reopen')}
        </Button>
        {held && (
          <a
            href={`/api/v1/orgs/${orgId}/training/sessions/${sessionId}/certificates/pdf?lang=${i18n.language}`}
            download
          >
            {t('training.printCertificates')}
          </a>
        )}
        <Link to="/o/$orgId/training/certificates" params={{ orgId }}>
          {t('training.allCertificates')}
        </Link>
      </div>
    </section>
  );
}

function AddPeople({ orgId, sessionId }: { orgId: string; sessionId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const directory = useTrainingDirectory(orgId);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [gender, setGender] = useState<'none' | (typeof GENDERS)[number]>('none');
  const [unit, setUnit] = useState('none');
  const [list, setList] = useState('');
  const add = useMutation({
    mutationFn: (people: Body<'/api/v1/orgs/{orgId}/training/sessions/{sessionId}/roster'>['people']) =>
      call(
        api.POST('/api/v1/orgs/{orgId}/training/sessions/{sessionId}/roster', {
          params: { path: { orgId, sessionId } },
          body: { people },
        }),
      ),
    onSuccess: async () => {
      setName('');
      setEmail('');
      setList('');
      await client.invalidateQueries({ queryKey: ['training-session', orgId, sessionId] });
    },
  });
  const unitId = unit === 'none' ? null : unit;
  const parsed = list
    .split('\n')
    .map((line) => line.split(/[,;\t]/).map((x) => x.trim()))
    .filter((cells) => cells.length >= 2 && cells[0] && cells[1])
    .map(([n = '', e = '']) => ({ name: n, email: e, unitId }));
  return (
    <section className="panel" aria-labelledby="add-people">
      <h2 id="add-people">{t('training.addPeople')}</h2>
      <ErrorMessage error={add.error} />
      <Form
        className="form"
        onSubmit={submitWith(() =>
          add.mutate([{ name, email, gender: gender === 'none' ? null : gender, unitId }]),
        )}
      >
        <Field
          label={t('fields.name')}
          name="name"
          value={name}
          onChange={setName}
          isRequired
          maxLength={200}
        />
        <Field
          label={t('fields.email')}
          name="email"
          type="email"
          value={email}
          onChange={setEmail}
          isRequired
          maxLength={320}
        />
        <Choice
          label={t('training.genderLabel')}
          options={[
            { key: 'none' as const, label: t('training.genderNone') },
            ...GENDERS.map((g) => ({ key: g, label: t(`training.gender.${g}`) })),
          ]}
          value={gender}
          onChange={setGender}
        />
        <p className="muted">{t('training.genderHelp')}</p>
        <UnitChoice directory={directory.data} value={unit} onChange={setUnit} />
        <Button type="submit" variant="primary" isDisabled={add.isPending}>
          {t('training.addPerson')}
        </Button>
      </Form>
      <Form className="form" onSubmit={submitWith(() => add.mutate(parsed))}>
        <TextAreaField
          label={t('training.pasteList')}
          value={list}
          onChange={setList}
          rows={5}
          maxLength={100_000}
        />
        <p className="muted">{t('training.pasteHelp', { count: parsed.length })}</p>
        <Button type="submit" isDisabled={parsed.length === 0 || add.isPending}>
          {t('training.addList', { count: parsed.length })}
        </Button>
      </Form>
    </section>
  );
}
