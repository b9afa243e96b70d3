import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useCanWrite } from '../../session';
import { Empty, ErrorMessage, Loading, Notice } from '../../ui/feedback';
import { Button, Field, submitWith, TextAreaField } from '../../ui/fields';
import { formatDateTime } from '../../ui/format';
import {
  audienceBody,
  AudiencePicker,
  BackToBoard,
  orgLabel,
  TlpBadge,
  useNetwork,
  type Audience,
} from './parts';
import { networkKeys, type Network } from './types';

/** The network's advisories, newest first; coordinators write new ones here. */
export function AdvisoriesPage({ networkId }: { networkId: string }) {
  const { t, i18n } = useTranslation();
  const network = useNetwork(networkId);
  const canWrite = useCanWrite(network.data?.actingFor.orgId ?? '', 'network');
  const advisories = useQuery({
    queryKey: networkKeys.advisories(networkId),
    queryFn: () =>
      call(
        api.GET('/api/v1/networks/{networkId}/advisories', {
          params: { path: { networkId }, query: { limit: 100 } },
        }),
      ),
  });
  if (network.isPending) return <Loading />;
  if (!network.data) return <ErrorMessage error={network.error} />;
  const coordinator = network.data.actingFor.networkRole === 'coordinator';
  return (
    <>
      <BackToBoard networkId={networkId} name={network.data.name} />
      <h1>{t('network.advisories.title')}</h1>
      <p className="muted">{t('network.advisories.intro')}</p>
      <ErrorMessage error={advisories.error} />
      {advisories.isPending ? (
        <Loading />
      ) : (advisories.data?.advisories ?? []).length === 0 ? (
        <Empty>{t('network.advisories.empty')}</Empty>
      ) : (
        <ul className="news-list">
          {(advisories.data?.advisories ?? []).map((a) => (
            <li key={a.id}>
              <Link to="/n/$networkId/advisories/$advisoryId" params={{ networkId, advisoryId: a.id }}>
                {a.title}
              </Link>
              <p className="news-tags">
                <TlpBadge marking={a.marking} />{' '}
                <span className="muted">
                  {orgLabel(network.data, a.marking.ownerOrgId, t('network.outside'))} ·{' '}
                  {formatDateTime(a.published, i18n.language)}
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
      {coordinator && canWrite && <NewAdvisory network={network.data} />}
    </>
  );
}

/** A coordinator's advisory: a title, the advice in Markdown, and who may read it. Every reader is alerted. */
function NewAdvisory({ network }: { network: Network }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [audience, setAudience] = useState<Audience>({ tlp: 'green', recipients: [] });
  const publish = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/networks/{networkId}/advisories', {
          params: { path: { networkId: network.id } },
          body: {
            title,
            content,
            lang: i18n.language === 'es' || i18n.language === 'fr' ? i18n.language : 'en',
            ...audienceBody(audience),
          },
        }),
      ),
    onSuccess: async () => {
      setTitle('');
      setContent('');
      await client.invalidateQueries({ queryKey: networkKeys.all(network.id) });
    },
  });
  return (
    <section className="panel" aria-labelledby="new-advisory">
      <h2 id="new-advisory">{t('network.advisories.new')}</h2>
      <Form className="form" onSubmit={submitWith(() => publish.mutate())}>
        <Field
          label={t('network.advisories.titleField')}
          name="title"
          value={title}
          onChange={setTitle}
          isRequired
        />
        <TextAreaField
          label={t('network.advisories.content')}
          description={t('network.markdownHelp')}
          value={content}
          onChange={setContent}
          rows={8}
          maxLength={50_000}
          isRequired
        />
        <AudiencePicker network={network} value={audience} onChange={setAudience} />
        <ErrorMessage error={publish.error} />
        {publish.isSuccess && <Notice>{t('network.advisories.published')}</Notice>}
        <Button type="submit" variant="primary" isDisabled={publish.isPending}>
          {t('network.advisories.publish')}
        </Button>
      </Form>
    </section>
  );
}

/** One advisory, its advice rendered from Markdown (on the server, without raw HTML). */
export function AdvisoryPage({ networkId, advisoryId }: { networkId: string; advisoryId: string }) {
  const { t, i18n } = useTranslation();
  const network = useNetwork(networkId);
  const advisory = useQuery({
    queryKey: networkKeys.advisory(networkId, advisoryId),
    queryFn: () =>
      call(
        api.GET('/api/v1/networks/{networkId}/advisories/{advisoryId}', {
          params: { path: { networkId, advisoryId } },
        }),
      ),
  });
  if (advisory.isPending || network.isPending) return <Loading />;
  const a = advisory.data;
  if (!a || !network.data)
    return (
      <>
        <BackToBoard networkId={networkId} name={undefined} />
        <ErrorMessage error={advisory.error ?? network.error} />
      </>
    );
  return (
    <>
      <BackToBoard networkId={networkId} name={network.data.name} />
      <h1>{a.title}</h1>
      <p className="news-tags">
        <TlpBadge marking={a.marking} />{' '}
        <span className="muted">
          {t('network.advisories.by', {
            org: orgLabel(network.data, a.marking.ownerOrgId, t('network.outside')),
            date: formatDateTime(a.published, i18n.language),
          })}
        </span>
      </p>
      <div className="prose" lang={a.lang ?? undefined} dangerouslySetInnerHTML={{ __html: a.contentHtml }} />
      {a.related.length > 0 && (
        <>
          <h2>{t('network.advisories.related')}</h2>
          <ul className="news-list">
            {a.related.map((r) => (
              <li key={r.id}>
                {r.kind === 'incident' ? (
                  <Link to="/n/$networkId/incidents/$incidentId" params={{ networkId, incidentId: r.id }}>
                    {r.title}
                  </Link>
                ) : (
                  <Link to="/n/$networkId/indicators/$indicatorId" params={{ networkId, indicatorId: r.id }}>
                    {r.title}
                  </Link>
                )}
                <p className="news-tags">
                  <span className="tag">{t(`network.search.kind.${r.kind}`)}</span> <TlpBadge marking={r} />
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
