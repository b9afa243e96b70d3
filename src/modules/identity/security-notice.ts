import type { Tx } from '../../platform/db.js';
import { translate } from '../../platform/i18n/index.js';
import type { IdentityDeps } from './deps.js';
import type { Locale } from './model.js';

/** Changes to how an account signs in, each told to its owner by e-mail (ASVS 2.2.3, 2.5.5). */
export type SecurityChange =
  | 'password_changed'
  | 'password_reset'
  | 'totp_enabled'
  | 'totp_disabled'
  | 'passkey_added'
  | 'passkey_removed';

/**
 * Queues, in the change's own transaction, a notice to the account's owner that its sign-in changed, with what
 * to do if it was not them. Whoever took over an account cannot keep it quiet: the mail goes to the address the
 * account had. The caller delivers pending mail after the commit.
 */
export async function queueSecurityNotice(
  deps: Pick<IdentityDeps, 'mailer' | 'publicUrl' | 'clock'>,
  t: Tx,
  q: { email: string; locale: Locale; change: SecurityChange },
): Promise<void> {
  const params = {
    change: translate(q.locale, `mail.security.${q.change}`),
    time: `${deps.clock.now().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    link: `${deps.publicUrl}/forgot`,
  };
  await deps.mailer.queue(t, {
    to: q.email,
    subject: translate(q.locale, 'mail.security.subject', params),
    text: translate(q.locale, 'mail.security.body', params),
  });
}

/** Passes a change's result on, delivering the mail it queued (security notices) once it committed. */
export function deliverAfter(mailer: IdentityDeps['mailer']) {
  return <R extends { readonly ok: boolean }>(result: R): R => {
    if (result.ok) void mailer.deliverPending();
    return result;
  };
}
