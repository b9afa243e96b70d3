// Types come from the server's door (type-only: nothing of the server is bundled).
export type { Item, ItemSummary, Status, Source, Grade } from '../../../../src/modules/roadmap/index.js';
import type { Status } from '../../../../src/modules/roadmap/index.js';

export const STATUSES = [
  'draft',
  'issued',
  'accepted',
  'rejected',
  'planned',
  'in_progress',
  'done',
] as const satisfies readonly Status[];
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
export const GRADES = ['fully', 'mostly', 'partially', 'not_implemented', 'no_longer_applicable'] as const;
export const INSTRUMENTS = ['law', 'regulation', 'procedure', 'practice', 'resourcing'] as const;
export const HORIZONS = ['before_next_election', 'medium', 'long'] as const;

/** The workflow's next steps, as the server allows them (the server checks again). */
export const NEXT: Readonly<Record<Status, readonly Status[]>> = {
  draft: ['issued'],
  issued: ['accepted', 'rejected'],
  accepted: ['planned', 'in_progress', 'rejected'],
  rejected: ['accepted'],
  planned: ['in_progress', 'done'],
  in_progress: ['planned', 'done'],
  done: ['in_progress'],
};

/** GET …/roadmap/dashboard. */
export interface Dashboard {
  byStatus: { status: Status; count: number }[];
  byArea: { area: string; status: Status; count: number }[];
  bySource: { source: string; status: Status; count: number }[];
  overdue: number;
  dueSoon: number;
}

/** People and units items can be given to. */
export interface Directory {
  people: { id: string; name: string }[];
  units: { id: string; name: string }[];
}

export type { Mission, Plan, ImportCheck, RowError } from '../../../../src/modules/roadmap/index.js';
export const MISSION_KINDS = ['team', 'eu_eom', 'odihr', 'observer', 'audit', 'other'] as const;
