import type { Actor } from '../../platform/actor.js';
import { fail, type Problem } from '../../platform/errors.js';
import { translate, type SupportedLocale } from '../../platform/i18n/index.js';
import { newId, newSecret, safeEqual, sha256Hex } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import { randomInt } from 'node:crypto';
import {
  CHECKIN_CODE_MINUTES,
  CHECKIN_CODE_TRIES,
  checkCode,
  checkTicket,
  currentCode,
  maskEmail,
  newTicket,
} from './checkin.js';
import { Course, FORM_OF, formItems, percent, scoreAnswers, type Item, type TestKind } from './course.js';
import {
  checkinContext,
  findAttempt,
  findCheckinChallengeByToken,
  findPersonByEmail,
  insertCheckinChallenge,
  updateCheckinChallenge,
  findRosterEntry,
  findSession,
  findSessionById,
  listAttempts,
  setAttendance,
  setPersonLocale,
  startAttempt,
  submitAttempt,
  useTicket,
} from './training.store.js';
import { type TrainingContext, type LearnerView } from './training.context.js';

/** Check-in by rotating QR code, personal learner links, tests online and on paper. */
export function learnersPart(ctx: TrainingContext) {
  const {
    deps,
    db,
    tx,
    clock,
    loadCourse,
    learnerUrl,
    newLearnerLink,
    sessionView,
    learnerContext,
    testWindow,
  } = ctx;
  const secretOf = (s: { id: string; checkinSecret: string }) =>
    deps.secrets.open(s.checkinSecret, checkinContext(s.id));
  return {
    /** The check-in code to show on screen now, and the address its QR code carries. */
    async checkinCode(
      orgId: string,
      sessionId: string,
    ): Promise<Result<{ url: string; secondsLeft: number }, Problem>> {
      const session = await findSession(db, orgId, sessionId);
      if (!session) return fail('not_found', 'training_session_not_found');
      if (session.status === 'closed') return fail('invalid', 'training_session_closed');
      const { code, secondsLeft } = currentCode(secretOf(session), sessionId, clock.now());
      return ok({ url: `${deps.publicUrl}/learn/checkin/${sessionId}?code=${code}`, secondsLeft });
    },

    /** A scanned QR code: when genuine and fresh, a one-time ticket for the check-in form. */
    async openCheckin(
      sessionId: string,
      code: string,
    ): Promise<Result<{ ticket: string; title: string; courseTitle: Course['title'] }, Problem>> {
      const session = await findSessionById(db, sessionId);
      if (!session) return fail('not_found', 'training_session_not_found');
      if (session.status === 'closed') return fail('invalid', 'training_session_closed');
      const check = checkCode(secretOf(session), sessionId, code, clock.now());
      if (check === 'expired') return fail('invalid', 'checkin_code_expired');
      if (check === 'invalid') return fail('invalid', 'checkin_code_invalid');
      const course = await loadCourse(session.orgId, session.courseId, session.courseVersion);
      return ok({
        ticket: newTicket(secretOf(session), sessionId, clock.now()),
        title: session.title,
        courseTitle: course?.title ?? { en: '', es: '', fr: '' },
      });
    },

    /**
     * QR check-in, first step: the one-time ticket from the code on screen and the e-mail the person is on the
     * roster with. The ticket is used up whatever the outcome (one scan, one try). A person on the roster is
     * e-mailed a 6-digit code; the answer is the challenge the confirmation form sends back with it. Knowing
     * someone's e-mail and seeing the screen is not enough to check them in.
     */
    async checkin(q: {
      sessionId: string;
      ticket: string;
      email: string;
      locale: SupportedLocale;
    }): Promise<Result<{ challenge: string; email: string }, Problem>> {
      const session = await findSessionById(db, q.sessionId);
      if (!session) return fail('not_found', 'training_session_not_found');
      const ticket = checkTicket(secretOf(session), q.sessionId, q.ticket, clock.now());
      if (!ticket.ok)
        return fail(
          'invalid',
          ticket.reason === 'expired' ? 'checkin_ticket_expired' : 'checkin_code_invalid',
        );
      const email = q.email.trim().toLowerCase();
      const person = await findPersonByEmail(db, session.orgId, email);
      const challenge = newSecret();
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const outcome = await tx.run({ userId: null, label: 'learner' }, async (t, record) => {
        const locked = await findSession(t, session.orgId, session.id, { lock: true });
        if (!locked || locked.status === 'closed') return fail('invalid', 'training_session_closed');
        if (!(await useTicket(t, { nonce: ticket.nonce, sessionId: q.sessionId, at: clock.now() })))
          return fail('invalid', 'checkin_ticket_used');
        const entry = person && (await findRosterEntry(t, q.sessionId, person.id));
        if (!person || !entry) {
          // Committed all the same: the ticket stays used, so one scan cannot probe the roster.
          await record({
            action: 'training.checkin_refused',
            orgId: session.orgId,
            targetType: 'training_session',
            targetId: q.sessionId,
            summary: { reason: 'not_on_roster' },
          });
          return ok(false);
        }
        const id = newId();
        await insertCheckinChallenge(t, {
          id,
          sessionId: q.sessionId,
          personId: person.id,
          tokenHash: sha256Hex(challenge),
          codeHash: sha256Hex(`${id}:${code}`),
          createdAt: clock.now(),
          expiresAt: new Date(clock.now().getTime() + CHECKIN_CODE_MINUTES * 60_000),
        });
        const params = { code, session: session.title, minutes: CHECKIN_CODE_MINUTES };
        await deps.mailer.queue(t, {
          to: person.email,
          subject: translate(q.locale, 'mail.checkin_code.subject', params),
          text: translate(q.locale, 'mail.checkin_code.body', params),
          secrets: [code],
        });
        await record({
          action: 'training.checkin_code_sent',
          orgId: session.orgId,
          targetType: 'training_session',
          targetId: q.sessionId,
          summary: { person: person.id },
        });
        return ok(true);
      });
      if (!outcome.ok) return outcome;
      if (!outcome.value) return fail('invalid', 'checkin_not_on_roster');
      await deps.mailer.deliverPending();
      return ok({ challenge, email: maskEmail(email) });
    },

    /**
     * QR check-in, second step: the code the person received. Five wrong codes, or 10 minutes, end the
     * challenge. A right code records attendance and answers the person's personal link.
     */
    async confirmCheckin(q: {
      sessionId: string;
      challenge: string;
      code: string;
      locale: SupportedLocale;
    }): Promise<Result<{ token: string; link: string }, Problem>> {
      const session = await findSessionById(db, q.sessionId);
      if (!session) return fail('not_found', 'training_session_not_found');
      type Outcome = { kind: 'wrong'; left: number } | { kind: 'checked_in'; token: string };
      const outcome = await tx.run<Outcome>({ userId: null, label: 'learner' }, async (t, record) => {
        const found = await findCheckinChallengeByToken(t, {
          sessionId: q.sessionId,
          tokenHash: sha256Hex(q.challenge),
        });
        if (!found || found.usedAt || found.expiresAt < clock.now() || found.attempts >= CHECKIN_CODE_TRIES)
          return fail('invalid', 'checkin_challenge_invalid');
        if (!safeEqual(sha256Hex(`${found.id}:${q.code.trim()}`), found.codeHash)) {
          await updateCheckinChallenge(t, { id: found.id, change: { kind: 'wrong' } });
          await record({
            action: 'training.checkin_refused',
            orgId: session.orgId,
            targetType: 'training_session',
            targetId: q.sessionId,
            summary: { reason: 'wrong_code', person: found.personId },
          });
          return ok({ kind: 'wrong', left: CHECKIN_CODE_TRIES - found.attempts - 1 });
        }
        const locked = await findSession(t, session.orgId, session.id, { lock: true });
        if (!locked || locked.status === 'closed') return fail('invalid', 'training_session_closed');
        const entry = await findRosterEntry(t, q.sessionId, found.personId);
        if (!entry) return fail('invalid', 'checkin_not_on_roster');
        await updateCheckinChallenge(t, { id: found.id, change: { kind: 'used', at: clock.now() } });
        if (!entry.attendedAt)
          await setAttendance(t, {
            sessionId: q.sessionId,
            personId: found.personId,
            at: clock.now(),
            method: 'qr',
          });
        await setPersonLocale(t, found.personId, q.locale);
        const token = await newLearnerLink(t, q.sessionId, found.personId);
        await record({
          action: 'training.checked_in',
          orgId: session.orgId,
          targetType: 'training_session',
          targetId: q.sessionId,
          summary: { person: found.personId, method: 'qr' },
        });
        return ok({ kind: 'checked_in', token });
      });
      if (!outcome.ok) return outcome;
      if (outcome.value.kind === 'wrong')
        return fail('invalid', 'checkin_code_wrong', { params: { left: outcome.value.left } });
      return ok({ token: outcome.value.token, link: learnerUrl(outcome.value.token) });
    },

    /** E-mails every person on the roster a fresh personal link to their tests. */
    async sendLearnerLinks(q: {
      orgId: string;
      actor: Actor;
      sessionId: string;
    }): Promise<Result<{ sent: number }, Problem>> {
      const view = await sessionView(q.orgId, q.sessionId);
      if (!view) return fail('not_found', 'training_session_not_found');
      const result = await tx.run(q.actor, async (t, record) => {
        for (const r of view.roster) {
          const token = await newLearnerLink(t, q.sessionId, r.person.id);
          const locale = r.person.locale ?? 'en';
          const params = { name: r.person.name, session: view.session.title, link: learnerUrl(token) };
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
      const ctx = await learnerContext(token);
      if (!ctx) return fail('not_found', 'learner_link_invalid');
      return ok({ title: ctx.course.title, objectives: ctx.course.objectives, topics: ctx.course.topics });
    },

    /** A learner's page: their session, attendance and tests. */
    async learner(token: string): Promise<Result<LearnerView, Problem>> {
      const ctx = await learnerContext(token);
      if (!ctx) return fail('not_found', 'learner_link_invalid');
      const attempts = (await listAttempts(db, ctx.session.orgId, ctx.session.id)).filter(
        (a) => a.personId === ctx.person.id,
      );
      const now = clock.now();
      return ok({
        personName: ctx.person.name,
        sessionTitle: ctx.session.title,
        courseTitle: ctx.course.title,
        startsOn: ctx.session.startsOn,
        attended: ctx.entry.attendedAt !== null,
        passMark: ctx.course.rules.completion.postTestMin,
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
          const w = testWindow(kind, { ...ctx, attempts, now });
          if (w.open) return { kind, state: 'open' as const, percent: null };
          return {
            kind,
            state:
              w.reason === 'not_yet' || w.reason === 'not_attended' || w.reason === 'post_missing'
                ? ('not_yet' as const)
                : ('closed' as const),
            percent: null,
            ...(w.opensOn && { opensOn: w.opensOn }),
          };
        }),
      });
    },

    /** Starts a test (or resumes it before its deadline): the items of the kind's parallel form. */
    async startTest(
      token: string,
      kind: TestKind,
    ): Promise<Result<{ items: Item[]; deadline: Date }, Problem>> {
      const ctx = await learnerContext(token);
      if (!ctx) return fail('not_found', 'learner_link_invalid');
      const now = clock.now();
      return tx.run({ userId: null, label: 'learner' }, async (t, record) => {
        const existing = await findAttempt(t, ctx.session.id, ctx.person.id, kind, { lock: true });
        if (existing?.submittedAt) return fail('invalid', 'test_already_submitted');
        if (existing && existing.deadline < now) return fail('invalid', 'test_deadline_passed');
        if (!existing) {
          const attempts = (await listAttempts(t, ctx.session.orgId, ctx.session.id)).filter(
            (a) => a.personId === ctx.person.id,
          );
          const w = testWindow(kind, { ...ctx, attempts, now });
          if (!w.open) return fail('invalid', `test_${w.reason}`);
        }
        const items = formItems(ctx.course, FORM_OF[kind]);
        const attempt =
          existing ??
          (await startAttempt(t, {
            id: newId(),
            sessionId: ctx.session.id,
            personId: ctx.person.id,
            kind,
            form: FORM_OF[kind],
            itemIds: items.map((i) => i.id),
            maxScore: items.length,
            startedAt: now,
            deadline: new Date(now.getTime() + ctx.course.rules.testMinutes * 60_000),
          }));
        if (!existing)
          await record({
            action: 'training.test_started',
            orgId: ctx.session.orgId,
            targetType: 'training_session',
            targetId: ctx.session.id,
            summary: { person: ctx.person.id, kind },
          });
        const byId = new Map(ctx.course.items.map((i) => [i.id, i]));
        return ok({ items: attempt.itemIds.flatMap((id) => byId.get(id) ?? []), deadline: attempt.deadline });
      });
    },

    /** Submits a test's answers once, before its deadline; answers the score. */
    async submitTest(
      token: string,
      kind: TestKind,
      answers: Readonly<Record<string, number>>,
    ): Promise<Result<{ percent: number; passed: boolean; passMark: number }, Problem>> {
      const ctx = await learnerContext(token);
      if (!ctx) return fail('not_found', 'learner_link_invalid');
      const now = clock.now();
      return tx.run({ userId: null, label: 'learner' }, async (t, record) => {
        const attempt = await findAttempt(t, ctx.session.id, ctx.person.id, kind, { lock: true });
        if (!attempt) return fail('invalid', 'test_not_started');
        if (attempt.submittedAt) return fail('invalid', 'test_already_submitted');
        if (attempt.deadline < now) return fail('invalid', 'test_deadline_passed');
        const byId = new Map(ctx.course.items.map((i) => [i.id, i]));
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
          orgId: ctx.session.orgId,
          targetType: 'training_session',
          targetId: ctx.session.id,
          summary: { person: ctx.person.id, kind, score, max },
        });
        const pct = percent(score, max);
        const passMark = ctx.course.rules.completion.postTestMin;
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
      const course = await loadCourse(q.orgId, session.courseId, session.courseVersion);
      if (!course) throw new Error(`session ${session.id} cites a missing course`);
      if (q.takenOn < session.startsOn || q.takenOn > clock.now().toISOString().slice(0, 10))
        return fail('invalid', 'paper_test_date');
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
