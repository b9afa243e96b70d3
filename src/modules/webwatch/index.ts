/**
 * The webwatch module's door: scans of the EMB's web properties (availability, TLS, security headers graded as
 * the MDN HTTP Observatory grades them, cookies, CSP, scripts, mixed content, security.txt), the inventory of
 * those properties and each one's scan history and findings.
 */
export { scanUrl } from './scan.js';
export { scanCommand } from './cli.js';
export type { ScanOptions } from './scan.js';
export type { ScanReport, Availability } from './report.js';
export { unanswered } from './report.js';
export { DEFAULT_FETCH_POLICY, FetchFailed } from './fetch.js';
export type { FetchPolicy, TlsFacts } from './fetch.js';
export { OBSERVATORY_TESTS, GRADES, MODIFIERS, grade as gradeRetrieval } from './observatory.js';
export type {
  ObservatoryReport,
  ObservatoryTest,
  Expectation,
  Grade,
  TestOutcome,
  Retrieval,
  HeaderMap,
} from './observatory.js';
export { createWebwatchService } from './service.js';
export type { WebwatchService, WebwatchDeps, ScanDetail, PropertyInput } from './service.js';
export { webwatchRoutes } from './api.js';
export { PURPOSES, CRITICALITIES, SCHEDULES, SCAN_ORIGINS, canonicalUrl } from './model.js';
export type { WebProperty, ScanSummary, Purpose, Criticality, Schedule, ScanOrigin } from './model.js';
export { FINDING_CODES, SEVERITIES as FINDING_SEVERITIES, CERTIFICATE_WARNING_DAYS } from './findings.js';
export type { FindingCode, FindingText } from './findings.js';
