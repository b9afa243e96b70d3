import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { Button, Check, Choice, Field, submitWith } from '../../ui/fields';
import { Empty, ErrorMessage, Notice } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';

const ORG_TYPES = ['emb', 'assistance_provider', 'tech_company', 'cso'] as const;
type OrgType = (typeof ORG_TYPES)[number];

/** The deployment operator's page: organisations (with units) and regional networks. */
export function OrganisationsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const orgs = useQuery({
    queryKey: ['admin-orgs'],
    queryFn: () => call(api.GET('/api/v1/admin/orgs')),
  });
  const networks = useQuery({
    queryKey: ['admin-networks'],
    queryFn: () => call(api.GET('/api/v1/admin/networks')),
  });
  const [name, setName] = useState('');
  const [type, setType] = useState<OrgType>('emb');
  const [country, setCountry] = useState('');
  const [units, setUnits] = useState('');
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/admin/orgs', {
          body: {
            name,
            type,
            country: country.toUpperCase(),
            units: units
              .split('\n')
              .map((u) => u.trim())
              .filter(Boolean),
          },
        }),
      ),
    onSuccess: async () => {
      setName('');
      setCountry('');
      setUnits('');
      await client.invalidateQueries({ queryKey: ['admin-orgs'] });
    },
  });
  const [networkName, setNetworkName] = useState('');
  const [members, setMembers] = useState<Record<string, 'coordinator' | 'member' | undefined>>({});
  const createNetwork = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/admin/networks', {
          body: {
            name: networkName,
            members: Object.entries(members).flatMap(([orgId, role]) => (role ? [{ orgId, role }] : [])),
          },
        }),
      ),
    onSuccess: async () => {
      setNetworkName('');
      setMembers({});
      await client.invalidateQueries({ queryKey: ['admin-networks'] });
    },
  });

  return (
    <>
      <h1>{t('operator.title')}</h1>
      <section aria-labelledby="orgs-title" className="panel">
        <h2 id="orgs-title">{t('operator.organisations')}</h2>
        <ErrorMessage error={orgs.error} />
        <table tabIndex={0}>
          <thead>
            <tr>
              <th scope="col">{t('fields.name')}</th>
              <th scope="col">{t('operator.type')}</th>
              <th scope="col">{t('operator.country')}</th>
            </tr>
          </thead>
          <tbody>
            {(orgs.data ?? []).map((o) => (
              <tr key={o.id}>
                <td>{o.name}</td>
                <td>{t(`orgTypes.${o.type}`)}</td>
                <td>{o.country}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="new-org" className="panel">
        <h2 id="new-org">{t('operator.newOrg')}</h2>
        <ErrorMessage error={create.error} />
        {create.isSuccess && <Notice>{t('common.saved')}</Notice>}
        <Form className="form" onSubmit={submitWith(() => create.mutate())}>
          <Field
            label={t('fields.name')}
            name="orgName"
            value={name}
            onChange={setName}
            isRequired
            maxLength={200}
          />
          <Choice
            label={t('operator.type')}
            options={ORG_TYPES.map((k) => ({ key: k, label: t(`orgTypes.${k}`) }))}
            value={type}
            onChange={setType}
          />
          <Field
            label={t('operator.country')}
            name="country"
            value={country}
            onChange={setCountry}
            isRequired
            maxLength={2}
            description={t('operator.countryHelp')}
          />
          <label className="field">
            <span>{t('operator.units')}</span>
            <textarea
              name="units"
              value={units}
              onChange={(e) => setUnits(e.target.value)}
              rows={4}
              aria-describedby="units-help"
            />
            <span id="units-help" className="muted">
              {t('operator.unitsHelp')}
            </span>
          </label>
          <Button type="submit" variant="primary">
            {t('operator.create')}
          </Button>
        </Form>
      </section>
      <section aria-labelledby="networks-title" className="panel">
        <h2 id="networks-title">{t('operator.networks')}</h2>
        {(networks.data ?? []).length === 0 ? (
          <Empty>{t('operator.noNetworks')}</Empty>
        ) : (
          <ul>
            {(networks.data ?? []).map((n) => (
              <li key={n.id}>
                <strong>{n.name}</strong>:{' '}
                {n.members
                  .map(
                    (m) => `${m.orgName}${m.role === 'coordinator' ? ` (${t('operator.coordinator')})` : ''}`,
                  )
                  .join(', ')}
              </li>
            ))}
          </ul>
        )}
        <h3>{t('operator.newNetwork')}</h3>
        <ErrorMessage error={createNetwork.error} />
        <Form className="form" onSubmit={submitWith(() => createNetwork.mutate())}>
          <Field
            label={t('fields.name')}
            name="networkName"
            value={networkName}
            onChange={setNetworkName}
            isRequired
            maxLength={200}
          />
          <fieldset>
            <legend>{t('operator.members')}</legend>
            {(orgs.data ?? []).map((o) => (
              <div key={o.id} className="form-inline">
                <Check
                  isSelected={members[o.id] !== undefined}
                  onChange={(on) => setMembers({ ...members, [o.id]: on ? 'member' : undefined })}
                >
                  {o.name}
                </Check>
                {members[o.id] && (
                  <Check
                    isSelected={members[o.id] === 'coordinator'}
                    onChange={(on) => setMembers({ ...members, [o.id]: on ? 'coordinator' : 'member' })}
                  >
                    {t('operator.coordinator')}
                  </Check>
                )}
              </div>
            ))}
          </fieldset>
          <Button type="submit" variant="primary">
            {t('operator.createNetwork')}
          </Button>
        </Form>
      </section>
    </>
  );
}

/** The built-in outbox: mail the server kept (all mail when SMTP is not configured). */
export function OutboxPage() {
  const { t, i18n } = useTranslation();
  const outbox = useQuery({
    queryKey: ['outbox'],
    queryFn: () => call(api.GET('/api/v1/admin/outbox')),
    refetchInterval: 10_000,
  });
  return (
    <>
      <h1>{t('outbox.title')}</h1>
      <p>{outbox.data?.smtpConfigured ? t('outbox.smtp') : t('outbox.noSmtp')}</p>
      <ErrorMessage error={outbox.error} />
      {(outbox.data?.messages ?? []).length === 0 ? (
        <Empty>{t('outbox.empty')}</Empty>
      ) : (
        (outbox.data?.messages ?? []).map((m) => (
          <article key={m.id} className="panel mail" aria-labelledby={`mail-${m.id}`}>
            <h2 id={`mail-${m.id}`}>{m.subject}</h2>
            <p className="muted">
              {t('common.labelled', { label: t('outbox.to') })} {m.to} ·{' '}
              {formatDateTime(m.createdAt, i18n.language)}
              {m.sentAt && ` · ${t('outbox.sent')}`}
              {m.error && ` · ${t('common.labelled', { label: t('outbox.failed') })} ${m.error}`}
            </p>
            <pre>{linkify(m.text)}</pre>
            {m.attachments.length > 0 && (
              <p className="muted">
                {t('common.labelled', { label: t('outbox.attachments') })}{' '}
                {m.attachments.map((a) => `${a.filename} (${Math.ceil(a.size / 1024)} KB)`).join(', ')}
              </p>
            )}
          </article>
        ))
      )}
    </>
  );
}

/** Turns the URLs of a plain-text message into links. */
function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}
