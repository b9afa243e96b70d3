import { translate, type SupportedLocale } from '../../platform/i18n/index.js';
import { PdfReport } from '../../platform/pdf.js';
import { workbook } from '../../platform/xlsx.js';
import type { AnswerRecord, Assessment } from './model.js';
import { controlsOf, type Pack } from './pack.js';
import type { Gap } from './priority.js';
import type { ResultsView } from './service.js';

/** Everything a report shows: the assessment, its pack, and what the answers add up to. */
export type ReportInput = ResultsView & {
  readonly assessment: Assessment;
  readonly pack: Pack;
  /** Printed on the title page: whose assessment this is. */
  readonly orgName: string;
  /** The organisation's time zone, which the report's dates are in. */
  readonly timeZone: string;
};

type Words = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => string;

const wordsFor =
  (locale: SupportedLocale): Words =>
  (key, params) =>
    translate(locale, key, params);

/** An answer in words: "2 · Defined", "N/A", "Compensating (2 · Defined)". */
function answerText(w: Words, a: AnswerRecord | undefined, level?: (score: number) => string): string {
  if (!a || a.kind === 'unanswered') return w('report.answer.unanswered');
  if (a.kind === 'na') return w('report.answer.na');
  const score = level ? level(a.score ?? 0) : String(a.score ?? 0);
  if (a.kind === 'compensating') return w('report.answer.compensating', { score });
  return w('report.answer.score', { score });
}

function gapNotes(w: Words, g: Gap): string {
  return [
    g.compensateBeforeElection
      ? g.fallback.length > 0
        ? w('report.compensate', { fallback: g.fallback.join(', ') })
        : w('report.notReady')
      : '',
    g.donorFundable ? w('report.fundable') : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** The assessment as a workbook: summary, every answer, the prioritised gaps, the CSF view. */
export function assessmentXlsx(input: ReportInput, locale: SupportedLocale): Promise<Buffer> {
  const w = wordsFor(locale);
  const { assessment, pack, results, gaps } = input;
  const answers = new Map(assessment.answers.map((a) => [a.controlId, a]));
  const domainTitle = new Map(pack.domains.map((d) => [d.id, d.title[locale]]));
  return workbook(
    [
      {
        name: w('report.sheet.summary'),
        columns: [
          { header: w('report.col.domain'), width: 40 },
          { header: w('report.col.score') },
          { header: w('report.col.target') },
          { header: w('report.col.level') },
          { header: w('report.col.answered') },
          { header: w('report.col.applicable') },
        ],
        rows: [
          [
            w('report.overall'),
            results.overall.score,
            results.overall.target,
            null,
            results.progress.answered,
            null,
          ],
          ...results.domains.map((d) => [
            domainTitle.get(d.id) ?? d.id,
            d.score,
            d.target,
            d.level,
            d.answered,
            d.applicable,
          ]),
        ],
      },
      {
        name: w('report.sheet.answers'),
        columns: [
          { header: w('report.col.control'), width: 10 },
          { header: w('report.col.domain'), width: 28 },
          { header: w('report.col.text'), width: 70 },
          { header: w('report.col.function'), width: 10 },
          { header: w('report.col.phase'), width: 8 },
          { header: w('report.col.essential'), width: 10 },
          { header: w('report.col.answer'), width: 16 },
          { header: w('report.col.score'), width: 8 },
          { header: w('report.col.justification'), width: 40 },
          { header: w('report.col.comment'), width: 40 },
          { header: w('report.col.review'), width: 10 },
          { header: w('report.col.evidence'), width: 30 },
        ],
        rows: controlsOf(pack).map(({ control, domain }) => {
          const a = answers.get(control.id);
          return [
            control.id,
            domain.title[locale],
            control.text[locale],
            control.csf,
            control.phase,
            control.essential ? w('report.yes') : w('report.no'),
            answerText(w, a),
            a?.score ?? null,
            a?.justification ?? '',
            a?.comment ?? '',
            a?.review ? w('report.yes') : w('report.no'),
            (a?.evidence ?? []).map((e) => e.filename).join(', '),
          ];
        }),
      },
      {
        name: w('report.sheet.gaps'),
        columns: [
          { header: w('report.col.control'), width: 10 },
          { header: w('report.col.domain'), width: 28 },
          { header: w('report.col.priority'), width: 10 },
          { header: w('report.col.gap'), width: 14 },
          { header: w('report.col.bucket'), width: 20 },
          { header: w('report.col.effort'), width: 8 },
          { header: w('report.col.fundable'), width: 14 },
          { header: w('report.col.notes'), width: 50 },
        ],
        rows: gaps.map((g) => [
          g.controlId,
          domainTitle.get(g.domainId) ?? g.domainId,
          g.priority,
          `${g.current} → ${g.target}`,
          w(`report.bucket.${g.bucket}`),
          g.effort,
          g.donorFundable ? w('report.yes') : w('report.no'),
          gapNotes(w, g),
        ]),
      },
      {
        name: w('report.sheet.functions'),
        columns: [
          { header: w('report.col.function'), width: 20 },
          { header: w('report.col.score') },
          { header: w('report.col.target') },
          { header: w('report.col.level') },
        ],
        rows: results.functions.map((f) => [
          `${f.id} — ${w(`report.csf.${f.id as 'GV'}`)}`,
          f.score,
          f.target,
          f.level,
        ]),
      },
    ],
    { title: assessment.title },
  );
}

/** The assessment as a print-quality PDF: key figures, charts, red flags, the gaps and every answer. */
export function assessmentPdf(input: ReportInput, locale: SupportedLocale, now: Date): Promise<Buffer> {
  const w = wordsFor(locale);
  const { assessment, pack, results, gaps } = input;
  const domainTitle = new Map(pack.domains.map((d) => [d.id, d.title[locale]]));
  const controls = new Map(controlsOf(pack).map((c) => [c.control.id, c.control]));
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const generated = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: input.timeZone });
  // Numbers as the reader writes them: "34,3" in Spanish and French.
  const num = (v: number | null) =>
    v === null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(v);
  const level = (score: number) => `${score} · ${pack.scale[score]?.label[locale] ?? ''}`;
  const provisional = results.progress.answered < results.progress.total;
  const report = new PdfReport({ title: assessment.title, lang: locale });
  report.title(
    assessment.title,
    [
      input.orgName,
      w('report.assessment.title'),
      w('report.assessment.subtitle', {
        pack: pack.title[locale],
        version: pack.version,
        tier: assessment.tier,
        status: w(`report.status.${assessment.status}`),
      }),
      w('report.generated', { date: generated.format(now) }),
    ]
      .filter(Boolean)
      .join('\n'),
  );
  if (provisional)
    report.paragraph(
      w('report.provisional', {
        answered: num(results.progress.answered),
        total: num(results.progress.total),
        share: num(Math.round((100 * results.progress.answered) / results.progress.total)),
      }),
    );
  report.figures([
    {
      value: num(results.overall.score),
      caption: w(provisional ? 'report.overallProvisional' : 'report.overall'),
    },
    {
      value: num(results.overall.target),
      caption: w('report.target', { tier: assessment.tier }),
    },
    { value: `${results.progress.answered}/${results.progress.total}`, caption: w('report.answered') },
    { value: `${results.redFlags.length}`, caption: w('report.redFlagCount') },
  ]);
  report.paragraph(
    input.pollingDay && input.daysToPolling !== null
      ? w('report.pollingDay', {
          date: date.format(new Date(`${input.pollingDay}T00:00:00Z`)),
          days: input.daysToPolling,
        })
      : w('report.noPollingDay'),
    { muted: true },
  );
  const legend = { value: w('report.legend.score'), target: w('report.legend.target') };
  report.heading(w('report.domains'));
  report.bars(
    results.domains.map((d) => ({ label: domainTitle.get(d.id) ?? d.id, value: d.score, target: d.target })),
    legend,
  );
  report.heading(w('report.functions'));
  report.bars(
    results.functions.map((f) => ({
      label: `${f.id} — ${w(`report.csf.${f.id as 'GV'}`)}`,
      value: f.score,
      target: f.target,
    })),
    legend,
  );
  report.heading(w('report.redFlags'));
  if (results.redFlags.length === 0) report.paragraph(w('report.noRedFlags'));
  for (const id of results.redFlags) report.paragraph(`${id} — ${controls.get(id)?.text[locale] ?? ''}`);
  report.heading(w('report.gaps'));
  if (gaps.length === 0) report.paragraph(w('report.noGaps'));
  else
    report.table(
      [
        { header: w('report.col.control'), width: 3 },
        { header: w('report.col.text'), width: 11 },
        { header: w('report.col.priority'), width: 3.2 },
        { header: w('report.col.gap'), width: 3 },
        { header: w('report.col.bucket'), width: 3.6 },
        { header: w('report.col.notes'), width: 5.6 },
      ],
      gaps.map((g) => [
        g.controlId,
        controls.get(g.controlId)?.text[locale] ?? '',
        num(g.priority),
        `${g.current} → ${g.target}`,
        w(`report.bucket.${g.bucket}`),
        gapNotes(w, g),
      ]),
    );
  const answers = new Map(assessment.answers.map((a) => [a.controlId, a]));
  report.heading(w('report.answers'));
  report.table(
    [
      { header: w('report.col.control'), width: 3 },
      { header: w('report.col.text'), width: 12 },
      { header: w('report.col.answer'), width: 3.4 },
      { header: w('report.col.comment'), width: 8 },
    ],
    controlsOf(pack).map(({ control }) => {
      const a = answers.get(control.id);
      const files = (a?.evidence ?? []).map((e) => e.filename).join(', ');
      return [
        `${control.id}${control.essential ? ' ★' : ''}`,
        control.text[locale],
        answerText(w, a, level),
        [a?.justification, a?.comment, files && w('report.evidenceFiles', { files })]
          .filter(Boolean)
          .join(' — '),
      ];
    }),
  );
  report.paragraph(pack.provenance[locale], { muted: true, size: 8 });
  return report.finish((page, of) => w('report.page', { page, of }));
}
