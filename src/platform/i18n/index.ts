import { en, type MessageKey } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';

export type { MessageKey } from './en.js';

/** The languages every user-facing string exists in. */
export const SUPPORTED_LOCALES = ['en', 'es', 'fr'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

const catalogues: Record<SupportedLocale, Record<MessageKey, string>> = { en, es, fr };

/** True when `key` names a server message. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** Looks up a message and fills `{name}` placeholders. */
export function translate(
  locale: SupportedLocale,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const template = catalogues[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Picks the best supported language from an Accept-Language header (RFC 9110 §12.5.4 q-values). */
export function negotiateLocale(
  header: string | undefined,
  fallback: SupportedLocale = 'en',
): SupportedLocale {
  return matchLocale(header) ?? fallback;
}

/** The supported language an Accept-Language header asks for first, if it names one. */
export function matchLocale(header: string | undefined): SupportedLocale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    const match = SUPPORTED_LOCALES.find((locale) => locale === base);
    if (match) return match;
  }
  return undefined;
}

/** Parses a locale chosen explicitly (query string, profile). */
export function parseLocale(value: unknown): SupportedLocale | undefined {
  return SUPPORTED_LOCALES.find((locale) => locale === value);
}
