import { describe, expect, it } from 'vitest';
import { loadBuiltInPacks, Pack } from './pack.js';
import { prioritise, urgency } from './priority.js';
import { scoreAssessment, type AnswerValue } from './scoring.js';

const t = (en: string) => ({ en, es: en, fr: en });
const control = (id: string, extra: Partial<Record<string, unknown>> = {}) => ({
  id,
  csf: 'PR',
  phase: 'CONT',
  essential: false,
  weight: 1,
  effort: 'M',
  leadTimeDays: 60,
  fallback: [],
  fundable: false,
  text: t(id),
  ...extra,
});

/** A small pack: domain AAA with one essential and two others, domain BBB with one control. */
const pack = Pack.parse({
  format: 'atalaya.assessment-pack/1',
  id: 'test-pack',
  version: '1.0.0',
  published: '2026-01-01',
  title: t('Test'),
  description: t('Test'),
  provenance: t('Test'),
  scale: [0, 1, 2, 3, 4].map((score) => ({ score, label: t(`${score}`), meaning: t(`${score}`) })),
  tiers: { A: { essential: 2, other: 1 }, B: { essential: 3, other: 2 }, C: { essential: 3, other: 3 } },
  domains: [
    {
      id: 'AAA',
      weight: 1,
      title: t('A'),
      controls: [
        control('AAA-01', { essential: true, weight: 3, csf: 'GV', phase: 'PRE' }),
        control('AAA-02', { weight: 2, phase: 'ED', effort: 'S', leadTimeDays: 14 }),
        control('AAA-03', {
          weight: 1,
          phase: 'POST',
          fundable: true,
          effort: 'L',
          leadTimeDays: 200,
          fallback: ['AAA-02'],
        }),
      ],
    },
    { id: 'BBB', weight: 2, title: t('B'), controls: [control('BBB-01', { csf: 'DE' })] },
  ],
});

const answers = (entries: Record<string, AnswerValue>) => new Map(Object.entries(entries));
const score = (s: number): AnswerValue => ({ kind: 'score', score: s });

describe('scoring', () => {
  it('weights a domain score by control weight over applicable controls', () => {
    const r = scoreAssessment({
      pack,
      tier: 'B',
      answers: answers({ 'AAA-01': score(4), 'AAA-02': score(2), 'AAA-03': score(0), 'BBB-01': score(3) }),
    });
    // (3·4 + 2·2 + 1·0) / (4·6) = 16/24
    expect(r.domains[0]?.score).toBe(66.7);
    expect(r.domains[1]?.score).toBe(75);
    // Overall: (1·66.7 + 2·75) / 3
    expect(r.overall.score).toBe(72.2);
  });

  it('caps a domain level at its weakest essential control', () => {
    const r = scoreAssessment({
      pack,
      tier: 'B',
      answers: answers({ 'AAA-01': score(1), 'AAA-02': score(4), 'AAA-03': score(4) }),
    });
    // The weighted mean is (3 + 8 + 4) / 6 = 2.5, but the essential control is at 1.
    expect(r.domains[0]?.level).toBe(1);
    expect(r.redFlags).toEqual([]);
  });

  it('leaves N/A controls out of the score and the level', () => {
    const r = scoreAssessment({
      pack,
      tier: 'B',
      answers: answers({
        'AAA-01': score(3),
        'AAA-02': { kind: 'na', justification: 'no election-day systems' },
        'AAA-03': score(3),
      }),
    });
    expect(r.domains[0]?.score).toBe(75);
    expect(r.domains[0]?.applicable).toBe(2);
    expect(r.domains[0]?.level).toBe(3);
  });

  it('gives a domain with every control N/A no score rather than zero', () => {
    const r = scoreAssessment({
      pack,
      tier: 'A',
      answers: answers({ 'BBB-01': { kind: 'na', justification: 'x' } }),
    });
    expect(r.domains[1]).toMatchObject({ score: null, level: null });
    // The overall score then comes from domain AAA alone (all unanswered: 0).
    expect(r.overall.score).toBe(0);
  });

  it('counts a compensating measure at most 3', () => {
    const r = scoreAssessment({
      pack,
      tier: 'B',
      answers: answers({ 'BBB-01': { kind: 'compensating', score: 4, justification: 'manual review' } }),
    });
    expect(r.domains[1]?.score).toBe(75);
  });

  it('counts unanswered controls as 0 and flags essential controls at 0', () => {
    const r = scoreAssessment({ pack, tier: 'A', answers: answers({ 'AAA-02': score(4) }) });
    expect(r.redFlags).toEqual(['AAA-01']);
    expect(r.progress).toEqual({ answered: 1, total: 4 });
    expect(r.domains[0]?.level).toBe(0);
  });

  it('re-aggregates the same answers by CSF function, listing only functions the pack uses', () => {
    const r = scoreAssessment({
      pack,
      tier: 'C',
      answers: answers({ 'AAA-01': score(4), 'BBB-01': score(2) }),
    });
    expect(r.functions.map((f) => f.id)).toEqual(['GV', 'PR', 'DE']);
    expect(r.functions.find((f) => f.id === 'GV')?.score).toBe(100);
    expect(r.functions.find((f) => f.id === 'DE')?.score).toBe(50);
    expect(r.functions.find((f) => f.id === 'DE')?.target).toBe(75);
  });

  it('sets targets by tier: essentials at 2 for tier A, everything at 3 for tier C', () => {
    const a = scoreAssessment({ pack, tier: 'A', answers: answers({}) });
    const c = scoreAssessment({ pack, tier: 'C', answers: answers({}) });
    // Tier A: (3·2 + 2·1 + 1·1) / (6·4)
    expect(a.domains[0]?.target).toBe(37.5);
    expect(c.domains[0]?.target).toBe(75);
  });
});

describe('urgency', () => {
  it.each([
    ['PRE', 90, 2],
    ['PRE', 91, 1.5],
    ['PRE', 180, 1.5],
    ['PRE', 181, 1],
    ['PRE', null, 1],
    ['ED', 60, 2],
    ['ED', 61, 1.2],
    ['ED', -5, 1.2],
    ['POST', 10, 0.8],
    ['POST', -1, 1.5],
    ['POST', -60, 1.5],
    ['POST', -61, 1],
    ['CONT', 5, 1],
  ] as const)('%s with %s days to polling is %s', (phase, days, expected) => {
    expect(urgency(phase, days)).toBe(expected);
  });
});

describe('prioritise', () => {
  it('applies P = gap × weight × urgency × risk ÷ effort', () => {
    const gaps = prioritise({
      pack,
      tier: 'B',
      answers: answers({ 'AAA-01': score(1), 'AAA-02': score(2), 'AAA-03': score(2), 'BBB-01': score(0) }),
      daysToPolling: 45,
      highRiskDomains: ['AAA'],
    });
    // AAA-01: gap 2 × w3 × PRE≤90 2.0 × 1.5 ÷ M2 = 9
    expect(gaps[0]).toMatchObject({ controlId: 'AAA-01', gap: 2, priority: 9, urgency: 2 });
    // BBB-01: gap 2 × 1 × 1 ÷ 2 = 1; AAA-02 and AAA-03 meet target 2 and are not gaps.
    expect(gaps.map((g) => g.controlId)).toEqual(['AAA-01', 'BBB-01']);
  });

  it('divides by effort, so a small fix outranks a large one with the same gap', () => {
    const gaps = prioritise({
      pack,
      tier: 'C',
      answers: answers({ 'AAA-02': score(1), 'AAA-03': score(1) }),
      daysToPolling: null,
    });
    const s = gaps.find((g) => g.controlId === 'AAA-02');
    const l = gaps.find((g) => g.controlId === 'AAA-03');
    expect(s?.priority).toBe((2 * 2 * 1.2) / 1);
    expect(l?.priority).toBe(0.53); // (2 × 1 × 0.8) ÷ 3, to two decimals
    const overridden = prioritise({
      pack,
      tier: 'C',
      answers: answers({ 'AAA-02': score(1) }),
      daysToPolling: null,
      effortOverrides: new Map([['AAA-02', 'L' as const]]),
    });
    expect(overridden.find((g) => g.controlId === 'AAA-02')?.priority).toBe(1.6);
  });

  it('breaks ties by essential first, then larger gap, then control id', () => {
    const tiePack = Pack.parse({
      ...pack,
      domains: [
        {
          id: 'TIE',
          weight: 1,
          title: t('T'),
          controls: [
            control('TIE-03', { weight: 2 }),
            control('TIE-02', { weight: 1 }),
            control('TIE-01', { weight: 2 }),
            control('TIE-04', { weight: 3, essential: true }),
          ],
        },
      ],
    });
    // TIE-01 and TIE-03: 2×2/2 = 2 (same gap: by id). TIE-04: 1×3/2 = 1.5 and essential; TIE-02: 3×1/2 = 1.5.
    const gaps = prioritise({
      pack: tiePack,
      tier: 'C',
      answers: answers({ 'TIE-01': score(1), 'TIE-02': score(0), 'TIE-03': score(1), 'TIE-04': score(2) }),
      daysToPolling: null,
    });
    expect(gaps.map((g) => [g.controlId, g.priority])).toEqual([
      ['TIE-01', 2],
      ['TIE-03', 2],
      ['TIE-04', 1.5],
      ['TIE-02', 1.5],
    ]);
  });

  it('flags a control that cannot be ready by polling day and points to its fallback', () => {
    const gaps = prioritise({ pack, tier: 'C', answers: answers({}), daysToPolling: 100 });
    const late = gaps.find((g) => g.controlId === 'AAA-03');
    expect(late).toMatchObject({
      compensateBeforeElection: true,
      fallback: ['AAA-02'],
      bucket: 'next_cycle',
    });
    expect(gaps.find((g) => g.controlId === 'AAA-02')).toMatchObject({
      compensateBeforeElection: false,
      bucket: 'quick_win',
    });
    expect(gaps.find((g) => g.controlId === 'AAA-01')?.bucket).toBe('before_polling_day');
  });

  it('puts nothing in "before polling day" when the calendar has no election', () => {
    const gaps = prioritise({ pack, tier: 'C', answers: answers({}), daysToPolling: null });
    expect(gaps.some((g) => g.bucket === 'before_polling_day')).toBe(false);
    expect(gaps.every((g) => !g.compensateBeforeElection)).toBe(true);
  });

  it('lists fundable controls of medium or large effort as donor-fundable', () => {
    const gaps = prioritise({ pack, tier: 'C', answers: answers({}), daysToPolling: null });
    expect(gaps.filter((g) => g.donorFundable).map((g) => g.controlId)).toEqual(['AAA-03']);
  });

  it('skips N/A controls and controls at or above target', () => {
    const gaps = prioritise({
      pack,
      tier: 'A',
      answers: answers({
        'AAA-01': score(2),
        'AAA-02': { kind: 'na', justification: 'x' },
        'AAA-03': score(4),
      }),
      daysToPolling: null,
    });
    expect(gaps.map((g) => g.controlId)).toEqual(['BBB-01']);
  });
});

describe('the built-in pack', () => {
  it('holds 9 domains and 66 controls, each in en, es and fr', () => {
    const [first] = loadBuiltInPacks();
    expect(first?.id).toBe('electoral-cyber-preparedness');
    expect(first?.domains).toHaveLength(9);
    const controls = first?.domains.flatMap((d) => d.controls) ?? [];
    expect(controls).toHaveLength(66);
    expect(controls.filter((c) => c.essential).every((c) => c.weight === 3)).toBe(true);
    for (const c of controls) expect(new Set([c.text.en, c.text.es, c.text.fr]).size).toBe(3);
  });

  it('refuses a pack whose fallback points at a control it does not have', () => {
    const [first] = loadBuiltInPacks();
    const broken = structuredClone(first);
    const target = broken?.domains[0]?.controls[0];
    if (target) target.fallback = ['ZZZ-99'];
    const parsed = Pack.safeParse(broken);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('ZZZ-99');
  });
});
