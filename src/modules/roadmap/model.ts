import { z } from 'zod';

/** Where a recommended action comes from: a mission or report, an audit, or another module's finding. */
export const SOURCES = [
  'team',
  'eu_eom',
  'odihr',
  'observer',
  'audit',
  'assessment',
  'webwatch',
  'incident',
  'other',
] as const;
export const Source = z.enum(SOURCES);
export type Source = z.infer<typeof Source>;

export const ITEM_KINDS = ['recommendation', 'action'] as const;
export const ItemKind = z.enum(ITEM_KINDS);
export type ItemKind = z.infer<typeof ItemKind>;

/** What the recommendation asks to change. */
export const INSTRUMENTS = ['law', 'regulation', 'procedure', 'practice', 'resourcing'] as const;
export const Instrument = z.enum(INSTRUMENTS);
export type Instrument = z.infer<typeof Instrument>;

export const PRIORITIES = ['P1', 'P2', 'P3'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const HORIZONS = ['before_next_election', 'medium', 'long'] as const;
export const Horizon = z.enum(HORIZONS);
export type Horizon = z.infer<typeof Horizon>;

/**
 * The workflow: a recommendation is drafted, issued, then accepted or rejected (with a reason); accepted
 * work is planned, in progress, done. Actions the organisation sets itself start at "planned".
 */
export const STATUSES = [
  'draft',
  'issued',
  'accepted',
  'rejected',
  'planned',
  'in_progress',
  'done',
] as const;
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

const NEXT: Readonly<Record<Status, readonly Status[]>> = {
  draft: ['issued'],
  issued: ['accepted', 'rejected'],
  accepted: ['planned', 'in_progress', 'rejected'],
  rejected: ['accepted'],
  planned: ['in_progress', 'done'],
  in_progress: ['planned', 'done'],
  done: ['in_progress'],
};

/** The statuses an item may move to from `from`. */
export function nextStatuses(from: Status): Status[] {
  return [...NEXT[from]];
}

/** ODIHR's implementation grades, kept exact so imported data compares, plus "no longer applicable". */
export const GRADES = ['fully', 'mostly', 'partially', 'not_implemented', 'no_longer_applicable'] as const;
export const Grade = z.enum(GRADES);
export type Grade = z.infer<typeof Grade>;

/** A roadmap item as lists show it. */
export interface ItemSummary {
  readonly id: string;
  readonly kind: ItemKind;
  readonly source: Source;
  readonly title: string;
  readonly area: string;
  readonly priority: Priority;
  readonly priorityFlag: boolean;
  readonly horizon: Horizon;
  readonly status: Status;
  /** Where the workflow lets the item go next, so screens offer exactly what the server allows. */
  readonly nextStatuses: Status[];
  readonly dueOn: string | null;
  readonly ownerUserId: string | null;
  readonly ownerUnitId: string | null;
  readonly donorFundable: boolean;
  readonly missionId: string | null;
  readonly objectiveId: string | null;
  readonly latestGrade: Grade | null;
  readonly origin: Readonly<Record<string, string>>;
  readonly version: number;
  readonly updatedAt: string;
}

/** A roadmap item with everything recorded about it. */
export interface Item extends ItemSummary {
  readonly description: string;
  readonly paragraphRef: string;
  readonly addressee: string;
  readonly instrument: Instrument | null;
  readonly statusReason: string;
  readonly createdAt: string;
  readonly milestones: { id: string; title: string; dueOn: string | null; doneOn: string | null }[];
  readonly updates: { id: string; body: string; at: string; by: string | null }[];
  readonly grades: { id: string; grade: Grade; gradedOn: string; assessor: string; rationale: string }[];
}

/** The statuses of work still to do: what "overdue" and "due soon" count, and what reminders are sent for. */
export const OPEN_STATUSES: readonly Status[] = ['draft', 'issued', 'accepted', 'planned', 'in_progress'];
