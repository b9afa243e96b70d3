import type { Kysely } from 'kysely';
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
  };
};

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
}

/** Sends e-mail. Messages are queued inside the caller's transaction, so mail goes out only for committed work. */
export interface Mailer {
  /** True when SMTP_URL is set; otherwise messages stay in the outbox for the operator to read. */
  readonly smtpConfigured: boolean;
  queue(tx: Tx, message: { to: string; subject: string; text: string }): Promise<void>;
  /** Delivers queued SMTP messages; call after a transaction that queued mail commits. */
  deliverPending(): Promise<void>;
  listOutbox(q: { limit: number }): Promise<OutboxMessage[]>;
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
        });
        await tables(db)
          .updateTable('mail_outbox')
          .set({ sent_at: new Date() })
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
      await tables(tx)
        .insertInto('mail_outbox')
        .values({
          id: newId(),
          to_address: message.to,
          subject: message.subject,
          text_body: message.text,
          transport: transport ? 'smtp' : 'outbox',
          created_at: new Date(),
          sent_at: null,
          error: null,
        })
        .execute();
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
        text: row.text_body,
        transport: row.transport,
        createdAt: row.created_at,
        sentAt: row.sent_at,
        error: row.error,
      }));
    },
  };
}
