import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../../platform/i18n/index.js';

/** The five TLP 2.0 levels, spelled as the marking definitions' `tlp_2_0` property spells them. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export const Tlp = z.enum(TLP_LEVELS);
export type Tlp = z.infer<typeof Tlp>;

/** What kind of attack or harm an incident is. */
export const INCIDENT_CATEGORIES = [
  'phishing',
  'account_compromise',
  'ddos',
  'defacement',
  'ransomware_malware',
  'data_leak',
  'insider',
  'disinformation',
  'physical',
  'other',
] as const;
export const IncidentCategory = z.enum(INCIDENT_CATEGORIES);
export type IncidentCategory = z.infer<typeof IncidentCategory>;

/** How bad an incident is; alert thresholds compare against this order. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Where an incident stands. */
export const INCIDENT_STATUSES = ['open', 'contained', 'resolved', 'closed'] as const;
export const IncidentStatus = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/** The part of the electoral process an incident touched. */
export const ELECTION_PROCESSES = [
  'voter_registration',
  'candidate_registration',
  'results',
  'website',
  'communications',
  'logistics',
] as const;
export const ElectionProcess = z.enum(ELECTION_PROCESSES);
export type ElectionProcess = z.infer<typeof ElectionProcess>;

/** True when `severity` is at or above `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

/** The languages shared objects are written and searched in (the platform's own). */
export const Lang = z.enum(SUPPORTED_LOCALES);
