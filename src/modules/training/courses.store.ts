import { sql, type Selectable } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';
import { tables, type TrainingTables } from './tables.js';

/** Courses: versioned content (built-in or an organisation's own), and the toolkit files kept with them. */

export interface CourseRow {
  readonly id: string;
  readonly version: string;
  readonly content: unknown;
  readonly orgId: string | null;
  readonly createdAt: Date;
}

const rowToCourse = (r: Selectable<TrainingTables['training_courses']>): CourseRow => ({
  id: r.id,
  version: r.version,
  content: r.content,
  orgId: r.org_id,
  createdAt: r.created_at,
});

/** Stores a course version unless that id and version exist; true when it was stored. */
export async function insertCourse(
  db: Db | Tx,
  c: {
    id: string;
    version: string;
    content: unknown;
    sha256: string;
    orgId: string | null;
    createdBy: string | null;
  },
): Promise<boolean> {
  const rows = await tables(db)
    .insertInto('training_courses')
    .values({
      id: c.id,
      version: c.version,
      content: JSON.stringify(c.content),
      sha256: c.sha256,
      org_id: c.orgId,
      created_by: c.createdBy,
    })
    .onConflict((oc) => oc.columns(['owner', 'id', 'version']).doNothing())
    .returning('id')
    .execute();
  return rows.length === 1;
}

/** The course versions an organisation sees: built-in ones and its own. */
export async function listCourses(db: Db | Tx, orgId: string): Promise<CourseRow[]> {
  const rows = await tables(db)
    .selectFrom('training_courses')
    .selectAll()
    .where((eb) => eb.or([eb('org_id', 'is', null), eb('org_id', '=', orgId)]))
    .orderBy('id')
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(rowToCourse);
}

/**
 * The namespace a course version of an organisation is found in: its own, then the built-in courses (an
 * organisation's own version wins, so a later built-in of the same id and version never changes what its
 * sessions teach).
 */
function visibleCourse(db: Db | Tx, q: { orgId: string; id: string; version: string }) {
  return tables(db)
    .selectFrom('training_courses')
    .where('id', '=', q.id)
    .where('version', '=', q.version)
    .where('owner', 'in', [q.orgId, 'built-in'])
    .orderBy(sql`owner = 'built-in'`)
    .limit(1);
}

/** Whose namespace the course version an organisation sees is in ('built-in' or the organisation). */
export async function courseOwner(
  tx: Tx,
  q: { orgId: string; id: string; version: string },
): Promise<string> {
  const row = await visibleCourse(tx, q).select('owner').executeTakeFirst();
  if (!row) throw new Error(`course ${q.id} ${q.version} is not visible to organisation ${q.orgId}`);
  return row.owner;
}

/** One course version, if the organisation sees it. */
export async function findCourse(
  db: Db | Tx,
  q: { orgId: string; id: string; version: string },
): Promise<CourseRow | undefined> {
  const row = await visibleCourse(db, q).selectAll().executeTakeFirst();
  return row && rowToCourse(row);
}

/** Whether the organisation already sees a course version with this id and version (its own or built-in). */
export async function courseVersionExists(
  db: Db | Tx,
  q: { orgId: string; id: string; version: string },
): Promise<boolean> {
  return (await visibleCourse(db, q).select('id').executeTakeFirst()) !== undefined;
}

/** A toolkit file kept with a course. */
export interface ToolkitFileRow {
  readonly id: string;
  readonly courseId: string;
  readonly filename: string;
  readonly sha256: string;
  readonly mediaType: string;
  readonly size: number;
  readonly uploadedAt: Date;
}

export async function insertToolkitFile(
  tx: Tx,
  f: {
    id: string;
    orgId: string;
    courseId: string;
    filename: string;
    sha256: string;
    size: number;
    mediaType: string;
    uploadedBy: string | null;
  },
): Promise<void> {
  await tables(tx)
    .insertInto('training_toolkit_files')
    .values({
      id: f.id,
      org_id: f.orgId,
      course_id: f.courseId,
      filename: f.filename,
      sha256: f.sha256,
      size_bytes: f.size,
      media_type: f.mediaType,
      uploaded_by: f.uploadedBy,
    })
    .execute();
}

/** The organisation's toolkit files of a course (or one of them), newest first. */
export async function listToolkitFiles(
  db: Db | Tx,
  q: { orgId: string; courseId: string; id?: string },
): Promise<ToolkitFileRow[]> {
  let query = tables(db)
    .selectFrom('training_toolkit_files as t')
    .select([
      't.id',
      't.course_id',
      't.filename',
      't.sha256',
      't.uploaded_at',
      't.media_type',
      't.size_bytes',
    ])
    .where('t.org_id', '=', q.orgId)
    .where('t.course_id', '=', q.courseId);
  if (q.id) query = query.where('t.id', '=', q.id);
  const rows = await query.orderBy('t.uploaded_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    courseId: r.course_id,
    filename: r.filename,
    sha256: r.sha256,
    mediaType: r.media_type,
    size: Number(r.size_bytes),
    uploadedAt: r.uploaded_at,
  }));
}

/** Removes a toolkit file from the course (the stored bytes stay, as for every stored file). */
export async function deleteToolkitFile(
  tx: Tx,
  q: { orgId: string; courseId: string; id: string },
): Promise<boolean> {
  const result = await tables(tx)
    .deleteFrom('training_toolkit_files')
    .where('org_id', '=', q.orgId)
    .where('course_id', '=', q.courseId)
    .where('id', '=', q.id)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}
