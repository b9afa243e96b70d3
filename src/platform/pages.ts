import type { FastifyReply } from 'fastify';
import { translate, type SupportedLocale } from './i18n/index.js';

/**
 * The server-rendered page kit every public page uses (certificate verification, learners' pages, the portal):
 * one small stylesheet, HTML escaping, and a shell with links to the other languages. Pages need no script;
 * their language comes from `?lang=`, then `Accept-Language` (`requestLocale` in http.ts).
 */

/** The path the stylesheet is served at. */
export const PUBLIC_CSS_PATH = '/public.css';

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
.warning{border-left:4px solid #8a5a00;background:#fff4d6;padding:.6rem 1rem}
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
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} — Atalaya</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${PUBLIC_CSS_PATH}"></head><body><main>${body}<nav aria-label="${escape(translate(locale, 'verify.languages'))}"><ul>${langs}</ul></nav></main></body></html>`;
}

/** Sends the public stylesheet, cacheable for a day. */
export function sendPublicCss(reply: FastifyReply): FastifyReply {
  return reply
    .type('text/css; charset=utf-8')
    .header('cache-control', 'public, max-age=86400')
    .send(PUBLIC_CSS);
}
