import { z } from 'zod';

/** What a site is for: voters, candidates and journalists look for different ones on election night. */
export const PURPOSES = [
  'main_site',
  'results',
  'voter_lookup',
  'voting_abroad',
  'candidates',
  'regional_office',
  'other',
] as const;
export const Purpose = z.enum(PURPOSES);
export type Purpose = z.infer<typeof Purpose>;

/** How much an outage or a defacement would hurt; critical pages are the ones watched for defacement. */
export const CRITICALITIES = ['critical', 'high', 'normal'] as const;
export const Criticality = z.enum(CRITICALITIES);
export type Criticality = z.infer<typeof Criticality>;

export const SCHEDULES = ['daily', 'weekly', 'off'] as const;
export const Schedule = z.enum(SCHEDULES);
export type Schedule = z.infer<typeof Schedule>;

/** Who started a scan; `recorded` is demo history written by the seed, never fetched from a live site. */
export const SCAN_ORIGINS = ['manual', 'schedule', 'recorded'] as const;
export const ScanOrigin = z.enum(SCAN_ORIGINS);
export type ScanOrigin = z.infer<typeof ScanOrigin>;

/** A scan as lists and trends show it: the figures, not the whole report. */
export interface ScanSummary {
  readonly id: string;
  readonly scannedAt: string;
  readonly up: boolean;
  readonly status: number | null;
  readonly responseMs: number | null;
  readonly grade: string | null;
  readonly score: number | null;
  readonly tlsDays: number | null;
  readonly findings: number;
  readonly a11yViolations: number | null;
  readonly origin: ScanOrigin;
}

/** One of an organisation's web properties, with its latest scan. */
export interface WebProperty {
  readonly id: string;
  readonly url: string;
  readonly name: string;
  readonly purpose: Purpose;
  readonly criticality: Criticality;
  readonly schedule: Schedule;
  readonly ownerUnitId: string | null;
  readonly createdAt: string;
  readonly lastScan: ScanSummary | null;
}

/**
 * The address a property is known by: the scheme and host lower-cased, no fragment, no default port, so
 * `HTTPS://CNE.example/` and `https://cne.example` are one property. Null when it is not an http(s) address.
 */
export function canonicalUrl(input: string): string | null {
  const parsed = URL.canParse(input) ? new URL(input) : null;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname)
    return null;
  if (parsed.username || parsed.password) return null;
  parsed.hash = '';
  return parsed.href;
}
