import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { Button } from '../../ui/fields';
import { ErrorMessage, Notice } from '../../ui/feedback';
import { formatDate, formatDateTime, formatNumber } from '../../ui/format';
import { Availability, GradeBadge, OriginTag } from './parts';
import type { Finding, ScanDetail } from './types';

/**
 * One scan as the web team reads it: availability, the grade, then each finding with why it matters and how to
 * fix it, then the detail (the Observatory's tests, TLS, security.txt) for whoever does the fixing.
 */
export function ScanReportView({
  orgId,
  scan,
  canSendToRoadmap,
}: {
  orgId: string;
  scan: ScanDetail;
  canSendToRoadmap: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { summary, report } = scan;
  return (
    <>
      <ul className="figures">
        <li>
          <strong>
            <GradeBadge grade={summary.grade} />
          </strong>{' '}
          {summary.score === null
            ? t('webwatch.grade')
            : t('webwatch.scoreOf', { score: formatNumber(summary.score, lang) })}
        </li>
        <li>
          <strong>
            <Availability scan={summary} />
          </strong>{' '}
          {summary.responseMs === null
            ? t('webwatch.availability')
            : t('webwatch.responseMs', { ms: formatNumber(summary.responseMs, lang) })}
        </li>
        <li>
          <strong>{formatNumber(summary.findings, lang)}</strong> {t('webwatch.findings')}
        </li>
        <li>
          <strong>{summary.tlsDays === null ? '—' : formatNumber(summary.tlsDays, lang)}</strong>{' '}
          {t('webwatch.tlsDaysLabel')}
        </li>
      </ul>
      <p className="muted">
        {t('webwatch.scannedAt', { when: formatDateTime(summary.scannedAt, lang) })}
        <OriginTag origin={summary.origin} />
      </p>
      {report.availability.redirects.length > 0 && (
        <p>
          {t('webwatch.redirects')}{' '}
          {report.availability.redirects.map((r) => (
            <span key={r.url} className="break">
              {r.status} → {r.url}{' '}
            </span>
          ))}
        </p>
      )}
      <section className="panel" aria-labelledby="scan-findings">
        <h2 id="scan-findings">{t('webwatch.findingsTitle')}</h2>
        {scan.findings.length === 0 ? (
          <p>{t('webwatch.noFindings')}</p>
        ) : (
          <ol className="news-list">
            {scan.findings.map((f) => (
              <FindingItem
                key={f.code}
                orgId={orgId}
                scanId={summary.id}
                finding={f}
                canSend={canSendToRoadmap}
              />
            ))}
          </ol>
        )}
      </section>
      {report.observatory && (
        <section className="panel" aria-labelledby="scan-tests">
          <h2 id="scan-tests">{t('webwatch.testsTitle')}</h2>
          <p className="muted">{t('webwatch.testsHelp')}</p>
          <table tabIndex={0} className="tests-table">
            <thead>
              <tr>
                <th scope="col">{t('webwatch.test')}</th>
                <th scope="col">{t('webwatch.result')}</th>
                <th scope="col">{t('webwatch.modifier')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(report.observatory.tests).map(([name, outcome]) => (
                <tr key={name}>
                  <th scope="row">
                    <code>{name}</code>
                  </th>
                  <td>
                    <span className={`state ${outcome.pass ? 'state-ok' : 'state-bad'}`}>
                      {outcome.pass ? t('webwatch.pass') : t('webwatch.fail')}
                    </span>{' '}
                    <code>{outcome.result}</code>
                  </td>
                  <td>{outcome.scoreModifier > 0 ? `+${outcome.scoreModifier}` : outcome.scoreModifier}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {report.tls && (
        <section className="panel" aria-labelledby="scan-tls">
          <h2 id="scan-tls">{t('webwatch.tlsTitle')}</h2>
          <dl>
            <dt>{t('webwatch.tlsProtocol')}</dt>
            <dd>{report.tls.protocol ?? '—'}</dd>
            <dt>{t('webwatch.tlsIssuer')}</dt>
            <dd>{report.tls.issuer ?? '—'}</dd>
            <dt>{t('webwatch.tlsValidTo')}</dt>
            <dd>{report.tls.validTo ? formatDate(report.tls.validTo.slice(0, 10), lang) : '—'}</dd>
            <dt>{t('webwatch.tlsTrusted')}</dt>
            <dd>{report.tls.trusted ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('webwatch.tlsHostname')}</dt>
            <dd>{report.tls.hostnameMatches ? t('common.yes') : t('common.no')}</dd>
          </dl>
        </section>
      )}
      {report.securityTxt && (
        <section className="panel" aria-labelledby="scan-securitytxt">
          <h2 id="scan-securitytxt">security.txt</h2>
          <dl>
            <dt>{t('webwatch.securityTxtFound')}</dt>
            <dd>{report.securityTxt.found ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('webwatch.securityTxtContacts')}</dt>
            <dd>{report.securityTxt.contacts.join(', ') || '—'}</dd>
            <dt>{t('webwatch.securityTxtExpires')}</dt>
            <dd>{report.securityTxt.expires ? formatDateTime(report.securityTxt.expires, lang) : '—'}</dd>
          </dl>
        </section>
      )}
      <section className="panel" aria-labelledby="scan-a11y">
        <h2 id="scan-a11y">{t('webwatch.a11yTitle')}</h2>
        <p>{t('webwatch.a11yNotChecked')}</p>
      </section>
    </>
  );
}

function FindingItem({
  orgId,
  scanId,
  finding,
  canSend,
}: {
  orgId: string;
  scanId: string;
  finding: Finding;
  canSend: boolean;
}) {
  const { t } = useTranslation();
  const send = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/webwatch/scans/{scanId}/findings/{finding}/roadmap', {
          params: { path: { orgId, scanId, finding: finding.code } },
        }),
      ),
  });
  const titleId = `finding-${finding.code}`;
  return (
    <li className={`severity-${finding.severity}`}>
      <h3 id={titleId}>
        <span
          className={finding.severity === 'critical' || finding.severity === 'high' ? 'tag tag-alert' : 'tag'}
        >
          {t(`webwatch.severities.${finding.severity}`)}
        </span>{' '}
        {finding.title}
      </h3>
      <p>{finding.explanation}</p>
      <p>
        <strong>{t('webwatch.howToFix')}</strong> {finding.fix}
      </p>
      {finding.evidence.length > 0 && (
        <details>
          <summary>{t('webwatch.evidence')}</summary>
          <ul>
            {finding.evidence.map((e) => (
              <li key={e} className="break">
                <code>{e}</code>
              </li>
            ))}
          </ul>
        </details>
      )}
      <ErrorMessage error={send.error} />
      {send.data ? (
        <Notice>
          {t('webwatch.onRoadmap')}{' '}
          <Link to="/o/$orgId/roadmap/$itemId" params={{ orgId, itemId: send.data.itemId }}>
            {t('webwatch.openItem')}
          </Link>
        </Notice>
      ) : (
        canSend && (
          <Button
            onPress={() => send.mutate()}
            isDisabled={send.isPending}
            aria-label={t('webwatch.sendToRoadmapLabel', { title: finding.title })}
          >
            {t('webwatch.sendToRoadmap')}
          </Button>
        )
      )}
    </li>
  );
}
