import type { Locale } from '../identity/index.js';
import type { SourcedItem } from '../roadmap/index.js';
import type { Assessment } from './model.js';
import { controlsOf, type Pack } from './pack.js';
import type { Gap } from './priority.js';

const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000).toISOString().slice(0, 10);

const BUCKET_WORDS: Readonly<Record<Locale, Record<Gap['bucket'], string>>> = {
  en: { quick_win: 'Quick win', before_polling_day: 'Before polling day', next_cycle: 'Next cycle' },
  es: {
    quick_win: 'Victoria rápida',
    before_polling_day: 'Antes de la votación',
    next_cycle: 'Próximo ciclo',
  },
  fr: { quick_win: 'Gain rapide', before_polling_day: 'Avant le scrutin', next_cycle: 'Prochain cycle' },
};

const LINES: Readonly<Record<Locale, (g: Gap, title: string) => string[]>> = {
  en: (g, title) => [
    `From the assessment "${title}": raise ${g.controlId} from level ${g.current} to ${g.target}.`,
    ...(g.compensateBeforeElection
      ? [`Cannot be in place before polling day: compensate with ${g.fallback.join(', ')}.`]
      : []),
  ],
  es: (g, title) => [
    `De la evaluación «${title}»: elevar ${g.controlId} del nivel ${g.current} al ${g.target}.`,
    ...(g.compensateBeforeElection
      ? [`No estará listo antes de la votación: compensar con ${g.fallback.join(', ')}.`]
      : []),
  ],
  fr: (g, title) => [
    `Issu de l'évaluation « ${title} » : faire passer ${g.controlId} du niveau ${g.current} au niveau ${g.target}.`,
    ...(g.compensateBeforeElection
      ? [`Ne peut être en place avant le scrutin : compenser par ${g.fallback.join(', ')}.`]
      : []),
  ],
};

/**
 * Turns chosen gaps into roadmap actions, written in the language of the person who sends them: priority
 * P1 for essential controls due before polling day, P2 for other work before it, P3 for the next cycle; a
 * due date from the control's lead time, never after polling day.
 */
export function roadmapItemsFor(q: {
  assessment: Assessment;
  pack: Pack;
  gaps: readonly Gap[];
  locale: Locale;
  today: Date;
  pollingDay: string | null;
}): SourcedItem[] {
  const byId = new Map(controlsOf(q.pack).map((c) => [c.control.id, c]));
  return q.gaps.flatMap((g) => {
    const entry = byId.get(g.controlId);
    if (!entry) return [];
    const soon = g.bucket !== 'next_cycle';
    let dueOn = soon ? addDays(q.today, Math.max(g.leadTimeDays, 7)) : null;
    if (dueOn && q.pollingDay && dueOn > q.pollingDay) dueOn = q.pollingDay;
    return [
      {
        originKey: `assessment:${q.assessment.id}:${g.controlId}`,
        origin: { assessmentId: q.assessment.id, controlId: g.controlId, packId: q.pack.id },
        title: `${g.controlId} — ${entry.control.text[q.locale]}`.slice(0, 300),
        description: [
          ...LINES[q.locale](g, q.assessment.title),
          `${BUCKET_WORDS[q.locale][g.bucket]} · P = ${g.priority}`,
        ].join('\n'),
        area: entry.domain.title[q.locale].slice(0, 100),
        priority: soon ? (g.essential ? 'P1' : 'P2') : 'P3',
        horizon: soon ? 'before_next_election' : 'medium',
        dueOn,
        donorFundable: g.donorFundable,
      },
    ];
  });
}
