import type { SupportedLocale } from '../../platform/i18n/index.js';

/** How an organisation speaks to people: its language and time zone (identity's organisation settings). */
export interface OrgSpeech {
  readonly name: string;
  readonly locale: SupportedLocale;
  readonly timeZone: string;
}

/**
 * The language to write to a participant in: the one they chose on their pages, else their session's, else
 * their organisation's — never English by default, since a participant chooses nothing until they have opened
 * a page we sent them.
 */
export function languageFor(
  person: { locale: SupportedLocale | null },
  session: { locale: SupportedLocale | null } | undefined,
  org: OrgSpeech | undefined,
): SupportedLocale {
  return person.locale ?? session?.locale ?? org?.locale ?? 'en';
}

/** A date as the organisation's people read it: in their language, in the organisation's time zone. */
export function dateFor(at: Date, locale: SupportedLocale, org: OrgSpeech | undefined): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: org?.timeZone ?? 'UTC' }).format(at);
}
