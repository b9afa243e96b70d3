import { sql } from 'kysely';
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from '../test/db.js';
import { createMailer } from './mail.js';

let services: Awaited<ReturnType<typeof freshServices>>;
let smtp: SMTPServer;
let port = 0;
const received: { to: string; body: string }[] = [];

beforeAll(async () => {
  services = await freshServices();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const address = smtp.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(resolve));
  await services.close();
});

describe('mail', () => {
  it('delivers queued mail over SMTP once its transaction commits, and records it as sent', async () => {
    const mailer = createMailer(services.db, {
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'Atalaya <no-reply@example.org>',
      log: () => {},
    });
    expect(mailer.smtpConfigured).toBe(true);
    await services.db
      .transaction()
      .execute((tx) =>
        mailer.queue(tx, { to: 'official@example.org', subject: 'Invitation', text: 'Hola, ñandú' }),
      );
    await mailer.deliverPending();
    expect(received).toHaveLength(1);
    expect(received[0]?.to).toBe('official@example.org');
    expect(received[0]?.body).toContain('Subject: Invitation');
    const [message] = await mailer.listOutbox({ limit: 1 });
    expect(message).toMatchObject({ transport: 'smtp', error: null });
    expect(message?.sentAt).toBeInstanceOf(Date);
  });

  it('sends files with a message over SMTP, then keeps only their names', async () => {
    const mailer = createMailer(services.db, {
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'Atalaya <no-reply@example.org>',
      log: () => {},
    });
    const pdf = Buffer.from('%PDF-1.4 certificate of Rosa Quishpe');
    await services.db.transaction().execute((tx) =>
      mailer.queue(tx, {
        to: 'rosa@example.org',
        subject: 'Su certificado',
        text: 'Adjunto.',
        attachments: [{ filename: 'certificado-1.pdf', contentType: 'application/pdf', content: pdf }],
      }),
    );
    await mailer.deliverPending();
    const sent = received.find((r) => r.to === 'rosa@example.org');
    expect(sent?.body).toContain('filename=certificado-1.pdf');
    expect(sent?.body).toContain(pdf.toString('base64'));
    const [message] = await mailer.listOutbox({ limit: 1 });
    expect(message?.attachments).toEqual([
      { filename: 'certificado-1.pdf', contentType: 'application/pdf', size: pdf.length },
    ]);
    const { rows } = await sql<{ attachments: unknown }>`
      SELECT attachments FROM mail_outbox WHERE to_address = 'rosa@example.org'`.execute(services.db);
    expect(JSON.stringify(rows)).not.toContain(pdf.toString('base64'));
  });

  it('keeps mail in the outbox when SMTP is not configured', async () => {
    const mailer = createMailer(services.db, { smtpUrl: undefined, from: 'x@example.org', log: () => {} });
    await services.db
      .transaction()
      .execute((tx) => mailer.queue(tx, { to: 'kept@example.org', subject: 'Kept', text: 'body' }));
    await mailer.deliverPending();
    const [message] = await mailer.listOutbox({ limit: 1 });
    expect(message).toMatchObject({ to: 'kept@example.org', transport: 'outbox', sentAt: null });
  });

  it('records a failed delivery instead of losing the message', async () => {
    const mailer = createMailer(services.db, {
      smtpUrl: 'smtp://127.0.0.1:1',
      from: 'x@example.org',
      log: () => {},
    });
    await services.db
      .transaction()
      .execute((tx) => mailer.queue(tx, { to: 'lost@example.org', subject: 'Retry', text: 'body' }));
    await mailer.deliverPending();
    const message = (await mailer.listOutbox({ limit: 5 })).find((m) => m.to === 'lost@example.org');
    expect(message?.sentAt).toBeNull();
    expect(message?.error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('lets a delivery under way record its outcome before it closes', async () => {
    // A server that accepts the connection and hangs up 300 ms later, without a greeting: a slow failure.
    const silent = createServer((socket) => setTimeout(() => socket.destroy(), 300));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const mailer = createMailer(services.db, {
      smtpUrl: `smtp://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      from: 'x@example.org',
      log: () => {},
    });
    await services.db
      .transaction()
      .execute((tx) => mailer.queue(tx, { to: 'closing@example.org', subject: 'Bye', text: 'body' }));
    // Started and not awaited, as after a request that queued mail; then the process shuts down.
    void mailer.deliverPending();
    await mailer.close();
    silent.close();
    const message = (await mailer.listOutbox({ limit: 5 })).find((m) => m.to === 'closing@example.org');
    expect(message?.error).toMatch(/closed|greeting/i);
  });
});
