import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';
import { AttendanceMethod, TeachBack } from './model.js';
import { tables, type TrainingTables } from './tables.js';

/** Who is on a session's roster: attendance, teach-back, personal learner links and follow-up reminders. */

export interface RosterRow {
  readonly sessionId: string;
  readonly personId: string;
  readonly attendedAt: Date | null;
  readonly attendanceMethod: AttendanceMethod | null;
  readonly teachBack: TeachBack | null;
  readonly teachBackBy: string | null;
  readonly teachBackAt: Date | null;
  readonly delayedRemindedAt: Date | null;
  readonly addedAt: Date;
}

const rowToRoster = (r: Selectable<TrainingTables['training_roster']>): RosterRow => ({
  sessionId: r.session_id,
  personId: r.person_id,
  attendedAt: r.attended_at,
  attendanceMethod: r.attendance_method === null ? null : AttendanceMethod.parse(r.attendance_method),
  teachBack: r.teach_back === null ? null : TeachBack.parse(r.teach_back),
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

/**
 * When a session first ran: the earliest attendance or test of anyone on its roster — earlier than its planned
 * date when it took place early — or undefined while nothing has happened yet.
 */
export async function firstActivity(db: Db | Tx, sessionId: string): Promise<Date | undefined> {
  const row = await tables(db)
    .selectFrom('training_roster')
    .select((eb) => eb.fn.min<Date | null>('attended_at').as('first'))
    .where('session_id', '=', sessionId)
    .unionAll((eb) =>
      eb
        .selectFrom('training_attempts')
        .select((ab) => ab.fn.min<Date | null>('started_at').as('first'))
        .where('session_id', '=', sessionId),
    )
    .execute();
  const times = row.flatMap((r) => (r.first ? [r.first.getTime()] : []));
  return times.length > 0 ? new Date(Math.min(...times)) : undefined;
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
  q: { sessionId: string; personId: string; at: Date | null; method: AttendanceMethod | null },
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
    result: TeachBack | null;
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
