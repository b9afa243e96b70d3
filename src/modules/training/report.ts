import { translate, type MessageKey, type SupportedLocale } from '../../platform/i18n/index.js';
import { PdfReport } from '../../platform/pdf.js';
import { workbook } from '../../platform/xlsx.js';
import { GENDER_KEYS, type CascadeMetrics, type TrainerNode } from './analysis.js';
import { FORM_OF, formItems, type Course, type TestKind } from './course.js';

type Metrics = CascadeMetrics & { units: Record<string, string> };

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)} %`);
const num = (v: number | null) => (v === null ? '—' : String(v));

function flatten(nodes: readonly TrainerNode[], depth = 0): { node: TrainerNode; depth: number }[] {
  return nodes.flatMap((node) => [{ node, depth }, ...flatten(node.children, depth + 1)]);
}

/** The tables both report formats share, in the reader's language. */
function tables(m: Metrics, locale: SupportedLocale) {
  const w = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const unitName = (id: string) => (id === 'none' ? w('report.cascade.noUnit') : (m.units[id] ?? id));
  const gender = (g: string) => w(`gender.${g}` as MessageKey);
  return {
    w,
    figures: [
      { value: String(m.reach), caption: w('report.cascade.reach') },
      { value: String(m.trainersCertified), caption: w('report.cascade.certified') },
      { value: m.multiplier === null ? '—' : `${m.multiplier} : 1`, caption: w('report.cascade.multiplier') },
      { value: pct(m.activation), caption: w('report.cascade.activation') },
      { value: pct(m.retention), caption: w('report.cascade.retention') },
    ],
    generations: {
      columns: [
        w('report.cascade.col.generation'),
        w('report.cascade.col.sessions'),
        w('report.cascade.col.people'),
        w('report.cascade.col.pre'),
        w('report.cascade.col.post'),
        w('report.cascade.col.gain'),
        w('report.cascade.col.delayed'),
        w('report.cascade.col.retention'),
      ],
      rows: m.generations.map((g) => [
        `G${g.generation}`,
        String(g.sessions),
        String(g.reach),
        num(g.preMean),
        num(g.postMean),
        num(g.gain),
        num(g.delayedMean),
        pct(g.retention),
      ]),
    },
    gender: {
      columns: [
        w('report.cascade.col.gender'),
        ...m.generations.map((g) => `G${g.generation}`),
        w('report.cascade.col.total'),
      ],
      rows: GENDER_KEYS.filter((g) => (m.byGender[g] ?? 0) > 0).map((g) => [
        gender(g),
        ...m.generations.map((gen) => String(gen.byGender[g] ?? 0)),
        String(m.byGender[g] ?? 0),
      ]),
    },
    units: {
      columns: [
        w('report.cascade.col.unit'),
        ...m.generations.map((g) => `G${g.generation}`),
        w('report.cascade.col.total'),
      ],
      rows: Object.keys(m.byUnit)
        .sort((a, b) => unitName(a).localeCompare(unitName(b)))
        .map((u) => [
          unitName(u),
          ...m.generations.map((gen) => String(gen.byUnit[u] ?? 0)),
          String(m.byUnit[u] ?? 0),
        ]),
    },
    trainers: {
      columns: [
        w('report.cascade.col.trainer'),
        w('report.cascade.col.generation'),
        w('report.cascade.col.delivered'),
        w('report.cascade.col.trained'),
        w('report.cascade.col.downline'),
      ],
      rows: flatten(m.tree).map(({ node, depth }) => [
        `${'  '.repeat(depth)}${node.name}`,
        `G${node.generation}`,
        String(node.sessionsDelivered),
        String(node.trained),
        String(node.downline),
      ]),
    },
  };
}

/** The cascade report as a PDF: key figures, generations (with dilution), gender, units, trainers. */
export async function cascadePdf(
  m: Metrics,
  q: { locale: SupportedLocale; orgName: string; generatedOn: Date },
): Promise<Buffer> {
  const t = tables(m, q.locale);
  const { w } = t;
  const report = new PdfReport({ title: w('report.cascade.title'), lang: q.locale });
  report.title(
    w('report.cascade.title'),
    w('report.cascade.subtitle', {
      org: q.orgName,
      date: new Intl.DateTimeFormat(q.locale, { dateStyle: 'long' }).format(q.generatedOn),
    }),
  );
  report.figures(t.figures);
  report.paragraph(w('report.cascade.definitions'), { muted: true, size: 9 });
  report.heading(w('report.cascade.generations'));
  report.table(
    t.generations.columns.map((header, i) => ({ header, width: i === 0 ? 3 : 2.5 })),
    t.generations.rows,
  );
  report.bars(
    m.generations.map((g) => ({
      label: `G${g.generation}`,
      value: g.gain === null ? null : Math.round(g.gain * 100),
    })),
    { value: w('report.cascade.col.gain'), target: '' },
  );
  report.heading(w('report.cascade.gender'));
  report.table(
    t.gender.columns.map((header) => ({ header, width: 3 })),
    t.gender.rows,
  );
  report.heading(w('report.cascade.units'));
  report.table(
    t.units.columns.map((header, i) => ({ header, width: i === 0 ? 6 : 2 })),
    t.units.rows,
  );
  report.heading(w('report.cascade.trainers'));
  report.table(
    t.trainers.columns.map((header, i) => ({ header, width: i === 0 ? 8 : 3 })),
    t.trainers.rows,
  );
  return report.finish((page, of) => w('report.page', { page, of }));
}

/** The cascade measures as an XLSX workbook, one sheet per table. */
export async function cascadeXlsx(m: Metrics, q: { locale: SupportedLocale }): Promise<Buffer> {
  const t = tables(m, q.locale);
  const { w } = t;
  const sheet = (name: string, s: { columns: string[]; rows: string[][] }) => ({
    name,
    columns: s.columns.map((header) => ({ header, width: 18 })),
    rows: s.rows,
  });
  return workbook(
    [
      {
        name: w('report.cascade.figuresSheet'),
        columns: [
          { header: w('report.cascade.col.measure'), width: 50 },
          { header: w('report.cascade.col.value'), width: 14 },
        ],
        rows: t.figures.map((f) => [f.caption, f.value]),
      },
      sheet(w('report.cascade.generations'), t.generations),
      sheet(w('report.cascade.gender'), t.gender),
      sheet(w('report.cascade.units'), t.units),
      sheet(w('report.cascade.trainers'), t.trainers),
    ],
    { title: w('report.cascade.title') },
  );
}

/** A test to print for a session without phones or connection: name line, then each question with boxes. */
export async function testFormPdf(course: Course, kind: TestKind, locale: SupportedLocale): Promise<Buffer> {
  const w = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  const title = `${w(`learn.test.${kind}`)} — ${course.title[locale]} ${course.version}`;
  const report = new PdfReport({ title, lang: locale });
  report.title(title, w('report.paper.instructions'));
  report.paragraph(w('report.paper.name'));
  report.paragraph(w('report.paper.date'));
  formItems(course, FORM_OF[kind]).forEach((item, n) => {
    report.heading(`${n + 1}. ${item.stem[locale]}`);
    item.options.forEach((option, i) =>
      report.paragraph(`☐  ${String.fromCharCode(65 + i)}. ${option[locale]}`),
    );
  });
  return report.finish((page, of) => w('report.page', { page, of }));
}
