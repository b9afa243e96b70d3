import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { Choice } from '../../ui/fields';
import { ErrorMessage, Loading } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { GradeBadge } from './parts';
import { webwatchKeys, type ScanDetail, type ScanSummary } from './types';

/** What changed between two scans of a property: the grade, each test that moved, findings fixed and new. */
export function Comparison({ orgId, scans }: { orgId: string; scans: readonly ScanSummary[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // Newest first: by default, the latest scan against the one before it.
  const [after, setAfter] = useState(scans[0]?.id ?? '');
  const [before, setBefore] = useState(scans[1]?.id ?? '');
  const detail = (scanId: string) => ({
    queryKey: webwatchKeys.scan(orgId, scanId, lang),
    queryFn: () =>
      call(api.GET('/api/v1/orgs/{orgId}/webwatch/scans/{scanId}', { params: { path: { orgId, scanId } } })),
  });
  const from = useQuery(detail(before));
  const to = useQuery(detail(after));
  const options = scans.map((s) => ({ key: s.id, label: formatDateTime(s.scannedAt, lang) }));
  return (
    <section className="panel" aria-labelledby="scan-compare">
      <h2 id="scan-compare">{t('webwatch.compareTitle')}</h2>
      <div className="toolbar">
        <Choice label={t('webwatch.compareFrom')} options={options} value={before} onChange={setBefore} />
        <Choice label={t('webwatch.compareTo')} options={options} value={after} onChange={setAfter} />
      </div>
      <ErrorMessage error={from.error ?? to.error} />
      {from.data && to.data ? <Changes before={from.data} after={to.data} /> : <Loading />}
    </section>
  );
}

function Changes({ before, after }: { before: ScanDetail; after: ScanDetail }) {
  const { t } = useTranslation();
  const testsBefore = before.report.observatory?.tests;
  const testsAfter = after.report.observatory?.tests;
  const moved = Object.entries(testsAfter ?? {}).flatMap(([name, outcome]) => {
    const was = testsBefore?.[name as keyof typeof testsBefore];
    return was && was.result !== outcome.result ? [{ name, was, now: outcome }] : [];
  });
  const codes = (scan: ScanDetail) => new Set(scan.findings.map((f) => f.code));
  const fixed = before.findings.filter((f) => !codes(after).has(f.code));
  const found = after.findings.filter((f) => !codes(before).has(f.code));
  const unchanged = moved.length === 0 && fixed.length === 0 && found.length === 0;
  return (
    <div aria-live="polite">
      <p>
        {t('webwatch.grade')}: <GradeBadge grade={before.summary.grade} /> →{' '}
        <GradeBadge grade={after.summary.grade} />
        {before.summary.score !== null && after.summary.score !== null && (
          <> ({t('webwatch.scoreChange', { from: before.summary.score, to: after.summary.score })})</>
        )}
      </p>
      {unchanged && <p>{t('webwatch.noChanges')}</p>}
      {moved.length > 0 && (
        <table tabIndex={0} className="tests-table">
          <caption>{t('webwatch.testsMoved')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('webwatch.test')}</th>
              <th scope="col">{t('webwatch.change')}</th>
              <th scope="col">{t('webwatch.compareFrom')}</th>
              <th scope="col">{t('webwatch.compareTo')}</th>
            </tr>
          </thead>
          <tbody>
            {moved.map(({ name, was, now }) => (
              <tr key={name}>
                <th scope="row">
                  <code>{name}</code>
                </th>
                <td>
                  {now.scoreModifier === was.scoreModifier ? (
                    '='
                  ) : (
                    <span
                      className={`state ${now.scoreModifier > was.scoreModifier ? 'state-ok' : 'state-bad'}`}
                    >
                      {now.scoreModifier > was.scoreModifier ? t('webwatch.better') : t('webwatch.worse')} (
                      {now.scoreModifier - was.scoreModifier > 0 ? '+' : ''}
                      {now.scoreModifier - was.scoreModifier})
                    </span>
                  )}
                </td>
                <td>
                  <code>{was.result}</code>
                </td>
                <td>
                  <code>{now.result}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {fixed.length > 0 && (
        <>
          <h3>{t('webwatch.fixed')}</h3>
          <ul>
            {fixed.map((f) => (
              <li key={f.code}>{f.title}</li>
            ))}
          </ul>
        </>
      )}
      {found.length > 0 && (
        <>
          <h3>{t('webwatch.newFindings')}</h3>
          <ul>
            {found.map((f) => (
              <li key={f.code}>{f.title}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
