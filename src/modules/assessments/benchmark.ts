import { AnswerKind } from './model.js';
import type { Pack } from './pack.js';
import { scoreAssessment, type AnswerValue, type Results } from './scoring.js';

/** Fewer contributors than this and the benchmark is withheld: small groups make answers guessable. */
export const BENCHMARK_MIN_ORGS = 5;

/** One network's peer benchmark: the organisation's domain scores against the network's distribution. */
export type Benchmark =
  | {
      readonly networkId: string;
      readonly networkName: string;
      readonly available: false;
      readonly minimum: number;
    }
  | {
      readonly networkId: string;
      readonly networkName: string;
      readonly available: true;
      readonly contributors: number;
      readonly domains: readonly {
        readonly id: string;
        readonly own: number | null;
        readonly q1: number;
        readonly median: number;
        readonly q3: number;
      }[];
    };

/** The p-quantile of sorted values, interpolating between neighbours (the common "type 7" definition). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return Math.round((a + (b - a) * (at - lo)) * 10) / 10;
}

function toValue(row: { kind: string; score: number | null }): AnswerValue {
  const kind = AnswerKind.parse(row.kind);
  switch (kind) {
    case 'score':
      return { kind, score: row.score ?? 0 };
    case 'compensating':
      return { kind, score: row.score ?? 0, justification: '' };
    case 'na':
      return { kind, justification: '' };
    case 'unanswered':
      return { kind };
  }
}

/**
 * Summarises anonymous answer sets (one per organisation, no identities) into quartiles per domain. Nothing
 * but the quartiles leaves this function, and nothing at all below the minimum number of organisations.
 */
export function peerBenchmark(q: {
  network: { id: string; name: string };
  pack: Pack;
  own: Results;
  answerSets: readonly { answers: readonly { controlId: string; kind: string; score: number | null }[] }[];
}): Benchmark {
  const base = { networkId: q.network.id, networkName: q.network.name };
  if (q.answerSets.length < BENCHMARK_MIN_ORGS)
    return { ...base, available: false, minimum: BENCHMARK_MIN_ORGS };
  const scored = q.answerSets.map((set) =>
    scoreAssessment({
      pack: q.pack,
      tier: 'A',
      answers: new Map(set.answers.map((a) => [a.controlId, toValue(a)])),
    }),
  );
  return {
    ...base,
    available: true,
    contributors: q.answerSets.length,
    domains: q.pack.domains.map((d, i) => {
      const values = scored
        .map((r) => r.domains[i]?.score)
        .filter((s): s is number => typeof s === 'number')
        .sort((a, b) => a - b);
      return {
        id: d.id,
        own: q.own.domains[i]?.score ?? null,
        q1: quantile(values, 0.25),
        median: quantile(values, 0.5),
        q3: quantile(values, 0.75),
      };
    }),
  };
}
