import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useCanWrite, useMe } from '../../session';
import { Button, Check, Choice, Field, submitWith } from '../../ui/fields';
import { Empty, ErrorMessage, Loading } from '../../ui/feedback';
import { formatDate, formatNumber, todayIso } from '../../ui/format';
import { LanguageChoice, UnitChoice, useTrainingDirectory, type SessionLanguage } from './directory';
import { TrainingNav } from './nav';
import { courseLang } from './types';

/** Training sessions of an organisation, and the form to plan one. */
export function SessionsPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const canWrite = useCanWrite(orgId, 'training');
  const list = useQuery({
    queryKey: ['training-sessions', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/training/sessions', { params: { path: { orgId } } })),
  });
  const sessions = list.data?.sessions ?? [];
  const lang = i18n.language;
  return (
    <>
      <h1>{t('training.title')}</h1>
      <p>{t('training.intro')}</p>
      <TrainingNav orgId={orgId} />
      <h2>{t('training.sessions')}</h2>
      <ErrorMessage error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : sessions.length === 0 ? (
        <Empty>{t('training.noSessions')}</Empty>
      ) : (
        <table tabIndex={0}>
          <thead>
            <tr>
              <th scope="col">{t('training.session')}</th>
              <th scope="col">{t('training.date')}</th>
              <th scope="col">{t('training.generation')}</th>
              <th scope="col">{t('training.lead')}</th>
              <th scope="col">{t('training.attendance')}</th>
              <th scope="col">{t('training.status')}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to="/o/$orgId/training/sessions/$sessionId" params={{ orgId, sessionId: s.id }}>
                    {s.title}
                  </Link>
                  <div className="muted">{t(`training.audience.${s.audience}`)}</div>
                </th>
                <td>{formatDate(s.startsOn, lang)}</td>
                <td>{t('training.generationOf', { g: s.generation + 1 })}</td>
                <td>{s.lead}</td>
                <td>
                  {t('training.attendedOf', {
                    attended: formatNumber(s.attended, lang),
                    enrolled: formatNumber(s.enrolled, lang),
                  })}
                </td>
                <td>{t(`training.sessionStatus.${s.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && <PlanSession orgId={orgId} />}
    </>
  );
}

function PlanSession({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const lang = courseLang(i18n.language);
  const navigate = useNavigate();
  const client = useQueryClient();
  const courses = useQuery({
    queryKey: ['training-courses', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/training/courses', { params: { path: { orgId } } })),
  });
  const directory = useTrainingDirectory(orgId);
  const [courseKey, setCourseKey] = useState('');
  const [title, setTitle] = useState('');
  const [startsOn, setStartsOn] = useState(todayIso());
  const [place, setPlace] = useState('');
  const [remote, setRemote] = useState(false);
  const [language, setLanguage] = useState<SessionLanguage>('org');
  const [audience, setAudience] = useState<'officials' | 'trainers'>('officials');
  const [unit, setUnit] = useState('none');
  const [lead, setLead] = useState('');
  const [coTrainer, setCoTrainer] = useState('none');
  const course =
    courses.data?.courses.find((c) => `${c.id}@${c.version}` === courseKey) ?? courses.data?.courses[0];
  const leads = [
    ...(directory.data?.members ?? []).map((m) => ({ key: `user:${m.id}`, label: m.name })),
    ...(directory.data?.trainers ?? []).map((p) => ({
      key: `person:${p.id}`,
      label: t('training.certifiedTrainerName', { name: p.name }),
    })),
  ];
  const { data: me } = useMe();
  // The person planning is the likeliest lead.
  const mine = leads.find((l) => l.key === `user:${me?.id ?? ''}`);
  const chosenLead = lead || mine?.key || leads[0]?.key || '';
  const ref = (key: string) =>
    key.startsWith('user:') ? { userId: key.slice(5) } : { personId: key.slice(7) };
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/training/sessions', {
          params: { path: { orgId } },
          body: {
            courseId: course?.id ?? '',
            courseVersion: course?.version ?? '',
            title,
            startsOn,
            place,
            remote,
            locale: language === 'org' ? null : language,
            audience,
            unitId: unit === 'none' ? null : unit,
            lead: ref(chosenLead),
            coTrainers: coTrainer === 'none' || coTrainer === chosenLead ? [] : [ref(coTrainer)],
          },
        }),
      ),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: ['training-sessions', orgId] });
      await navigate({
        to: '/o/$orgId/training/sessions/$sessionId',
        params: { orgId, sessionId: created.session.id },
      });
    },
  });
  return (
    <section className="panel" aria-labelledby="plan-session">
      <h2 id="plan-session">{t('training.plan')}</h2>
      <ErrorMessage error={create.error ?? courses.error ?? directory.error} />
      <Form className="form" onSubmit={submitWith(() => create.mutate())}>
        <Choice
          label={t('training.course')}
          options={(courses.data?.courses ?? []).map((c) => ({
            key: `${c.id}@${c.version}`,
            label: `${c.title[lang]} ${c.version}`,
          }))}
          value={course ? `${course.id}@${course.version}` : ''}
          onChange={setCourseKey}
        />
        <Field
          label={t('training.sessionTitle')}
          name="title"
          value={title}
          onChange={setTitle}
          isRequired
          maxLength={200}
        />
        <Field
          label={t('training.date')}
          name="startsOn"
          type="date"
          value={startsOn}
          onChange={setStartsOn}
          isRequired
        />
        <Field label={t('training.place')} name="place" value={place} onChange={setPlace} maxLength={300} />
        <Check isSelected={remote} onChange={setRemote}>
          {t('training.remote')}
        </Check>
        <LanguageChoice value={language} onChange={setLanguage} />
        <Choice
          label={t('training.audienceLabel')}
          options={(['officials', 'trainers'] as const).map((a) => ({
            key: a,
            label: t(`training.audience.${a}`),
          }))}
          value={audience}
          onChange={setAudience}
        />
        <UnitChoice directory={directory.data} value={unit} onChange={setUnit} />
        <Choice label={t('training.lead')} options={leads} value={chosenLead} onChange={setLead} />
        <p className="muted">{t('training.generationHelp')}</p>
        <Choice
          label={t('training.coTrainer')}
          options={[
            { key: 'none', label: t('training.noCoTrainer') },
            ...leads.filter((l) => l.key !== chosenLead),
          ]}
          value={coTrainer}
          onChange={setCoTrainer}
        />
        <Button type="submit" variant="primary" isDisabled={create.isPending || !course}>
          {t('training.planSubmit')}
        </Button>
      </Form>
    </section>
  );
}
