import { translate, type SupportedLocale } from '../../platform/i18n/index.js';
import { escape, page } from '../../platform/pages.js';
import { timeIn } from '../../platform/regional.js';
import { Achievement } from './achievements.js';
import type { CertificateStatus } from './credentials.service.js';

/** The public verification page of one certificate: no script, minimal personal data. */
export function verifyPage(q: {
  locale: SupportedLocale;
  path: string;
  issuerName: string;
  achievement: string;
  holderInitials: string;
  validFrom: Date;
  validUntil: Date | null;
  status: CertificateStatus;
  /** When and why it was revoked or suspended, for the page's first sentence. */
  revoked: { at: Date; reason: string } | null;
  suspended: { at: Date; reason: string | null } | null;
  proofValid: boolean;
  checkedAt: Date;
  /** The issuer's time zone: its dates are the issuer's days, and the time checked is named in it. */
  timeZone: string;
}): string {
  const w = (key: Parameters<typeof translate>[1], params?: Record<string, string>) =>
    translate(q.locale, key, params);
  const date = new Intl.DateTimeFormat(q.locale, { dateStyle: 'long', timeZone: q.timeZone });
  const parsed = Achievement.safeParse(q.achievement);
  const achievement = parsed.success ? w(`verify.achievement.${parsed.data}`) : q.achievement;
  const title = w('verify.title');
  const body = `<h1>${escape(title)}</h1>
<p class="verdict status-${q.status}"><strong>${escape(verdictOf(q, w, date))}</strong></p>
<p><span class="status status-${q.status}">${escape(w('verify.statusLine', { status: w(`verify.status.${q.status}`) }))}</span></p>
<p>${escape(w(q.proofValid ? 'verify.signatureOk' : 'verify.signatureBad', { issuer: q.issuerName }))}</p>
<dl>
<dt>${escape(w('verify.achievement'))}</dt><dd>${escape(achievement)}</dd>
<dt>${escape(w('verify.issuer'))}</dt><dd>${escape(q.issuerName)}</dd>
<dt>${escape(w('verify.holder'))}</dt><dd>${escape(q.holderInitials)}</dd>
<dt>${escape(w('verify.validFrom'))}</dt><dd>${escape(date.format(q.validFrom))}</dd>
<dt>${escape(w('verify.validUntil'))}</dt><dd>${escape(q.validUntil ? date.format(q.validUntil) : w('verify.noEnd'))}</dd>
</dl>
<p class="muted">${escape(w('verify.checkedAt', { time: timeIn(q.checkedAt, q.locale, q.timeZone, true) }))}</p>
<p><a href="${escape(q.path)}.json">${escape(w('verify.json'))}</a></p>`;
  return page(q.locale, title, body, q.path);
}

/**
 * The page's first sentence: whether the certificate counts now, and if not since when and why — before
 * anything about its signature, which stays valid on a revoked certificate and must not read as "valid".
 */
function verdictOf(
  q: Parameters<typeof verifyPage>[0],
  w: (key: Parameters<typeof translate>[1], params?: Record<string, string>) => string,
  date: Intl.DateTimeFormat,
): string {
  switch (q.status) {
    case 'revoked':
    case 'suspended': {
      const when = q[q.status];
      const said = w(`verify.verdict.${q.status}`, {
        issuer: q.issuerName,
        date: when ? date.format(when.at) : '',
      });
      return when?.reason ? said + w('verify.verdict.reason', { reason: when.reason }) : said;
    }
    case 'expired':
      return w('verify.verdict.expired', { date: q.validUntil ? date.format(q.validUntil) : '' });
    case 'not_yet_valid':
      return w('verify.verdict.not_yet_valid', { date: date.format(q.validFrom) });
    case 'valid':
      return w('verify.verdict.valid');
  }
}

/** The page for an unknown certificate number. */
export function notFoundPage(locale: SupportedLocale, path: string): string {
  const title = translate(locale, 'verify.notFoundTitle');
  return page(
    locale,
    title,
    `<h1>${escape(title)}</h1><p>${escape(translate(locale, 'verify.notFound'))}</p>`,
    path,
  );
}

/** The form to check a credential file, for anyone, with no script: paste the JSON or choose the file. */
export function uploadPage(locale: SupportedLocale, problem?: string): string {
  const w = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const title = w('verify.uploadTitle');
  const body = `<h1>${escape(title)}</h1>
${problem ? `<p class="problem" role="alert">${escape(problem)}</p>` : ''}
<p>${escape(w('verify.uploadIntro'))}</p>
<form method="post" action="/verify/check?lang=${locale}" enctype="multipart/form-data">
<p><label for="credential">${escape(w('verify.paste'))}</label><br><textarea id="credential" name="credential" rows="8" spellcheck="false"></textarea></p>
<p><label for="file">${escape(w('verify.file'))}</label><br><input id="file" name="file" type="file" accept=".json,application/json,application/ld+json"></p>
<p><button type="submit">${escape(w('verify.check'))}</button></p>
</form>`;
  return page(locale, title, body, '/verify');
}

/** The outcome of checking an uploaded credential. */
export function checkResultPage(
  locale: SupportedLocale,
  q: {
    proofValid: boolean;
    status: CertificateStatus | null;
    credentialId: string | undefined;
    checkedAt: Date;
  },
): string {
  const w = (key: Parameters<typeof translate>[1], params?: Record<string, string>) =>
    translate(locale, key, params);
  const title = w('verify.resultTitle');
  const status = q.status
    ? `<p><span class="status status-${q.status}">${escape(w('verify.statusLine', { status: w(`verify.status.${q.status}`) }))}</span></p>`
    : '';
  const verdict = q.proofValid ? w('verify.uploadSignatureOk') : w('verify.uploadSignatureBad');
  const details =
    q.status && q.credentialId
      ? `<p><a href="/verify/${escape(q.credentialId)}?lang=${locale}">${escape(w('verify.details'))}</a></p>`
      : '';
  const body = `<h1>${escape(title)}</h1>${status}<p>${escape(verdict)}</p>${details}
<p class="muted">${escape(w('verify.checkedAt', { time: q.checkedAt.toISOString().slice(0, 16).replace('T', ' ') }))}</p>
<p><a href="/verify?lang=${locale}">${escape(w('verify.checkAnother'))}</a></p>`;
  return page(locale, title, body, '/verify');
}
