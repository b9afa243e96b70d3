import type { Problem } from '../platform/errors.js';
import type { Result } from '../platform/result.js';

/** The value of a step of the demo data; a failure is a bug in the demo data and stops the seeding. */
export function must<T>(result: Result<T, Problem>, what: string): T {
  if (!result.ok)
    throw new Error(
      `demo data: ${what} failed (${result.error.id}${result.error.detail ? `: ${result.error.detail}` : ''})`,
    );
  return result.value;
}

/** ISO date `days` from today. */
export function inDays(today: Date, days: number): string {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}
