import type { Db, Tx } from '../../platform/db.js';
import { parseLocale, type SupportedLocale } from '../../platform/i18n/index.js';
import { regionalDefaults } from '../../platform/regional.js';
import { identityDb } from './tables.js';
import { NetworkRole, OrgType, type OrgId } from './model.js';

/** An organisation as stored. */
export interface Organisation {
  readonly id: OrgId;
  readonly name: string;
  readonly type: OrgType;
  readonly country: string;
  readonly mfaRequired: boolean;
  /** The language its people are written to when they chose none. */
  readonly locale: SupportedLocale;
  /** The IANA time zone its times are shown in. */
  readonly timeZone: string;
  readonly createdAt: Date;
}

function rowToOrg(row: {
  id: string;
  name: string;
  type: string;
  country: string;
  mfa_required: boolean;
  locale: string;
  time_zone: string;
  created_at: Date;
}): Organisation {
  return {
    id: row.id as OrgId,
    name: row.name,
    type: OrgType.parse(row.type),
    country: row.country,
    mfaRequired: row.mfa_required,
    locale: parseLocale(row.locale) ?? 'en',
    timeZone: row.time_zone,
    createdAt: row.created_at,
  };
}

/** Adds an organisation; without a language or time zone, it speaks its country's, in its country's zone. */
export async function insertOrg(
  tx: Tx,
  org: {
    id: OrgId;
    name: string;
    type: OrgType;
    country: string;
    locale?: SupportedLocale | undefined;
    timeZone?: string | undefined;
  },
): Promise<void> {
  const defaults = regionalDefaults(org.country);
  await identityDb(tx)
    .insertInto('organisations')
    .values({
      id: org.id,
      name: org.name,
      type: org.type,
      country: org.country,
      locale: org.locale ?? defaults.locale,
      time_zone: org.timeZone ?? defaults.timeZone,
    })
    .execute();
}

export async function orgNameTaken(db: Db | Tx, name: string): Promise<boolean> {
  const row = await identityDb(db)
    .selectFrom('organisations')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

export async function findOrg(db: Db | Tx, id: string): Promise<Organisation | undefined> {
  const row = await identityDb(db)
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? rowToOrg(row) : undefined;
}

export async function listOrgs(db: Db): Promise<Organisation[]> {
  const rows = await identityDb(db).selectFrom('organisations').selectAll().orderBy('name').execute();
  return rows.map(rowToOrg);
}

export async function setOrgMfaRequired(tx: Tx, orgId: OrgId, required: boolean): Promise<void> {
  await identityDb(tx)
    .updateTable('organisations')
    .set({ mfa_required: required })
    .where('id', '=', orgId)
    .execute();
}

export async function setOrgRegional(
  tx: Tx,
  orgId: OrgId,
  settings: { locale: SupportedLocale; timeZone: string },
): Promise<void> {
  await identityDb(tx)
    .updateTable('organisations')
    .set({ locale: settings.locale, time_zone: settings.timeZone })
    .where('id', '=', orgId)
    .execute();
}

/** A unit of an organisation, such as a provincial delegation. */
export interface OrgUnit {
  readonly id: string;
  readonly name: string;
}

export async function insertUnit(tx: Tx, unit: { id: string; orgId: OrgId; name: string }): Promise<void> {
  await identityDb(tx)
    .insertInto('org_units')
    .values({ id: unit.id, org_id: unit.orgId, name: unit.name })
    .execute();
}

export async function listUnits(db: Db | Tx, orgId: OrgId): Promise<OrgUnit[]> {
  return identityDb(db)
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute();
}

/** A regional network and its member organisations. */
export interface Network {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly members: { orgId: OrgId; orgName: string; country: string; role: NetworkRole }[];
}

export async function insertNetwork(
  tx: Tx,
  network: { id: string; name: string; description: string },
): Promise<void> {
  await identityDb(tx).insertInto('networks').values(network).execute();
}

export async function upsertNetworkMember(
  tx: Tx,
  member: { networkId: string; orgId: OrgId; role: NetworkRole },
): Promise<void> {
  await identityDb(tx)
    .insertInto('network_members')
    .values({ network_id: member.networkId, org_id: member.orgId, role: member.role })
    .onConflict((oc) => oc.columns(['network_id', 'org_id']).doUpdateSet({ role: member.role }))
    .execute();
}

export async function networkNameTaken(db: Db | Tx, name: string): Promise<boolean> {
  const row = await identityDb(db)
    .selectFrom('networks')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  return row !== undefined;
}

/** Lists networks; with `orgId`, only those the organisation belongs to. */
export async function listNetworks(db: Db, orgId?: OrgId, networkId?: string): Promise<Network[]> {
  let query = identityDb(db)
    .selectFrom('networks as n')
    .leftJoin('network_members as m', 'm.network_id', 'n.id')
    .leftJoin('organisations as o', 'o.id', 'm.org_id')
    .select(['n.id', 'n.name', 'n.description', 'm.org_id', 'm.role', 'o.name as org_name', 'o.country']);
  if (networkId) query = query.where('n.id', '=', networkId);
  if (orgId) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('network_members as mine')
          .select('mine.org_id')
          .whereRef('mine.network_id', '=', 'n.id')
          .where('mine.org_id', '=', orgId),
      ),
    );
  }
  const rows = await query.orderBy('n.name').orderBy('o.name').execute();
  const byId = new Map<
    string,
    { id: string; name: string; description: string; members: Network['members'][number][] }
  >();
  for (const row of rows) {
    const network = byId.get(row.id) ?? {
      id: row.id,
      name: row.name,
      description: row.description,
      members: [],
    };
    byId.set(row.id, network);
    if (row.org_id && row.role && row.org_name && row.country) {
      network.members.push({
        orgId: row.org_id as OrgId,
        orgName: row.org_name,
        country: row.country,
        role: NetworkRole.parse(row.role),
      });
    }
  }
  return [...byId.values()];
}

/** The member organisations of one network with their role in it (none when the network does not exist). */
export async function networkMembers(
  db: Db | Tx,
  networkId: string,
): Promise<{ orgId: OrgId; role: NetworkRole }[]> {
  const rows = await identityDb(db)
    .selectFrom('network_members')
    .select(['org_id', 'role'])
    .where('network_id', '=', networkId)
    .execute();
  return rows.map((row) => ({ orgId: row.org_id as OrgId, role: NetworkRole.parse(row.role) }));
}
