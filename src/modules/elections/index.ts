/** The elections module's door: each EMB's calendar, read by other modules for urgency and critical windows. */
export { createElectionsService } from './service.js';
export type { ElectionsService, NextPollingDay, ElectionInput } from './service.js';
export { electionRoutes } from './api.js';
export { daysUntil, currentPhase, PHASES, ELECTION_KINDS } from './model.js';
export type { Election, ElectionPhase, Phase, ElectionKind } from './model.js';
