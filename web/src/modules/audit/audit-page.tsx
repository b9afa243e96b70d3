import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { Button, Choice, Field, submitWith } from '../../ui/fields';
import { Empty, ErrorMessage, Loading } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { ACTION_FAMILIES, sentenceOf } from './sentence';

interface Filters {
  actor: string;
  action: string;
  from: string;
  to: string;
}

/** The filters someone filled in, trimmed. */
function filled(filters: Filters): Partial<Filters> {
  const out: Partial<Filters> = {};
  for (const key of Object.keys(filters) as (keyof Filters)[]) {
    const value = filters[key].trim();
    if (value !== '') out[key] = value;
  }
  return out;
}

function queryString(filters: Filters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra }))
    if (value.trim()) params.set(key, value.trim());
  return params.toString();
}

/** The organisation's audit trail, filterable, with CSV export. */
export function AuditPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const empty: Filters = { actor: '', action: '', from: '', to: '' };
  const [draft, setDraft] = useState<Filters>(empty);
  const [filters, setFilters] = useState<Filters>(empty);
  const events = useQuery({
    queryKey: ['audit', orgId, filters],
    queryFn: () =>
      call(api.GET('/api/v1/orgs/{orgId}/audit', { params: { path: { orgId }, query: filled(filters) } })),
  });
  const set = (key: keyof Filters) => (value: string) => setDraft({ ...draft, [key]: value });

  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <Form className="form form-inline" onSubmit={submitWith(() => setFilters(draft))}>
        <Field
          label={t('audit.actor')}
          name="actor"
          value={draft.actor}
          onChange={set('actor')}
          description={t('audit.actorHelp')}
        />
        <Choice
          label={t('audit.actionFamily')}
          options={[
            { key: '', label: t('audit.allActions') },
            ...ACTION_FAMILIES.map((f) => ({ key: `${f}.`, label: t(`audit.families.${f}`) })),
          ]}
          value={draft.action}
          onChange={set('action')}
        />
        <Field label={t('audit.from')} name="from" type="date" value={draft.from} onChange={set('from')} />
        <Field label={t('audit.to')} name="to" type="date" value={draft.to} onChange={set('to')} />
        <Button type="submit" variant="primary">
          {t('audit.filter')}
        </Button>
      </Form>
      <p>
        <a
          href={`/api/v1/orgs/${orgId}/audit?${queryString(filters, { format: 'csv' })}`}
          download="audit.csv"
        >
          {t('audit.export')}
        </a>
      </p>
      <ErrorMessage error={events.error} />
      {events.isPending ? (
        <Loading />
      ) : (events.data ?? []).length === 0 ? (
        <Empty>{t('audit.none')}</Empty>
      ) : (
        <table tabIndex={0}>
          <caption className="visually-hidden">{t('audit.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.sentence')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {(events.data ?? []).map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.at, i18n.language)}</td>
                <td>
                  {sentenceOf(e, t)}
                  {e.viaGrantId && (
                    <>
                      {' '}
                      <span className="tag">{t('audit.viaGrant')}</span>
                    </>
                  )}
                </td>
                <td>
                  <details>
                    <summary>
                      <code>{e.action}</code>
                    </summary>
                    <span className="muted">{e.actor}</span>{' '}
                    <code className="summary">{JSON.stringify(e.summary)}</code>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
