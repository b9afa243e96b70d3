import { describe, expect, it } from 'vitest';
import { cascadeMetrics, itemAnalysis, normalisedGain, type CascadeInput } from './analysis.js';
import { checkCode, checkTicket, currentCode, newTicket } from './checkin.js';
import { completionOf } from './completion.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { loadBuiltInCourses } from './course.js';

describe('normalised gain', () => {
  it("is Hake's class average on mean percentages", () => {
    // Pre-test mean 50, post-test mean 85: (85 − 50) / (100 − 50).
    expect(normalisedGain([40, 60], [80, 90])).toBe(0.7);
    expect(normalisedGain([80], [70])).toBe(-0.5);
  });
  it('is undefined without both tests or when the pre-test mean is already 100', () => {
    expect(normalisedGain([], [80])).toBeNull();
    expect(normalisedGain([100], [100])).toBeNull();
  });
});

describe('item analysis', () => {
  const attempt = (correct: string[]) => ({
    itemIds: ['easy', 'hard', 'telling'],
    correct: new Set(correct),
  });
  it('gives difficulty as the share correct and discrimination between the top and bottom 27 %', () => {
    const strong = Array.from({ length: 6 }, () => attempt(['easy', 'telling', 'hard']));
    const weak = Array.from({ length: 6 }, () => attempt(['easy']));
    const stats = itemAnalysis([...strong, ...weak]);
    const by = Object.fromEntries(stats.map((s) => [s.itemId, s]));
    expect(by['easy']).toMatchObject({ difficulty: 1, discrimination: 0, review: true });
    expect(by['telling']).toMatchObject({ difficulty: 0.5, discrimination: 1, review: false });
  });
  it('does not compute discrimination from fewer than 10 attempts', () => {
    expect(itemAnalysis([attempt(['easy'])])[0]?.discrimination).toBeNull();
  });
});

describe('completion rules', () => {
  const [course] = loadBuiltInCourses();
  if (!course) throw new Error('no built-in course');
  const rules = course.rules;
  it('needs attendance and the post-test threshold', () => {
    expect(
      completionOf({ rules, audience: 'officials', attended: true, postPercent: 70, teachBack: null }),
    ).toEqual({
      completed: true,
      trainerCertified: false,
      missing: [],
    });
    expect(
      completionOf({ rules, audience: 'officials', attended: false, postPercent: 69, teachBack: null })
        .missing,
    ).toEqual(['attendance', 'post_test_score']);
  });
  it('certifies a trainer only above the trainer threshold and with a passed teach-back', () => {
    const base = { rules, audience: 'trainers' as const, attended: true };
    expect(completionOf({ ...base, postPercent: 75, teachBack: 'passed' })).toMatchObject({
      completed: true,
      trainerCertified: false,
      missing: ['trainer_score'],
    });
    expect(completionOf({ ...base, postPercent: 90, teachBack: 'not_yet' }).missing).toEqual(['teach_back']);
    expect(completionOf({ ...base, postPercent: 90, teachBack: 'passed' }).trainerCertified).toBe(true);
  });
});

describe('rotating check-in codes', () => {
  const secret = Buffer.alloc(32, 7);
  const session = '00000000-0000-4000-8000-000000000001';
  const t0 = new Date('2026-11-24T10:00:05Z');
  it('accepts a code for at most a minute, and never a forged one', () => {
    const { code } = currentCode(secret, session, t0);
    expect(checkCode(secret, session, code, new Date(t0.getTime() + 20_000))).toBe('ok');
    expect(checkCode(secret, session, code, new Date(t0.getTime() + 60_000))).toBe('expired');
    expect(
      checkCode(
        secret,
        session,
        code.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        t0,
      ),
    ).toBe('invalid');
    expect(checkCode(secret, '00000000-0000-4000-8000-000000000002', code, t0)).toBe('invalid');
  });
  it('gives tickets that expire after ten minutes', () => {
    const ticket = newTicket(secret, session, t0);
    expect(checkTicket(secret, session, ticket, new Date(t0.getTime() + 599_000)).ok).toBe(true);
    expect(checkTicket(secret, session, ticket, new Date(t0.getTime() + 601_000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });
});

describe('cascade measures', () => {
  /** Two master trainers certify 8 trainers; each trainer trains 20 officials in one session. */
  function programme(): CascadeInput {
    const people: { id: string; name: string; gender: string | null; unitId: string | null }[] = [];
    const sessions: CascadeInput['sessions'][number][] = [];
    const roster: { sessionId: string; personId: string; attended: boolean }[] = [];
    const results: CascadeInput['results'][number][] = [];
    people.push({ id: 'm1', name: 'Master One', gender: 'woman', unitId: null });
    sessions.push({
      id: 'tot',
      generation: 0,
      audience: 'trainers',
      startsOn: '2026-01-10',
      unitId: null,
      trainers: [{ personId: 'm1', role: 'lead' }],
    });
    for (let t = 0; t < 8; t++) {
      const trainer = `t${t}`;
      people.push({
        id: trainer,
        name: `Trainer ${t}`,
        gender: t % 2 ? 'man' : 'woman',
        unitId: `u${t % 4}`,
      });
      roster.push({ sessionId: 'tot', personId: trainer, attended: true });
      results.push(
        { sessionId: 'tot', personId: trainer, kind: 'pre', percent: 50 },
        { sessionId: 'tot', personId: trainer, kind: 'post', percent: 90 },
      );
      const s = `s${t}`;
      sessions.push({
        id: s,
        generation: 1,
        audience: 'officials',
        startsOn: '2026-03-01',
        unitId: `u${t % 4}`,
        trainers: [{ personId: trainer, role: 'lead' }],
      });
      for (let o = 0; o < 20; o++) {
        const official = `o${t}-${o}`;
        people.push({ id: official, name: official, gender: o % 2 ? 'man' : 'woman', unitId: `u${t % 4}` });
        roster.push({ sessionId: s, personId: official, attended: true });
        results.push(
          { sessionId: s, personId: official, kind: 'pre', percent: 50 },
          { sessionId: s, personId: official, kind: 'post', percent: 80 },
        );
        if (o < 10) results.push({ sessionId: s, personId: official, kind: 'delayed', percent: 60 });
      }
    }
    return {
      asOf: new Date('2026-11-24T00:00:00Z'),
      people,
      sessions,
      roster,
      results,
      certifiedTrainers: Array.from({ length: 8 }, (_, t) => ({
        personId: `t${t}`,
        issuedAt: new Date('2026-01-11T00:00:00Z'),
      })),
    };
  }

  it('reproduces 8 certified trainers, 160 officials, a 20 : 1 multiplier and full activation', () => {
    const m = cascadeMetrics(programme());
    expect(m.trainersCertified).toBe(8);
    expect(m.cascadeTrained).toBe(160);
    expect(m.directTrained).toBe(8);
    expect(m.multiplier).toBe(20);
    expect(m.activation).toBe(1);
    expect(m.reach).toBe(168);
    expect(m.depth).toBe(2);
    expect(m.tree[0]).toMatchObject({ personId: 'm1', trained: 8, downline: 168 });
  });

  it('shows dilution between generations and retention at the follow-up test', () => {
    const [g1, g2] = cascadeMetrics(programme()).generations;
    expect(g1).toMatchObject({ generation: 1, reach: 8, gain: 0.8 });
    expect(g2).toMatchObject({ generation: 2, reach: 160, gain: 0.6, delayedTaken: 80, retention: 0.75 });
    expect(g2?.byGender).toEqual({ woman: 80, man: 80 });
    expect(g2?.byUnit).toEqual({ u0: 40, u1: 40, u2: 40, u3: 40 });
  });

  it('counts a trainer as retained only when they delivered a session in the last six months', () => {
    const input = programme();
    expect(cascadeMetrics(input).retention).toBe(0);
    const recent = {
      ...input,
      sessions: input.sessions.map((s) => (s.id === 's0' ? { ...s, startsOn: '2026-10-01' } : s)),
    };
    expect(cascadeMetrics(recent).retention).toBe(0.13);
  });
});

describe('lesson Markdown', () => {
  it('shows raw HTML as text and drops script links', () => {
    const html = renderMarkdown(
      'Hello <script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) [ok](https://example.org)',
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<a href="https://example.org">ok</a>');
  });
});
