import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Rotating QR check-in. The screen in the room shows a code that changes every 30 seconds; a code is
 * accepted for at most 60 seconds, so a photo of it sent to someone absent is useless a minute later.
 * Scanning a good code hands the phone a one-time ticket, valid for 10 minutes while the person types their
 * e-mail; using the ticket records its nonce, so it cannot be used twice.
 */
export const CODE_PERIOD_SECONDS = 30;
export const TICKET_SECONDS = 600;
/** The code e-mailed to a person checking in: how long it works, and how many tries it allows. */
export const CHECKIN_CODE_MINUTES = 10;
export const CHECKIN_CODE_TRIES = 5;

/** An e-mail address shown back to the person checking in, so they know where to look: a•••@example.org. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}

const mac = (secret: Buffer, text: string) => createHmac('sha256', secret).update(text).digest('base64url');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const windowOf = (now: Date) => Math.floor(now.getTime() / 1000 / CODE_PERIOD_SECONDS);

/** The code on screen now and how many seconds it has left. */
export function currentCode(
  secret: Buffer,
  sessionId: string,
  now: Date,
): { code: string; secondsLeft: number } {
  const w = windowOf(now);
  const code = `${w}.${mac(secret, `code:${sessionId}:${w}`).slice(0, 16)}`;
  const secondsLeft = (w + 1) * CODE_PERIOD_SECONDS - Math.floor(now.getTime() / 1000);
  return { code, secondsLeft };
}

export type CodeCheck = 'ok' | 'expired' | 'invalid';

/** Checks a scanned code: genuine and from the current or previous 30-second window. */
export function checkCode(secret: Buffer, sessionId: string, code: string, now: Date): CodeCheck {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{16})$/.exec(code);
  if (!match) return 'invalid';
  const w = Number(match[1]);
  if (!same(match[2] ?? '', mac(secret, `code:${sessionId}:${w}`).slice(0, 16))) return 'invalid';
  const age = windowOf(now) - w;
  return age === 0 || age === 1 ? 'ok' : 'expired';
}

/** A one-time ticket for the check-in form. */
export function newTicket(secret: Buffer, sessionId: string, now: Date): string {
  const expires = Math.floor(now.getTime() / 1000) + TICKET_SECONDS;
  const nonce = randomBytes(16).toString('base64url');
  return `${expires}.${nonce}.${mac(secret, `ticket:${sessionId}:${expires}:${nonce}`)}`;
}

/** Checks a ticket's signature and age; returns its nonce, which the caller records as used. */
export function checkTicket(
  secret: Buffer,
  sessionId: string,
  ticket: string,
  now: Date,
): { ok: true; nonce: string } | { ok: false; reason: 'expired' | 'invalid' } {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!match) return { ok: false, reason: 'invalid' };
  const [, expires = '', nonce = '', signature = ''] = match;
  if (!same(signature, mac(secret, `ticket:${sessionId}:${expires}:${nonce}`)))
    return { ok: false, reason: 'invalid' };
  if (Number(expires) < now.getTime() / 1000) return { ok: false, reason: 'expired' };
  return { ok: true, nonce };
}
