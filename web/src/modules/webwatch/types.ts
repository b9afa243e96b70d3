import type { Reply } from '../../api';

/** A web property with its latest scan, as the API returns it. */
export type Property = Reply<'/api/v1/orgs/{orgId}/webwatch/properties'>[number];
export type ScanSummary = NonNullable<Property['lastScan']>;
/** One scan with its findings in the reader's language and its whole report. */
export type ScanDetail = Reply<'/api/v1/orgs/{orgId}/webwatch/scans/{scanId}'>;
export type Finding = ScanDetail['findings'][number];

export const PURPOSES = [
  'main_site',
  'results',
  'voter_lookup',
  'voting_abroad',
  'candidates',
  'regional_office',
  'other',
] as const satisfies readonly Property['purpose'][];
export const CRITICALITIES = [
  'critical',
  'high',
  'normal',
] as const satisfies readonly Property['criticality'][];
export const SCHEDULES = ['daily', 'weekly', 'off'] as const satisfies readonly Property['schedule'][];

/** The query keys of the module's data, so a change refreshes every screen that shows it. */
export const webwatchKeys = {
  all: (orgId: string) => ['webwatch', orgId] as const,
  properties: (orgId: string) => ['webwatch', orgId, 'properties'] as const,
  property: (orgId: string, propertyId: string) => ['webwatch', orgId, 'property', propertyId] as const,
  history: (orgId: string, propertyId: string) => ['webwatch', orgId, 'history', propertyId] as const,
  scan: (orgId: string, scanId: string, language: string) =>
    ['webwatch', orgId, 'scan', scanId, language] as const,
};
