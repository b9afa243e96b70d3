import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';
import { identityDb } from './tables.js';
import { GrantableModule, type OrgId } from './model.js';
import { z } from 'zod';

const Level = z.enum(['read', 'write']);

/** An access grant from an EMB to an assistance provider. */
export interface AccessGrant {
  readonly id: string;
  readonly grantorOrgId: OrgId;
  readonly grantorName: string;
  /** The grantor's "MFA required" policy, which applies to everyone acting under the grant. */
  readonly grantorMfaRequired: boolean;
  readonly granteeOrgId: OrgId;
  readonly granteeName: string;
  readonly modules: GrantableModule[];
  readonly level: 'read' | 'write';
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  /** The last day it opens anything (YYYY-MM-DD); null for no end date. */
  readonly expiresOn: string | null;
}

/** A grant still in force: not revoked, and not past its last day (the server's date, UTC). */
const inForce = sql<boolean>`g.revoked_at IS NULL AND (g.expires_on IS NULL OR g.expires_on >= current_date)`;

function selectGrants(db: Db | Tx) {
  return identityDb(db)
    .selectFrom('access_grants as g')
    .innerJoin('organisations as a', 'a.id', 'g.grantor_org_id')
    .innerJoin('organisations as b', 'b.id', 'g.grantee_org_id')
    .select([
      'g.id',
      'g.grantor_org_id',
      'a.name as grantor_name',
      'a.mfa_required as grantor_mfa_required',
      'g.grantee_org_id',
      'b.name as grantee_name',
      'g.modules',
      'g.level',
      'g.created_at',
      'g.revoked_at',
      sql<string | null>`to_char(g.expires_on, 'YYYY-MM-DD')`.as('expires_on'),
    ]);
}

function rowToGrant(row: {
  id: string;
  grantor_org_id: string;
  grantor_name: string;
  grantor_mfa_required: boolean;
  grantee_org_id: string;
  grantee_name: string;
  modules: string[];
  level: string;
  created_at: Date;
  revoked_at: Date | null;
  expires_on: string | null;
}): AccessGrant {
  return {
    id: row.id,
    grantorOrgId: row.grantor_org_id as OrgId,
    grantorName: row.grantor_name,
    grantorMfaRequired: row.grantor_mfa_required,
    granteeOrgId: row.grantee_org_id as OrgId,
    granteeName: row.grantee_name,
    modules: row.modules.map((m) => GrantableModule.parse(m)),
    level: Level.parse(row.level),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    expiresOn: row.expires_on,
  };
}

export async function insertGrant(
  tx: Tx,
  g: {
    id: string;
    grantorOrgId: OrgId;
    granteeOrgId: OrgId;
    modules: readonly GrantableModule[];
    level: 'read' | 'write';
    createdBy: string | null;
    expiresOn: string | null;
  },
): Promise<void> {
  await identityDb(tx)
    .insertInto('access_grants')
    .values({
      id: g.id,
      grantor_org_id: g.grantorOrgId,
      grantee_org_id: g.granteeOrgId,
      modules: [...g.modules],
      level: g.level,
      created_by: g.createdBy,
      expires_on: g.expiresOn,
    })
    .execute();
}

/** Grants an organisation has given or received (live and revoked). */
export async function listGrantsOf(db: Db | Tx, orgId: OrgId): Promise<AccessGrant[]> {
  const rows = await selectGrants(db)
    .where((eb) => eb.or([eb('g.grantor_org_id', '=', orgId), eb('g.grantee_org_id', '=', orgId)]))
    .orderBy('g.created_at', 'desc')
    .execute();
  return rows.map(rowToGrant);
}

/** Live grants from `grantorOrgId` to any of `granteeOrgIds`. */
export async function liveGrantsTo(
  db: Db | Tx,
  grantorOrgId: string,
  granteeOrgIds: readonly string[],
): Promise<AccessGrant[]> {
  if (granteeOrgIds.length === 0) return [];
  const rows = await selectGrants(db)
    .where('g.grantor_org_id', '=', grantorOrgId)
    .where('g.grantee_org_id', 'in', granteeOrgIds)
    .where(inForce)
    .execute();
  return rows.map(rowToGrant);
}

/** Revokes every live grant from `grantorOrgId` to `granteeOrgId` (a new grant replaces them); returns their ids. */
export async function revokeGrantsBetween(
  tx: Tx,
  q: { grantorOrgId: OrgId; granteeOrgId: OrgId; now: Date },
): Promise<string[]> {
  const rows = await identityDb(tx)
    .updateTable('access_grants')
    .set({ revoked_at: q.now })
    .where('grantor_org_id', '=', q.grantorOrgId)
    .where('grantee_org_id', '=', q.granteeOrgId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Revokes a live grant given by `grantorOrgId`; false when there is none with that id. */
export async function revokeGrant(
  tx: Tx,
  q: { id: string; grantorOrgId: OrgId; now: Date },
): Promise<boolean> {
  const result = await identityDb(tx)
    .updateTable('access_grants')
    .set({ revoked_at: q.now })
    .where('id', '=', q.id)
    .where('grantor_org_id', '=', q.grantorOrgId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Live grants received by any of `granteeOrgIds` (what an assistance provider's people may open). */
export async function liveGrantsReceived(
  db: Db | Tx,
  granteeOrgIds: readonly string[],
): Promise<AccessGrant[]> {
  if (granteeOrgIds.length === 0) return [];
  const rows = await selectGrants(db)
    .where('g.grantee_org_id', 'in', granteeOrgIds)
    .where(inForce)
    .orderBy('a.name')
    .execute();
  return rows.map(rowToGrant);
}
