/**
 * The identity module's door: organisations, people, sessions, tokens, grants — and the gate every
 * organisation-scoped route passes (`requireAccess`).
 */
export { createIdentity } from './compose.js';
export type { Identity, Directory } from './compose.js';
export type { IdentityDeps } from './deps.js';
export type { AccessScope, NetworkScope } from './access.js';
export { membershipAllows, roleAllows } from './access.js';
export type { RequireAccess, NetworkAccess } from './http-auth.js';
export {
  requireUser,
  actorOf,
  sessionCookieName,
  CSRF_HEADER,
  gatedBy,
  routeAccess,
  networkGatedBy,
  networkRouteAccess,
  requireNetworkAccess,
} from './http-auth.js';
export type {
  OrgId,
  UserId,
  Role,
  OrgType,
  Principal,
  Membership,
  Locale,
  GrantableModule,
  NetworkRole,
} from './model.js';
export { ROLES, ORG_TYPES, GRANTABLE_MODULES, Email, Password } from './model.js';
export type { Network, Organisation } from './orgs.store.js';
