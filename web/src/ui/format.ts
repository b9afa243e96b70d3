/** A date and time in the reader's language. */
let displayZone: string | undefined;

/** The time zone of the organisation on screen: times are given in it (the layout sets it). */
export function setDisplayZone(timeZone: string | undefined): void {
  displayZone = timeZone;
}

/**
 * An instant as the organisation's people read it: in its time zone, with the zone named ("3 déc. 2026,
 * 16:40 UTC", "3 dic 2026, 11:40 GMT-5"), so an official in a province and a colleague abroad read the same time.
 */
export function formatDateTime(iso: string, locale: string): string {
  return (
    new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      ...(displayZone && { timeZone: displayZone }),
    }).format(new Date(iso)) +
    ' ' +
    (new Intl.DateTimeFormat(locale, {
      timeZoneName: 'short',
      ...(displayZone && { timeZone: displayZone }),
    })
      .formatToParts(new Date(iso))
      .find((p) => p.type === 'timeZoneName')?.value ?? '')
  );
}

/** A calendar date (YYYY-MM-DD) in the reader's language, without time-zone shifts. */
export function formatDate(isoDate: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${isoDate.slice(0, 10)}T00:00:00Z`),
  );
}

/** A whole number in the reader's language. */
export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/**
 * Today's date (YYYY-MM-DD) where the person is. `toISOString()` gives the date in UTC, which is already
 * tomorrow in the evening in the Americas and still yesterday in the morning in Asia.
 */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
