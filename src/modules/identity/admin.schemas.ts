import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../../platform/i18n/index.js';
import { GrantableModule, NetworkRole, OrgType, Role } from './model.js';

// Schemas shared by identity's administration routes (organisation, grants, operator).
export const OrgParams = z.strictObject({ orgId: z.uuid() });
export const Country = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, upper case');
export const Name = z.string().trim().min(2).max(200);

export const OrganisationOut = z.object({
  id: z.string(),
  name: z.string(),
  type: OrgType,
  country: z.string(),
  mfaRequired: z.boolean(),
  locale: z.enum(SUPPORTED_LOCALES),
  timeZone: z.string(),
  createdAt: z.date(),
});
export const MemberOut = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  active: z.boolean(),
  hasMfa: z.boolean(),
  since: z.date(),
});
export const GrantOut = z.object({
  id: z.string(),
  grantorOrgId: z.string(),
  grantorName: z.string(),
  granteeOrgId: z.string(),
  granteeName: z.string(),
  modules: z.array(GrantableModule),
  level: z.enum(['read', 'write']),
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
  /** The last day the grant opens anything; null for no end date. */
  expiresOn: z.string().nullable(),
});
export const NetworkOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  members: z.array(z.object({ orgId: z.string(), orgName: z.string(), role: NetworkRole })),
});
