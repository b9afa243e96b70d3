import { z } from 'zod';

export const ELECTION_KINDS = [
  'general',
  'presidential',
  'legislative',
  'local',
  'referendum',
  'by_election',
] as const;
export const ElectionKind = z.enum(ELECTION_KINDS);
export type ElectionKind = z.infer<typeof ElectionKind>;

/** The phases of an electoral cycle, in their usual order. */
export const PHASES = [
  'registration',
  'campaign',
  'early_voting',
  'election_day',
  'results',
  'certification',
] as const;
export const Phase = z.enum(PHASES);
export type Phase = z.infer<typeof Phase>;

/** A calendar date (YYYY-MM-DD), as polling days are. */
export type IsoDate = string;

/** One phase with its dates, inclusive. */
export interface ElectionPhase {
  readonly phase: Phase;
  readonly startsOn: IsoDate;
  readonly endsOn: IsoDate;
}

/** An election in an EMB's calendar. */
export interface Election {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly kind: ElectionKind;
  readonly pollingDay: IsoDate;
  readonly phases: ElectionPhase[];
}

/** Whole days from `today` to `day` (negative once it has passed). */
export function daysUntil(day: IsoDate, today: Date): number {
  const target = Date.parse(`${day}T00:00:00Z`);
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.round((target - start) / 86_400_000);
}

/** The phase an election is in on `today`, if any. */
export function currentPhase(election: Election, today: Date): Phase | undefined {
  const iso = today.toISOString().slice(0, 10);
  return election.phases.find((p) => p.startsOn <= iso && iso <= p.endsOn)?.phase;
}
