import { Audience } from './model.js';
import { sql, type Generated, type Kysely, type Selectable } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';

type TrainingTables = {
  training_courses: {
    id: string;
    version: string;
    content: unknown;
    sha256: string;
    org_id: string | null;
    /** 'built-in' or the organisation's id (generated from org_id): the namespace of the course id. */
    owner: Generated<string>;
    created_at: Generated<Date>;
    created_by: string | null;
  };
  training_people: {
    id: string;
    org_id: string;
    user_id: string | null;
    name: string;
    email: string;
    gender: string | null;
    unit_id: string | null;
    locale: string | null;
    created_at: Generated<Date>;
  };
  training_sessions: {
    id: string;
    org_id: string;
    course_owner: string;
    course_id: string;
    course_version: string;
    title: string;
    starts_on: string;
    place: string;
    remote: boolean;
    generation: number;
    audience: string;
    unit_id: string | null;
    status: Generated<string>;
    checkin_secret: string;
    version: Generated<number>;
    created_at: Generated<Date>;
    created_by: string | null;
    closed_at: Date | null;
  };
  training_session_trainers: { session_id: string; org_id: string; person_id: string; role: string };
  training_roster: {
    session_id: string;
    org_id: string;
    person_id: string;
    attended_at: Date | null;
    attendance_method: string | null;
    teach_back: string | null;
    teach_back_by: string | null;
    teach_back_at: Date | null;
    delayed_reminded_at: Date | null;
    added_at: Generated<Date>;
  };
  training_attempts: {
    id: string;
    session_id: string;
    person_id: string;
    kind: string;
    form: string;
    item_ids: string[];
    answers: unknown;
    score: number | null;
    max_score: number;
    started_at: Date;
    deadline: Date;
    submitted_at: Date | null;
  };
  training_checkin_used: { nonce: string; session_id: string; used_at: Date };
  training_checkin_challenges: {
    id: string;
    session_id: string;
    person_id: string;
    token_hash: string;
    code_hash: string;
    created_at: Date;
    expires_at: Date;
    attempts: Generated<number>;
    used_at: Date | null;
  };
  training_toolkit_files: {
    id: string;
    org_id: string;
    course_id: string;
    filename: string;
    sha256: string;
    media_type: string;
    uploaded_at: Generated<Date>;
    uploaded_by: string | null;
    size_bytes: string | number;
  };
  training_learner_links: {
    token_sha256: string;
    session_id: string;
    person_id: string;
    created_at: Generated<Date>;
  };
};

function tables(db: Db | Tx): Kysely<TrainingTables> {
  return db.withTables<TrainingTables>();
}

// ── Courses ──────────────────────────────────────────────────────────────────────────────────────

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
async function courseOwner(tx: Tx, q: { orgId: string; id: string; version: string }): Promise<string> {
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

// ── People ───────────────────────────────────────────────────────────────────────────────────────

export interface PersonRow {
  readonly id: string;
  readonly orgId: string;
  readonly userId: string | null;
  readonly name: string;
  readonly email: string;
  readonly gender: string | null;
  readonly unitId: string | null;
  readonly locale: 'en' | 'es' | 'fr' | null;
}

const rowToPerson = (r: Selectable<TrainingTables['training_people']>): PersonRow => ({
  id: r.id,
  orgId: r.org_id,
  userId: r.user_id,
  name: r.name,
  email: r.email,
  gender: r.gender,
  unitId: r.unit_id,
  locale: r.locale === 'en' || r.locale === 'es' || r.locale === 'fr' ? r.locale : null,
});

/** Remembers the language a person reads learner pages in. */
export async function setPersonLocale(tx: Tx, personId: string, locale: string): Promise<void> {
  await tables(tx).updateTable('training_people').set({ locale }).where('id', '=', personId).execute();
}

/** Adds people to the organisation's register; an e-mail already there keeps its record. Returns all of them. */
export async function upsertPeople(
  tx: Tx,
  orgId: string,
  people: readonly {
    id: string;
    name: string;
    email: string;
    gender: string | null;
    unitId: string | null;
    userId: string | null;
  }[],
): Promise<PersonRow[]> {
  if (people.length === 0) return [];
  await tables(tx)
    .insertInto('training_people')
    .values(
      people.map((p) => ({
        id: p.id,
        org_id: orgId,
        user_id: p.userId,
        name: p.name,
        email: p.email,
        gender: p.gender,
        unit_id: p.unitId,
        locale: null,
      })),
    )
    .onConflict((oc) => oc.columns(['org_id', 'email']).doNothing())
    .execute();
  const rows = await tables(tx)
    .selectFrom('training_people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where(
      'email',
      'in',
      people.map((p) => p.email),
    )
    .execute();
  return rows.map(rowToPerson);
}

/** Links a person of the register to the member account with the same e-mail. */
export async function linkPersonToUser(
  tx: Tx,
  personId: string,
  userId: string,
): Promise<PersonRow | undefined> {
  const row = await tables(tx)
    .updateTable('training_people')
    .set({ user_id: userId })
    .where('id', '=', personId)
    .where('user_id', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row && rowToPerson(row);
}

/** People of the organisation, by name, optionally matching a search. */
export async function listPeople(db: Db | Tx, orgId: string, q?: string): Promise<PersonRow[]> {
  let query = tables(db).selectFrom('training_people').selectAll().where('org_id', '=', orgId);
  if (q)
    query = query.where((eb) =>
      eb.or([eb('name', 'ilike', `%${escapeLike(q)}%`), eb('email', 'ilike', `%${escapeLike(q)}%`)]),
    );
  return (await query.orderBy('name').limit(500).execute()).map(rowToPerson);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The person of the organisation with this e-mail (lower-cased), if any. */
export async function findPersonByEmail(
  db: Db | Tx,
  orgId: string,
  email: string,
): Promise<PersonRow | undefined> {
  const row = await tables(db)
    .selectFrom('training_people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('email', '=', email)
    .executeTakeFirst();
  return row && rowToPerson(row);
}

/** People of the organisation by id (others are left out). */
export async function findPeople(db: Db | Tx, orgId: string, ids: readonly string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  const rows = await tables(db)
    .selectFrom('training_people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(rowToPerson);
}

/** Every person of the organisation (for the cascade measures). */
export async function allPeople(db: Db | Tx, orgId: string): Promise<PersonRow[]> {
  const rows = await tables(db)
    .selectFrom('training_people')
    .selectAll()
    .where('org_id', '=', orgId)
    .execute();
  return rows.map(rowToPerson);
}

// ── Sessions ─────────────────────────────────────────────────────────────────────────────────────

export interface SessionRow {
  readonly id: string;
  readonly orgId: string;
  readonly courseId: string;
  readonly courseVersion: string;
  readonly title: string;
  readonly startsOn: string;
  readonly place: string;
  readonly remote: boolean;
  readonly generation: number;
  readonly audience: Audience;
  readonly unitId: string | null;
  readonly status: 'open' | 'closed';
  /** Sealed (secrets at rest): open it with `checkinContext(id)`. */
  readonly checkinSecret: string;
  readonly version: number;
  readonly createdAt: Date;
  readonly closedAt: Date | null;
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
  generation: r.generation,
  audience: Audience.parse(r.audience),
  unitId: r.unit_id,
  status: r.status === 'closed' ? 'closed' : 'open',
  checkinSecret: r.checkin_secret,
  version: r.version,
  createdAt: r.created_at,
  closedAt: r.closed_at,
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
  'generation',
  'audience',
  'unit_id',
  'status',
  'checkin_secret',
  'version',
  'created_at',
  'created_by',
  'closed_at',
] as const;

export async function insertSession(
  tx: Tx,
  s: Omit<SessionRow, 'status' | 'version' | 'createdAt' | 'closedAt'> & { createdBy: string | null },
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
      unitId: string | null;
      closedAt: Date | null;
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
      ...(s.unitId !== undefined && { unit_id: s.unitId }),
      ...(s.closedAt !== undefined && { closed_at: s.closedAt, status: s.closedAt ? 'closed' : 'open' }),
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
  readonly role: 'lead' | 'co';
}

export async function insertTrainers(
  tx: Tx,
  orgId: string,
  sessionId: string,
  trainers: readonly { personId: string; role: 'lead' | 'co' }[],
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
    role: r.role === 'lead' ? 'lead' : 'co',
  }));
}

// ── Roster ───────────────────────────────────────────────────────────────────────────────────────

export interface RosterRow {
  readonly sessionId: string;
  readonly personId: string;
  readonly attendedAt: Date | null;
  readonly attendanceMethod: 'roster' | 'qr' | null;
  readonly teachBack: 'passed' | 'not_yet' | null;
  readonly teachBackBy: string | null;
  readonly teachBackAt: Date | null;
  readonly delayedRemindedAt: Date | null;
  readonly addedAt: Date;
}

const rowToRoster = (r: Selectable<TrainingTables['training_roster']>): RosterRow => ({
  sessionId: r.session_id,
  personId: r.person_id,
  attendedAt: r.attended_at,
  attendanceMethod: r.attendance_method === 'qr' ? 'qr' : r.attendance_method === 'roster' ? 'roster' : null,
  teachBack: r.teach_back === 'passed' ? 'passed' : r.teach_back === 'not_yet' ? 'not_yet' : null,
  teachBackBy: r.teach_back_by,
  teachBackAt: r.teach_back_at,
  delayedRemindedAt: r.delayed_reminded_at,
  addedAt: r.added_at,
});

/** Puts people on a session's roster; those already on it stay as they are. Returns how many were added. */
export async function addToRoster(
  tx: Tx,
  orgId: string,
  sessionId: string,
  personIds: readonly string[],
): Promise<number> {
  if (personIds.length === 0) return 0;
  const rows = await tables(tx)
    .insertInto('training_roster')
    .values(personIds.map((personId) => ({ session_id: sessionId, org_id: orgId, person_id: personId })))
    .onConflict((oc) => oc.columns(['session_id', 'person_id']).doNothing())
    .returning('person_id')
    .execute();
  return rows.length;
}

/** Takes a person off a roster; true when they were on it. Their test attempts go with them. */
export async function removeFromRoster(
  tx: Tx,
  orgId: string,
  sessionId: string,
  personId: string,
): Promise<boolean> {
  const result = await tables(tx)
    .deleteFrom('training_roster')
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** The roster of a session (or of every session of the organisation). */
export async function listRoster(db: Db | Tx, orgId: string, sessionId?: string): Promise<RosterRow[]> {
  let query = tables(db).selectFrom('training_roster').selectAll().where('org_id', '=', orgId);
  if (sessionId) query = query.where('session_id', '=', sessionId);
  return (await query.orderBy('added_at').execute()).map(rowToRoster);
}

/** People on the roster and people present, per session of the organisation. */
export async function rosterCounts(
  db: Db | Tx,
  orgId: string,
): Promise<Map<string, { enrolled: number; attended: number }>> {
  const rows = await tables(db)
    .selectFrom('training_roster')
    .select((eb) => [
      'session_id',
      eb.fn.countAll<string>().as('enrolled'),
      eb.fn.count<string>('attended_at').as('attended'),
    ])
    .where('org_id', '=', orgId)
    .groupBy('session_id')
    .execute();
  return new Map(
    rows.map((r) => [r.session_id, { enrolled: Number(r.enrolled), attended: Number(r.attended) }]),
  );
}

export async function findRosterEntry(
  db: Db | Tx,
  sessionId: string,
  personId: string,
): Promise<RosterRow | undefined> {
  const row = await tables(db)
    .selectFrom('training_roster')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row && rowToRoster(row);
}

/** Records attendance (or clears it); true when the person is on the roster. */
export async function setAttendance(
  tx: Tx,
  q: { sessionId: string; personId: string; at: Date | null; method: 'roster' | 'qr' | null },
): Promise<boolean> {
  const result = await tables(tx)
    .updateTable('training_roster')
    .set({ attended_at: q.at, attendance_method: q.method })
    .where('session_id', '=', q.sessionId)
    .where('person_id', '=', q.personId)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Stores the hash of a new personal link of a learner; earlier links keep working. */
export async function addLearnerLink(
  tx: Tx,
  q: { sessionId: string; personId: string; sha256: string },
): Promise<void> {
  await tables(tx)
    .insertInto('training_learner_links')
    .values({ token_sha256: q.sha256, session_id: q.sessionId, person_id: q.personId })
    .execute();
}

/** The roster entry a learner's personal link opens. */
export async function findByLearnerToken(db: Db | Tx, sha256: string): Promise<RosterRow | undefined> {
  const row = await tables(db)
    .selectFrom('training_learner_links as l')
    .innerJoin('training_roster as r', (join) =>
      join.onRef('r.session_id', '=', 'l.session_id').onRef('r.person_id', '=', 'l.person_id'),
    )
    .selectAll('r')
    .where('l.token_sha256', '=', sha256)
    .executeTakeFirst();
  return row && rowToRoster(row);
}

/** Records a teach-back result by a master trainer. */
export async function setTeachBack(
  tx: Tx,
  q: {
    orgId: string;
    sessionId: string;
    personId: string;
    result: 'passed' | 'not_yet' | null;
    by: string | null;
    at: Date | null;
  },
): Promise<boolean> {
  const result = await tables(tx)
    .updateTable('training_roster')
    .set({ teach_back: q.result, teach_back_by: q.by, teach_back_at: q.at })
    .where('org_id', '=', q.orgId)
    .where('session_id', '=', q.sessionId)
    .where('person_id', '=', q.personId)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Learners whose delayed test is open and who were not reminded yet (sessions held before `heldBefore`). */
export async function dueForDelayedTest(
  db: Db | Tx,
  q: { heldBefore: string; heldAfter: string },
): Promise<(RosterRow & { orgId: string })[]> {
  const rows = await tables(db)
    .selectFrom('training_roster as r')
    .innerJoin('training_sessions as s', 's.id', 'r.session_id')
    .selectAll('r')
    .where('r.attended_at', 'is not', null)
    .where('r.delayed_reminded_at', 'is', null)
    .where('s.starts_on', '<=', q.heldBefore)
    .where('s.starts_on', '>', q.heldAfter)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('training_attempts as a')
            .select('a.id')
            .whereRef('a.session_id', '=', 'r.session_id')
            .whereRef('a.person_id', '=', 'r.person_id')
            .where('a.kind', '=', 'delayed'),
        ),
      ),
    )
    .limit(1000)
    .execute();
  return rows.map((r) => ({ ...rowToRoster(r), orgId: r.org_id }));
}

export async function markDelayedReminded(
  tx: Tx,
  q: { sessionId: string; personId: string; at: Date },
): Promise<void> {
  await tables(tx)
    .updateTable('training_roster')
    .set({ delayed_reminded_at: q.at })
    .where('session_id', '=', q.sessionId)
    .where('person_id', '=', q.personId)
    .execute();
}

// ── Tests ────────────────────────────────────────────────────────────────────────────────────────

export interface AttemptRow {
  readonly id: string;
  readonly sessionId: string;
  readonly personId: string;
  readonly kind: 'pre' | 'post' | 'delayed';
  readonly form: 'A' | 'B' | 'C';
  readonly itemIds: readonly string[];
  readonly answers: Readonly<Record<string, number>> | null;
  readonly score: number | null;
  readonly maxScore: number;
  readonly startedAt: Date;
  readonly deadline: Date;
  readonly submittedAt: Date | null;
}

function answersOf(value: unknown): Record<string, number> | null {
  if (typeof value !== 'object' || value === null) return null;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'number') out[k] = v;
  return out;
}

const rowToAttempt = (r: Selectable<TrainingTables['training_attempts']>): AttemptRow => ({
  id: r.id,
  sessionId: r.session_id,
  personId: r.person_id,
  kind: r.kind === 'pre' ? 'pre' : r.kind === 'post' ? 'post' : 'delayed',
  form: r.form === 'A' ? 'A' : r.form === 'B' ? 'B' : 'C',
  itemIds: r.item_ids,
  answers: answersOf(r.answers),
  score: r.score,
  maxScore: r.max_score,
  startedAt: r.started_at,
  deadline: r.deadline,
  submittedAt: r.submitted_at,
});

/** Starts an attempt unless one of that kind exists; returns the attempt either way. */
export async function startAttempt(
  tx: Tx,
  a: Omit<AttemptRow, 'answers' | 'score' | 'submittedAt'>,
): Promise<AttemptRow> {
  await tables(tx)
    .insertInto('training_attempts')
    .values({
      id: a.id,
      session_id: a.sessionId,
      person_id: a.personId,
      kind: a.kind,
      form: a.form,
      item_ids: [...a.itemIds],
      answers: null,
      score: null,
      max_score: a.maxScore,
      started_at: a.startedAt,
      deadline: a.deadline,
      submitted_at: null,
    })
    .onConflict((oc) => oc.columns(['session_id', 'person_id', 'kind']).doNothing())
    .execute();
  const row = await findAttempt(tx, a.sessionId, a.personId, a.kind, { lock: true });
  if (!row) throw new Error('attempt vanished after insert');
  return row;
}

export async function findAttempt(
  db: Db | Tx,
  sessionId: string,
  personId: string,
  kind: string,
  opts: { lock?: boolean } = {},
): Promise<AttemptRow | undefined> {
  let query = tables(db)
    .selectFrom('training_attempts')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('person_id', '=', personId)
    .where('kind', '=', kind);
  if (opts.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && rowToAttempt(row);
}

/** Stores answers and score, once, before the deadline; false when already submitted or too late. */
export async function submitAttempt(
  tx: Tx,
  q: { id: string; answers: Record<string, number>; score: number; at: Date },
): Promise<boolean> {
  const result = await tables(tx)
    .updateTable('training_attempts')
    .set({ answers: JSON.stringify(q.answers), score: q.score, submitted_at: q.at })
    .where('id', '=', q.id)
    .where('submitted_at', 'is', null)
    .where('deadline', '>=', q.at)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Attempts in the organisation's sessions (all, or one session's). */
export async function listAttempts(db: Db | Tx, orgId: string, sessionId?: string): Promise<AttemptRow[]> {
  let query = tables(db)
    .selectFrom('training_attempts as a')
    .innerJoin('training_sessions as s', 's.id', 'a.session_id')
    .selectAll('a')
    .where('s.org_id', '=', orgId);
  if (sessionId) query = query.where('a.session_id', '=', sessionId);
  return (await query.execute()).map(rowToAttempt);
}

/** Every submitted attempt on a course version in the organisation's sessions (for item analysis). */
export async function submittedOnCourse(
  db: Db | Tx,
  orgId: string,
  courseId: string,
  version: string,
): Promise<AttemptRow[]> {
  const rows = await tables(db)
    .selectFrom('training_attempts as a')
    .innerJoin('training_sessions as s', 's.id', 'a.session_id')
    .selectAll('a')
    .where('s.org_id', '=', orgId)
    .where('s.course_id', '=', courseId)
    .where('s.course_version', '=', version)
    .where('a.submitted_at', 'is not', null)
    .execute();
  return rows.map(rowToAttempt);
}

/** Records a check-in ticket as used; false when it was used before. */
export async function useTicket(tx: Tx, q: { nonce: string; sessionId: string; at: Date }): Promise<boolean> {
  const rows = await tables(tx)
    .insertInto('training_checkin_used')
    .values({ nonce: q.nonce, session_id: q.sessionId, used_at: q.at })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning('nonce')
    .execute();
  return rows.length === 1;
}

/** A check-in waiting for the code e-mailed to the person. */
export interface CheckinChallenge {
  readonly id: string;
  readonly sessionId: string;
  readonly personId: string;
  readonly codeHash: string;
  readonly expiresAt: Date;
  readonly attempts: number;
  readonly usedAt: Date | null;
}

export async function insertCheckinChallenge(
  tx: Tx,
  c: Omit<CheckinChallenge, 'attempts' | 'usedAt'> & { tokenHash: string; createdAt: Date },
): Promise<void> {
  await tables(tx)
    .insertInto('training_checkin_challenges')
    .values({
      id: c.id,
      session_id: c.sessionId,
      person_id: c.personId,
      token_hash: c.tokenHash,
      code_hash: c.codeHash,
      created_at: c.createdAt,
      expires_at: c.expiresAt,
    })
    .execute();
}

/** A session's check-in challenge by its secret's hash, locked for the attempt. */
export async function findCheckinChallengeByToken(
  tx: Tx,
  q: { sessionId: string; tokenHash: string },
): Promise<CheckinChallenge | undefined> {
  const row = await tables(tx)
    .selectFrom('training_checkin_challenges')
    .select(['id', 'session_id', 'person_id', 'code_hash', 'expires_at', 'attempts', 'used_at'])
    .where('session_id', '=', q.sessionId)
    .where('token_hash', '=', q.tokenHash)
    .forUpdate()
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      sessionId: row.session_id,
      personId: row.person_id,
      codeHash: row.code_hash,
      expiresAt: row.expires_at,
      attempts: row.attempts,
      usedAt: row.used_at,
    }
  );
}

/** Counts a wrong code against a challenge, or marks it used. */
export async function updateCheckinChallenge(
  tx: Tx,
  q: { id: string; change: { kind: 'wrong' } | { kind: 'used'; at: Date } },
): Promise<void> {
  await tables(tx)
    .updateTable('training_checkin_challenges')
    .set(
      q.change.kind === 'wrong' ? (eb) => ({ attempts: eb('attempts', '+', 1) }) : { used_at: q.change.at },
    )
    .where('id', '=', q.id)
    .execute();
}

/** The context a session's check-in secret is sealed under. */
export const checkinContext = (sessionId: string) => `training_sessions.checkin_secret:${sessionId}`;

/** Sessions whose check-in secret is stored as it was before encryption at rest (`plain:` and hex). */
export async function listUnsealedCheckinSecrets(
  db: Db | Tx,
): Promise<{ id: string; orgId: string; secret: Buffer }[]> {
  const rows = await tables(db)
    .selectFrom('training_sessions')
    .select(['id', 'org_id', 'checkin_secret'])
    .where('checkin_secret', 'like', 'plain:%')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    secret: Buffer.from(r.checkin_secret.slice(6), 'hex'),
  }));
}

/** Replaces a session's stored check-in secret with its sealed form. */
export async function sealCheckinSecret(
  tx: Tx,
  q: { orgId: string; id: string; sealed: string },
): Promise<void> {
  await tables(tx)
    .updateTable('training_sessions')
    .set({ checkin_secret: q.sealed })
    .where('org_id', '=', q.orgId)
    .where('id', '=', q.id)
    .execute();
}
