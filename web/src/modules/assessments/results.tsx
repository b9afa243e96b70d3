import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useCanWrite } from '../../session';
import { ScoreTable } from '../../ui/charts';
import { Button, Check, Choice } from '../../ui/fields';
import { ErrorMessage, Loading, Notice } from '../../ui/feedback';
import { formatDate, formatNumber } from '../../ui/format';
import { useAssessment } from './answer';
import { packLang, type Gap } from './types';

type Filter = 'all' | Gap['bucket'] | 'fundable';

/** Scores, red flags, the prioritised gaps (to send to the roadmap), the peer benchmark and exports. */
export function ResultsPage({ orgId, assessmentId }: { orgId: string; assessmentId: string }) {
  const { t, i18n } = useTranslation();
  const lang = packLang(i18n.language);
  const { assessment, pack } = useAssessment(orgId, assessmentId);
  const base = `/api/v1/orgs/${orgId}/assessments/${assessmentId}`;
  const results = useQuery({
    queryKey: ['assessment-results', orgId, assessmentId],
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/assessments/{assessmentId}/results', {
          params: { path: { orgId, assessmentId } },
        }),
      ),
  });
  const others = useQuery({
    queryKey: ['assessments', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/assessments', { params: { path: { orgId } } })),
  });
  const [compareId, setCompareId] = useState('none');
  const compared = useQuery({
    queryKey: ['assessment-results', orgId, compareId],
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/assessments/{assessmentId}/results', {
          params: { path: { orgId, assessmentId: compareId } },
        }),
      ),
    enabled: compareId !== 'none',
  });
  if (results.isPending || pack.isPending) return <Loading />;
  if (!results.data || !pack.data || !assessment.data)
    return <ErrorMessage error={results.error ?? pack.error ?? assessment.error} />;
  const { results: r, gaps } = results.data;
  const p = pack.data;
  const domainTitle = new Map(p.domains.map((d) => [d.id, d.title[lang]]));
  const texts = new Map(p.domains.flatMap((d) => d.controls.map((c) => [c.id, c.text[lang]] as const)));
  const comparable = (others.data ?? []).filter(
    (o) => o.id !== assessmentId && o.packId === assessment.data.packId,
  );
  const comparedTitle = comparable.find((o) => o.id === compareId)?.title;
  const before = new Map((compared.data?.results.domains ?? []).map((d) => [d.id, d.score]));
  const n = (v: number | null) => (v === null ? '—' : formatNumber(v, i18n.language));

  return (
    <>
      <h1>
        {t('common.labelled', { label: t('assessments.results') })} {assessment.data.title}
      </h1>
      <p>
        <Link to="/o/$orgId/assessments/$assessmentId" params={{ orgId, assessmentId }}>
          {t('assessments.open')}
        </Link>
      </p>
      <ul className="figures">
        <li>
          <strong>{n(r.overall.score)}</strong> {t('assessments.overall')}
        </li>
        <li>
          <strong>{n(r.overall.target)}</strong> {t('assessments.target')} ({assessment.data.tier})
        </li>
        <li>
          <strong>
            {formatNumber(r.progress.answered, i18n.language)}/{formatNumber(r.progress.total, i18n.language)}
          </strong>{' '}
          {t('assessments.answered')}
        </li>
        <li>
          <strong>{formatNumber(r.redFlags.length, i18n.language)}</strong> {t('assessments.redFlags')}
        </li>
        <li>
          {results.data.daysToPolling === null || !results.data.pollingDay ? (
            t('assessments.noPollingDay')
          ) : (
            <>
              <strong>{formatNumber(results.data.daysToPolling, i18n.language)}</strong>{' '}
              {t('assessments.daysToPolling')} ({formatDate(results.data.pollingDay, i18n.language)})
            </>
          )}
        </li>
      </ul>
      {r.progress.answered < r.progress.total && (
        <p className="alert alert-warn">
          {t('assessments.provisional', {
            answered: formatNumber(r.progress.answered, i18n.language),
            total: formatNumber(r.progress.total, i18n.language),
            share: formatNumber(Math.round((100 * r.progress.answered) / r.progress.total), i18n.language),
          })}{' '}
          <Link to="/o/$orgId/assessments/$assessmentId" params={{ orgId, assessmentId }}>
            {t('assessments.answerTheRest')}
          </Link>
        </p>
      )}
      <Exports base={base} />
      {comparable.length > 0 && (
        <Choice
          label={t('assessments.compareWith')}
          options={[
            { key: 'none', label: t('assessments.compareNone') },
            ...comparable.map((o) => ({ key: o.id, label: o.title })),
          ]}
          value={compareId}
          onChange={setCompareId}
        />
      )}
      <p className="muted">{t('assessments.chartLegend')}</p>
      <ScoreTable
        caption={t('assessments.byDomain')}
        areaHeader={t('assessments.colArea')}
        deltaHeader={comparedTitle ? t('assessments.colCompare', { title: comparedTitle }) : undefined}
        rows={r.domains.map((d) => {
          const old = before.get(d.id);
          return {
            key: d.id,
            label: domainTitle.get(d.id) ?? d.id,
            score: d.score,
            target: d.target,
            level: d.level,
            delta:
              d.score !== null && old !== undefined && old !== null
                ? Math.round((d.score - old) * 10) / 10
                : null,
          };
        })}
      />
      <ScoreTable
        caption={t('assessments.byFunction')}
        areaHeader={t('assessments.colArea')}
        rows={r.functions.map((f) => ({
          key: f.id,
          label: `${f.id} · ${t(`assessments.csf.${f.id}`)}`,
          score: f.score,
          target: f.target,
          level: f.level,
        }))}
      />
      <section aria-labelledby="red-flags">
        <h2 id="red-flags">{t('assessments.redFlags')}</h2>
        <p className="muted">{t('assessments.redFlagsHelp')}</p>
        {r.redFlags.length === 0 ? (
          <p>{t('assessments.noRedFlags')}</p>
        ) : (
          <ul>
            {r.redFlags.map((id) => (
              <li key={id}>
                <span className="tag tag-alert">{id}</span> {texts.get(id)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Gaps
        orgId={orgId}
        assessmentId={assessmentId}
        gaps={gaps}
        texts={texts}
        finalisedOrOpen={assessment.data.status}
      />
      <BenchmarkSection orgId={orgId} assessmentId={assessmentId} domainTitle={domainTitle} />
    </>
  );
}

function Exports({ base }: { base: string }) {
  const { t, i18n } = useTranslation();
  const lang = packLang(i18n.language);
  return (
    <p>
      {t('common.labelled', { label: t('assessments.export') })}{' '}
      <a href={`${base}/report.pdf?lang=${lang}`}>{t('assessments.pdf')}</a> ·{' '}
      <a href={`${base}/report.xlsx?lang=${lang}`}>{t('assessments.xlsx')}</a> ·{' '}
      <a href={`${base}/export.json`}>{t('assessments.json')}</a>
    </p>
  );
}

function Gaps(props: {
  orgId: string;
  assessmentId: string;
  gaps: Gap[];
  texts: Map<string, string>;
  finalisedOrOpen: string;
}) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  // Both hooks run on every render (a short-circuit would call the second only sometimes).
  const writesAssessments = useCanWrite(props.orgId, 'assessments');
  const writesRoadmap = useCanWrite(props.orgId, 'roadmap');
  const canSend = writesAssessments && writesRoadmap;
  const [filter, setFilter] = useState<Filter>('all');
  const [chosen, setChosen] = useState<string[]>([]);
  const send = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/assessments/{assessmentId}/roadmap', {
          params: { path: { orgId: props.orgId, assessmentId: props.assessmentId } },
          body: { controlIds: chosen },
        }),
      ),
    onSuccess: async () => {
      setChosen([]);
      await client.invalidateQueries({ queryKey: ['roadmap-items', props.orgId] });
      await client.invalidateQueries({ queryKey: ['assessment-results', props.orgId, props.assessmentId] });
    },
  });
  // Unanswered controls are listed apart: a gap is only real once someone says where the control stands.
  const answered = props.gaps.filter((g) => !g.unanswered);
  const unanswered = props.gaps.filter((g) => g.unanswered);
  const shown = answered.filter((g) =>
    filter === 'all' ? true : filter === 'fundable' ? g.donorFundable : g.bucket === filter,
  );
  const sendButton = canSend && (
    <Button
      variant="primary"
      isDisabled={chosen.length === 0 || send.isPending}
      onPress={() => send.mutate()}
    >
      {t('assessments.toRoadmap', { count: chosen.length })}
    </Button>
  );
  const filters: Filter[] = ['all', 'quick_win', 'before_polling_day', 'next_cycle', 'fundable'];
  return (
    <section aria-labelledby="gaps-title">
      <h2 id="gaps-title">{t('assessments.gaps')}</h2>
      <p className="muted">{t('assessments.gapsIntro')}</p>
      <Choice
        label={t('roadmap.filters')}
        options={filters.map((f) => ({
          key: f,
          label: `${t(`assessments.buckets.${f}`)} (${formatNumber(
            answered.filter((g) => (f === 'all' ? true : f === 'fundable' ? g.donorFundable : g.bucket === f))
              .length,
            i18n.language,
          )})`,
        }))}
        value={filter}
        onChange={setFilter}
      />
      <ErrorMessage error={send.error} />
      {send.data && (
        <Notice>
          {t('assessments.sentToRoadmap', { created: send.data.created.length, skipped: send.data.skipped })}{' '}
          <Link to="/o/$orgId/roadmap" params={{ orgId: props.orgId }}>
            {t('assessments.openRoadmap')}
          </Link>
        </Notice>
      )}
      {shown.length > 0 && sendButton}
      {shown.length === 0 ? (
        <p>{t('assessments.noGaps')}</p>
      ) : (
        <table tabIndex={0}>
          <thead>
            <tr>
              {canSend && <th scope="col">{t('assessments.colSelect')}</th>}
              <th scope="col">{t('assessments.colControl')}</th>
              <th scope="col">{t('assessments.colPriority')}</th>
              <th scope="col">{t('assessments.colGap')}</th>
              <th scope="col">{t('roadmap.horizon')}</th>
              <th scope="col">{t('assessments.colNotes')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((g) => (
              <tr key={g.controlId}>
                {canSend && (
                  <td>
                    <Check
                      isDisabled={g.onRoadmap !== null}
                      isSelected={chosen.includes(g.controlId)}
                      onChange={(on) =>
                        setChosen((now) =>
                          on ? [...now, g.controlId] : now.filter((c) => c !== g.controlId),
                        )
                      }
                    >
                      <span className="visually-hidden">
                        {t('assessments.selectGap', { control: g.controlId })}
                      </span>
                    </Check>
                  </td>
                )}
                <th scope="row">
                  {g.controlId}
                  {g.essential && <span className="tag tag-essential">{t('assessments.essentialMark')}</span>}
                  <div className="muted">{props.texts.get(g.controlId)}</div>
                  {g.onRoadmap && (
                    <span className="tag">
                      {t('assessments.onRoadmap', { status: t(`roadmap.statuses.${g.onRoadmap.status}`) })}
                    </span>
                  )}
                </th>
                <td className="num">{formatNumber(g.priority, i18n.language)}</td>
                <td>
                  {g.current} → {g.target}
                </td>
                <td>{t(`assessments.buckets.${g.bucket}`)}</td>
                <td>
                  {g.compensateBeforeElection && (
                    <div>{t('assessments.compensate', { fallback: g.fallback.join(', ') || '—' })}</div>
                  )}
                  {g.donorFundable && <div>{t('assessments.fundable')}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {unanswered.length > 0 && (
        <>
          <h3>{t('assessments.unansweredTitle', { count: unanswered.length })}</h3>
          <p className="muted">{t('assessments.unansweredHelp')}</p>
          <ul>
            {unanswered.map((g) => (
              <li key={g.controlId}>
                <strong>{g.controlId}</strong> {props.texts.get(g.controlId)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function BenchmarkSection(props: { orgId: string; assessmentId: string; domainTitle: Map<string, string> }) {
  const { orgId, assessmentId, domainTitle } = props;
  const { t, i18n } = useTranslation();
  const bench = useQuery({
    queryKey: ['benchmark', orgId, assessmentId],
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/assessments/{assessmentId}/benchmark', {
          params: { path: { orgId, assessmentId } },
        }),
      ),
  });
  const n = (v: number | null) => (v === null ? '—' : formatNumber(v, i18n.language));
  return (
    <section aria-labelledby="benchmark-title">
      <h2 id="benchmark-title">{t('assessments.benchmark')}</h2>
      <p className="muted">{t('assessments.benchmarkIntro')}</p>
      <ErrorMessage error={bench.error} />
      {bench.data?.length === 0 && <p>{t('assessments.benchmarkNone')}</p>}
      {bench.data?.map((b) =>
        b.available ? (
          <table tabIndex={0} key={b.networkId}>
            <caption>
              {t('assessments.contributors', { network: b.networkName, count: b.contributors })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('assessments.colArea')}</th>
                <th scope="col">{t('assessments.colOwn')}</th>
                <th scope="col">{t('assessments.colMedian')}</th>
                <th scope="col">{t('assessments.colQuartiles')}</th>
              </tr>
            </thead>
            <tbody>
              {b.domains.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{domainTitle.get(d.id) ?? d.id}</th>
                  <td className="num">{n(d.own)}</td>
                  <td className="num">{n(d.median)}</td>
                  <td className="num">
                    {n(d.q1)}–{n(d.q3)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p key={b.networkId}>
            {t('assessments.benchmarkWithheld', { network: b.networkName, minimum: b.minimum })}
          </p>
        ),
      )}
    </section>
  );
}
