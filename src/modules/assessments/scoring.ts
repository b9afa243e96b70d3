import { CSF_FUNCTIONS, controlsOf, type Control, type CsfFunction, type Pack, type Tier } from './pack.js';

/** One control's answer: a score 0–4, not applicable, or a compensating measure (scores at most 3). */
export type AnswerValue =
  | { readonly kind: 'unanswered' }
  | { readonly kind: 'score'; readonly score: number }
  | { readonly kind: 'na'; readonly justification: string }
  | { readonly kind: 'compensating'; readonly score: number; readonly justification: string };

/** Answers by control id; a missing control is unanswered. */
export type AnswerMap = ReadonlyMap<string, AnswerValue>;

/** A score and the level it reaches, for a domain or a CSF function. */
export interface AreaResult {
  readonly id: string;
  /** 0–100, or null when no control in the area applies. */
  readonly score: number | null;
  /** 0–4: the highest level every essential control and the weighted mean reach; null when nothing applies. */
  readonly level: number | null;
  /** The score the organisation's tier aims at. */
  readonly target: number | null;
  readonly answered: number;
  readonly applicable: number;
  readonly total: number;
}

/** What an assessment's answers add up to. */
export interface Results {
  readonly overall: { readonly score: number | null; readonly target: number | null };
  readonly domains: AreaResult[];
  readonly functions: AreaResult[];
  /** Essential controls scoring 0 (or still unanswered, which counts as 0). */
  readonly redFlags: string[];
  readonly progress: { readonly answered: number; readonly total: number };
}

/** The score a control counts with: unanswered counts as 0 ("not in place, or unknown"); N/A does not count. */
export function effectiveScore(answer: AnswerValue | undefined): number | null {
  if (!answer) return 0;
  switch (answer.kind) {
    case 'unanswered':
      return 0;
    case 'na':
      return null;
    case 'score':
      return answer.score;
    case 'compensating':
      return Math.min(answer.score, 3);
  }
}

/** The level a tier targets for one control. */
export function targetFor(pack: Pack, tier: Tier, control: Control): number {
  const target = pack.tiers[tier];
  return control.essential ? target.essential : target.other;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function aggregate(
  id: string,
  items: readonly { control: Control; answer: AnswerValue | undefined; target: number }[],
): AreaResult {
  let weighted = 0;
  let weights = 0;
  let targetSum = 0;
  let answered = 0;
  let weakestEssential = 4;
  for (const { control, answer, target } of items) {
    if (answer && answer.kind !== 'unanswered') answered += 1;
    const s = effectiveScore(answer);
    if (s === null) continue;
    weighted += control.weight * s;
    targetSum += control.weight * target;
    weights += control.weight;
    if (control.essential) weakestEssential = Math.min(weakestEssential, s);
  }
  const base = { id, answered, total: items.length };
  if (weights === 0) return { ...base, score: null, level: null, target: null, applicable: 0 };
  const mean = weighted / weights;
  return {
    ...base,
    score: round1((100 * mean) / 4),
    // Cumulative like C2M2 levels: an average cannot hide a missing essential control.
    level: Math.min(Math.floor(mean), weakestEssential),
    target: round1((100 * targetSum) / weights / 4),
    applicable: items.filter((i) => effectiveScore(i.answer) !== null).length,
  };
}

/**
 * Scores an assessment: per domain and per CSF function (weighted by control weight), the level each
 * reaches (capped by its weakest essential control), the overall score (weighted by domain weight), the
 * tier's targets beside them, and the red flags.
 */
export function scoreAssessment(q: { pack: Pack; answers: AnswerMap; tier: Tier }): Results {
  const { pack, answers, tier } = q;
  const rows = controlsOf(pack).map(({ control, domain }) => ({
    control,
    domain,
    answer: answers.get(control.id),
    target: targetFor(pack, tier, control),
  }));
  const domains = pack.domains.map((d) =>
    aggregate(
      d.id,
      rows.filter((r) => r.domain.id === d.id),
    ),
  );
  const functions = CSF_FUNCTIONS.map((f: CsfFunction) =>
    aggregate(
      f,
      rows.filter((r) => r.control.csf === f),
    ),
  ).filter((f) => f.total > 0);
  let sum = 0;
  let targetSum = 0;
  let weights = 0;
  pack.domains.forEach((d, i) => {
    const r = domains[i];
    if (r?.score === null || r?.score === undefined || r.target === null) return;
    sum += d.weight * r.score;
    targetSum += d.weight * r.target;
    weights += d.weight;
  });
  return {
    overall: {
      score: weights === 0 ? null : round1(sum / weights),
      target: weights === 0 ? null : round1(targetSum / weights),
    },
    domains,
    functions,
    redFlags: rows
      .filter((r) => r.control.essential && effectiveScore(r.answer) === 0)
      .map((r) => r.control.id),
    progress: { answered: domains.reduce((n, d) => n + d.answered, 0), total: rows.length },
  };
}
