import { getCountry } from 'countries-and-timezones';
import type { SupportedLocale } from './i18n/index.js';

/**
 * An organisation's language and time zone, as first guessed from its country: the language its people are
 * written to when nobody chose one (participants, contacts), and the zone its times are shown in. Both are
 * settings an administrator changes; these are only the defaults.
 */

/** Countries whose electoral administration works in Spanish or French (the languages Atalaya speaks). */
const SPANISH = 'AR BO CL CO CR CU DO EC ES GQ GT HN MX NI PA PE PR PY SV UY VE'.split(' ');
const FRENCH = 'BE BF BI BJ CD CF CG CI CM DJ DZ FR GA GN HT KM LU MA MC MG ML MR NE RW SC SN TD TG TN'.split(
  ' ',
);
const LANGUAGE_OF_COUNTRY = new Map<string, SupportedLocale>([
  ...SPANISH.map((c): [string, SupportedLocale] => [c, 'es']),
  ...FRENCH.map((c): [string, SupportedLocale] => [c, 'fr']),
]);

/**
 * Whether `zone` is a time zone a setting may name: one this runtime writes dates in, canonical or an alias
 * (ICU still lists Asia/Calcutta and knows Asia/Kolkata).
 */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The language and time zone an organisation of `country` (ISO 3166-1 alpha-2) starts with. */
export function regionalDefaults(country: string): { locale: SupportedLocale; timeZone: string } {
  const zone = getCountry(country.toUpperCase())?.timezones[0];
  return {
    locale: LANGUAGE_OF_COUNTRY.get(country.toUpperCase()) ?? 'en',
    timeZone: zone && isTimeZone(zone) ? zone : 'UTC',
  };
}

/** The calendar date (`YYYY-MM-DD`) of an instant in a time zone: "today" for people there. */
export const isoDateIn = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );

/** The time zones of a country, first the one its organisations start with (for a setting's choices). */
export function timeZonesOf(country: string): string[] {
  return (getCountry(country.toUpperCase())?.timezones ?? []).filter(isTimeZone);
}

/**
 * A time as people of an organisation read it, with its zone named so nobody has to guess: "16:50 GMT-5",
 * or with the date, "3 de diciembre de 2026, 16:50 GMT-5".
 */
export function timeIn(at: Date, locale: string, timeZone: string, withDate = false): string {
  const zone =
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  const time = new Intl.DateTimeFormat(locale, {
    ...(withDate && { dateStyle: 'long' as const }),
    timeStyle: 'short',
    timeZone,
  }).format(at);
  return `${time} ${zone}`;
}
