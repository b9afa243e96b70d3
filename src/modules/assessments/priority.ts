import { controlsOf, type Effort, type Pack, type PhaseTag, type Tier } from './pack.js';
import { effectiveScore, targetFor, type AnswerMap } from './scoring.js';

/** Where a gap lands on the roadmap. */
export type Bucket = 'quick_win' | 'before_polling_day' | 'next_cycle';

/** One control below its target, with its priority and what to do about it. */
export interface Gap {
  readonly controlId: string;
  readonly domainId: string;
  readonly current: number;
  /** Not answered yet: counted as 0 until someone answers it, which may close the gap. */
  readonly unanswered: boolean;
  readonly target: number;
  readonly gap: number;
  readonly priority: number;
  readonly urgency: number;
  readonly effort: Effort;
  readonly essential: boolean;
  readonly leadTimeDays: number;
  readonly bucket: Bucket;
  /** Cannot be in place before polling day: compensate with the fallback controls meanwhile. */
  readonly compensateBeforeElection: boolean;
  readonly fallback: string[];
  readonly donorFundable: boolean;
  readonly dependsOn: string[];
}

const EFFORT_FACTOR: Readonly<Record<Effort, number>> = { S: 1, M: 2, L: 3 };

/**
 * Urgency from the control's phase tag and the days to polling day (`null` when the calendar has none;
 * negative once polling day has passed). POST controls matter most in the 60 days after polling day; past
 * that window they weigh like continuous ones.
 */
export function urgency(phase: PhaseTag, daysToPolling: number | null): number {
  const before = daysToPolling !== null && daysToPolling >= 0;
  const t = daysToPolling ?? Number.POSITIVE_INFINITY;
  switch (phase) {
    case 'PRE':
      if (!before) return 1;
      return t <= 90 ? 2 : t <= 180 ? 1.5 : 1;
    case 'ED':
      return before && t <= 60 ? 2 : 1.2;
    case 'POST':
      if (daysToPolling === null || before) return 0.8;
      return daysToPolling >= -60 ? 1.5 : 1;
    case 'CONT':
      return 1;
  }
}

function bucketOf(q: {
  effort: Effort;
  leadTimeDays: number;
  phase: PhaseTag;
  daysToPolling: number | null;
}): Bucket {
  const { effort, leadTimeDays, phase, daysToPolling } = q;
  const fitsBeforePolling = daysToPolling !== null && daysToPolling >= 0 && leadTimeDays <= daysToPolling;
  if (
    effort === 'S' &&
    leadTimeDays <= 30 &&
    (daysToPolling === null || daysToPolling < 0 || fitsBeforePolling)
  )
    return 'quick_win';
  if (fitsBeforePolling && phase !== 'POST') return 'before_polling_day';
  return 'next_cycle';
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The prioritised list of gaps (reference/assessment.md §3.3):
 * `P = gap × weight × urgency × risk_boost ÷ effort`, where risk_boost is 1.5 for a domain whose process the
 * risk register rates high. Highest priority first; ties go to essential controls, then the larger gap, then
 * pack order by id, so the same answers always give the same list.
 */
export function prioritise(q: {
  pack: Pack;
  answers: AnswerMap;
  tier: Tier;
  daysToPolling: number | null;
  highRiskDomains?: readonly string[];
  effortOverrides?: ReadonlyMap<string, Effort>;
}): Gap[] {
  const highRisk = new Set(q.highRiskDomains ?? []);
  const gaps: Gap[] = [];
  for (const { control, domain } of controlsOf(q.pack)) {
    const answer = q.answers.get(control.id);
    const current = effectiveScore(answer);
    if (current === null) continue;
    const target = targetFor(q.pack, q.tier, control);
    const gap = Math.max(0, target - current);
    if (gap === 0) continue;
    const effort = q.effortOverrides?.get(control.id) ?? control.effort;
    const u = urgency(control.phase, q.daysToPolling);
    const boost = highRisk.has(domain.id) ? 1.5 : 1;
    const compensate =
      q.daysToPolling !== null && q.daysToPolling >= 0 && control.leadTimeDays > q.daysToPolling;
    gaps.push({
      controlId: control.id,
      domainId: domain.id,
      current,
      unanswered: !answer || answer.kind === 'unanswered',
      target,
      gap,
      priority: round2((gap * control.weight * u * boost) / EFFORT_FACTOR[effort]),
      urgency: u,
      effort,
      essential: control.essential,
      leadTimeDays: control.leadTimeDays,
      bucket: bucketOf({
        effort,
        leadTimeDays: control.leadTimeDays,
        phase: control.phase,
        daysToPolling: q.daysToPolling,
      }),
      compensateBeforeElection: compensate,
      fallback: compensate ? control.fallback : [],
      donorFundable: control.fundable && effort !== 'S',
      dependsOn: control.dependsOn ?? [],
    });
  }
  return gaps.sort(
    (a, b) =>
      b.priority - a.priority ||
      Number(b.essential) - Number(a.essential) ||
      b.gap - a.gap ||
      a.controlId.localeCompare(b.controlId),
  );
}
