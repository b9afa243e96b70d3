/**
 * The training module's door. So far: verifiable certificates (Open Badges 3.0 on VC 2.0, eddsa-rdfc-2022),
 * issuer keys with rotation, Bitstring status lists, and public verification. Courses, sessions, tests and
 * the cascade come next (issue 4).
 */
export { createCredentialsService, initialsOf, identityHash } from './credentials.service.js';
export type { CredentialsService, CertificateStatus, Verification } from './credentials.service.js';
export { publicCertificateRoutes } from './public.api.js';
export { ACHIEVEMENTS } from './achievements.js';
export type { Achievement } from './achievements.js';
export { STATUS_LIST_LENGTH } from './status-list.js';
