import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Db, Tx } from '../../platform/db.js';
import { Form, TestKind } from './course.js';
import { tables, type TrainingTables } from './tables.js';

/** Test attempts: one per person, session and kind (pre, post, delayed), answered once before a deadline. */

export interface AttemptRow {
  readonly id: string;
  readonly sessionId: string;
  readonly personId: string;
  readonly kind: TestKind;
  readonly form: Form;
  readonly itemIds: readonly string[];
  readonly answers: Readonly<Record<string, number>> | null;
  readonly score: number | null;
  readonly maxScore: number;
  readonly startedAt: Date;
  readonly deadline: Date;
  readonly submittedAt: Date | null;
}

/** Submitted answers: the option chosen for each item. */
const Answers = z.record(z.string(), z.number().int()).nullable();

const rowToAttempt = (r: Selectable<TrainingTables['training_attempts']>): AttemptRow => ({
  id: r.id,
  sessionId: r.session_id,
  personId: r.person_id,
  kind: TestKind.parse(r.kind),
  form: Form.parse(r.form),
  itemIds: r.item_ids,
  answers: Answers.parse(r.answers),
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
  kind: TestKind,
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
