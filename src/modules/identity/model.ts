import { z } from 'zod';
import type { Brand } from '../../platform/ids.js';

/** Identifiers of identity's aggregates. */
export type OrgId = Brand<string, 'OrgId'>;
export type UserId = Brand<string, 'UserId'>;

export const ORG_TYPES = ['emb', 'assistance_provider', 'tech_company', 'cso'] as const;
export const OrgType = z.enum(ORG_TYPES);
export type OrgType = z.infer<typeof OrgType>;

export const ROLES = ['org_admin', 'security_lead', 'analyst', 'trainer', 'staff', 'viewer'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const NetworkRole = z.enum(['coordinator', 'member']);
export type NetworkRole = z.infer<typeof NetworkRole>;

export const LOCALES = ['en', 'es', 'fr'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/**
 * The modules whose data an organisation can share with an assistance provider through an access grant.
 * Kernel modules (identity, audit) are never granted.
 */
export const GRANTABLE_MODULES = [
  'elections',
  'assessments',
  'roadmap',
  'training',
  'network',
  'webwatch',
  'platforms',
  'safety',
] as const;
export const GrantableModule = z.enum(GRANTABLE_MODULES);
export type GrantableModule = z.infer<typeof GrantableModule>;

/**
 * The modules an organisation of each type works in. An electoral body uses them all; an assistance provider
 * trains and coordinates networks (it sees an electoral body's other modules only through that body's grant);
 * a tech company receives escalations; a civil-society organisation trains, endorses and supports officials.
 * A provider's adviser therefore never meets an empty election calendar or assessment of their own.
 */
export const ORG_TYPE_MODULES: Readonly<Record<OrgType, readonly GrantableModule[]>> = {
  emb: GRANTABLE_MODULES,
  assistance_provider: ['training', 'network'],
  tech_company: ['platforms'],
  cso: ['training', 'platforms', 'safety'],
};

/** Every area an authorisation check can name. */
export const ACCESS_AREAS = [...GRANTABLE_MODULES, 'identity', 'audit'] as const;
export const AccessArea = z.enum(ACCESS_AREAS);
export type AccessArea = z.infer<typeof AccessArea>;
export type AccessLevel = 'read' | 'write';

/** A person's membership of one organisation, as shown to them. */
export interface Membership {
  readonly orgId: OrgId;
  readonly orgName: string;
  readonly orgType: OrgType;
  readonly country: string;
  readonly role: Role;
  readonly mfaRequired: boolean;
  /** The organisation's time zone: its people's screens give times in it. */
  readonly timeZone: string;
}

/** The user behind a request, after the session or token was checked. */
export interface Principal {
  readonly userId: UserId;
  readonly email: string;
  readonly name: string;
  readonly locale: Locale;
  readonly isOperator: boolean;
  readonly hasMfa: boolean;
  /** Which second factors the account has. */
  readonly mfa: { readonly totp: boolean; readonly passkeys: number };
  readonly memberships: readonly Membership[];
  readonly via:
    | { readonly kind: 'session'; readonly sessionId: string; readonly csrfToken: string }
    | {
        readonly kind: 'token';
        readonly tokenId: string;
        /** The one organisation the token acts in; null for an operator's deployment token. */
        readonly orgId: OrgId | null;
      };
}

/** E-mail addresses: trimmed, lower-cased, RFC-shaped, at most 254 characters. */
export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((value) => value.toLowerCase());

/** Passwords: 12 to 256 characters (the upper bound keeps hashing cheap to refuse). */
export const Password = z.string().min(12).max(256);

/** A person's display name. */
export const PersonName = z.string().trim().min(1).max(200);
