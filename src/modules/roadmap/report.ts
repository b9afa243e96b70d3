import { translate, type SupportedLocale } from '../../platform/i18n/index.js';
import { PdfReport } from '../../platform/pdf.js';
import { workbook } from '../../platform/xlsx.js';
import type { Directory } from '../identity/index.js';
import type { ItemSummary } from './model.js';
import type { RoadmapService } from './service.js';
import { areaName } from './vocabulary.js';

/** What a roadmap report shows: the items, the dashboard counts, and names for owners. */
export interface RoadmapReportInput {
  readonly items: readonly ItemSummary[];
  readonly dashboard: Awaited<ReturnType<RoadmapService['dashboard']>>;
  readonly directory: Directory;
}

function rowsOf(input: RoadmapReportInput, locale: SupportedLocale) {
  const w = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const people = new Map(input.directory.people.map((p) => [p.id, p.name]));
  const units = new Map(input.directory.units.map((u) => [u.id, u.name]));
  return input.items.map((i) => ({
    title: i.title,
    source: w(`report.source.${i.source}`),
    area: areaName(i.area, locale),
    priority: `${i.priority}${i.priorityFlag ? ' ★' : ''}`,
    status: w(`report.itemStatus.${i.status}`),
    due: i.dueOn ?? '',
    owner: [i.ownerUserId && people.get(i.ownerUserId), i.ownerUnitId && units.get(i.ownerUnitId)]
      .filter(Boolean)
      .join(' · '),
    grade: i.latestGrade ? w(`report.grade.${i.latestGrade}`) : '',
    kind: i.kind,
    horizon: i.horizon,
    fundable: i.donorFundable ? w('report.yes') : w('report.no'),
  }));
}

/** The roadmap as a workbook, one row per item. */
export function roadmapXlsx(input: RoadmapReportInput, locale: SupportedLocale): Promise<Buffer> {
  const w = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const rows = rowsOf(input, locale);
  return workbook(
    [
      {
        name: w('report.sheet.items'),
        columns: [
          { header: w('report.col.title'), width: 60 },
          { header: w('report.col.source'), width: 26 },
          { header: w('report.col.area'), width: 24 },
          { header: w('report.col.priority'), width: 10 },
          { header: w('report.col.status'), width: 16 },
          { header: w('report.col.due'), width: 12 },
          { header: w('report.col.owner'), width: 26 },
          { header: w('report.col.grade'), width: 22 },
          { header: w('report.col.horizon'), width: 20 },
          { header: w('report.col.fundable'), width: 14 },
        ],
        rows: rows.map((r) => [
          r.title,
          r.source,
          r.area,
          r.priority,
          r.status,
          r.due,
          r.owner,
          r.grade,
          r.horizon,
          r.fundable,
        ]),
      },
    ],
    { title: w('report.roadmap.title') },
  );
}

/** The roadmap as a PDF: counts, implementation by area, and every item by due date. */
export function roadmapPdf(input: RoadmapReportInput, locale: SupportedLocale, now: Date): Promise<Buffer> {
  const w = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate(locale, key, params);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const { dashboard } = input;
  const total = dashboard.byStatus.reduce((n, s) => n + s.count, 0);
  const report = new PdfReport({ title: w('report.roadmap.title'), lang: locale });
  report.title(w('report.roadmap.title'), w('report.generated', { date: date.format(now) }));
  report.paragraph(
    w('report.roadmap.counts', { total, overdue: dashboard.overdue, soon: dashboard.dueSoon }),
  );
  report.heading(w('report.roadmap.byStatus'));
  report.figures(
    dashboard.byStatus.map((s) => ({ value: `${s.count}`, caption: w(`report.itemStatus.${s.status}`) })),
  );
  const areas = new Map<string, { done: number; all: number }>();
  for (const row of dashboard.byArea) {
    const entry = areas.get(row.area) ?? { done: 0, all: 0 };
    entry.all += row.count;
    if (row.status === 'done') entry.done += row.count;
    areas.set(row.area, entry);
  }
  report.heading(w('report.roadmap.byArea'));
  report.bars(
    [...areas].map(([area, c]) => ({
      label: areaName(area, locale) || '—',
      value: Math.round((100 * c.done) / c.all),
    })),
    { value: '%', target: '' },
  );
  report.heading(w('report.roadmap.items'));
  const rows = rowsOf(input, locale);
  if (rows.length === 0) report.paragraph(w('report.roadmap.noItems'));
  else
    report.table(
      [
        { header: w('report.col.title'), width: 10 },
        { header: w('report.col.source'), width: 4 },
        { header: w('report.col.priority'), width: 2 },
        { header: w('report.col.status'), width: 3 },
        { header: w('report.col.due'), width: 3 },
        { header: w('report.col.owner'), width: 4 },
        { header: w('report.col.grade'), width: 3.5 },
      ],
      rows.map((r) => [r.title, r.source, r.priority, r.status, r.due, r.owner, r.grade]),
    );
  return report.finish((page, of) => w('report.page', { page, of }));
}
