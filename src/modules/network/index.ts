/**
 * The network module's door: what a regional resilience network shares (incidents, indicators, sightings,
 * advisories, playbooks) and its STIX 2.1 / TAXII 2.1 federation. Membership and coordinators stay in identity.
 * First part: the STIX 2.1 pattern parser indicators are checked with.
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
