/**
 * security.txt (RFC 9116): how a researcher who finds a flaw in the site reaches the people who fix it. Read from
 * `/.well-known/security.txt`; the problems are those the RFC makes requirements ("MUST") plus its advice that
 * the file expire within a year.
 */

export const SECURITY_TXT_PROBLEMS = [
  'missing',
  'not_https',
  'not_plain_text',
  'no_contact',
  'contact_not_uri',
  'no_expires',
  'expires_repeated',
  'expires_invalid',
  'expired',
  'expires_far',
] as const;
export type SecurityTxtProblem = (typeof SECURITY_TXT_PROBLEMS)[number];

export interface SecurityTxt {
  readonly url: string;
  readonly found: boolean;
  readonly contacts: string[];
  readonly expires: string | null;
  readonly signed: boolean;
  readonly problems: SecurityTxtProblem[];
}

const YEAR_MS = 366 * 86_400_000;
/** RFC 3339 date-time (the RFC's Expires format). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Reads a security.txt answer (status, Content-Type, body) fetched from `url`, as of `now`. */
export function readSecurityTxt(
  url: URL,
  answer: { status: number; contentType: string; text: string } | null,
  now: Date,
): SecurityTxt {
  if (!answer || answer.status !== 200)
    return { url: url.href, found: false, contacts: [], expires: null, signed: false, problems: ['missing'] };
  const problems: SecurityTxtProblem[] = [];
  if (url.protocol !== 'https:') problems.push('not_https');
  if (!/^text\/plain\b/i.test(answer.contentType.trim())) problems.push('not_plain_text');

  const signed = answer.text.trimStart().startsWith('-----BEGIN PGP SIGNED MESSAGE-----');
  const contacts: string[] = [];
  const expires: string[] = [];
  for (const raw of answer.text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#') || line.startsWith('-----')) continue;
    const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (!match) continue;
    const field = (match[1] ?? '').toLowerCase();
    const value = (match[2] ?? '').trim();
    if (field === 'contact') contacts.push(value);
    else if (field === 'expires') expires.push(value);
  }
  if (contacts.length === 0) problems.push('no_contact');
  else if (contacts.some((c) => !/^(mailto:|https:\/\/|tel:)\S+$/i.test(c))) problems.push('contact_not_uri');

  const [expiry] = expires;
  if (expiry === undefined) problems.push('no_expires');
  else {
    if (expires.length > 1) problems.push('expires_repeated');
    const at = Date.parse(expiry);
    if (!DATE_TIME.test(expiry) || Number.isNaN(at)) problems.push('expires_invalid');
    else if (at <= now.getTime()) problems.push('expired');
    else if (at - now.getTime() > YEAR_MS) problems.push('expires_far');
  }
  return { url: url.href, found: true, contacts, expires: expiry ?? null, signed, problems };
}
