import type { Reply } from '../../api';

// Replies as JSON carries them, from the server's OpenAPI document; closed sets from the server's door
// (type-only: nothing of the server is bundled).
export type { Status, Source, Grade } from '../../../../src/modules/roadmap/index.js';
import type {
  Area,
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
/** The closed list of areas, in the order the server keeps them (cyber domains, then mission areas). */
export const AREAS = [
  'governance_risk',
  'voter_registration',
  'results_management',
  'websites_communication',
  'identity_access',
  'cyber_hygiene',
  'partners_vendors',
  'technology_monitoring',
  'incident_response',
  'legal_framework',
  'election_administration',
  'candidate_registration',
  'campaign_finance',
  'media',
  'voter_education',
  'election_day',
  'electoral_justice',
  'participation',
  'observation',
  'data_protection',
  'other',
] as const satisfies readonly Area[];

/** A recommendation or action, whole. */
export type Item = Reply<'/api/v1/orgs/{orgId}/roadmap/items/{itemId}'>;
/** An item as the board lists it. */
export type ItemSummary = Reply<'/api/v1/orgs/{orgId}/roadmap/items'>['items'][number];
/** GET …/roadmap/dashboard. */
export type Dashboard = Reply<'/api/v1/orgs/{orgId}/roadmap/dashboard'>;
/** People and units items can be given to. */
export type Directory = Reply<'/api/v1/orgs/{orgId}/roadmap/directory'>;
export type Mission = Reply<'/api/v1/orgs/{orgId}/roadmap/missions'>[number];
export type Plan = Reply<'/api/v1/orgs/{orgId}/roadmap/plans'>[number];
/** A checked recommendations file: how many rows are valid and what is wrong with the others. */
export type ImportCheck = Reply<'/api/v1/orgs/{orgId}/roadmap/missions/{missionId}/import/check', 'post'>;
export type RowError = ImportCheck['errors'][number];
export const MISSION_KINDS = [
  'team',
  'eu_eom',
  'odihr',
  'observer',
  'audit',
  'other',
] as const satisfies readonly MissionKind[];
