/**
 * The identity module's door: organisations, people, sessions, tokens, grants — and the gate every
 * organisation-scoped route passes (`requireAccess`).
 */
import type { App } from '../../platform/http.js';
import { adminRoutes } from './admin.api.js';
import { eventRoutes } from './events.api.js';
import type { EventBus } from '../../platform/events.js';
import { authRoutes } from './auth.api.js';
import { createAuthService } from './auth.service.js';
import type { IdentityDeps } from './deps.js';
import { createAccessGuard, registerAuthentication } from './http-auth.js';
import { createMembersService } from './members.service.js';
import { createOrgsService } from './orgs.service.js';
import { createTokensService } from './tokens.service.js';
import { createPasskeysService } from './passkeys.service.js';
import { passkeyRoutes } from './passkeys.api.js';

export type { IdentityDeps } from './deps.js';
export type { AccessScope } from './access.js';
export { roleAllows } from './access.js';
export type { RequireAccess } from './http-auth.js';
export { requireUser, actorOf, SESSION_COOKIE, CSRF_HEADER } from './http-auth.js';
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
export type { Organisation } from './orgs.store.js';

/** Creates identity's services. */
export function createIdentity(deps: IdentityDeps) {
  const auth = createAuthService(deps);
  const members = createMembersService(deps);
  const orgs = createOrgsService(deps);
  const tokens = createTokensService(deps);
  const passkeys = createPasskeysService(deps, auth);
  const requireAccess = createAccessGuard(deps.db);
  return {
    auth,
    members,
    orgs,
    tokens,
    requireAccess,
    /** Registers authentication (must come before any route) and identity's routes. */
    register(app: App, opts: { secure: boolean; bus?: EventBus | undefined }): void {
      registerAuthentication(app, auth);
      if (opts.bus) eventRoutes(app, opts.bus);
      authRoutes(app, { auth, members, secure: opts.secure });
      adminRoutes(app, { members, orgs, tokens, mailer: deps.mailer, requireAccess });
      passkeyRoutes(app, { passkeys, secure: opts.secure });
    },
  };
}

/** The identity module's services. */
export type Identity = ReturnType<typeof createIdentity>;
