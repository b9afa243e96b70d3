import { sql, type ColumnType, type Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type { Db, Tx } from './db.js';
import { newId } from './ids.js';

type MailTables = {
  mail_outbox: {
    id: string;
    to_address: string;
    subject: string;
    text_body: string;
    transport: 'smtp' | 'outbox';
    created_at: Date;
    sent_at: Date | null;
    error: string | null;
    secrets: string[];
    attachments: ColumnType<StoredAttachment[], string | undefined, string>;
  };
};

/** A file as the outbox keeps it: its content in base64 until SMTP has delivered it, then none. */
interface StoredAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly content?: string;
}

/** What replaces a secret (a link token) in a stored message once it may no longer be shown. */
export const REDACTED = '[removed]';

/** Days a message kept for the operator (no SMTP) shows its links; after that they are removed. */
const OUTBOX_LINK_DAYS = 7;
/** Days any message is kept at all. */
const OUTBOX_KEEP_DAYS = 30;

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => (secret ? out.split(secret).join(REDACTED) : out), text);
}

/** One message as shown on the operator's outbox page. */
export interface OutboxMessage {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly transport: 'smtp' | 'outbox';
  readonly createdAt: Date;
  readonly sentAt: Date | null;
  readonly error: string | null;
  /** The files it carries (names and sizes). */
  readonly attachments: { filename: string; contentType: string; size: number }[];
}

/** A message to queue; `secrets` are the bearer tokens its text carries (sign-in, reset or personal links). */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly secrets?: readonly string[];
  /** Files sent with it (a certificate's PDF). */
  readonly attachments?: readonly { filename: string; contentType: string; content: Buffer }[];
}

/**
 * Sends e-mail. Messages are queued inside the caller's transaction, so mail goes out only for committed work.
 *
 * Why secrets are named: a stored message that carries a live reset or invitation link is as good as the
 * account. With SMTP, the stored copy loses its secrets as soon as the message is delivered, and the operator's
 * outbox never shows them. Without SMTP the operator is the mail carrier and sees the links, for 7 days.
 */
export interface Mailer {
  /** True when SMTP_URL is set; otherwise messages stay in the outbox for the operator to read. */
  readonly smtpConfigured: boolean;
  /** Queues a message, or several in one statement. */
  queue(tx: Tx, message: OutgoingMail | readonly OutgoingMail[]): Promise<void>;
  /** Delivers queued SMTP messages; call after a transaction that queued mail commits. */
  deliverPending(): Promise<void>;
  listOutbox(q: { limit: number }): Promise<OutboxMessage[]>;
  /** Retention: removes links from outbox messages older than 7 days and deletes messages older than 30. */
  prune(now: Date): Promise<{ redacted: number; deleted: number }>;
  /** Waits for a delivery under way to record its outcome, then closes the SMTP connection (before the database). */
  close(): Promise<void>;
}

function tables(db: Db | Tx): Kysely<MailTables> {
  return db.withTables<MailTables>();
}

/** Creates the mailer: SMTP through nodemailer when `smtpUrl` is set, the built-in outbox otherwise. */
export function createMailer(
  db: Db,
  opts: { smtpUrl: string | undefined; from: string; log: (msg: string) => void },
): Mailer {
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : undefined;
  let delivering: Promise<void> | undefined;

  async function deliverBatch(): Promise<void> {
    if (!transport) return;
    const pending = await tables(db)
      .selectFrom('mail_outbox')
      .selectAll()
      .where('transport', '=', 'smtp')
      .where('sent_at', 'is', null)
      .where('error', 'is', null)
      .orderBy('created_at')
      .limit(50)
      .execute();
    for (const message of pending) {
      try {
        await transport.sendMail({
          from: opts.from,
          to: message.to_address,
          subject: message.subject,
          text: message.text_body,
          attachments: message.attachments.flatMap((a) =>
            a.content === undefined
              ? []
              : [
                  {
                    filename: a.filename,
                    contentType: a.contentType,
                    content: Buffer.from(a.content, 'base64'),
                  },
                ],
          ),
        });
        await tables(db)
          .updateTable('mail_outbox')
          .set({
            sent_at: new Date(),
            text_body: redact(message.text_body, message.secrets),
            secrets: [],
            attachments: JSON.stringify(
              message.attachments.map(({ filename, contentType, size }) => ({ filename, contentType, size })),
            ),
          })
          .where('id', '=', message.id)
          .execute();
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        opts.log(`mail to message ${message.id} failed: ${text}`);
        await tables(db)
          .updateTable('mail_outbox')
          .set({ error: text.slice(0, 500) })
          .where('id', '=', message.id)
          .execute();
      }
    }
  }

  return {
    smtpConfigured: transport !== undefined,
    async queue(tx, message) {
      const messages: readonly OutgoingMail[] = Array.isArray(message) ? message : [message];
      if (messages.length === 0) return;
      await tables(tx)
        .insertInto('mail_outbox')
        .values(
          messages.map((message) => ({
            id: newId(),
            to_address: message.to,
            subject: message.subject,
            text_body: message.text,
            transport: transport ? 'smtp' : 'outbox',
            created_at: new Date(),
            sent_at: null,
            error: null,
            secrets: [...(message.secrets ?? [])],
            attachments: JSON.stringify(
              (message.attachments ?? []).map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                size: a.content.length,
                content: a.content.toString('base64'),
              })),
            ),
          })),
        )
        .execute();
    },
    async close() {
      // A delivery records its outcome in the database; stopping first would lose it (or fail on a closed pool).
      await delivering?.catch(() => undefined);
      transport?.close();
    },
    deliverPending() {
      delivering ??= deliverBatch().finally(() => {
        delivering = undefined;
      });
      return delivering;
    },
    async listOutbox({ limit }) {
      const rows = await tables(db)
        .selectFrom('mail_outbox')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        to: row.to_address,
        subject: row.subject,
        text: row.transport === 'smtp' ? redact(row.text_body, row.secrets) : row.text_body,
        transport: row.transport,
        createdAt: row.created_at,
        sentAt: row.sent_at,
        error: row.error,
        attachments: row.attachments.map(({ filename, contentType, size }) => ({
          filename,
          contentType,
          size,
        })),
      }));
    },
    async prune(now) {
      const day = 24 * 3600_000;
      const linksBefore = new Date(now.getTime() - OUTBOX_LINK_DAYS * day);
      const stale = await tables(db)
        .selectFrom('mail_outbox')
        .select(['id', 'text_body', 'secrets'])
        .where('created_at', '<', linksBefore)
        .where(sql<boolean>`cardinality(secrets) > 0`)
        .execute();
      for (const row of stale)
        await tables(db)
          .updateTable('mail_outbox')
          .set({ text_body: redact(row.text_body, row.secrets), secrets: [] })
          .where('id', '=', row.id)
          .execute();
      const deleted = await tables(db)
        .deleteFrom('mail_outbox')
        .where('created_at', '<', new Date(now.getTime() - OUTBOX_KEEP_DAYS * day))
        .executeTakeFirst();
      return { redacted: stale.length, deleted: Number(deleted.numDeletedRows) };
    },
  };
}
