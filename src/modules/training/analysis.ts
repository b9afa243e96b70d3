import type { Audience } from './model.js';
/**
 * The measures of learning and of the training-of-trainers cascade, as pure functions of plain data
 * (reference/training.md §4). Nothing here reads the database or the clock.
 */

/** Hake's class-average normalised gain, ⟨g⟩ = (post − pre) / (100 − pre), on mean percentages. */
export function normalisedGain(
  prePercents: readonly number[],
  postPercents: readonly number[],
): number | null {
  if (prePercents.length === 0 || postPercents.length === 0) return null;
  const pre = mean(prePercents);
  const post = mean(postPercents);
  if (pre >= 100) return null;
  return round((post - pre) / (100 - pre), 2);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** One submitted test: which items were asked and which were answered correctly. */
export interface ScoredAttempt {
  readonly itemIds: readonly string[];
  readonly correct: ReadonlySet<string>;
}

/** Per item: how many answered, difficulty (share correct) and discrimination (upper − lower 27 %). */
export interface ItemStats {
  readonly itemId: string;
  readonly answered: number;
  readonly difficulty: number;
  readonly discrimination: number | null;
  /** Too hard (under 30 % correct) or not telling strong from weak learners (discrimination under 0.2). */
  readonly review: boolean;
}

/**
 * Classical item analysis. Difficulty p is the share of correct answers. Discrimination D is the share correct
 * in the top 27 % of learners by total score minus the share in the bottom 27 %; it needs at least 10
 * attempts, else it is null.
 */
export function itemAnalysis(attempts: readonly ScoredAttempt[]): ItemStats[] {
  const ranked = [...attempts].sort((a, b) => b.correct.size - a.correct.size);
  const groupSize = Math.round(ranked.length * 0.27);
  const upper = ranked.slice(0, groupSize);
  const lower = ranked.slice(ranked.length - groupSize);
  const ids = [...new Set(attempts.flatMap((a) => a.itemIds))].sort();
  const share = (group: readonly ScoredAttempt[], id: string) => {
    const asked = group.filter((a) => a.itemIds.includes(id));
    return asked.length === 0 ? 0 : asked.filter((a) => a.correct.has(id)).length / asked.length;
  };
  return ids.map((itemId) => {
    const asked = attempts.filter((a) => a.itemIds.includes(itemId));
    const difficulty = round(share(asked, itemId), 2);
    const discrimination =
      ranked.length >= 10 && groupSize > 0 ? round(share(upper, itemId) - share(lower, itemId), 2) : null;
    return {
      itemId,
      answered: asked.length,
      difficulty,
      discrimination,
      review: difficulty < 0.3 || (discrimination !== null && discrimination < 0.2),
    };
  });
}

export const GENDER_KEYS = ['woman', 'man', 'other', 'undisclosed', 'not_recorded'] as const;
export type GenderKey = (typeof GENDER_KEYS)[number];

/** The facts the cascade measures are computed from. */
export interface CascadeInput {
  readonly asOf: Date;
  readonly people: readonly { id: string; name: string; gender: string | null; unitId: string | null }[];
  readonly sessions: readonly {
    id: string;
    generation: number;
    audience: Audience;
    startsOn: string;
    unitId: string | null;
    trainers: readonly { personId: string; role: 'lead' | 'co' }[];
  }[];
  readonly roster: readonly { sessionId: string; personId: string; attended: boolean }[];
  readonly results: readonly {
    sessionId: string;
    personId: string;
    kind: 'pre' | 'post' | 'delayed';
    percent: number;
  }[];
  /** People holding a live trainer certificate (certified or master), with when it was issued. */
  readonly certifiedTrainers: readonly { personId: string; issuedAt: Date; master?: boolean }[];
}

export type Breakdown = Record<string, number>;

export interface GenerationStats {
  /** The learners' generation: 1 for people trained by master trainers, 2 for their trainees' trainees, … */
  generation: number;
  sessions: number;
  reach: number;
  byGender: Breakdown;
  byUnit: Breakdown;
  preMean: number | null;
  postMean: number | null;
  gain: number | null;
  gainByGender: Record<string, number | null>;
  delayedMean: number | null;
  /** Delayed-test mean over post-test mean, for the learners who took both. */
  retention: number | null;
  delayedTaken: number;
}

export interface TrainerNode {
  personId: string;
  name: string;
  generation: number;
  certified: boolean;
  master: boolean;
  sessionsDelivered: number;
  trained: number;
  /** Everyone below this trainer in the tree (trainees, their trainees, …). */
  downline: number;
  children: TrainerNode[];
}

export interface CascadeMetrics {
  generations: GenerationStats[];
  reach: number;
  byGender: Breakdown;
  byUnit: Breakdown;
  trainersCertified: number;
  /** Unique people trained in sessions led by cascade trainers (generation ≥ 1). */
  cascadeTrained: number;
  /** Unique people trained directly by master trainers (generation-0 sessions). */
  directTrained: number;
  multiplier: number | null;
  activation: number | null;
  activeTrainers: number;
  /** Of trainers certified at least 180 days ago, the share who delivered a session in the last 180 days. */
  retention: number | null;
  retentionEligible: number;
  depth: number;
  tree: TrainerNode[];
}

const RETENTION_DAYS = 180;

function count(keys: readonly string[]): Breakdown {
  const out: Breakdown = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

/** Computes reach, multiplier, activation, retention, gain and dilution by generation, and the tree. */
export function cascadeMetrics(input: CascadeInput): CascadeMetrics {
  const person = new Map(input.people.map((p) => [p.id, p]));
  const genderOf = (id: string): GenderKey => {
    const g = person.get(id)?.gender;
    return g === 'woman' || g === 'man' || g === 'other' || g === 'undisclosed' ? g : 'not_recorded';
  };
  const unitOf = (id: string) => person.get(id)?.unitId ?? 'none';
  const sessionById = new Map(input.sessions.map((s) => [s.id, s]));
  const attended = input.roster.filter((r) => r.attended && sessionById.has(r.sessionId));

  // Generation of each learner: one more than the generation of the trainers of the session they attended.
  const learnerGeneration = new Map<string, number>();
  for (const r of attended) {
    const g = (sessionById.get(r.sessionId)?.generation ?? 0) + 1;
    learnerGeneration.set(r.personId, Math.min(learnerGeneration.get(r.personId) ?? g, g));
  }

  const resultsBy = (kind: 'pre' | 'post' | 'delayed') => {
    const m = new Map<string, number>();
    for (const r of input.results) if (r.kind === kind) m.set(`${r.sessionId}/${r.personId}`, r.percent);
    return m;
  };
  const pre = resultsBy('pre');
  const post = resultsBy('post');
  const delayed = resultsBy('delayed');

  const generationNumbers = [...new Set(input.sessions.map((s) => s.generation + 1))].sort((a, b) => a - b);
  const generations = generationNumbers.map((generation): GenerationStats => {
    const sessions = input.sessions.filter((s) => s.generation + 1 === generation);
    const rows = attended.filter((r) => sessionById.get(r.sessionId)?.generation === generation - 1);
    const learners = [...new Set(rows.map((r) => r.personId))];
    const values = (m: Map<string, number>, only?: (personId: string) => boolean) =>
      rows
        .filter((r) => !only || only(r.personId))
        .map((r) => m.get(`${r.sessionId}/${r.personId}`))
        .filter((v) => v !== undefined);
    const both = rows.filter(
      (r) => post.has(`${r.sessionId}/${r.personId}`) && delayed.has(`${r.sessionId}/${r.personId}`),
    );
    const postOfBoth = mean(both.map((r) => post.get(`${r.sessionId}/${r.personId}`) ?? 0));
    const delayedOfBoth = mean(both.map((r) => delayed.get(`${r.sessionId}/${r.personId}`) ?? 0));
    const gainByGender: Record<string, number | null> = {};
    for (const g of GENDER_KEYS) {
      const isG = (id: string) => genderOf(id) === g;
      if (learners.some(isG)) gainByGender[g] = normalisedGain(values(pre, isG), values(post, isG));
    }
    const preValues = values(pre);
    const postValues = values(post);
    const delayedValues = values(delayed);
    return {
      generation,
      sessions: sessions.length,
      reach: learners.length,
      byGender: count(learners.map(genderOf)),
      byUnit: count(learners.map(unitOf)),
      preMean: preValues.length ? round(mean(preValues), 1) : null,
      postMean: postValues.length ? round(mean(postValues), 1) : null,
      gain: normalisedGain(preValues, postValues),
      gainByGender,
      delayedMean: delayedValues.length ? round(mean(delayedValues), 1) : null,
      retention: both.length && postOfBoth > 0 ? round(delayedOfBoth / postOfBoth, 2) : null,
      delayedTaken: delayedValues.length,
    };
  });

  const everyone = [...learnerGeneration.keys()];
  const trainedIn = (pred: (generation: number) => boolean) =>
    new Set(
      attended.filter((r) => pred(sessionById.get(r.sessionId)?.generation ?? 0)).map((r) => r.personId),
    ).size;
  const cascadeTrained = trainedIn((g) => g >= 1);
  const directTrained = trainedIn((g) => g === 0);

  // The earliest certification of each trainer (certified or master) counts.
  const certified = new Map<string, Date>();
  for (const c of input.certifiedTrainers) {
    const known = certified.get(c.personId);
    if (!known || c.issuedAt < known) certified.set(c.personId, c.issuedAt);
  }
  const delivered = new Map<string, string[]>();
  for (const s of input.sessions)
    for (const t of s.trainers) delivered.set(t.personId, [...(delivered.get(t.personId) ?? []), s.startsOn]);
  const activeTrainers = [...certified.keys()].filter((id) => (delivered.get(id)?.length ?? 0) > 0).length;
  const dayMs = 86_400_000;
  const eligible = [...certified].filter(
    ([, at]) => input.asOf.getTime() - at.getTime() >= RETENTION_DAYS * dayMs,
  );
  const since = new Date(input.asOf.getTime() - RETENTION_DAYS * dayMs).toISOString().slice(0, 10);
  const retained = eligible.filter(([id]) => (delivered.get(id) ?? []).some((d) => d >= since)).length;

  // The tree: a trainer's children are the people who attended sessions they led and later trained others.
  const trainees = new Map<string, Set<string>>();
  for (const r of attended) {
    const lead = sessionById.get(r.sessionId)?.trainers.find((t) => t.role === 'lead')?.personId;
    if (!lead || lead === r.personId) continue;
    trainees.set(lead, (trainees.get(lead) ?? new Set()).add(r.personId));
  }
  const leads = new Set(
    input.sessions.flatMap((s) => s.trainers.filter((t) => t.role === 'lead').map((t) => t.personId)),
  );
  const trainerGeneration = (id: string) => learnerGeneration.get(id) ?? 0;
  const build = (id: string, seen: Set<string>): TrainerNode => {
    const mine = [...(trainees.get(id) ?? [])].filter((p) => !seen.has(p));
    const next = new Set([...seen, id, ...mine]);
    const children = mine.filter((p) => leads.has(p)).map((p) => build(p, next));
    const downline = mine.length + children.reduce((n, c) => n + c.downline, 0);
    return {
      personId: id,
      name: person.get(id)?.name ?? '',
      generation: trainerGeneration(id),
      certified: certified.has(id),
      master: input.certifiedTrainers.some((c) => c.personId === id && c.master === true),
      sessionsDelivered: delivered.get(id)?.length ?? 0,
      trained: mine.length,
      downline,
      children: children.sort((a, b) => a.name.localeCompare(b.name)),
    };
  };
  // Roots: leads nobody in this programme trained.
  const roots = [...leads].filter((id) => !learnerGeneration.has(id)).sort();
  const tree = roots.map((id) => build(id, new Set()));
  const depthOf = (n: TrainerNode): number => 1 + Math.max(0, ...n.children.map(depthOf));

  return {
    generations,
    reach: everyone.length,
    byGender: count(everyone.map(genderOf)),
    byUnit: count(everyone.map(unitOf)),
    trainersCertified: certified.size,
    cascadeTrained,
    directTrained,
    multiplier: certified.size ? round(cascadeTrained / certified.size, 1) : null,
    activation: certified.size ? round(activeTrainers / certified.size, 2) : null,
    activeTrainers,
    retention: eligible.length ? round(retained / eligible.length, 2) : null,
    retentionEligible: eligible.length,
    depth: Math.max(0, ...tree.map(depthOf)),
    tree,
  };
}
