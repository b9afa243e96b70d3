import type { Actor } from '../../platform/actor.js';
import { translate } from '../../platform/i18n/index.js';
import { ok } from '../../platform/result.js';
import { Achievement } from './achievements.js';
import { claimRenewalReminder, dueForRenewal } from './credentials.store.js';
import type { CourseCatalogue } from './catalogue.js';
import { DAY_MS, addDays } from './dates.js';
import type { LearnerLinks } from './learner-links.js';
import { findPeople } from './people.store.js';
import { dueForDelayedTest, markDelayedReminded } from './roster.store.js';
import { findSession } from './sessions.store.js';
import type { TrainingDeps } from './training.service.js';
import { dateFor, languageFor } from './speaking.js';

/** The daily follow-up: follow-up test links when they open, and reminders before certificates expire. */
export function followUpPart(
  deps: Pick<TrainingDeps, 'db' | 'tx' | 'clock' | 'mailer' | 'publicUrl' | 'organisation'> & {
    readonly catalogue: CourseCatalogue;
    readonly links: LearnerLinks;
  },
) {
  const { db, tx, clock, catalogue, links } = deps;
  return {
    /**
     * Mails each learner whose delayed test has opened a fresh link to it, once. Runs daily as a job;
     * each reminder is claimed in the same transaction as its mail.
     */
    async sendDelayedTestReminders(actor: Actor): Promise<{ sent: number }> {
      await catalogue.ensureBuiltIns();
      const today = clock.now().toISOString().slice(0, 10);
      let sent = 0;
      // Candidates are sessions held 14 to 365 days ago; each course's own delay and window decide below.
      const due = await dueForDelayedTest(db, {
        heldBefore: addDays(today, -14),
        heldAfter: addDays(today, -365),
      });
      for (const entry of due) {
        const session = await findSession(db, entry.orgId, entry.sessionId);
        const course =
          session && (await catalogue.load(entry.orgId, session.courseId, session.courseVersion));
        const [person] = await findPeople(db, entry.orgId, [entry.personId]);
        if (!session || !course || !person) continue;
        const opensOn = addDays(session.startsOn, course.rules.delayedTestDays);
        const closesOn = addDays(opensOn, course.rules.delayedTestWindowDays);
        if (today < opensOn || today > closesOn) continue;
        const done = await tx.run(actor, async (t, record) => {
          await markDelayedReminded(t, {
            sessionId: entry.sessionId,
            personId: entry.personId,
            at: clock.now(),
          });
          const token = await links.issue(t, entry.sessionId, entry.personId);
          const locale = languageFor(person, session, await deps.organisation(entry.orgId));
          const params = {
            name: person.name,
            session: session.title,
            link: links.url(token, locale),
            closesOn,
          };
          await deps.mailer.queue(t, {
            to: person.email,
            subject: translate(locale, 'mail.training_delayed.subject', params),
            text: translate(locale, 'mail.training_delayed.body', params),
            secrets: [token],
          });
          await record({
            action: 'training.delayed_test_reminded',
            orgId: entry.orgId,
            targetType: 'training_session',
            targetId: entry.sessionId,
            summary: { person: entry.personId },
          });
          return ok(true);
        });
        if (done.ok) sent += 1;
      }
      if (sent > 0) await deps.mailer.deliverPending();
      return { sent };
    },

    /**
     * Reminds holders, 60 days ahead, that their certificate expires, so they can take a refresher before the
     * next election cycle. Once per certificate; runs daily as a job.
     */
    async sendRenewalReminders(actor: Actor): Promise<{ sent: number }> {
      const now = clock.now();
      let sent = 0;
      for (const cert of await dueForRenewal(db, new Date(now.getTime() + 60 * DAY_MS))) {
        if (!cert.personId || !cert.validUntil || cert.validUntil < now) continue;
        const [person] = await findPeople(db, cert.orgId, [cert.personId]);
        if (!person) continue;
        const org = await deps.organisation(cert.orgId);
        const session = cert.sessionId ? await findSession(db, cert.orgId, cert.sessionId) : undefined;
        const locale = languageFor(person, session, org);
        const parsed = Achievement.safeParse(cert.achievement);
        const params = {
          name: person.name,
          achievement: parsed.success
            ? translate(locale, `verify.achievement.${parsed.data}`)
            : cert.achievement,
          date: dateFor(cert.validUntil, locale, org),
          link: `${deps.publicUrl}/verify/${cert.id}`,
        };
        const done = await tx.run(actor, async (t, record) => {
          if (!(await claimRenewalReminder(t, cert.id, now))) return ok(false);
          await deps.mailer.queue(t, {
            to: person.email,
            subject: translate(locale, 'mail.training_renewal.subject', params),
            text: translate(locale, 'mail.training_renewal.body', params),
          });
          await record({
            action: 'training.renewal_reminded',
            orgId: cert.orgId,
            targetType: 'certificate',
            targetId: cert.id,
          });
          return ok(true);
        });
        if (done.ok && done.value) sent += 1;
      }
      if (sent > 0) await deps.mailer.deliverPending();
      return { sent };
    },
  };
}
