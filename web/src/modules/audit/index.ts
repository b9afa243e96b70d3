/** Audit screens: the organisation's trail. */
export { AuditPage } from './audit-page';
