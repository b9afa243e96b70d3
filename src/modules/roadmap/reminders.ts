import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import type { BusEvent } from '../../platform/events.js';
import { translate } from '../../platform/i18n/index.js';
import type { Mailer } from '../../platform/mail.js';
import { ok } from '../../platform/result.js';
import type { Transactor } from '../audit/index.js';
import type { Locale } from '../identity/index.js';
import { claimReminder } from './missions.store.js';
import { itemsDueOn } from './counts.store.js';

/** Reminders go out this many days before an item falls due. */
export const REMINDER_LEADS = [7, 1] as const;

/** What sending reminders needs from outside the module. */
export interface ReminderDeps {
  readonly db: Db;
  readonly tx: Transactor;
  readonly clock: Clock;
  readonly mailer: Mailer;
  readonly notify: (event: BusEvent) => void;
  readonly contactOf: (
    orgId: string,
    userId: string,
  ) => Promise<{ email: string; name: string; locale: Locale } | undefined>;
  readonly publicUrl: string;
}

/**
 * Mails each owner of an open item due in 7 days or tomorrow, and notifies them on screen. Each reminder is
 * claimed in the database first, so a second run (or a second process) sends nothing twice.
 */
export async function sendDueReminders(deps: ReminderDeps, actor: Actor): Promise<{ sent: number }> {
  const today = deps.clock.now();
  let sent = 0;
  for (const daysBefore of REMINDER_LEADS) {
    const dueOn = new Date(today.getTime() + daysBefore * 86_400_000).toISOString().slice(0, 10);
    for (const item of await itemsDueOn(deps.db, dueOn)) {
      const contact = await deps.contactOf(item.orgId, item.ownerUserId);
      if (!contact) continue;
      const params = {
        title: item.title,
        days: daysBefore,
        dueOn,
        link: `${deps.publicUrl}/o/${item.orgId}/roadmap/${item.id}`,
      };
      const result = await deps.tx.run(actor, async (t, record) => {
        if (!(await claimReminder(t, { itemId: item.id, dueOn, daysBefore }))) return ok(false);
        await deps.mailer.queue(t, {
          to: contact.email,
          subject: translate(contact.locale, 'mail.roadmap_due.subject', params),
          text: translate(contact.locale, 'mail.roadmap_due.body', params),
        });
        await record({
          action: 'roadmap.reminder_sent',
          orgId: item.orgId,
          targetType: 'roadmap_item',
          targetId: item.id,
          summary: { dueOn, daysBefore },
        });
        return ok(true);
      });
      if (result.ok && result.value) {
        sent += 1;
        deps.notify({
          type: 'roadmap.due',
          orgId: item.orgId,
          userId: item.ownerUserId,
          data: { itemId: item.id, title: item.title, dueOn },
        });
      }
    }
  }
  if (sent > 0) await deps.mailer.deliverPending();
  return { sent };
}
