import { sql, type Kysely } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';
import { Criticality, Purpose, Schedule, ScanOrigin, type ScanSummary, type WebProperty } from './model.js';
import { ScanReportSchema, type ScanReport } from './report.js';

interface PropertyRow {
  id: string;
  org_id: string;
  url: string;
  name: string;
  purpose: string;
  criticality: string;
  schedule: string;
  owner_unit_id: string | null;
  created_at: Date;
  archived_at: Date | null;
}

interface ScanRow {
  id: string;
  org_id: string;
  property_id: string;
  scanned_at: Date;
  up: boolean;
  status: number | null;
  response_ms: number | null;
  grade: string | null;
  score: number | null;
  tls_days: number | null;
  findings: number;
  a11y_violations: number | null;
  origin: string;
  report: unknown;
}

type WebwatchTables = {
  web_properties: PropertyRow;
  web_scans: ScanRow;
};

function tables(db: Db | Tx): Kysely<WebwatchTables> {
  return db.withTables<WebwatchTables>();
}

const SUMMARY_COLUMNS = [
  'id',
  'scanned_at',
  'up',
  'status',
  'response_ms',
  'grade',
  'score',
  'tls_days',
  'findings',
  'a11y_violations',
  'origin',
] as const;

type SummaryRow = Pick<ScanRow, (typeof SUMMARY_COLUMNS)[number]>;

function toSummary(row: SummaryRow): ScanSummary {
  return {
    id: row.id,
    scannedAt: new Date(row.scanned_at).toISOString(),
    up: row.up,
    status: row.status,
    responseMs: row.response_ms,
    grade: row.grade,
    score: row.score,
    tlsDays: row.tls_days,
    findings: row.findings,
    a11yViolations: row.a11y_violations,
    origin: ScanOrigin.parse(row.origin),
  };
}

/** Properties of one organisation (or the one named), not archived, by name, each with its latest scan. */
export async function listProperties(
  db: Db | Tx,
  orgId: string,
  propertyId?: string,
): Promise<WebProperty[]> {
  let query = tables(db)
    .selectFrom('web_properties as p')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('web_scans')
          .select(SUMMARY_COLUMNS)
          .whereRef('web_scans.property_id', '=', 'p.id')
          .orderBy('scanned_at', 'desc')
          .limit(1)
          .as('s'),
      (join) => join.onTrue(),
    )
    .select([
      'p.id',
      'p.url',
      'p.name',
      'p.purpose',
      'p.criticality',
      'p.schedule',
      'p.owner_unit_id',
      'p.created_at',
      's.id as scan_id',
      's.scanned_at',
      's.up',
      's.status',
      's.response_ms',
      's.grade',
      's.score',
      's.tls_days',
      's.findings',
      's.a11y_violations',
      's.origin',
    ])
    .where('p.org_id', '=', orgId)
    .where('p.archived_at', 'is', null)
    .orderBy(sql`lower(p.name)`)
    .orderBy('p.id');
  if (propertyId) query = query.where('p.id', '=', propertyId);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    name: row.name,
    purpose: Purpose.parse(row.purpose),
    criticality: Criticality.parse(row.criticality),
    schedule: Schedule.parse(row.schedule),
    ownerUnitId: row.owner_unit_id,
    createdAt: row.created_at.toISOString(),
    lastScan:
      row.scan_id && row.scanned_at && row.up !== null && row.findings !== null && row.origin
        ? toSummary({
            ...row,
            id: row.scan_id,
            scanned_at: row.scanned_at,
            up: row.up,
            findings: row.findings,
            origin: row.origin,
          })
        : null,
  }));
}

/** The property at this address, archived or not (an archived one is brought back rather than duplicated). */
export async function propertyByUrl(
  db: Db | Tx,
  orgId: string,
  url: string,
): Promise<{ id: string; archived: boolean } | undefined> {
  const row = await tables(db)
    .selectFrom('web_properties')
    .select(['id', 'archived_at'])
    .where('org_id', '=', orgId)
    .where('url', '=', url)
    .executeTakeFirst();
  return row && { id: row.id, archived: row.archived_at !== null };
}

export interface PropertyFields {
  readonly url: string;
  readonly name: string;
  readonly purpose: Purpose;
  readonly criticality: Criticality;
  readonly schedule: Schedule;
  readonly ownerUnitId: string | null;
}

export async function insertProperty(
  tx: Tx,
  p: PropertyFields & { id: string; orgId: string },
): Promise<void> {
  await tables(tx)
    .insertInto('web_properties')
    .values({
      id: p.id,
      org_id: p.orgId,
      url: p.url,
      name: p.name,
      purpose: p.purpose,
      criticality: p.criticality,
      schedule: p.schedule,
      owner_unit_id: p.ownerUnitId,
      created_at: new Date(),
      archived_at: null,
    })
    .execute();
}

/** Replaces a property's fields (and brings it back if archived). False when the organisation has no such one. */
export async function updateProperty(
  tx: Tx,
  p: PropertyFields & { id: string; orgId: string },
): Promise<boolean> {
  const result = await tables(tx)
    .updateTable('web_properties')
    .set({
      url: p.url,
      name: p.name,
      purpose: p.purpose,
      criticality: p.criticality,
      schedule: p.schedule,
      owner_unit_id: p.ownerUnitId,
      archived_at: null,
    })
    .where('id', '=', p.id)
    .where('org_id', '=', p.orgId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Archives a property: it leaves the lists and the schedule, its history stays. */
export async function archiveProperty(tx: Tx, q: { id: string; orgId: string; at: Date }): Promise<boolean> {
  const result = await tables(tx)
    .updateTable('web_properties')
    .set({ archived_at: q.at })
    .where('id', '=', q.id)
    .where('org_id', '=', q.orgId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface NewScan {
  readonly id: string;
  readonly orgId: string;
  readonly propertyId: string;
  readonly origin: ScanOrigin;
  readonly findings: number;
  readonly report: ScanReport;
}

export async function insertScan(tx: Tx, s: NewScan): Promise<void> {
  const { report } = s;
  await tables(tx)
    .insertInto('web_scans')
    .values({
      id: s.id,
      org_id: s.orgId,
      property_id: s.propertyId,
      scanned_at: new Date(report.scannedAt),
      up: report.availability.up,
      status: report.availability.status,
      response_ms: report.availability.responseMs,
      grade: report.observatory?.grade ?? null,
      score: report.observatory?.score ?? null,
      tls_days: report.tls?.daysToExpiry ?? null,
      findings: s.findings,
      a11y_violations: null,
      origin: s.origin,
      report: JSON.stringify(report),
    })
    .execute();
}

/** A property's scans, newest first. */
export async function listScans(
  db: Db | Tx,
  q: { orgId: string; propertyId: string; limit: number },
): Promise<ScanSummary[]> {
  const rows = await tables(db)
    .selectFrom('web_scans')
    .select(SUMMARY_COLUMNS)
    .where('org_id', '=', q.orgId)
    .where('property_id', '=', q.propertyId)
    .orderBy('scanned_at', 'desc')
    .limit(q.limit)
    .execute();
  return rows.map(toSummary);
}

/** One scan with its whole report, if it is the organisation's. */
export async function findScan(
  db: Db | Tx,
  q: { orgId: string; scanId: string },
): Promise<{ summary: ScanSummary; propertyId: string; report: ScanReport } | undefined> {
  const row = await tables(db)
    .selectFrom('web_scans')
    .select([...SUMMARY_COLUMNS, 'property_id', 'report'])
    .where('org_id', '=', q.orgId)
    .where('id', '=', q.scanId)
    .executeTakeFirst();
  return (
    row && {
      summary: toSummary(row),
      propertyId: row.property_id,
      report: ScanReportSchema.parse(row.report),
    }
  );
}

/**
 * Properties whose schedule calls for a scan: daily ones last scanned a day ago or more (less an hour, so a
 * scan that ran late yesterday does not slip a whole day), weekly ones a week ago, and any never scanned —
 * those waiting longest first. Across organisations: the scheduler works for the whole deployment.
 */
export async function dueProperties(
  db: Db,
  q: { now: Date; limit: number },
): Promise<{ id: string; orgId: string; url: string }[]> {
  const rows = await sql<{ id: string; org_id: string; url: string }>`
    SELECT p.id, p.org_id, p.url
    FROM web_properties p
    LEFT JOIN LATERAL (
      SELECT scanned_at FROM web_scans s WHERE s.property_id = p.id ORDER BY scanned_at DESC LIMIT 1
    ) last ON true
    WHERE p.archived_at IS NULL
      AND p.schedule <> 'off'
      AND (last.scanned_at IS NULL
        OR last.scanned_at <= ${q.now}::timestamptz
          - CASE p.schedule WHEN 'daily' THEN interval '23 hours' ELSE interval '167 hours' END)
    ORDER BY last.scanned_at ASC NULLS FIRST, p.id
    LIMIT ${q.limit}
  `.execute(db);
  return rows.rows.map((r) => ({ id: r.id, orgId: r.org_id, url: r.url }));
}
