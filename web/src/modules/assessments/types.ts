import type { Reply } from '../../api';

// Replies as JSON carries them, from the server's OpenAPI document; closed sets from the server's door
// (type-only: nothing of the server is bundled).
export type { AnswerKind, Tier, Effort } from '../../../../src/modules/assessments/index.js';

/** An assessment with its answers. */
export type Assessment = Reply<'/api/v1/orgs/{orgId}/assessments/{assessmentId}'>;
export type AnswerRecord = Assessment['answers'][number];
/** An assessment as the list shows it. */
export type AssessmentSummary = Reply<'/api/v1/orgs/{orgId}/assessments'>[number];
/** One content pack version: domains, controls, scale, tier targets. */
export type Pack = Reply<'/api/v1/assessment-packs/{packId}/{version}'>;
export type Domain = Pack['domains'][number];
export type Control = Domain['controls'][number];
/** A pack as the catalogue lists it. */
export type PackListing = Reply<'/api/v1/assessment-packs'>[number];
/** GET …/results: scores, red flags, gaps and the days to polling. */
export type ResultsResponse = Reply<'/api/v1/orgs/{orgId}/assessments/{assessmentId}/results'>;
export type Results = ResultsResponse['results'];
export type Gap = ResultsResponse['gaps'][number];
/** The peer benchmark of each domain. */
export type Benchmark = Reply<'/api/v1/orgs/{orgId}/assessments/{assessmentId}/benchmark'>[number];

/** The reader's language as a key of the pack's translated texts. */
export function packLang(language: string): 'en' | 'es' | 'fr' {
  return language === 'es' || language === 'fr' ? language : 'en';
}
