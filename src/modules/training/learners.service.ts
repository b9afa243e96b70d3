import type { Actor } from '../../platform/actor.js';
import { fail, type Problem } from '../../platform/errors.js';
import { translate, type SupportedLocale } from '../../platform/i18n/index.js';
import { certificatePdf, sheetOf } from './certificate-pdf.js';
import type { CertificateStatus } from './model.js';
import { newId } from '../../platform/ids.js';
import { isoDateIn } from '../../platform/regional.js';
import { ok, type Result } from '../../platform/result.js';
import { findAttempt, listAttempts, startAttempt, submitAttempt, type AttemptRow } from './attempts.store.js';
import type { CourseCatalogue } from './catalogue.js';
import {
  FORM_OF,
  formItems,
  percent,
  scoreAnswers,
  type Course,
  type Item,
  type TestKind,
} from './course.js';
import { addDays } from './dates.js';
import type { LearnerLinks } from './learner-links.js';
import { findRosterEntry, firstActivity, type RosterRow } from './roster.store.js';
import type { SessionViews } from './session-view.js';
import { findSession, type SessionRow } from './sessions.store.js';
import type { TrainingDeps } from './training.service.js';
import { languageFor } from './speaking.js';

/** What a learner's personal page shows. */
export interface LearnerView {
  readonly personName: string;
  readonly sessionTitle: string;
  readonly courseTitle: Course['title'];
  readonly startsOn: string;
  readonly attended: boolean;
  readonly tests: readonly {
    kind: TestKind;
    /** `after_pre`: the post-test waits until the pre-test is done (or the trainer opens it). */
    state: 'open' | 'in_progress' | 'submitted' | 'not_yet' | 'after_pre' | 'closed';
    percent: number | null;
    opensOn?: string;
    deadline?: Date;
  }[];
  readonly passMark: number;
  /** The certificates this person holds from the organisation (revoked ones left out), newest first. */
  readonly certificates: readonly {
    id: string;
    achievement: string;
    status: CertificateStatus;
    validUntil: Date | null;
    verifyUrl: string;
  }[];
  /** The organisation's time zone, which the page's dates are written in. */
  readonly timeZone: string;
}

/** Whether a learner may start a test of `kind` now, and why not. */
function testWindow(
  kind: TestKind,
  q: { session: SessionRow; course: Course; entry: RosterRow; attempts: readonly AttemptRow[]; now: Date },
):
  | { open: true }
  | {
      open: false;
      reason:
        | 'session_closed'
        | 'not_attended'
        | 'post_done'
        | 'not_yet'
        | 'window_closed'
        | 'post_missing'
        | 'pre_first';
      opensOn?: string;
    } {
  const today = q.now.toISOString().slice(0, 10);
  if (kind === 'delayed') {
    const opensOn = addDays(q.session.startsOn, q.course.rules.delayedTestDays);
    const closesOn = addDays(opensOn, q.course.rules.delayedTestWindowDays);
    if (!q.attempts.some((a) => a.kind === 'post' && a.submittedAt))
      return { open: false, reason: 'post_missing' };
    if (today < opensOn) return { open: false, reason: 'not_yet', opensOn };
    if (today > closesOn) return { open: false, reason: 'window_closed' };
    return { open: true };
  }
  if (q.session.status === 'closed') return { open: false, reason: 'session_closed' };
  if (kind === 'pre' && q.attempts.some((a) => a.kind === 'post'))
    return { open: false, reason: 'post_done' };
  if (kind === 'post' && q.course.rules.completion.attendance && !q.entry.attendedAt)
    return { open: false, reason: 'not_attended' };
  // Starting the post-test closes the pre-test for good: it waits for the pre-test, unless the trainer opened it.
  if (kind === 'post' && !q.session.postTestOpenedAt && !q.attempts.some((a) => a.kind === 'pre'))
    return { open: false, reason: 'pre_first' };
  return { open: true };
}

/** Personal learner links, the learner's page and lessons, tests online, and tests taken on paper. */
export function learnersPart(
  deps: Pick<
    TrainingDeps,
    'db' | 'tx' | 'clock' | 'mailer' | 'organisation' | 'credentials' | 'publicUrl'
  > & {
    readonly catalogue: CourseCatalogue;
    readonly links: LearnerLinks;
    readonly sessionView: SessionViews;
  },
) {
  const { db, tx, clock, catalogue, links, sessionView } = deps;
  return {
    /** E-mails every person on the roster a fresh personal link to their tests. */
    async sendLearnerLinks(q: {
      orgId: string;
      actor: Actor;
      sessionId: string;
    }): Promise<Result<{ sent: number }, Problem>> {
      const view = await sessionView(q.orgId, q.sessionId);
      if (!view) return fail('not_found', 'training_session_not_found');
      const org = await deps.organisation(q.orgId);
      const result = await tx.run(q.actor, async (t, record) => {
        for (const r of view.roster) {
          const token = await links.issue(t, q.sessionId, r.person.id);
          const locale = languageFor(r.person, view.session, org);
          const params = { name: r.person.name, session: view.session.title, link: links.url(token, locale) };
          await deps.mailer.queue(t, {
            to: r.person.email,
            subject: translate(locale, 'mail.training_link.subject', params),
            text: translate(locale, 'mail.training_link.body', params),
            secrets: [token],
          });
        }
        await record({
          action: 'training.links_sent',
          orgId: q.orgId,
          targetType: 'training_session',
          targetId: q.sessionId,
          summary: { sent: view.roster.length },
        });
        return ok({ sent: view.roster.length });
      });
      if (result.ok) await deps.mailer.deliverPending();
      return result;
    },

    /** The course a learner's session teaches, to read again: objectives and lessons. */
    async lessons(token: string): Promise<Result<Pick<Course, 'title' | 'objectives' | 'topics'>, Problem>> {
      const link = await links.open(token);
      if (!link) return fail('not_found', 'learner_link_invalid');
      return ok({ title: link.course.title, objectives: link.course.objectives, topics: link.course.topics });
    },

    /** A learner's page: their session, attendance and tests. */
    async learner(token: string): Promise<Result<LearnerView, Problem>> {
      const link = await links.open(token);
      if (!link) return fail('not_found', 'learner_link_invalid');
      const attempts = (await listAttempts(db, link.session.orgId, link.session.id)).filter(
        (a) => a.personId === link.person.id,
      );
      const now = clock.now();
      // Newest first, as the list comes.
      const held = (await deps.credentials.list(link.session.orgId, { personId: link.person.id })).filter(
        (c) => c.status !== 'revoked',
      );
      const org = await deps.organisation(link.session.orgId);
      return ok({
        timeZone: org?.timeZone ?? 'UTC',
        certificates: held.map((c) => ({
          id: c.id,
          achievement: c.achievement,
          status: c.status,
          validUntil: c.validUntil,
          verifyUrl: `${deps.publicUrl}/verify/${c.id}`,
        })),
        personName: link.person.name,
        sessionTitle: link.session.title,
        courseTitle: link.course.title,
        startsOn: link.session.startsOn,
        attended: link.entry.attendedAt !== null,
        passMark: link.course.rules.completion.postTestMin,
        tests: (['pre', 'post', 'delayed'] as const).map((kind) => {
          const attempt = attempts.find((a) => a.kind === kind);
          if (attempt?.submittedAt)
            return {
              kind,
              state: 'submitted' as const,
              percent: percent(attempt.score ?? 0, attempt.maxScore),
            };
          if (attempt && attempt.deadline > now)
            return { kind, state: 'in_progress' as const, percent: null, deadline: attempt.deadline };
          if (attempt) return { kind, state: 'closed' as const, percent: null };
          const w = testWindow(kind, { ...link, attempts, now });
          if (w.open) return { kind, state: 'open' as const, percent: null };
          return {
            kind,
            state:
              w.reason === 'pre_first'
                ? ('after_pre' as const)
                : w.reason === 'not_yet' || w.reason === 'not_attended' || w.reason === 'post_missing'
                  ? ('not_yet' as const)
                  : ('closed' as const),
            percent: null,
            ...(w.opensOn && { opensOn: w.opensOn }),
          };
        }),
      });
    },

    /**
     * One of a learner's own certificates as a printable PDF, in the page's language: only the person it was
     * issued to, through their personal link, gets it.
     */
    async learnerCertificatePdf(q: {
      token: string;
      certificateId: string;
      locale: SupportedLocale;
    }): Promise<Result<Buffer, Problem>> {
      const link = await links.open(q.token);
      if (!link) return fail('not_found', 'learner_link_invalid');
      const cert = await deps.credentials.certificate(q.certificateId);
      // A revoked certificate is not handed out again, as the page no longer lists it.
      if (
        !cert.ok ||
        cert.value.personId !== link.person.id ||
        cert.value.orgId !== link.session.orgId ||
        cert.value.status === 'revoked'
      )
        return fail('not_found', 'certificate_not_found');
      const org = await deps.organisation(link.session.orgId);
      return ok(
        await certificatePdf({
          ...sheetOf({
            cert: cert.value,
            holder: link.person.name,
            issuer: org?.name ?? '',
            publicUrl: deps.publicUrl,
          }),
          locale: q.locale,
          timeZone: org?.timeZone ?? 'UTC',
        }),
      );
    },

    /** Starts a test (or resumes it before its deadline): the items of the kind's parallel form. */
    async startTest(
      token: string,
      kind: TestKind,
    ): Promise<Result<{ items: Item[]; deadline: Date; timeZone: string }, Problem>> {
      const link = await links.open(token);
      if (!link) return fail('not_found', 'learner_link_invalid');
      const now = clock.now();
      const timeZone = (await deps.organisation(link.session.orgId))?.timeZone ?? 'UTC';
      return tx.run({ userId: null, label: 'learner' }, async (t, record) => {
        const existing = await findAttempt(t, link.session.id, link.person.id, kind, { lock: true });
        if (existing?.submittedAt) return fail('invalid', 'test_already_submitted');
        if (existing && existing.deadline < now) return fail('invalid', 'test_deadline_passed');
        if (!existing) {
          const attempts = (await listAttempts(t, link.session.orgId, link.session.id)).filter(
            (a) => a.personId === link.person.id,
          );
          const w = testWindow(kind, { ...link, attempts, now });
          if (!w.open) return fail('invalid', `test_${w.reason}`);
        }
        const items = formItems(link.course, FORM_OF[kind]);
        const attempt =
          existing ??
          (await startAttempt(t, {
            id: newId(),
            sessionId: link.session.id,
            personId: link.person.id,
            kind,
            form: FORM_OF[kind],
            itemIds: items.map((i) => i.id),
            maxScore: items.length,
            startedAt: now,
            deadline: new Date(now.getTime() + link.course.rules.testMinutes * 60_000),
          }));
        if (!existing)
          await record({
            action: 'training.test_started',
            orgId: link.session.orgId,
            targetType: 'training_session',
            targetId: link.session.id,
            summary: { person: link.person.id, kind },
          });
        const byId = new Map(link.course.items.map((i) => [i.id, i]));
        return ok({
          items: attempt.itemIds.flatMap((id) => byId.get(id) ?? []),
          deadline: attempt.deadline,
          timeZone,
        });
      });
    },

    /** Submits a test's answers once, before its deadline; answers the score. */
    async submitTest(
      token: string,
      kind: TestKind,
      answers: Readonly<Record<string, number>>,
    ): Promise<Result<{ percent: number; passed: boolean; passMark: number }, Problem>> {
      const link = await links.open(token);
      if (!link) return fail('not_found', 'learner_link_invalid');
      const now = clock.now();
      return tx.run({ userId: null, label: 'learner' }, async (t, record) => {
        const attempt = await findAttempt(t, link.session.id, link.person.id, kind, { lock: true });
        if (!attempt) return fail('invalid', 'test_not_started');
        if (attempt.submittedAt) return fail('invalid', 'test_already_submitted');
        if (attempt.deadline < now) return fail('invalid', 'test_deadline_passed');
        const byId = new Map(link.course.items.map((i) => [i.id, i]));
        const items = attempt.itemIds.flatMap((id) => byId.get(id) ?? []);
        for (const [id, choice] of Object.entries(answers)) {
          const item = byId.get(id);
          if (!item || !attempt.itemIds.includes(id) || choice < 0 || choice >= item.options.length)
            return fail('invalid', 'test_answer_invalid', { params: { item: id } });
        }
        const { score, max } = scoreAnswers(items, answers);
        if (!(await submitAttempt(t, { id: attempt.id, answers: { ...answers }, score, at: now })))
          return fail('invalid', 'test_deadline_passed');
        await record({
          action: 'training.test_submitted',
          orgId: link.session.orgId,
          targetType: 'training_session',
          targetId: link.session.id,
          summary: { person: link.person.id, kind, score, max },
        });
        const pct = percent(score, max);
        const passMark = link.course.rules.completion.postTestMin;
        return ok({ percent: pct, passed: pct >= passMark, passMark });
      });
    },

    /**
     * Enters the answers of a test taken on paper (where phones or connections fail), as a trainer types them
     * in afterwards. The same form, rules and scoring as online; each test once per person.
     */
    async recordPaperTest(q: {
      orgId: string;
      actor: Actor;
      sessionId: string;
      personId: string;
      kind: TestKind;
      answers: Readonly<Record<string, number>>;
      takenOn: string;
    }): Promise<Result<{ percent: number }, Problem>> {
      const session = await findSession(db, q.orgId, q.sessionId);
      if (!session) return fail('not_found', 'training_session_not_found');
      const course = await catalogue.load(q.orgId, session.courseId, session.courseVersion);
      if (!course) throw new Error(`session ${session.id} cites a missing course`);
      // From the session's first day (or the day it first ran, if earlier than planned) to today, both in the
      // organisation's time zone.
      const zone = (await deps.organisation(q.orgId))?.timeZone ?? 'UTC';
      const today = isoDateIn(clock.now(), zone);
      const ran = await firstActivity(db, q.sessionId);
      const from = ran && isoDateIn(ran, zone) < session.startsOn ? isoDateIn(ran, zone) : session.startsOn;
      if (from > today) return fail('invalid', 'paper_test_session_not_started');
      if (q.takenOn < from || q.takenOn > today) return fail('invalid', 'paper_test_date');
      const items = formItems(course, FORM_OF[q.kind]);
      const asked = new Set(items.map((i) => i.id));
      for (const [id, choice] of Object.entries(q.answers)) {
        const item = items.find((i) => i.id === id);
        if (!item || !asked.has(id) || choice < 0 || choice >= item.options.length)
          return fail('invalid', 'test_answer_invalid', { params: { item: id } });
      }
      const { score, max } = scoreAnswers(items, q.answers);
      const at = new Date(`${q.takenOn}T12:00:00Z`);
      return tx.run(q.actor, async (t, record) => {
        const entry = await findRosterEntry(t, q.sessionId, q.personId);
        if (!entry) return fail('not_found', 'roster_entry_not_found');
        if (await findAttempt(t, q.sessionId, q.personId, q.kind))
          return fail('conflict', 'test_already_submitted');
        const attempt = await startAttempt(t, {
          id: newId(),
          sessionId: q.sessionId,
          personId: q.personId,
          kind: q.kind,
          form: FORM_OF[q.kind],
          itemIds: items.map((i) => i.id),
          maxScore: max,
          startedAt: at,
          deadline: at,
        });
        await submitAttempt(t, { id: attempt.id, answers: { ...q.answers }, score, at });
        await record({
          action: 'training.paper_test_recorded',
          orgId: q.orgId,
          targetType: 'training_session',
          targetId: q.sessionId,
          summary: { person: q.personId, kind: q.kind, score, max },
        });
        return ok({ percent: percent(score, max) });
      });
    },
  };
}
