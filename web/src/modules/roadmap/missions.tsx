import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, upload } from '../../api';
import { useCanWrite } from '../../session';
import { Button, Choice, Field, submitWith, TextAreaField } from '../../ui/fields';
import { Empty, ErrorMessage, Loading, Notice } from '../../ui/feedback';
import { FileInput } from '../../ui/file-input';
import { formatDate } from '../../ui/format';
import { MISSION_KINDS, type ImportCheck, type Mission } from './types';
import { BackToRoadmap } from './back';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Missions, their reports, and the import of their recommendations from CSV or XLSX. */
export function MissionsPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const canWrite = useCanWrite(orgId, 'roadmap');
  const missions = useQuery({
    queryKey: ['missions', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/roadmap/missions', { params: { path: { orgId } } })),
  });
  return (
    <>
      <BackToRoadmap orgId={orgId} />
      <h1>{t('roadmap.missions.title')}</h1>
      <p>{t('roadmap.missions.intro')}</p>
      <ErrorMessage error={missions.error} />
      {missions.isPending ? (
        <Loading />
      ) : (missions.data ?? []).length === 0 ? (
        <Empty>{t('roadmap.missions.empty')}</Empty>
      ) : (
        (missions.data ?? []).map((m) => (
          <section key={m.id} className="panel" aria-labelledby={`mission-${m.id}`}>
            <h2 id={`mission-${m.id}`}>{m.name}</h2>
            <dl>
              <dt>{t('roadmap.source')}</dt>
              <dd>{t(`roadmap.sources.${m.kind}`)}</dd>
              <dt>{t('roadmap.missions.dates')}</dt>
              <dd>
                {[m.startsOn, m.endsOn]
                  .filter((d): d is string => d !== null)
                  .map((d) => formatDate(d, i18n.language))
                  .join(' – ') || '—'}
              </dd>
              <dt>{t('roadmap.missions.teamLabel')}</dt>
              <dd>{m.team.join(', ') || '—'}</dd>
              <dt>{t('roadmap.missions.areasLabel')}</dt>
              <dd>{m.areas.join(', ') || '—'}</dd>
              <dt>{t('roadmap.missions.report')}</dt>
              <dd>
                {m.report ? (
                  <a href={`/api/v1/orgs/${orgId}/roadmap/missions/${m.id}/report`}>{m.report.filename}</a>
                ) : (
                  t('roadmap.missions.noReport')
                )}
              </dd>
            </dl>
            <p>{t('roadmap.missions.counts', { count: m.recommendations, done: m.done })}</p>
            {canWrite && <MissionTools orgId={orgId} mission={m} />}
          </section>
        ))
      )}
      {canWrite && <NewMission orgId={orgId} />}
    </>
  );
}

function MissionTools({ orgId, mission }: { orgId: string; mission: Mission }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const path = { orgId, missionId: mission.id };
  const [file, setFile] = useState<File | undefined>();
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['missions', orgId] });
    await client.invalidateQueries({ queryKey: ['roadmap-items', orgId] });
    await client.invalidateQueries({ queryKey: ['roadmap-dashboard', orgId] });
  };
  const report = useMutation({
    mutationFn: (f: File) =>
      upload('/api/v1/orgs/{orgId}/roadmap/missions/{missionId}/report', { path, file: f, method: 'put' }),
    onSuccess: refresh,
  });
  const check = useMutation({
    mutationFn: (f: File) =>
      upload('/api/v1/orgs/{orgId}/roadmap/missions/{missionId}/import/check', {
        path,
        file: f,
        keepsName: false,
      }),
  });
  const run = useMutation({
    mutationFn: (validOnly: boolean) => {
      if (!file) throw new Error('no file');
      return upload('/api/v1/orgs/{orgId}/roadmap/missions/{missionId}/import', {
        path,
        query: { validOnly: String(validOnly) },
        file,
        keepsName: false,
      });
    },
    onSuccess: async () => {
      check.reset();
      setFile(undefined);
      await refresh();
    },
  });
  const badRows = new Set((check.data?.errors ?? []).map((e) => e.row)).size;
  return (
    <>
      <FileInput label={t('roadmap.missions.attachReport')} onFile={(f) => report.mutate(f)} />
      <ErrorMessage error={report.error} />
      <h3>{t('roadmap.missions.import')}</h3>
      <p className="muted">{t('roadmap.missions.importHelp')}</p>
      <p>
        <a href={`/api/v1/roadmap/import-template.xlsx?lang=${i18n.language}`}>
          {t('roadmap.missions.templateXlsx')}
        </a>{' '}
        · <a href="/api/v1/roadmap/import-template.csv">{t('roadmap.missions.templateCsv')}</a>
      </p>
      <FileInput
        label={t('roadmap.missions.file')}
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        onFile={(f) => {
          setFile(f);
          run.reset();
          check.mutate(f);
        }}
      />
      {check.isPending && <p role="status">{t('roadmap.missions.checking')}</p>}
      <ErrorMessage error={check.error ?? run.error} />
      {run.data && <Notice>{t('roadmap.missions.imported', { imported: run.data.imported })}</Notice>}
      {check.data && (
        <>
          <p role="status">
            {badRows === 0
              ? t('roadmap.missions.checkOk', { count: check.data.valid })
              : t('roadmap.missions.checkErrors', { count: check.data.valid, rows: badRows })}
          </p>
          {check.data.errors.length > 0 && <RowErrors errors={check.data.errors} />}
          <div className="toolbar">
            {badRows === 0 ? (
              <Button variant="primary" isDisabled={run.isPending} onPress={() => run.mutate(false)}>
                {t('roadmap.missions.importAll', { count: check.data.valid })}
              </Button>
            ) : (
              check.data.valid > 0 && (
                <Button isDisabled={run.isPending} onPress={() => run.mutate(true)}>
                  {t('roadmap.missions.importValid', { count: check.data.valid })}
                </Button>
              )
            )}
          </div>
        </>
      )}
    </>
  );
}

function RowErrors({ errors }: { errors: ImportCheck['errors'] }) {
  const { t } = useTranslation();
  // The server lists the allowed keys; they are shown as the reader would type them.
  const allowedIn = (e: ImportCheck['errors'][number]) =>
    (e.allowed ?? '')
      .split(', ')
      .filter(Boolean)
      .map((key) =>
        e.column === 'area'
          ? t(`roadmap.areas.${key}`)
          : e.column === 'instrument'
            ? t(`roadmap.instruments.${key}`)
            : e.column === 'horizon'
              ? t(`roadmap.horizons.${key}`)
              : key,
      )
      .join('; ');
  return (
    <table tabIndex={0}>
      <thead>
        <tr>
          <th scope="col">{t('roadmap.missions.colRow')}</th>
          <th scope="col">{t('roadmap.missions.colColumn')}</th>
          <th scope="col">{t('roadmap.missions.colProblem')}</th>
        </tr>
      </thead>
      <tbody>
        {errors.map((e) => (
          <tr key={`${e.row}-${e.column}`}>
            <td>{e.row}</td>
            <td>{t(`roadmap.importColumns.${e.column}`)}</td>
            <td>{t(`roadmap.missions.problems.${e.code}`, { allowed: allowedIn(e) })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NewMission({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<(typeof MISSION_KINDS)[number]>('team');
  const [team, setTeam] = useState('');
  const [areas, setAreas] = useState('');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/roadmap/missions', {
          params: { path: { orgId } },
          body: {
            name,
            kind,
            team: lines(team),
            areas: lines(areas),
            startsOn: startsOn || null,
            endsOn: endsOn || null,
          },
        }),
      ),
    onSuccess: async () => {
      setName('');
      setTeam('');
      setAreas('');
      await client.invalidateQueries({ queryKey: ['missions', orgId] });
    },
  });
  return (
    <section className="panel" aria-labelledby="new-mission">
      <h2 id="new-mission">{t('roadmap.missions.add')}</h2>
      <ErrorMessage error={create.error} />
      <Form className="form" onSubmit={submitWith(() => create.mutate())}>
        <Field
          label={t('roadmap.missions.name')}
          name="missionName"
          value={name}
          onChange={setName}
          isRequired
          maxLength={200}
        />
        <Choice
          label={t('roadmap.missions.kind')}
          options={MISSION_KINDS.map((k) => ({ key: k, label: t(`roadmap.sources.${k}`) }))}
          value={kind}
          onChange={setKind}
        />
        <Field
          label={t('roadmap.missions.startsOn')}
          name="startsOn"
          type="date"
          value={startsOn}
          onChange={setStartsOn}
        />
        <Field
          label={t('roadmap.missions.endsOn')}
          name="endsOn"
          type="date"
          value={endsOn}
          onChange={setEndsOn}
        />
        <TextAreaField label={t('roadmap.missions.team')} value={team} onChange={setTeam} maxLength={5000} />
        <TextAreaField
          label={t('roadmap.missions.areas')}
          value={areas}
          onChange={setAreas}
          maxLength={3000}
        />
        <Button type="submit" variant="primary" isDisabled={create.isPending}>
          {t('roadmap.missions.create')}
        </Button>
      </Form>
    </section>
  );
}
