import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import type { Mailer } from '../../platform/mail.js';
import type { Transactor } from '../audit/index.js';

/** What identity's services are given. */
export interface IdentityDeps {
  readonly db: Db;
  readonly tx: Transactor;
  readonly clock: Clock;
  readonly mailer: Mailer;
  /** Base URL for links in e-mails, e.g. https://atalaya.example.org */
  readonly publicUrl: string;
  /** Relying-party id for passkeys: the host name of the public URL. */
  readonly rpId: string;
}
