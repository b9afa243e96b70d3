import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Form, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useCanWrite, useMe } from '../../session';
import { ScoreTable } from '../../ui/charts';
import { Button, Choice, Field, submitWith } from '../../ui/fields';
import { Empty, ErrorMessage, Loading } from '../../ui/feedback';
import { formatDate, formatNumber, todayIso } from '../../ui/format';
import { NewItem } from './new-item';
import { SOURCES, STATUSES, type Directory, type ItemSummary, type Status } from './types';

interface Filters {
  status: Status | 'any';
  source: (typeof SOURCES)[number] | 'any';
  q: string;
  sort: 'due' | 'priority' | 'updated';
}
const NO_FILTERS: Filters = { status: 'any', source: 'any', q: '', sort: 'due' };
const PAGE = 100;

/** The roadmap: dashboard, then the items as a board, a table, a timeline, or the person's own. */
export function RoadmapPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const canWrite = useCanWrite(orgId, 'roadmap');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [limit, setLimit] = useState(PAGE);
  const query = {
    sort: filters.sort,
    limit,
    ...(filters.status !== 'any' && { status: filters.status }),
    ...(filters.source !== 'any' && { source: filters.source }),
    ...(filters.q.trim() && { q: filters.q.trim() }),
  };
  const items = useQuery({
    queryKey: ['roadmap-items', orgId, query],
    queryFn: () =>
      call(api.GET('/api/v1/orgs/{orgId}/roadmap/items', { params: { path: { orgId }, query } })),
  });
  const directory = useQuery({
    queryKey: ['roadmap-directory', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/roadmap/directory', { params: { path: { orgId } } })),
  });
  const list = items.data?.items ?? [];
  const lang = i18n.language;
  return (
    <>
      <h1>{t('roadmap.title')}</h1>
      <p>{t('roadmap.intro')}</p>
      <p>
        <Link to="/o/$orgId/roadmap/missions" params={{ orgId }}>
          {t('roadmap.missionsLink')}
        </Link>{' '}
        ·{' '}
        <Link to="/o/$orgId/roadmap/plan" params={{ orgId }}>
          {t('roadmap.planLink')}
        </Link>
      </p>
      <DashboardPanel orgId={orgId} />
      <p>
        {t('common.labelled', { label: t('roadmap.export') })}{' '}
        <a href={`/api/v1/orgs/${orgId}/roadmap/report.pdf?lang=${lang}`}>{t('roadmap.pdf')}</a> ·{' '}
        <a href={`/api/v1/orgs/${orgId}/roadmap/report.xlsx?lang=${lang}`}>{t('roadmap.xlsx')}</a>
      </p>
      <FilterBar
        orgId={orgId}
        filters={filters}
        onChange={(f) => {
          setFilters(f);
          setLimit(PAGE);
        }}
      />
      <ErrorMessage error={items.error} />
      {items.isPending ? (
        <Loading />
      ) : (
        <Tabs>
          <TabList aria-label={t('roadmap.viewsLabel')} className="domain-nav">
            {(['board', 'table', 'timeline', 'mine'] as const).map((v) => (
              <Tab key={v} id={v} className="button">
                {t(`roadmap.views.${v}`)}
              </Tab>
            ))}
          </TabList>
          <p className="muted" role="status">
            {t('roadmap.count', {
              shown: formatNumber(list.length, lang),
              total: formatNumber(items.data?.total ?? 0, lang),
            })}
          </p>
          {list.length === 0 && (
            <Empty>
              {JSON.stringify(filters) === JSON.stringify(NO_FILTERS)
                ? t('roadmap.empty')
                : t('roadmap.emptyFiltered')}
            </Empty>
          )}
          <TabPanel id="board">
            <Board orgId={orgId} items={list} canWrite={canWrite} />
          </TabPanel>
          <TabPanel id="table">
            <ItemTable orgId={orgId} items={list} directory={directory.data} />
          </TabPanel>
          <TabPanel id="timeline">
            <Timeline orgId={orgId} items={list} />
          </TabPanel>
          <TabPanel id="mine">
            <Mine orgId={orgId} directory={directory.data} />
          </TabPanel>
        </Tabs>
      )}
      {(items.data?.total ?? 0) > list.length && (
        <Button onPress={() => setLimit((n) => n + PAGE)}>{t('roadmap.more')}</Button>
      )}
      {canWrite && <NewItem orgId={orgId} directory={directory.data} />}
    </>
  );
}

function DashboardPanel({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const dash = useQuery({
    queryKey: ['roadmap-dashboard', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/roadmap/dashboard', { params: { path: { orgId } } })),
  });
  if (!dash.data) return <ErrorMessage error={dash.error} />;
  const total = dash.data.byStatus.reduce((n, s) => n + s.count, 0);
  if (total === 0) return null;
  const done = dash.data.byStatus.find((s) => s.status === 'done')?.count ?? 0;
  const share = (rows: { key: string; status: Status; count: number }[]) => {
    const by = new Map<string, { done: number; all: number }>();
    for (const r of rows) {
      const e = by.get(r.key) ?? { done: 0, all: 0 };
      e.all += r.count;
      if (r.status === 'done') e.done += r.count;
      by.set(r.key, e);
    }
    return [...by].map(([key, e]) => ({ key, done: Math.round((100 * e.done) / e.all), all: e.all }));
  };
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <section aria-labelledby="roadmap-dashboard">
      <h2 id="roadmap-dashboard" className="visually-hidden">
        {t('roadmap.total')}
      </h2>
      <ul className="figures">
        <li>
          <strong>{n(total)}</strong> {t('roadmap.total')}
        </li>
        <li>
          <strong>{n(Math.round((100 * done) / total))}%</strong> {t('roadmap.doneShare')}
        </li>
        <li>
          <strong className={dash.data.overdue > 0 ? 'overdue' : ''}>{n(dash.data.overdue)}</strong>{' '}
          {t('roadmap.overdue')}
        </li>
        <li>
          <strong>{n(dash.data.dueSoon)}</strong> {t('roadmap.dueSoon')}
        </li>
      </ul>
      <ScoreTable
        caption={t('roadmap.byArea')}
        areaHeader={t('roadmap.area')}
        scoreHeader={t('roadmap.doneColumn')}
        rows={share(dash.data.byArea.map((r) => ({ key: r.area, status: r.status, count: r.count }))).map(
          (r) => ({
            key: r.key || 'none',
            label: `${r.key ? t(`roadmap.areas.${r.key}`) : t('roadmap.noArea')} (${n(r.all)})`,
            score: r.done,
            target: null,
          }),
        )}
      />
      <ScoreTable
        caption={t('roadmap.bySource')}
        areaHeader={t('roadmap.source')}
        scoreHeader={t('roadmap.doneColumn')}
        rows={share(dash.data.bySource.map((r) => ({ key: r.source, status: r.status, count: r.count }))).map(
          (r) => ({
            key: r.key,
            label: `${t(`roadmap.sources.${r.key}`)} (${n(r.all)})`,
            score: r.done,
            target: null,
          }),
        )}
      />
    </section>
  );
}

const VIEWS_KEY = 'atalaya.roadmap.views';

function FilterBar({
  orgId,
  filters,
  onChange,
}: {
  orgId: string;
  filters: Filters;
  onChange: (f: Filters) => void;
}) {
  const { t } = useTranslation();
  const storageKey = `${VIEWS_KEY}.${orgId}`;
  const [views, setViews] = useState<{ name: string; filters: Filters }[]>(() => {
    try {
      return JSON.parse(localStorage.getItem(storageKey) ?? '[]') as { name: string; filters: Filters }[];
    } catch {
      return [];
    }
  });
  const [name, setName] = useState('');
  const store = (next: typeof views) => {
    setViews(next);
    localStorage.setItem(storageKey, JSON.stringify(next));
  };
  return (
    <section className="panel" aria-labelledby="filters-title">
      <h2 id="filters-title">{t('roadmap.filters')}</h2>
      <div className="toolbar">
        <Choice
          label={t('roadmap.status')}
          options={[
            { key: 'any', label: t('roadmap.anyStatus') },
            ...STATUSES.map((s) => ({ key: s, label: t(`roadmap.statuses.${s}`) })),
          ]}
          value={filters.status}
          onChange={(status) => onChange({ ...filters, status })}
        />
        <Choice
          label={t('roadmap.source')}
          options={[
            { key: 'any', label: t('roadmap.anySource') },
            ...SOURCES.map((s) => ({ key: s, label: t(`roadmap.sources.${s}`) })),
          ]}
          value={filters.source}
          onChange={(source) => onChange({ ...filters, source })}
        />
        <Field
          label={t('roadmap.search')}
          name="q"
          type="search"
          value={filters.q}
          onChange={(q) => onChange({ ...filters, q })}
          maxLength={200}
        />
        <Choice
          label={t('roadmap.sort')}
          options={(['due', 'priority', 'updated'] as const).map((s) => ({
            key: s,
            label: t(`roadmap.sorts.${s}`),
          }))}
          value={filters.sort}
          onChange={(sort) => onChange({ ...filters, sort })}
        />
      </div>
      <h3>{t('roadmap.savedViews')}</h3>
      <p className="muted">{t('roadmap.savedViewsHelp')}</p>
      {views.length === 0 ? (
        <p>{t('roadmap.noSavedViews')}</p>
      ) : (
        <ul className="domain-nav">
          {views.map((v) => (
            <li key={v.name}>
              <Button
                onPress={() => onChange(v.filters)}
                aria-label={t('roadmap.applyView', { name: v.name })}
              >
                {v.name}
              </Button>
              <Button
                variant="danger"
                onPress={() => store(views.filter((x) => x.name !== v.name))}
                aria-label={t('roadmap.deleteView', { name: v.name })}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Form
        className="form form-inline"
        onSubmit={submitWith(() => {
          if (!name.trim()) return;
          store([...views.filter((v) => v.name !== name.trim()), { name: name.trim(), filters }]);
          setName('');
        })}
      >
        <Field label={t('roadmap.viewName')} name="viewName" value={name} onChange={setName} maxLength={60} />
        <Button type="submit">{t('roadmap.saveView')}</Button>
      </Form>
    </section>
  );
}

/** Moves an item to another status; the version read guards against concurrent edits. */
function useMove(orgId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (q: { item: ItemSummary; status: Status }) =>
      call(
        api.POST('/api/v1/orgs/{orgId}/roadmap/items/{itemId}/status', {
          params: { path: { orgId, itemId: q.item.id } },
          body: {
            version: q.item.version,
            status: q.status,
          },
        }),
      ),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: ['roadmap-items', orgId] });
      await client.invalidateQueries({ queryKey: ['roadmap-dashboard', orgId] });
    },
  });
}

function Board({ orgId, items, canWrite }: { orgId: string; items: ItemSummary[]; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const move = useMove(orgId);
  return (
    <>
      <ErrorMessage error={move.error} />
      <div className="board">
        {STATUSES.map((status) => {
          const column = items.filter((i) => i.status === status);
          return (
            <section key={status} className="board-column" aria-labelledby={`col-${status}`}>
              <h3 id={`col-${status}`}>
                {t(`roadmap.statuses.${status}`)} ({formatNumber(column.length, i18n.language)})
              </h3>
              <ul>
                {column.map((item) => (
                  <li key={item.id} className="board-card">
                    <Link to="/o/$orgId/roadmap/$itemId" params={{ orgId, itemId: item.id }}>
                      {item.title}
                    </Link>
                    <div className="muted">
                      {item.priority} · {t(`roadmap.sources.${item.source}`)}
                      {item.dueOn && ` · ${formatDate(item.dueOn, i18n.language)}`}
                    </div>
                    {canWrite &&
                      item.nextStatuses
                        .filter((next) => next !== 'rejected')
                        .map((next) => (
                          <Button
                            key={next}
                            isDisabled={move.isPending}
                            onPress={() => move.mutate({ item, status: next })}
                            aria-label={t('roadmap.moveLabel', {
                              title: item.title,
                              status: t(`roadmap.statuses.${next}`),
                            })}
                          >
                            → {t(`roadmap.statuses.${next}`)}
                          </Button>
                        ))}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </>
  );
}

function ItemTable({
  orgId,
  items,
  directory,
}: {
  orgId: string;
  items: ItemSummary[];
  directory: Directory | undefined;
}) {
  const { t, i18n } = useTranslation();
  const today = todayIso();
  const people = new Map((directory?.people ?? []).map((p) => [p.id, p.name]));
  if (items.length === 0) return null;
  return (
    <table tabIndex={0}>
      <thead>
        <tr>
          <th scope="col">{t('roadmap.itemTitle')}</th>
          <th scope="col">{t('roadmap.source')}</th>
          <th scope="col">{t('roadmap.area')}</th>
          <th scope="col">{t('roadmap.priority')}</th>
          <th scope="col">{t('roadmap.status')}</th>
          <th scope="col">{t('roadmap.dueOn')}</th>
          <th scope="col">{t('roadmap.owner')}</th>
          <th scope="col">{t('roadmap.latestGrade')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id}>
            <th scope="row">
              <Link to="/o/$orgId/roadmap/$itemId" params={{ orgId, itemId: i.id }}>
                {i.title}
              </Link>
            </th>
            <td>{t(`roadmap.sources.${i.source}`)}</td>
            <td>{i.area ? t(`roadmap.areas.${i.area}`) : '—'}</td>
            <td>
              {i.priority}
              {i.priorityFlag && ' ★'}
            </td>
            <td>{t(`roadmap.statuses.${i.status}`)}</td>
            <td
              className={
                i.dueOn && i.dueOn < today && i.status !== 'done' && i.status !== 'rejected' ? 'overdue' : ''
              }
            >
              {i.dueOn ? formatDate(i.dueOn, i18n.language) : t('roadmap.noDue')}
            </td>
            <td>{(i.ownerUserId && people.get(i.ownerUserId)) ?? ''}</td>
            <td>{i.latestGrade ? t(`roadmap.grades.${i.latestGrade}`) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Timeline({ orgId, items }: { orgId: string; items: ItemSummary[] }) {
  const { t, i18n } = useTranslation();
  const today = todayIso();
  const month = new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const groups = new Map<string, ItemSummary[]>();
  for (const item of [...items].sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'))) {
    const key = item.dueOn ? item.dueOn.slice(0, 7) : 'none';
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return (
    <ol className="timeline">
      {[...groups].map(([key, group]) => (
        <li key={key}>
          <h3>{key === 'none' ? t('roadmap.noDue') : month.format(new Date(`${key}-01T00:00:00Z`))}</h3>
          <ul>
            {group.map((i) => {
              const late =
                i.dueOn !== null && i.dueOn < today && i.status !== 'done' && i.status !== 'rejected';
              return (
                <li key={i.id}>
                  {i.dueOn && (
                    <span className={late ? 'overdue' : ''}>{formatDate(i.dueOn, i18n.language)} </span>
                  )}
                  <Link to="/o/$orgId/roadmap/$itemId" params={{ orgId, itemId: i.id }}>
                    {i.title}
                  </Link>{' '}
                  — {t(`roadmap.statuses.${i.status}`)}
                  {late && <span className="tag tag-alert">{t('roadmap.overdueTag')}</span>}
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function Mine({ orgId, directory }: { orgId: string; directory: Directory | undefined }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const mine = useQuery({
    queryKey: ['roadmap-items', orgId, 'mine', me?.id],
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/roadmap/items', {
          params: {
            path: { orgId },
            query: { owner: me?.id ?? '', status: 'accepted,planned,in_progress' },
          },
        }),
      ),
    enabled: me !== undefined && me !== null,
  });
  if (!mine.data) return <ErrorMessage error={mine.error} />;
  return mine.data.items.length === 0 ? (
    <Empty>{t('roadmap.mineEmpty')}</Empty>
  ) : (
    <ItemTable orgId={orgId} items={mine.data.items} directory={directory} />
  );
}
