import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useCanWrite, useMe } from '../../session';
import { Button, Check, Choice, Field, submitWith } from '../../ui/fields';
import { useConfirm } from '../../ui/confirm';
import { Empty, ErrorMessage, Loading, Notice } from '../../ui/feedback';
import { formatDate, formatNumber } from '../../ui/format';
import { TrainingNav } from './nav';

const STATUSES = ['all', 'valid', 'revoked', 'suspended', 'expired'] as const;
const PAGE = 50;

/** Every certificate the organisation issued: filter, open, print, and revoke or suspend in bulk. */
export function CertificatesPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const canWrite = useCanWrite(orgId, 'training');
  const client = useQueryClient();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('all');
  const [query, setQuery] = useState('');
  const [limit, setLimit] = useState(PAGE);
  // The server filters and pages, so a council's hundreds of certificates never come down a slow line at once.
  const list = useQuery({
    queryKey: ['training-certificates', orgId, status, query.trim(), limit],
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/training/certificates', {
          params: {
            path: { orgId },
            query: {
              limit,
              ...(status !== 'all' && { status }),
              ...(query.trim() && { holder: query.trim() }),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const [selected, setSelected] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const shown = list.data?.certificates ?? [];
  const total = list.data?.total ?? 0;
  const after = async (text: string) => {
    setSelected([]);
    setReason('');
    setMessage(text);
    await client.invalidateQueries({ queryKey: ['training-certificates', orgId] });
    await client.invalidateQueries({ queryKey: ['training-session'] });
  };
  const revoke = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/training/certificates/revoke', {
          params: { path: { orgId } },
          body: {
            ids: selected,
            reason,
          },
        }),
      ),
    onSuccess: (r) => after(t('training.revokedCount', { count: r.revoked })),
  });
  const suspend = useMutation({
    mutationFn: (suspended: boolean) =>
      call(
        api.POST('/api/v1/orgs/{orgId}/training/certificates/suspend', {
          params: { path: { orgId } },
          body: suspended ? { ids: selected, suspended, reason } : { ids: selected, suspended },
        }),
      ),
    onSuccess: (r) => after(t('training.suspendedCount', { count: r.changed })),
  });
  const confirm = useConfirm();
  const { data: me } = useMe();
  const isAdmin = me?.memberships.some((m) => m.orgId === orgId && m.role === 'org_admin') ?? false;
  /** Who the selection holds, as the dialog names them: the first few, then how many more. */
  const holders = () => {
    const names = (list.data?.certificates ?? []).filter((c) => selected.includes(c.id)).map((c) => c.holder);
    const more = names.length - 3;
    return more > 0
      ? `${names.slice(0, 3).join(', ')} ${t('training.andMore', { count: more })}`
      : names.join(', ');
  };
  const ask = (kind: 'revoke' | 'suspend', action: () => void) =>
    confirm.ask(
      {
        title: t(`training.confirm.${kind}`, { count: selected.length }),
        consequence: t(`training.confirm.${kind}Body`, {
          count: selected.length,
          holders: holders(),
          reason: reason.trim(),
        }),
        confirmLabel:
          kind === 'revoke' ? t('training.revoke', { count: selected.length }) : t('training.suspend'),
        danger: true,
      },
      action,
    );
  const toggle = (id: string, on: boolean) =>
    setSelected((now) => (on ? [...now, id] : now.filter((x) => x !== id)));
  return (
    <>
      <TrainingNav orgId={orgId} />
      <h1>{t('training.certificates')}</h1>
      <p>{t('training.certificatesIntro')}</p>
      <div className="filters">
        <Choice
          label={t('training.status')}
          options={STATUSES.map((s) => ({
            key: s,
            label: s === 'all' ? t('training.allStatuses') : t(`training.certStatus.${s}`),
          }))}
          value={status}
          onChange={(s) => {
            setStatus(s);
            setLimit(PAGE);
          }}
        />
        <Field
          label={t('training.searchHolder')}
          name="q"
          type="search"
          value={query}
          onChange={(q) => {
            setQuery(q);
            setLimit(PAGE);
          }}
        />
      </div>
      <ErrorMessage error={list.error ?? revoke.error ?? suspend.error} />
      {message && <Notice>{message}</Notice>}
      {list.isPending ? (
        <Loading />
      ) : shown.length === 0 ? (
        <Empty>{t('training.noCertificates')}</Empty>
      ) : (
        <div className="table-scroll">
          <table tabIndex={0}>
            <caption className="muted">
              {t('training.certificatesShown', {
                count: total,
                shown: formatNumber(shown.length, lang),
                total: formatNumber(total, lang),
              })}
            </caption>
            <thead>
              <tr>
                {canWrite && <th scope="col">{t('training.select')}</th>}
                <th scope="col">{t('training.holder')}</th>
                <th scope="col">{t('training.achievementLabel')}</th>
                <th scope="col">{t('training.issuedOn')}</th>
                <th scope="col">{t('training.validUntil')}</th>
                <th scope="col">{t('training.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => (
                <tr key={c.id}>
                  {canWrite && (
                    <td>
                      <Check
                        isSelected={selected.includes(c.id)}
                        onChange={(on) => toggle(c.id, on)}
                        isDisabled={c.status === 'revoked'}
                      >
                        <span className="visually-hidden">{t('training.selectFor', { name: c.holder })}</span>
                      </Check>
                    </td>
                  )}
                  <th scope="row">{c.holder}</th>
                  <td>{t(`training.achievement.${c.achievement}`)}</td>
                  <td>{formatDate(c.issuedAt.slice(0, 10), lang)}</td>
                  <td>{c.validUntil ? formatDate(c.validUntil.slice(0, 10), lang) : '—'}</td>
                  <td>
                    {t(`training.certStatus.${c.status}`)}
                    {c.revokedReason && <div className="muted small">{c.revokedReason}</div>}
                  </td>
                  <td>
                    <a
                      href={c.verifyUrl}
                      target="_blank"
                      rel="noreferrer"
                      aria-label={t('training.verifyFor', { name: c.holder })}
                    >
                      {t('training.verify')}
                    </a>{' '}
                    ·{' '}
                    <a
                      href={`/api/v1/orgs/${orgId}/training/certificates/${c.id}/pdf?lang=${lang}`}
                      aria-label={t('training.pdfFor', { name: c.holder })}
                    >
                      PDF
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > shown.length && (
        <Button onPress={() => setLimit((n) => n + PAGE)} isDisabled={list.isFetching}>
          {t('roadmap.more')}
        </Button>
      )}
      {isAdmin && <SigningKeys orgId={orgId} />}
      {confirm.dialog}
      {canWrite && (
        <section className="panel" aria-labelledby="bulk">
          <h2 id="bulk">{t('training.bulk', { count: selected.length })}</h2>
          <Form className="form" onSubmit={submitWith(() => ask('revoke', () => revoke.mutate()))}>
            <Field
              label={t('training.reason')}
              name="reason"
              value={reason}
              onChange={setReason}
              isRequired
              maxLength={2000}
              description={t('training.reasonHelp')}
            />
            <div className="inline-actions">
              <Button
                type="submit"
                variant="danger"
                isDisabled={selected.length === 0 || reason.trim().length < 3 || revoke.isPending}
              >
                {t('training.revoke', { count: selected.length })}
              </Button>
              <Button
                onPress={() => ask('suspend', () => suspend.mutate(true))}
                isDisabled={selected.length === 0 || reason.trim().length < 3 || suspend.isPending}
              >
                {t('training.suspend')}
              </Button>
              <Button
                onPress={() => suspend.mutate(false)}
                isDisabled={selected.length === 0 || suspend.isPending}
              >
                {t('training.reinstate')}
              </Button>
            </div>
          </Form>
        </section>
      )}
    </>
  );
}

/** The issuer address verifiers see, its keys, and — for administrators — rotating to a new key. */
function SigningKeys({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const { data: me } = useMe();
  const isAdmin = me?.memberships.some((m) => m.orgId === orgId && m.role === 'org_admin') ?? false;
  const issuer = useQuery({
    queryKey: ['training-issuer', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/training/issuer', { params: { path: { orgId } } })),
  });
  const rotate = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/training/issuer/rotate', { params: { path: { orgId } }, body: {} }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['training-issuer', orgId] }),
  });
  if (!issuer.data) return <ErrorMessage error={issuer.error} />;
  return (
    <section className="panel" aria-labelledby="signing-keys">
      <h2 id="signing-keys">{t('training.signingKeys')}</h2>
      <p>
        {t('training.issuerAddress')} <a href={issuer.data.issuer}>{issuer.data.issuer}</a>
      </p>
      {issuer.data.keys.length === 0 ? (
        <p>{t('training.noKeys')}</p>
      ) : (
        <ul>
          {issuer.data.keys.map((k) => (
            <li key={k.id}>
              <code>{k.id.split('#')[1]}</code> —{' '}
              {k.active
                ? t('training.keyActive')
                : t('training.keyRetired', {
                    date: formatDate((k.retiredAt ?? '').slice(0, 10), i18n.language),
                  })}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{t('training.rotateHelp')}</p>
      <ErrorMessage error={rotate.error} />
      {isAdmin && (
        <Button onPress={() => rotate.mutate()} isDisabled={rotate.isPending}>
          {t('training.rotate')}
        </Button>
      )}
    </section>
  );
}
