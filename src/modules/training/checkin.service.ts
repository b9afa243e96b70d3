import { randomInt } from 'node:crypto';
import { fail, type Problem } from '../../platform/errors.js';
import { translate, type SupportedLocale } from '../../platform/i18n/index.js';
import { newId, newSecret, safeEqual, sha256Hex } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { CourseCatalogue } from './catalogue.js';
import {
  CHECKIN_CODE_MINUTES,
  CHECKIN_CODE_TRIES,
  checkCode,
  checkTicket,
  currentCode,
  maskEmail,
  newTicket,
} from './checkin.js';
import {
  checkinContext,
  findCheckinChallengeByToken,
  insertCheckinChallenge,
  updateCheckinChallenge,
  useTicket,
} from './checkin.store.js';
import type { Course } from './course.js';
import type { LearnerLinks } from './learner-links.js';
import { findPersonByEmail, setPersonLocale } from './people.store.js';
import { findRosterEntry, setAttendance } from './roster.store.js';
import { findSession, findSessionById } from './sessions.store.js';
import type { TrainingDeps } from './training.service.js';

/**
 * Attendance by rotating QR code: the code on the trainer's screen, a one-time ticket per scan, and a code
 * e-mailed to the person on the roster, which records attendance and opens their personal learner page.
 */
export function checkinPart(
  deps: Pick<TrainingDeps, 'db' | 'tx' | 'clock' | 'secrets' | 'mailer' | 'publicUrl'> & {
    readonly catalogue: CourseCatalogue;
    readonly links: LearnerLinks;
  },
) {
  const { db, tx, clock, catalogue, links } = deps;
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
      const course = await catalogue.load(session.orgId, session.courseId, session.courseVersion);
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
      /** The language the person's phone or choice names, remembered for what we write to them later. */
      chosenLocale: SupportedLocale | undefined;
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
        if (q.chosenLocale) await setPersonLocale(t, found.personId, q.chosenLocale);
        const token = await links.issue(t, q.sessionId, found.personId);
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
      return ok({ token: outcome.value.token, link: links.url(outcome.value.token) });
    },
  };
}
