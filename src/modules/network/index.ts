/**
 * The network module's door: what a regional resilience network shares (incidents, indicators, sightings,
 * advisories, playbooks) as STIX 2.1 objects under TLP 2.0, and its TAXII 2.1 federation. Membership and
 * coordinators stay in identity (decision 43).
 */
export { createNetworkModule } from './compose.js';
export type { NetworkModule } from './compose.js';
export type { NetworkDeps, NetworkInfo, Member } from './deps.js';
export { parseStixPattern } from './stix-pattern.js';
export type {
  ComparisonExpression,
  ObjectPath,
  PatternError,
  PatternExpression,
  PatternLiteral,
  Qualifier,
} from './stix-pattern.js';
export {
  OBSERVABLE_KINDS,
  ObservableKind,
  ipOverlaps,
  observablePattern,
  parseObservable,
} from './observables.js';
export type { Observable } from './observables.js';
export {
  TLP_LEVELS,
  INCIDENT_CATEGORIES,
  SEVERITIES,
  INCIDENT_STATUSES,
  ELECTION_PROCESSES,
} from './model.js';
export type { Tlp, IncidentCategory, Severity, IncidentStatus, ElectionProcess } from './model.js';
export { collectionIdOf, TAXII_MEDIA_TYPE } from './taxii.model.js';
