/** Composes identity: its services, the caller caches and their invalidation, and its routes. */
import type { SupportedLocale } from '../../platform/i18n/index.js';
import type { App } from '../../platform/http.js';
import { grantRoutes } from './grants.api.js';
import { operatorRoutes } from './operator.api.js';
import { organisationRoutes } from './organisation.api.js';
import { tokenRoutes } from './tokens.api.js';
import { eventRoutes, IDENTITY_CHANGED } from './events.api.js';
import type { EventBus } from '../../platform/events.js';
import { authRoutes } from './auth.api.js';
import { createAuthService, type CallerCaches } from './auth.service.js';
import { totpContext } from './totp.js';
import { systemActor } from '../../platform/actor.js';
import { ok } from '../../platform/result.js';
import { createPrincipalCache } from './principal-cache.js';
import { createLoginThrottle } from './throttle.js';

import type { IdentityDeps } from './deps.js';
import { createAccessGuard, createCallerCheck, registerAuthentication } from './http-auth.js';
import { createMembersService } from './members.service.js';
import { createOrgsService } from './orgs.service.js';
import { createTokensService } from './tokens.service.js';
import { createGrantsService } from './grants.service.js';
import { createPasskeysService } from './passkeys.service.js';
import { findOrg, listNetworks, listUnits, type Network } from './orgs.store.js';
import {
  findMembership,
  findUser,
  listMembers,
  listResponders,
  listUnsealedTotpSeeds,
  memberNames,
  updateUser,
} from './users.store.js';
import type { Locale, OrgId } from './model.js';
import { passkeyRoutes } from './passkeys.api.js';

/** How long a resolved caller is reused without asking the database. */
const CALLER_CACHE_TTL_MS = 10_000;

/** Creates identity's services. */
export function createIdentity(given: Omit<IdentityDeps, 'txKeepCallers'>) {
  const caches: CallerCaches = {
    sessions: createPrincipalCache({ ttlMs: CALLER_CACHE_TTL_MS, max: 10_000 }),
    tokens: createPrincipalCache({ ttlMs: CALLER_CACHE_TTL_MS, max: 10_000 }),
  };
  const forget = () => {
    caches.sessions.clear();
    caches.tokens.clear();
  };
  // Every committed identity change clears the caller caches here and, through the bus, in other processes.
  const deps: IdentityDeps = {
    ...given,
    txKeepCallers: given.tx,
    tx: {
      run: async (actor, work) => {
        const result = await given.tx.run(actor, work);
        if (result.ok) {
          forget();
          given.notify({ type: IDENTITY_CHANGED, orgId: null, userId: null, data: {} });
        }
        return result;
      },
    },
  };
  const throttle = createLoginThrottle(deps);
  const auth = createAuthService(deps, caches, throttle);
  const members = createMembersService(deps, throttle);
  const orgs = createOrgsService(deps);
  const tokens = createTokensService(deps);
  const grants = createGrantsService(deps);
  const passkeys = createPasskeysService(deps, auth);
  const requireAccess = createAccessGuard(deps.db);
  const { db } = deps;
  return {
    auth,
    members,
    orgs,
    tokens,
    grants,
    requireAccess,
    /**
     * The people and units of an organisation that other modules may name as owners or assignees: active
     * members (id and name only) and units.
     */
    async directory(orgId: string): Promise<Directory> {
      const [members, units] = await Promise.all([
        listMembers(db, orgId as OrgId),
        listUnits(db, orgId as OrgId),
      ]);
      return {
        people: members.filter((m) => m.active).map((m) => ({ id: m.userId, name: m.name })),
        units: units.map((u) => ({ id: u.id, name: u.name })),
      };
    },
    /**
     * The names of people who are or were members of an organisation, for other modules' records of who did
     * what (a former member's name stays on what they wrote), and of advisers of an organisation it granted
     * access to, with their organisation's name; ids of anyone else are left out.
     */
    namesOf(orgId: string, userIds: readonly string[]): Promise<Map<string, string>> {
      return memberNames(db, orgId as OrgId, userIds);
    },
    /**
     * An organisation's public facts (name, type, country) and how it speaks to people (language, time zone),
     * for other modules' documents, pages and e-mails.
     */
    async organisation(
      orgId: string,
    ): Promise<
      | { id: string; name: string; type: string; country: string; locale: SupportedLocale; timeZone: string }
      | undefined
    > {
      const org = await findOrg(db, orgId);
      return (
        org && {
          id: org.id,
          name: org.name,
          type: org.type,
          country: org.country,
          locale: org.locale,
          timeZone: org.timeZone,
        }
      );
    },
    /**
     * Where to reach an active member of an organisation (for reminders other modules send): e-mail, name,
     * language. Nobody is reached for an organisation they no longer work in.
     */
    async contactOf(
      orgId: string,
      userId: string,
    ): Promise<{ email: string; name: string; locale: Locale } | undefined> {
      const membership = await findMembership(db, orgId as OrgId, userId);
      if (!membership?.active) return undefined;
      const user = await findUser(db, userId);
      return user && { email: user.email, name: user.name, locale: user.locale };
    },
    /** The regional networks an organisation belongs to, with their member organisations' ids. */
    async networksOf(orgId: string): Promise<{ id: string; name: string; orgIds: string[] }[]> {
      const networks = await listNetworks(db, orgId as OrgId);
      return networks.map((n) => ({ id: n.id, name: n.name, orgIds: n.members.map((m) => m.orgId) }));
    },
    /**
     * Who answers for these organisations' security (their active administrators and security leads), with where
     * to reach them, by organisation: other modules' alerts go to them.
     */
    async responders(
      orgIds: readonly string[],
    ): Promise<Map<string, { email: string; name: string; locale: Locale }[]>> {
      const byOrg = new Map<string, { email: string; name: string; locale: Locale }[]>();
      for (const { orgId, ...person } of await listResponders(db, orgIds))
        byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), person]);
      return byOrg;
    },
    /** One regional network with its member organisations (name, country, role), if it exists. */
    async network(networkId: string): Promise<Network | undefined> {
      const [network] = await listNetworks(db, undefined, networkId);
      return network;
    },
    /** Seals authenticator seeds stored before encryption at rest (run at start; later starts find none). */
    async sealLegacySecrets(): Promise<void> {
      for (const { id, seed } of await listUnsealedTotpSeeds(db))
        await given.tx.run(systemActor('system'), async (t, record) => {
          await updateUser(t, id, { totpSecret: given.secrets.seal(seed, totpContext(id)) });
          await record({ action: 'auth.secret_sealed', orgId: null, targetType: 'user', targetId: id });
          return ok(undefined);
        });
    },
    /** Registers authentication (must come before any route) and identity's routes. */
    register(app: App, opts: { secure: boolean; bus?: EventBus | undefined }): void {
      registerAuthentication(app, auth, { secure: opts.secure, publicUrl: given.publicUrl, db });
      if (opts.bus) {
        eventRoutes(app, { bus: opts.bus, recheck: createCallerCheck(auth, { secure: opts.secure }) });
        const unsubscribe = opts.bus.subscribe((event) => {
          if (event.type === IDENTITY_CHANGED) forget();
        });
        app.addHook('onClose', (_app, done) => {
          unsubscribe();
          done();
        });
      }
      authRoutes(app, { auth, members, secure: opts.secure });
      organisationRoutes(app, { members, orgs, requireAccess });
      grantRoutes(app, { grants, orgs, requireAccess });
      tokenRoutes(app, { tokens });
      operatorRoutes(app, { orgs, mailer: deps.mailer });
      passkeyRoutes(app, { passkeys, secure: opts.secure });
    },
  };
}

/** Who in an organisation can own or be assigned work. */
export interface Directory {
  readonly people: { readonly id: string; readonly name: string }[];
  readonly units: { readonly id: string; readonly name: string }[];
}

/** The identity module's services. */
export type Identity = ReturnType<typeof createIdentity>;
