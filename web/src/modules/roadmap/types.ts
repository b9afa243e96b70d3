// Types come from the server's door (type-only: nothing of the server is bundled).
export type { Item, ItemSummary, Status, Source, Grade } from '../../../../src/modules/roadmap/index.js';
import type {
  Grade,
  Horizon,
  Instrument,
  MissionKind,
  Source,
  Status,
} from '../../../../src/modules/roadmap/index.js';

// The closed sets as lists for the screens. The browser cannot import the server's values, so each list is
// checked against the server's type: a value the server does not know fails the type check.

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
] as const satisfies readonly Source[];
export const GRADES = [
  'fully',
  'mostly',
  'partially',
  'not_implemented',
  'no_longer_applicable',
] as const satisfies readonly Grade[];
export const INSTRUMENTS = [
  'law',
  'regulation',
  'procedure',
  'practice',
  'resourcing',
] as const satisfies readonly Instrument[];
export const HORIZONS = ['before_next_election', 'medium', 'long'] as const satisfies readonly Horizon[];

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
export const MISSION_KINDS = [
  'team',
  'eu_eom',
  'odihr',
  'observer',
  'audit',
  'other',
] as const satisfies readonly MissionKind[];
