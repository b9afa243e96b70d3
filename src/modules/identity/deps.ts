import type { SecretBox } from '../../platform/secrets.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import type { Mailer } from '../../platform/mail.js';
import type { BusEvent } from '../../platform/events.js';
import type { Transactor } from '../audit/index.js';

/** What identity's services are given. */
export interface IdentityDeps {
  readonly db: Db;
  /** Writes that can change who a caller is or what they may do; callers are resolved afresh after each. */
  readonly tx: Transactor;
  /**
   * Writes that change no resolved caller (sign-in attempts, new sessions, unlock and reset links): audited
   * like any other, but they neither clear the caller caches nor make open event streams check again.
   */
  readonly txKeepCallers: Transactor;
  readonly clock: Clock;
  readonly mailer: Mailer;
  /** Seals secrets kept at rest (authenticator seeds). */
  readonly secrets: SecretBox;
  /** Base URL for links in e-mails, e.g. https://atalaya.example.org */
  readonly publicUrl: string;
  /** Relying-party id for passkeys: the host name of the public URL. */
  readonly rpId: string;
  /** Publishes a notification after a change committed (to every app process). */
  readonly notify: (event: BusEvent) => void;
}
