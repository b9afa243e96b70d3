import { sql, type Selectable } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';
import { courseOwner } from './courses.store.js';
import { parseLocale, type SupportedLocale } from '../../platform/i18n/index.js';
import { Audience, SessionStatus, TrainerRole } from './model.js';
import { tables, type TrainingTables } from './tables.js';

/** Sessions of a course and their trainers. */

export interface SessionRow {
  readonly id: string;
  readonly orgId: string;
  readonly courseId: string;
  readonly courseVersion: string;
  readonly title: string;
  readonly startsOn: string;
  readonly place: string;
  readonly remote: boolean;
  /** The language the session is held in, for mail to its participants; null: the organisation's. */
  readonly locale: SupportedLocale | null;
  readonly generation: number;
  readonly audience: Audience;
  readonly unitId: string | null;
  readonly status: SessionStatus;
  /** Sealed (secrets at rest): open it with `checkinContext(id)`. */
  readonly checkinSecret: string;
  readonly version: number;
  readonly createdAt: Date;
  readonly closedAt: Date | null;
  /** When a trainer opened the test after the course to everyone, pre-test taken or not. */
  readonly postTestOpenedAt: Date | null;
}

const rowToSession = (
  r: Omit<Selectable<TrainingTables['training_sessions']>, 'course_owner'>,
): SessionRow => ({
  id: r.id,
  orgId: r.org_id,
  courseId: r.course_id,
  courseVersion: r.course_version,
  title: r.title,
  startsOn: r.starts_on,
  place: r.place,
  remote: r.remote,
  locale: parseLocale(r.locale) ?? null,
  generation: r.generation,
  audience: Audience.parse(r.audience),
  unitId: r.unit_id,
  status: SessionStatus.parse(r.status),
  checkinSecret: r.checkin_secret,
  version: r.version,
  createdAt: r.created_at,
  closedAt: r.closed_at,
  postTestOpenedAt: r.post_test_opened_at,
});

const sessionColumns = [
  'id',
  'org_id',
  'course_id',
  'course_version',
  'title',
  sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as('starts_on'),
  'place',
  'remote',
  'locale',
  'generation',
  'audience',
  'unit_id',
  'status',
  'checkin_secret',
  'version',
  'created_at',
  'created_by',
  'closed_at',
  'post_test_opened_at',
] as const;

export async function insertSession(
  tx: Tx,
  s: Omit<SessionRow, 'status' | 'version' | 'createdAt' | 'closedAt' | 'postTestOpenedAt'> & {
    createdBy: string | null;
  },
): Promise<void> {
  await tables(tx)
    .insertInto('training_sessions')
    .values({
      id: s.id,
      org_id: s.orgId,
      course_owner: await courseOwner(tx, { orgId: s.orgId, id: s.courseId, version: s.courseVersion }),
      course_id: s.courseId,
      course_version: s.courseVersion,
      title: s.title,
      starts_on: s.startsOn,
      place: s.place,
      remote: s.remote,
      locale: s.locale,
      generation: s.generation,
      audience: s.audience,
      unit_id: s.unitId,
      checkin_secret: s.checkinSecret,
      created_by: s.createdBy,
      closed_at: null,
    })
    .execute();
}

/** One session of the organisation; `lock` takes a row lock for the transaction. */
export async function findSession(
  db: Db | Tx,
  orgId: string,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<SessionRow | undefined> {
  let query = tables(db)
    .selectFrom('training_sessions')
    .select(sessionColumns)
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  if (opts.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && rowToSession(row);
}

/** A session by id alone, for the public check-in and learner pages (which carry their own proof). */
export async function findSessionById(db: Db | Tx, id: string): Promise<SessionRow | undefined> {
  const row = await tables(db)
    .selectFrom('training_sessions')
    .select(sessionColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && rowToSession(row);
}

/** The organisation's sessions, newest first. */
export async function listSessions(db: Db | Tx, orgId: string): Promise<SessionRow[]> {
  const rows = await tables(db)
    .selectFrom('training_sessions')
    .select(sessionColumns)
    .where('org_id', '=', orgId)
    .orderBy('starts_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(rowToSession);
}

/** Changes a session if its version still matches; undefined when someone changed it first. */
export async function updateSession(
  tx: Tx,
  q: {
    orgId: string;
    id: string;
    version: number;
    set: Partial<{
      title: string;
      startsOn: string;
      place: string;
      remote: boolean;
      locale: SupportedLocale | null;
      unitId: string | null;
      closedAt: Date | null;
      postTestOpenedAt: Date | null;
    }>;
  },
): Promise<boolean> {
  const s = q.set;
  const result = await tables(tx)
    .updateTable('training_sessions')
    .set({
      ...(s.title !== undefined && { title: s.title }),
      ...(s.startsOn !== undefined && { starts_on: s.startsOn }),
      ...(s.place !== undefined && { place: s.place }),
      ...(s.remote !== undefined && { remote: s.remote }),
      ...(s.locale !== undefined && { locale: s.locale }),
      ...(s.unitId !== undefined && { unit_id: s.unitId }),
      ...(s.closedAt !== undefined && { closed_at: s.closedAt, status: s.closedAt ? 'closed' : 'open' }),
      ...(s.postTestOpenedAt !== undefined && { post_test_opened_at: s.postTestOpenedAt }),
      version: sql<number>`version + 1`,
    })
    .where('org_id', '=', q.orgId)
    .where('id', '=', q.id)
    .where('version', '=', q.version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export interface TrainerRow {
  readonly sessionId: string;
  readonly personId: string;
  readonly role: TrainerRole;
}

export async function insertTrainers(
  tx: Tx,
  orgId: string,
  sessionId: string,
  trainers: readonly { personId: string; role: TrainerRole }[],
): Promise<void> {
  if (trainers.length === 0) return;
  await tables(tx)
    .insertInto('training_session_trainers')
    .values(
      trainers.map((t) => ({ session_id: sessionId, org_id: orgId, person_id: t.personId, role: t.role })),
    )
    .execute();
}

/** Trainers of the organisation's sessions (all of them, or of the sessions named). */
export async function listTrainers(
  db: Db | Tx,
  orgId: string,
  sessionIds?: readonly string[],
): Promise<TrainerRow[]> {
  if (sessionIds?.length === 0) return [];
  let query = tables(db).selectFrom('training_session_trainers').selectAll().where('org_id', '=', orgId);
  if (sessionIds) query = query.where('session_id', 'in', [...sessionIds]);
  const rows = await query.execute();
  return rows.map((r) => ({
    sessionId: r.session_id,
    personId: r.person_id,
    role: TrainerRole.parse(r.role),
  }));
}
