import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, ApiError, call } from '../../api';
import { useCanWrite } from '../../session';
import { Empty, ErrorMessage, Loading, Notice } from '../../ui/feedback';
import { Button, Choice, Field, submitWith, TextAreaField } from '../../ui/fields';
import { formatDateTime } from '../../ui/format';
import { lang } from './incident';
import {
  ObservableInputs,
  type ObservableKind,
  audienceBody,
  AudiencePicker,
  BackToBoard,
  LocalTimeField,
  localInput,
  orgLabel,
  TlpBadge,
  useNetwork,
  type Audience,
} from './parts';
import { networkKeys, type Network } from './types';

/** One indicator: what it names, who saw it too, the matching indicators other members hold, and "we saw this too". */
export function IndicatorPage({ networkId, indicatorId }: { networkId: string; indicatorId: string }) {
  const { t, i18n } = useTranslation();
  const network = useNetwork(networkId);
  const canWrite = useCanWrite(network.data?.actingFor.orgId ?? '', 'network');
  const page = useQuery({
    queryKey: networkKeys.indicator(networkId, indicatorId),
    queryFn: () =>
      call(
        api.GET('/api/v1/networks/{networkId}/indicators/{indicatorId}', {
          params: { path: { networkId, indicatorId } },
        }),
      ),
  });
  if (page.isPending || network.isPending) return <Loading />;
  if (!page.data || !network.data)
    return (
      <>
        <BackToBoard networkId={networkId} name={undefined} />
        <ErrorMessage error={page.error ?? network.error} />
      </>
    );
  const { indicator: i, sightings, correlated } = page.data;
  const net = network.data;
  return (
    <>
      <BackToBoard networkId={networkId} name={net.name} />
      <h1>{i.name}</h1>
      <p>
        <TlpBadge marking={i.marking} />
        {i.revoked && <span className="tag tag-alert">{t('network.indicators.revoked')}</span>}
      </p>
      <dl className="facts">
        <dt>{t('network.sharedBy')}</dt>
        <dd>{orgLabel(net, i.marking.ownerOrgId, t('network.outside'))}</dd>
        <dt>{t('network.indicators.values')}</dt>
        <dd className="break">
          {i.observables.length > 0
            ? i.observables.map((o) => `${t(`network.kind.${o.kind}`)}: ${o.value}`).join(' · ')
            : '—'}
        </dd>
        <dt>{t('network.indicators.pattern')}</dt>
        <dd className="break">
          <code>{i.pattern}</code>
        </dd>
        <dt>{t('network.indicators.confidence')}</dt>
        <dd>{i.confidence ?? '—'}</dd>
        <dt>{t('network.indicators.validUntil')}</dt>
        <dd>{i.validUntil ? formatDateTime(i.validUntil, i18n.language) : t('network.indicators.noEnd')}</dd>
        <dt>{t('network.indicators.shared')}</dt>
        <dd>{formatDateTime(i.created, i18n.language)}</dd>
        {i.source !== 'local' && (
          <>
            <dt>{t('network.source')}</dt>
            <dd className="break">{i.source}</dd>
          </>
        )}
      </dl>
      {i.description && <p className="pre-line">{i.description}</p>}
      <section aria-labelledby="correlated">
        <h2 id="correlated">{t('network.indicators.correlated')}</h2>
        {correlated.length === 0 ? (
          <p className="muted">{t('network.indicators.noCorrelated')}</p>
        ) : (
          <ul>
            {correlated.map((c) => (
              <li key={c.id}>
                <Link to="/n/$networkId/indicators/$indicatorId" params={{ networkId, indicatorId: c.id }}>
                  {c.name}
                </Link>{' '}
                — {orgLabel(net, c.marking.ownerOrgId, t('network.outside'))} <TlpBadge marking={c.marking} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="sightings">
        <h2 id="sightings">{t('network.sightings.title')}</h2>
        {sightings.length === 0 ? (
          <Empty>{t('network.sightings.empty')}</Empty>
        ) : (
          <table tabIndex={0}>
            <caption className="visually-hidden">{t('network.sightings.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('network.sightings.by')}</th>
                <th scope="col">{t('network.sightings.count')}</th>
                <th scope="col">{t('network.sightings.seen')}</th>
                <th scope="col">{t('network.sightings.where')}</th>
                <th scope="col">TLP</th>
              </tr>
            </thead>
            <tbody>
              {sightings.map((s) => (
                <tr key={s.id}>
                  <td>{orgLabel(net, s.sightedBy, t('network.outside'))}</td>
                  <td>{s.count}</td>
                  <td>
                    {[s.firstSeen, s.lastSeen]
                      .filter((d): d is string => d !== null)
                      .map((d) => formatDateTime(d, i18n.language))
                      .join(' – ')}
                  </td>
                  <td>{s.where || '—'}</td>
                  <td>
                    <TlpBadge marking={s.marking} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canWrite && <SightingForm network={net} indicatorId={i.id} />}
      </section>
    </>
  );
}

/** "We saw this too": how often, when and where, under its own TLP marking. */
function SightingForm({ network, indicatorId }: { network: Network; indicatorId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const now = localInput(new Date());
  const [count, setCount] = useState('1');
  const [firstSeen, setFirstSeen] = useState(now);
  const [lastSeen, setLastSeen] = useState(now);
  const [where, setWhere] = useState('');
  const [audience, setAudience] = useState<Audience>({ tlp: 'green', recipients: [] });
  const sight = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/networks/{networkId}/indicators/{indicatorId}/sightings', {
          params: { path: { networkId: network.id, indicatorId } },
          body: {
            count: Number.parseInt(count, 10) || 1,
            firstSeen: new Date(firstSeen).toISOString(),
            lastSeen: new Date(lastSeen).toISOString(),
            where,
            ...audienceBody(audience),
          },
        }),
      ),
    onSuccess: async () => {
      setWhere('');
      await client.invalidateQueries({ queryKey: networkKeys.all(network.id) });
    },
  });
  return (
    <section className="panel" aria-labelledby="sight">
      <h3 id="sight">{t('network.sightings.add')}</h3>
      <Form className="form" onSubmit={submitWith(() => sight.mutate())}>
        <Field
          label={t('network.sightings.count')}
          name="count"
          inputMode="numeric"
          value={count}
          onChange={setCount}
          isRequired
        />
        <LocalTimeField
          label={t('network.sightings.first')}
          name="firstSeen"
          value={firstSeen}
          onChange={setFirstSeen}
        />
        <LocalTimeField
          label={t('network.sightings.last')}
          name="lastSeen"
          value={lastSeen}
          onChange={setLastSeen}
        />
        <Field
          label={t('network.sightings.where')}
          name="where"
          value={where}
          onChange={setWhere}
          description={t('network.sightings.whereHelp')}
        />
        <AudiencePicker network={network} value={audience} onChange={setAudience} />
        <ErrorMessage error={sight.error} />
        {sight.isSuccess && <Notice>{t('network.sightings.saved')}</Notice>}
        <Button type="submit" variant="primary" isDisabled={sight.isPending}>
          {t('network.sightings.submit')}
        </Button>
      </Form>
    </section>
  );
}

/**
 * Sharing an indicator: a typed value (checked and written canonically by the server) or a STIX pattern. A value
 * on a warning list is held back with the list's note until the member confirms.
 */
export function NewIndicatorPage({ networkId }: { networkId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const network = useNetwork(networkId);
  const [form, setForm] = useState<'value' | 'pattern'>('value');
  const [kind, setKind] = useState<ObservableKind>('domain');
  const [value, setValue] = useState('');
  const [pattern, setPattern] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [confidence, setConfidence] = useState('70');
  const [audience, setAudience] = useState<Audience>({ tlp: 'green', recipients: [] });
  const share = useMutation({
    mutationFn: (acceptWarnings: boolean) =>
      call(
        api.POST('/api/v1/networks/{networkId}/indicators', {
          params: { path: { networkId } },
          body: {
            ...(form === 'value' ? { observable: { kind, value } } : { pattern }),
            ...(name.trim() && { name: name.trim() }),
            description,
            confidence: Math.min(100, Math.max(0, Number.parseInt(confidence, 10) || 0)),
            lang: lang(document.documentElement.lang),
            acceptWarnings,
            ...audienceBody(audience),
          },
        }),
      ),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: networkKeys.all(networkId) });
      await navigate({
        to: '/n/$networkId/indicators/$indicatorId',
        params: { networkId, indicatorId: saved.id },
      });
    },
  });
  const warned = share.error instanceof ApiError && share.error.id === 'indicator_on_warning_list';
  if (network.isPending) return <Loading />;
  if (!network.data) return <ErrorMessage error={network.error} />;
  return (
    <>
      <BackToBoard networkId={networkId} name={network.data.name} />
      <h1>{t('network.indicators.new')}</h1>
      <p>{t('network.indicators.newIntro')}</p>
      <Form className="form" onSubmit={submitWith(() => share.mutate(false))}>
        <Choice
          label={t('network.indicators.form')}
          options={[
            { key: 'value', label: t('network.indicators.formValue') },
            { key: 'pattern', label: t('network.indicators.formPattern') },
          ]}
          value={form}
          onChange={setForm}
        />
        {form === 'value' ? (
          <ObservableInputs kind={kind} onKind={setKind} value={value} onValue={setValue} />
        ) : (
          <TextAreaField
            label={t('network.indicators.pattern')}
            description={t('network.indicators.patternHelp')}
            value={pattern}
            onChange={setPattern}
            isRequired
            maxLength={10_000}
          />
        )}
        <Field
          label={t('network.indicators.name')}
          name="name"
          value={name}
          onChange={setName}
          maxLength={300}
          description={t('network.indicators.nameHelp')}
        />
        <TextAreaField
          label={t('network.indicators.description')}
          value={description}
          onChange={setDescription}
        />
        <Field
          label={t('network.indicators.confidence')}
          name="confidence"
          inputMode="numeric"
          value={confidence}
          onChange={setConfidence}
          description={t('network.indicators.confidenceHelp')}
        />
        <AudiencePicker network={network.data} value={audience} onChange={setAudience} />
        <ErrorMessage error={share.error} />
        {warned && (
          <div className="toolbar">
            <p>{t('network.indicators.warnedHelp')}</p>
            <Button variant="danger" onPress={() => share.mutate(true)} isDisabled={share.isPending}>
              {t('network.indicators.shareAnyway')}
            </Button>
          </div>
        )}
        <Button type="submit" variant="primary" isDisabled={share.isPending}>
          {t('network.indicators.submit')}
        </Button>
      </Form>
    </>
  );
}
