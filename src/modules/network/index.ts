/**
 * The network module's door: what a regional resilience network shares (incidents, indicators, sightings,
 * advisories, playbooks) and its STIX 2.1 / TAXII 2.1 federation. Membership and coordinators stay in identity.
 * So far: the STIX 2.1 pattern parser indicators are checked with, and typed observables (canonical spelling,
 * IP overlap for correlation, their STIX pattern).
 */
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
