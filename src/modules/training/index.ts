/**
 * The training module's door: courses (versioned content with lessons, toolkit and item bank), sessions with
 * rosters, rotating QR check-in and tests, completion rules, the training-of-trainers cascade, and verifiable
 * certificates (Open Badges 3.0 on VC 2.0, eddsa-rdfc-2022) with Bitstring status lists and public verification.
 */
export { createCredentialsService } from './credentials.service.js';
export { initialsOf, identityHash } from './openbadge.js';
export type { CredentialsService, CertificateStatus, Verification } from './credentials.service.js';
export { createTrainingService } from './training.service.js';
export type { TrainingService, SessionView, PersonInput } from './training.service.js';
export { publicCertificateRoutes } from './public.api.js';
export { trainingRoutes } from './training.api.js';
export { learnerRoutes } from './learner.api.js';
export { ACHIEVEMENTS } from './achievements.js';
export type { Achievement } from './achievements.js';
export { STATUS_LIST_LENGTH } from './status-list.js';
export type { SessionResponse, CascadeResponse } from './training.api.js';
export type { TrainerNode, GenerationStats, ItemStats } from './analysis.js';
export type { Course, TestKind } from './course.js';
export { loadBuiltInCourses } from './course.js';
export type { Missing } from './completion.js';
