import { translate, type SupportedLocale } from '../../platform/i18n/index.js';
import { Achievement } from './achievements.js';
import type { CertificateStatus } from './credentials.service.js';

/** The stylesheet of the public pages: small, no web fonts, readable on a phone. */
export const PUBLIC_CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#1b1f24;background:#f6f8fa;line-height:1.5}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.5rem;margin:0 0 1rem}
.status{display:inline-block;font-weight:700;padding:.3rem .8rem;border-radius:.3rem;border:2px solid}
.status-valid{color:#0f5132;background:#e8f5ec;border-color:#1b6e3a}
.status-expired,.status-not_yet_valid,.status-suspended{color:#5c4200;background:#fff4d6;border-color:#b58a00}
.status-revoked{color:#5f1410;background:#fdecea;border-color:#b3261e}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;background:#fff;border:1px solid #c9d1d9;border-radius:.3rem;padding:1rem}
dt{font-weight:600}dd{margin:0}
a{color:#0b57d0}a:focus{outline:3px solid #ffbf47;outline-offset:2px}
nav ul{list-style:none;padding:0;display:flex;gap:1rem}
.muted{color:#4f5863;font-size:.9rem}
fieldset{border:1px solid #c9d1d9;border-radius:.3rem;background:#fff;margin:0 0 1rem;padding:.8rem 1rem}
legend{font-weight:600;padding:0;float:left;width:100%;margin:0 0 .4rem}legend+*{clear:both}
label.choice{display:flex;gap:.6rem;align-items:flex-start;padding:.45rem 0;min-height:44px}
input[type=radio]{width:1.3rem;height:1.3rem;margin-top:.15rem;flex:none}
input[type=email],textarea{font:inherit;width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #57606a;border-radius:.3rem}
button{font:inherit;font-weight:600;background:#0b57d0;color:#fff;border:0;border-radius:.3rem;padding:.7rem 1.2rem;min-height:44px;cursor:pointer}
button:focus,input:focus,textarea:focus{outline:3px solid #ffbf47;outline-offset:2px}
.problem{border-left:4px solid #b3261e;background:#fdecea;padding:.6rem 1rem}
ul.tests{list-style:none;padding:0}ul.tests li{background:#fff;border:1px solid #c9d1d9;border-radius:.3rem;padding:.8rem 1rem;margin:0 0 .6rem}
`;

/** Escapes text for HTML. */
export const escape = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A public page: no script, the shared stylesheet, and links to the other languages. */
export function page(locale: SupportedLocale, title: string, body: string, path: string): string {
  const langs = (['en', 'es', 'fr'] as const)
    .map(
      (l) =>
        `<li><a href="${escape(path)}${path.includes('?') ? '&amp;' : '?'}lang=${l}" lang="${l}"${l === locale ? ' aria-current="page"' : ''}>${{ en: 'English', es: 'Español', fr: 'Français' }[l]}</a></li>`,
    )
    .join('');
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} — Atalaya</title><link rel="stylesheet" href="/public.css"></head><body><main>${body}<nav aria-label="${escape(translate(locale, 'verify.languages'))}"><ul>${langs}</ul></nav></main></body></html>`;
}

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
  proofValid: boolean;
  checkedAt: Date;
}): string {
  const w = (key: Parameters<typeof translate>[1], params?: Record<string, string>) =>
    translate(q.locale, key, params);
  const date = new Intl.DateTimeFormat(q.locale, { dateStyle: 'long', timeZone: 'UTC' });
  const parsed = Achievement.safeParse(q.achievement);
  const achievement = parsed.success ? w(`verify.achievement.${parsed.data}`) : q.achievement;
  const title = w('verify.title');
  const body = `<h1>${escape(title)}</h1>
<p><span class="status status-${q.status}">${escape(w('verify.statusLine', { status: w(`verify.status.${q.status}`) }))}</span></p>
<p>${escape(w(q.proofValid ? 'verify.signatureOk' : 'verify.signatureBad', { issuer: q.issuerName }))}</p>
<dl>
<dt>${escape(w('verify.achievement'))}</dt><dd>${escape(achievement)}</dd>
<dt>${escape(w('verify.issuer'))}</dt><dd>${escape(q.issuerName)}</dd>
<dt>${escape(w('verify.holder'))}</dt><dd>${escape(q.holderInitials)}</dd>
<dt>${escape(w('verify.validFrom'))}</dt><dd>${escape(date.format(q.validFrom))}</dd>
<dt>${escape(w('verify.validUntil'))}</dt><dd>${escape(q.validUntil ? date.format(q.validUntil) : w('verify.noEnd'))}</dd>
</dl>
<p class="muted">${escape(w('verify.checkedAt', { time: q.checkedAt.toISOString().slice(0, 16).replace('T', ' ') }))}</p>
<p><a href="${escape(q.path)}.json">${escape(w('verify.json'))}</a></p>`;
  return page(q.locale, title, body, q.path);
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
