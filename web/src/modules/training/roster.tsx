import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { Button, Check } from '../../ui/fields';
import { ErrorMessage } from '../../ui/feedback';
import { formatNumber } from '../../ui/format';
import type { SessionResponse } from './types';

type Roster = SessionResponse['roster'][number];

/** A session's roster: attendance, teach-back, test scores and certificates, one row a participant. */
export function RosterTable({
  orgId,
  data,
  canWrite,
}: {
  orgId: string;
  data: SessionResponse;
  canWrite: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const client = useQueryClient();
  const sessionId = data.session.id;
  const refresh = () => client.invalidateQueries({ queryKey: ['training-session', orgId, sessionId] });
  const attendance = useMutation({
    mutationFn: (q: { personId: string; attended: boolean }) =>
      call(
        api.PUT('/api/v1/orgs/{orgId}/training/sessions/{sessionId}/roster/{personId}/attendance', {
          params: { path: { orgId, sessionId, personId: q.personId } },
          body: {
            attended: q.attended,
          },
        }),
      ),
    onSuccess: refresh,
  });
  const teachBack = useMutation({
    mutationFn: (q: { personId: string; result: 'passed' | 'not_yet' }) =>
      call(
        api.PUT('/api/v1/orgs/{orgId}/training/sessions/{sessionId}/roster/{personId}/teach-back', {
          params: { path: { orgId, sessionId, personId: q.personId } },
          body: {
            result: q.result,
          },
        }),
      ),
    onSuccess: refresh,
  });
  const tot = data.session.audience === 'trainers';
  const score = (r: Roster, kind: 'pre' | 'post' | 'delayed') => {
    const test = r.tests[kind];
    if (!test) return '—';
    return test.submitted && test.percent !== null
      ? `${formatNumber(test.percent, lang)} %`
      : t('training.inProgress');
  };
  return (
    <section aria-labelledby="roster">
      <h2 id="roster">{t('training.roster')}</h2>
      <ErrorMessage error={attendance.error ?? teachBack.error} />
      {data.roster.length === 0 ? (
        <p>{t('training.emptyRoster')}</p>
      ) : (
        <div className="table-scroll">
          <table tabIndex={0}>
            <thead>
              <tr>
                <th scope="col">{t('training.person')}</th>
                <th scope="col">{t('training.present')}</th>
                <th scope="col">{t('training.pre')}</th>
                <th scope="col">{t('training.post')}</th>
                <th scope="col">{t('training.delayed')}</th>
                {tot && <th scope="col">{t('training.teachBack')}</th>}
                <th scope="col">{t('training.completion')}</th>
                <th scope="col">{t('training.certificate')}</th>
              </tr>
            </thead>
            <tbody>
              {data.roster.map((r) => (
                <tr key={r.person.id}>
                  <th scope="row">
                    {r.person.name}
                    <div className="muted small">{r.person.email}</div>
                  </th>
                  <td>
                    {canWrite && data.session.status === 'open' ? (
                      <Check
                        isSelected={r.attendedAt !== null}
                        onChange={(attended) => attendance.mutate({ personId: r.person.id, attended })}
                      >
                        <span className="visually-hidden">
                          {t('training.presentFor', { name: r.person.name })}
                        </span>
                        {r.attendanceMethod === 'qr' ? t('training.byQr') : ''}
                      </Check>
                    ) : r.attendedAt ? (
                      t('common.yes')
                    ) : (
                      t('common.no')
                    )}
                  </td>
                  <td className="num">{score(r, 'pre')}</td>
                  <td className="num">{score(r, 'post')}</td>
                  <td className="num">{score(r, 'delayed')}</td>
                  {tot && (
                    <td>
                      {r.teachBack ? t(`training.teachBackResult.${r.teachBack}`) : '—'}
                      {canWrite && (
                        <div className="inline-actions">
                          <Button
                            onPress={() => teachBack.mutate({ personId: r.person.id, result: 'passed' })}
                            aria-label={t('training.teachBackPassFor', { name: r.person.name })}
                          >
                            {t('training.teachBackPass')}
                          </Button>
                          <Button
                            onPress={() => teachBack.mutate({ personId: r.person.id, result: 'not_yet' })}
                            aria-label={t('training.teachBackNotYetFor', { name: r.person.name })}
                          >
                            {t('training.teachBackNotYet')}
                          </Button>
                        </div>
                      )}
                    </td>
                  )}
                  <td>
                    {(tot ? r.completion.trainerCertified : r.completion.completed)
                      ? t('training.done')
                      : r.completion.missing.map((m) => t(`training.missing.${m}`)).join('; ')}
                  </td>
                  <td>
                    {r.certificates.length === 0
                      ? '—'
                      : r.certificates.map((c) => (
                          <a key={c.id} href={`/verify/${c.id}`} target="_blank" rel="noreferrer">
                            {t(`training.certStatus.${c.status}`)}
                          </a>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
