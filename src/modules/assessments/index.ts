/** The assessments module's door: content packs, self-assessments, their scores and the prioritised gaps. */
export { createAssessmentsService } from './service.js';
export type { AssessmentsService, AssessmentInput, ResultsView } from './service.js';
export { assessmentRoutes } from './api.js';
export { scoreAssessment } from './scoring.js';
export { prioritise, urgency } from './priority.js';
export { loadBuiltInPacks } from './pack.js';
export type { Assessment, AssessmentSummary, AnswerRecord, AnswerKind } from './model.js';
export type { Pack, Control, Domain, Tier, Effort, CsfFunction, PhaseTag } from './pack.js';
export type { Results, AreaResult, AnswerValue, AnswerMap } from './scoring.js';
export type { Gap, Bucket } from './priority.js';
export type { Benchmark } from './benchmark.js';
