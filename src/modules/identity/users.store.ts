import type { Db, Tx } from '../../platform/db.js';
import { identityDb } from './tables.js';
import { Locale, OrgType, Role, type Membership, type OrgId, type UserId } from './model.js';

/** A user account as the services need it (secrets included; never presented as is). */
export interface UserRecord {
  readonly id: UserId;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string | null;
  readonly locale: Locale;
  readonly gender: string | null;
  readonly isOperator: boolean;
  readonly totpSecret: string | null;
  readonly totpEnabled: boolean;
  readonly totpLastStep: number | null;
  readonly passkeys: number;
}

const userColumns = [
  'u.id',
  'u.email',
  'u.name',
  'u.password_hash',
  'u.locale',
  'u.gender',
  'u.is_operator',
  'u.totp_secret',
  'u.totp_enabled_at',
  'u.totp_last_step',
] as const;

function rowToUser(row: {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  locale: string;
  gender: string | null;
  is_operator: boolean;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: string | null;
  passkeys: string | number | bigint | null;
}): UserRecord {
  return {
    id: row.id as UserId,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    locale: Locale.parse(row.locale),
    gender: row.gender,
    isOperator: row.is_operator,
    totpSecret: row.totp_secret,
    totpEnabled: row.totp_enabled_at !== null,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    passkeys: Number(row.passkeys ?? 0),
  };
}

function selectUsers(db: Db | Tx) {
  return identityDb(db)
    .selectFrom('users as u')
    .select(userColumns)
    .select((eb) =>
      eb
        .selectFrom('webauthn_credentials as w')
        .select((c) => c.fn.countAll().as('n'))
        .whereRef('w.user_id', '=', 'u.id')
        .as('passkeys'),
    );
}

export async function findUserByEmail(db: Db | Tx, email: string): Promise<UserRecord | undefined> {
  const row = await selectUsers(db)
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return row ? rowToUser(row) : undefined;
}

/** Users whose authenticator seed is stored as it was before encryption at rest. */
export async function listUnsealedTotpSeeds(db: Db | Tx): Promise<{ id: UserId; seed: string }[]> {
  const rows = await identityDb(db)
    .selectFrom('users')
    .select(['id', 'totp_secret'])
    .where('totp_secret', 'is not', null)
    .where('totp_secret', 'not like', 'v1.%')
    .execute();
  return rows.map((r) => ({ id: r.id as UserId, seed: r.totp_secret ?? '' }));
}

/** Locks a user's row until the transaction ends, to serialise work that counts per account. */
export async function lockUser(tx: Tx, id: string): Promise<void> {
  await identityDb(tx).selectFrom('users').select('id').where('id', '=', id).forUpdate().execute();
}

export async function findUser(db: Db | Tx, id: string): Promise<UserRecord | undefined> {
  const row = await selectUsers(db).where('u.id', '=', id).executeTakeFirst();
  return row ? rowToUser(row) : undefined;
}

export async function insertUser(
  tx: Tx,
  user: {
    id: UserId;
    email: string;
    name: string;
    passwordHash: string | null;
    locale?: Locale;
    isOperator?: boolean;
  },
): Promise<void> {
  await identityDb(tx)
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      name: user.name,
      password_hash: user.passwordHash,
      locale: user.locale ?? 'en',
      is_operator: user.isOperator ?? false,
    })
    .execute();
}

export async function updateUser(
  tx: Tx,
  id: UserId,
  changes: Partial<{
    name: string;
    locale: Locale;
    gender: string | null;
    passwordHash: string;
    totpSecret: string | null;
    totpEnabledAt: Date | null;
    totpLastStep: number | null;
  }>,
): Promise<void> {
  const set = {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.locale !== undefined && { locale: changes.locale }),
    ...(changes.gender !== undefined && { gender: changes.gender }),
    ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
    ...(changes.totpSecret !== undefined && { totp_secret: changes.totpSecret }),
    ...(changes.totpEnabledAt !== undefined && { totp_enabled_at: changes.totpEnabledAt }),
    ...(changes.totpLastStep !== undefined && {
      totp_last_step: changes.totpLastStep === null ? null : String(changes.totpLastStep),
    }),
  };
  if (Object.keys(set).length === 0) return;
  await identityDb(tx).updateTable('users').set(set).where('id', '=', id).execute();
}

/** Active memberships of a user, with their organisations. */
export async function listMembershipsOfUser(db: Db | Tx, userId: string): Promise<Membership[]> {
  const rows = await identityDb(db)
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select(['m.org_id', 'm.role', 'o.name', 'o.type', 'o.country', 'o.mfa_required', 'o.time_zone'])
    .where('m.user_id', '=', userId)
    .where('m.active', '=', true)
    .orderBy('o.name')
    .execute();
  return rows.map((row) => ({
    orgId: row.org_id as OrgId,
    orgName: row.name,
    orgType: OrgType.parse(row.type),
    country: row.country,
    role: Role.parse(row.role),
    mfaRequired: row.mfa_required,
    timeZone: row.time_zone,
  }));
}

/**
 * Who answers for these organisations' security: their active administrators and security leads, with where to
 * reach them, in one query whatever the number of organisations.
 */
export async function listResponders(
  db: Db | Tx,
  orgIds: readonly string[],
): Promise<{ orgId: string; email: string; name: string; locale: Locale }[]> {
  if (orgIds.length === 0) return [];
  const rows = await identityDb(db)
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.org_id', 'u.email', 'u.name', 'u.locale'])
    .where('m.org_id', 'in', [...orgIds])
    .where('m.active', '=', true)
    .where('m.role', 'in', ['org_admin', 'security_lead'])
    .orderBy('u.name')
    .execute();
  return rows.map((row) => ({
    orgId: row.org_id,
    email: row.email,
    name: row.name,
    locale: Locale.parse(row.locale),
  }));
}

/** A member of an organisation as its admins see it. */
export interface Member {
  readonly userId: UserId;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly locale: Locale;
  readonly active: boolean;
  readonly hasMfa: boolean;
  readonly unitId: string | null;
  readonly since: Date;
}

export async function listMembers(db: Db | Tx, orgId: OrgId): Promise<Member[]> {
  const rows = await identityDb(db)
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'u.id',
      'u.email',
      'u.name',
      'u.locale',
      'm.role',
      'm.active',
      'm.unit_id',
      'm.created_at',
      'u.totp_enabled_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('webauthn_credentials as w')
        .select((c) => c.fn.countAll().as('n'))
        .whereRef('w.user_id', '=', 'u.id')
        .as('passkeys'),
    )
    .where('m.org_id', '=', orgId)
    .orderBy('u.name')
    .execute();
  return rows.map((row) => ({
    userId: row.id as UserId,
    email: row.email,
    name: row.name,
    locale: Locale.parse(row.locale),
    role: Role.parse(row.role),
    active: row.active,
    hasMfa: row.totp_enabled_at !== null || Number(row.passkeys ?? 0) > 0,
    unitId: row.unit_id,
    since: row.created_at,
  }));
}

/**
 * The names of these people who are or were members of the organisation, and of advisers of an organisation it
 * granted access to, named with their organisation ("Ana Ruiz (Election Assistance Foundation)"); anyone else is
 * left out.
 */
export async function memberNames(
  db: Db | Tx,
  orgId: OrgId,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await identityDb(db)
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name'])
    .where('m.org_id', '=', orgId)
    .where('u.id', 'in', [...userIds])
    .execute();
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const others = userIds.filter((id) => !names.has(id));
  if (others.length === 0) return names;
  // Advisers of an organisation this one granted access to (then or now) are named with their organisation.
  const advisers = await identityDb(db)
    .selectFrom('access_grants as g')
    .innerJoin('memberships as m', 'm.org_id', 'g.grantee_org_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('organisations as o', 'o.id', 'g.grantee_org_id')
    .select(['u.id', 'u.name', 'o.name as org'])
    .distinct()
    .where('g.grantor_org_id', '=', orgId)
    .where('u.id', 'in', others)
    .execute();
  for (const a of advisers) if (!names.has(a.id)) names.set(a.id, `${a.name} (${a.org})`);
  return names;
}

export async function findMembership(
  db: Db | Tx,
  orgId: OrgId,
  userId: string,
): Promise<{ role: Role; active: boolean } | undefined> {
  const row = await identityDb(db)
    .selectFrom('memberships')
    .select(['role', 'active'])
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? { role: Role.parse(row.role), active: row.active } : undefined;
}

export async function upsertMembership(
  tx: Tx,
  m: { userId: UserId; orgId: OrgId; role: Role; unitId?: string | null },
): Promise<void> {
  await identityDb(tx)
    .insertInto('memberships')
    .values({ user_id: m.userId, org_id: m.orgId, role: m.role, unit_id: m.unitId ?? null, active: true })
    .onConflict((oc) => oc.columns(['user_id', 'org_id']).doUpdateSet({ role: m.role, active: true }))
    .execute();
}

export async function updateMembership(
  tx: Tx,
  m: { userId: string; orgId: OrgId; role?: Role; active?: boolean },
): Promise<void> {
  if (m.role === undefined && m.active === undefined) return;
  await identityDb(tx)
    .updateTable('memberships')
    .set({ ...(m.role && { role: m.role }), ...(m.active !== undefined && { active: m.active }) })
    .where('user_id', '=', m.userId)
    .where('org_id', '=', m.orgId)
    .execute();
}

/** Counts active admins of an organisation (the last one cannot be demoted or deactivated). */
export async function countActiveAdmins(db: Db | Tx, orgId: OrgId): Promise<number> {
  const row = await identityDb(db)
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId)
    .where('role', '=', 'org_admin')
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
