import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, readJsonFile, type Reply } from '../../api';
import { useCanWrite } from '../../session';
import { Empty, ErrorMessage, Loading, Notice } from '../../ui/feedback';
import { Button, Check, Choice, Field, PasswordField, submitWith } from '../../ui/fields';
import { FileInput } from '../../ui/file-input';
import { formatDateTime } from '../../ui/format';
import { BackToBoard, TlpBadge, useNetwork } from './parts';
import { WarningLists } from './warnings';
import { networkKeys, SEVERITIES, TLP_LEVELS, type Network, type Tlp } from './types';

type Settings = Reply<'/api/v1/networks/{networkId}/alert-settings'>;
type Imported = Reply<'/api/v1/networks/{networkId}/imports/misp', 'post'>;

/**
 * How an organisation takes part in a network beyond the screens: what alerts it, MISP events it brings in,
 * the TAXII address its own tools use, and the remote TAXII collections it pulls.
 */
export function ConnectPage({ networkId }: { networkId: string }) {
  const { t } = useTranslation();
  const network = useNetwork(networkId);
  const canWrite = useCanWrite(network.data?.actingFor.orgId ?? '', 'network');
  if (network.isPending) return <Loading />;
  if (!network.data) return <ErrorMessage error={network.error} />;
  return (
    <>
      <BackToBoard networkId={networkId} name={network.data.name} />
      <h1>{t('network.connect.title')}</h1>
      <p>{t('network.connect.intro')}</p>
      <AlertSettings networkId={networkId} canWrite={canWrite} />
      {canWrite && <MispImport network={network.data} />}
      <WarningLists network={network.data} />
      <TaxiiAddress networkId={networkId} />
      <Feeds networkId={networkId} canWrite={canWrite} />
    </>
  );
}

function AlertSettings({ networkId, canWrite }: { networkId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: [...networkKeys.all(networkId), 'alert-settings'],
    queryFn: () =>
      call(api.GET('/api/v1/networks/{networkId}/alert-settings', { params: { path: { networkId } } })),
  });
  return (
    <section className="panel" aria-labelledby="alerts">
      <h2 id="alerts">{t('network.connect.alerts')}</h2>
      <p className="muted">{t('network.connect.alertsIntro')}</p>
      <ErrorMessage error={settings.error} />
      {settings.data ? (
        <SettingsForm
          key={JSON.stringify(settings.data)}
          networkId={networkId}
          saved={settings.data}
          canWrite={canWrite}
        />
      ) : (
        settings.isPending && <Loading />
      )}
    </section>
  );
}

function SettingsForm(props: { networkId: string; saved: Settings; canWrite: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [value, setValue] = useState(props.saved);
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/v1/networks/{networkId}/alert-settings', {
          params: { path: { networkId: props.networkId } },
          body: value,
        }),
      ),
    onSuccess: () =>
      client.invalidateQueries({ queryKey: [...networkKeys.all(props.networkId), 'alert-settings'] }),
  });
  return (
    <Form className="form" onSubmit={submitWith(() => save.mutate())}>
      <Choice
        label={t('network.connect.minSeverity')}
        options={SEVERITIES.map((s) => ({ key: s, label: t(`network.severity.${s}`) }))}
        value={value.minSeverity}
        onChange={(minSeverity) => setValue({ ...value, minSeverity })}
        isDisabled={!props.canWrite}
      />
      <Check
        isSelected={value.indicators}
        onChange={(indicators) => setValue({ ...value, indicators })}
        isDisabled={!props.canWrite}
      >
        {t('network.connect.alertIndicators')}
      </Check>
      <Check
        isSelected={value.email}
        onChange={(email) => setValue({ ...value, email })}
        isDisabled={!props.canWrite}
      >
        {t('network.connect.alertEmail')}
      </Check>
      <ErrorMessage error={save.error} />
      {save.isSuccess && <Notice>{t('network.connect.saved')}</Notice>}
      {props.canWrite && (
        <Button type="submit" variant="primary" isDisabled={save.isPending}>
          {t('network.connect.save')}
        </Button>
      )}
    </Form>
  );
}

function MispImport({ network }: { network: Network }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [tlp, setTlp] = useState<Tlp>('amber');
  const run = useMutation({
    mutationFn: async (file: File) =>
      call(
        api.POST('/api/v1/networks/{networkId}/imports/misp', {
          params: { path: { networkId: network.id }, query: { tlp } },
          body: (await readJsonFile(file)) as Record<string, unknown>,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: networkKeys.all(network.id) }),
  });
  return (
    <section className="panel" aria-labelledby="misp">
      <h2 id="misp">{t('network.connect.misp')}</h2>
      <p className="muted">{t('network.connect.mispIntro')}</p>
      <Choice
        label={t('network.connect.mispTlp')}
        options={TLP_LEVELS.map((l) => ({ key: l, label: `TLP:${l.toUpperCase()}` }))}
        value={tlp}
        onChange={setTlp}
      />
      <FileInput
        label={t('network.connect.mispFile')}
        accept=".json,application/json"
        onFile={(f) => run.mutate(f)}
      />
      {run.isPending && <Loading />}
      <ErrorMessage error={run.error} />
      {run.data && <ImportReport imported={run.data} />}
    </section>
  );
}

function ImportReport({ imported }: { imported: Imported }) {
  const { t } = useTranslation();
  return (
    <div role="status">
      <p>{t('network.connect.mispDone', { count: imported.events.length })}</p>
      <ul>
        {imported.events.map((e) => (
          <li key={e.eventUuid}>
            <strong>{e.title}</strong> <TlpBadge marking={e} /> —{' '}
            {t(`network.connect.mispIncident.${e.incident}`)};{' '}
            {t('network.connect.mispIndicators', { count: e.indicators, fresh: e.indicatorsNew })}
            {e.tlpDefaulted && <> {t('network.connect.mispDefaulted')}</>}
            {e.left.notForDetection + e.left.type + e.left.invalid > 0 && (
              <>
                {' '}
                {t('network.connect.mispLeft', {
                  notForDetection: e.left.notForDetection,
                  type: e.left.type,
                  invalid: e.left.invalid,
                })}
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function TaxiiAddress({ networkId }: { networkId: string }) {
  const { t } = useTranslation();
  const root = `${window.location.origin}/taxii2/${networkId}/`;
  return (
    <section className="panel" aria-labelledby="taxii">
      <h2 id="taxii">{t('network.connect.taxii')}</h2>
      <p>{t('network.connect.taxiiIntro')}</p>
      <dl className="facts">
        <dt>{t('network.connect.discovery')}</dt>
        <dd className="break">
          <code>{`${window.location.origin}/taxii2/`}</code>
        </dd>
        <dt>{t('network.connect.apiRoot')}</dt>
        <dd className="break">
          <code>{root}</code>
        </dd>
      </dl>
      <p className="muted">{t('network.connect.taxiiAuth')}</p>
    </section>
  );
}

function Feeds({ networkId, canWrite }: { networkId: string; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const key = [...networkKeys.all(networkId), 'feeds'];
  const feeds = useQuery({
    queryKey: key,
    queryFn: () => call(api.GET('/api/v1/networks/{networkId}/feeds', { params: { path: { networkId } } })),
  });
  const pull = useMutation({
    mutationFn: (feedId: string) =>
      call(
        api.POST('/api/v1/networks/{networkId}/feeds/{feedId}/pull', {
          params: { path: { networkId, feedId } },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: networkKeys.all(networkId) }),
  });
  return (
    <section className="panel" aria-labelledby="feeds">
      <h2 id="feeds">{t('network.connect.feeds')}</h2>
      <p className="muted">{t('network.connect.feedsIntro')}</p>
      <ErrorMessage error={feeds.error ?? pull.error} />
      {pull.data && (
        <Notice>
          {t('network.connect.pulled', {
            stored: pull.data.stored,
            skipped: pull.data.skipped,
            refused: pull.data.refused,
          })}
        </Notice>
      )}
      {feeds.isPending ? (
        <Loading />
      ) : (feeds.data?.feeds ?? []).length === 0 ? (
        <Empty>{t('network.connect.noFeeds')}</Empty>
      ) : (
        <ul className="news-list">
          {(feeds.data?.feeds ?? []).map((f) => (
            <li key={f.id}>
              <strong>{f.title}</strong> <TlpBadge marking={f} />
              <p className="break small">{f.collectionUrl}</p>
              <p className="muted small">
                {f.lastPulledAt
                  ? t('network.connect.lastPulled', {
                      at: formatDateTime(f.lastPulledAt, i18n.language),
                    })
                  : t('network.connect.neverPulled')}
                {f.lastError && ` · ${t('network.connect.lastError', { error: f.lastError })}`}
              </p>
              {canWrite && (
                <Button onPress={() => pull.mutate(f.id)} isDisabled={pull.isPending}>
                  {t('network.connect.pullNow')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite && <NewFeed networkId={networkId} />}
    </section>
  );
}

function NewFeed({ networkId }: { networkId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const [tlp, setTlp] = useState<Tlp>('green');
  const add = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/networks/{networkId}/feeds', {
          params: { path: { networkId } },
          body: { title, collectionUrl: url, username, secret, tlp, pull: true },
        }),
      ),
    onSuccess: async () => {
      setTitle('');
      setUrl('');
      setSecret('');
      await client.invalidateQueries({ queryKey: networkKeys.all(networkId) });
    },
  });
  return (
    <Form className="form" onSubmit={submitWith(() => add.mutate())}>
      <h3>{t('network.connect.addFeed')}</h3>
      <Field
        label={t('network.connect.feedTitle')}
        name="title"
        value={title}
        onChange={setTitle}
        isRequired
      />
      <Field
        label={t('network.connect.feedUrl')}
        name="collectionUrl"
        value={url}
        onChange={setUrl}
        isRequired
        maxLength={2000}
        description={t('network.connect.feedUrlHelp')}
      />
      <Field label={t('network.connect.feedUser')} name="username" value={username} onChange={setUsername} />
      <PasswordField
        kind="new"
        label={t('network.connect.feedSecret')}
        name="secret"
        value={secret}
        onChange={setSecret}
      />
      <Choice
        label={t('network.connect.feedTlp')}
        options={TLP_LEVELS.filter((l) => l !== 'amber+strict').map((l) => ({
          key: l,
          label: `TLP:${l.toUpperCase()}`,
        }))}
        value={tlp}
        onChange={setTlp}
      />
      <ErrorMessage error={add.error} />
      <Button type="submit" variant="primary" isDisabled={add.isPending}>
        {t('network.connect.addFeedSubmit')}
      </Button>
    </Form>
  );
}
