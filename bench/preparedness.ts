/**
 * Benchmarks of the preparedness modules, called from run.ts:
 * - scoring and prioritising 1,000 assessments of 66 answers, against a baseline that only copies the same
 *   answers into the maps the functions read;
 * - filling an organisation's roadmap with 10,000 recommendations through the real import path;
 * - a roadmap page read right after a change, when no kept reply stands.
 */
import pg from 'pg';
import { percentiles } from './certificates.js';
import {
  loadBuiltInPacks,
  prioritise,
  scoreAssessment,
  type AnswerValue,
} from '../src/modules/assessments/index.js';

const ASSESSMENTS = 1000;

/** A deterministic pseudo-random sequence, so every run scores the same answers. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** Times scoring and prioritising; returns microseconds per assessment and the ratio to the baseline. */
export function scoringBench(): { perAssessmentUs: number; baselineUs: number; ratio: number } {
  const [pack] = loadBuiltInPacks();
  if (!pack) throw new Error('no built-in pack');
  const ids = pack.domains.flatMap((d) => d.controls.map((c) => c.id));
  const next = random(42);
  const raw = Array.from({ length: ASSESSMENTS }, () =>
    ids.map((id): [string, AnswerValue] => {
      const r = next();
      if (r < 0.05) return [id, { kind: 'na', justification: 'n/a' }];
      if (r < 0.1) return [id, { kind: 'compensating', score: 2, justification: 'alt' }];
      return [id, { kind: 'score', score: Math.floor(next() * 5) }];
    }),
  );
  const time = (work: () => void) => {
    work(); // warm up
    const started = performance.now();
    for (let i = 0; i < 5; i++) work();
    return ((performance.now() - started) / 5 / ASSESSMENTS) * 1000;
  };
  let sink = 0;
  const baselineUs = time(() => {
    for (const answers of raw) sink += new Map(answers).size;
  });
  const perAssessmentUs = time(() => {
    for (const answers of raw) {
      const map = new Map(answers);
      sink += scoreAssessment({ pack, answers: map, tier: 'B' }).progress.answered;
      sink += prioritise({
        pack,
        answers: map,
        tier: 'B',
        daysToPolling: 80,
        highRiskDomains: ['VR', 'RM'],
      }).length;
    }
  });
  if (sink === 0) throw new Error('nothing computed');
  return { perAssessmentUs, baselineUs, ratio: perAssessmentUs / baselineUs };
}

/** Imports `total` recommendations into a new mission, 2,000 rows per file, through the API. */
export async function seedRoadmapItems(q: {
  base: string;
  orgId: string;
  auth: Record<string, string>;
  total: number;
}): Promise<void> {
  const mission = (await (
    await fetch(`${q.base}/api/v1/orgs/${q.orgId}/roadmap/missions`, {
      method: 'POST',
      headers: { ...q.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Benchmark mission', kind: 'team' }),
    })
  ).json()) as { id: string };
  const areas = [
    'results_management',
    'voter_registration',
    'websites_communication',
    'governance_risk',
    'cyber_hygiene',
    'data_protection',
  ];
  for (let start = 0; start < q.total; start += 2000) {
    const rows = ['title,area,priority,horizon,due_on'];
    for (let i = start; i < Math.min(start + 2000, q.total); i++) {
      const month = String((i % 12) + 1).padStart(2, '0');
      rows.push(
        `Recommendation number ${i},${areas[i % areas.length]},P${(i % 3) + 1},medium,2027-${month}-15`,
      );
    }
    const res = await fetch(`${q.base}/api/v1/orgs/${q.orgId}/roadmap/missions/${mission.id}/import`, {
      method: 'POST',
      headers: { ...q.auth, 'content-type': 'text/csv' },
      body: rows.join('\n'),
    });
    if (!res.ok) throw new Error(`import failed: ${res.status} ${await res.text()}`);
  }
}

/**
 * Latency of a roadmap page read right after a change to the roadmap, when no kept reply stands: each of the
 * `total` reads follows a change of the organisation's list version (what any write does), one at a time.
 */
export async function changedPageLatency(q: {
  url: string;
  auth: Record<string, string>;
  databaseUrl: string;
  orgId: string;
  total: number;
}): Promise<{ p50: number; p99: number }> {
  const client = new pg.Client({ connectionString: q.databaseUrl });
  await client.connect();
  const samples: number[] = [];
  try {
    for (let i = 0; i < q.total; i++) {
      await client.query('UPDATE roadmap_list_versions SET version = version + 1 WHERE org_id = $1', [
        q.orgId,
      ]);
      const started = performance.now();
      const res = await fetch(q.url, { headers: q.auth });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${q.url}: ${res.status}`);
      samples.push(performance.now() - started);
    }
  } finally {
    await client.end();
  }
  const { p50, p99 } = percentiles(samples);
  return { p50, p99 };
}
