/** Calendar arithmetic on the dates training works with (session days, test windows, certificate validity). */

export const DAY_MS = 86_400_000;

/** The ISO date `days` after an ISO date (`YYYY-MM-DD`), in UTC. */
export const addDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The instant `months` calendar months after `date`, in UTC. */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}
