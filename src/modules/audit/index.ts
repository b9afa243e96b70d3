/** The audit module's door: the transactor every write goes through, and the trail's readers. */
export { createTransactor, verifyChain, browse, toCsv } from './service.js';
export type { Transactor, RecordAudit, AuditEntry, VerifyOutcome } from './service.js';
export type { AuditEvent, AuditFilter } from './store.js';
export { auditRoutes } from './api.js';
