import type { Tx } from '../../platform/db.js';
import type { Grade } from './model.js';
import { tables } from './tables.js';

/** What is recorded against an item as it progresses: notes, grades and milestones. */

/** Records a progress note. */
export async function insertUpdate(
  tx: Tx,
  u: { id: string; itemId: string; body: string; by: string | null },
): Promise<void> {
  await tables(tx)
    .insertInto('roadmap_updates')
    .values({ id: u.id, item_id: u.itemId, body: u.body, created_by: u.by })
    .execute();
}

/** Appends a grade to the item's history. */
export async function insertGrade(
  tx: Tx,
  g: {
    id: string;
    itemId: string;
    grade: Grade;
    gradedOn: string;
    assessor: string;
    rationale: string;
    by: string | null;
  },
): Promise<void> {
  await tables(tx)
    .insertInto('roadmap_grades')
    .values({
      id: g.id,
      item_id: g.itemId,
      grade: g.grade,
      graded_on: g.gradedOn,
      assessor: g.assessor,
      rationale: g.rationale,
      created_by: g.by,
    })
    .execute();
}

/** Adds a milestone. */
export async function insertMilestone(
  tx: Tx,
  m: { id: string; itemId: string; title: string; dueOn: string | null },
): Promise<void> {
  await tables(tx)
    .insertInto('roadmap_milestones')
    .values({ id: m.id, item_id: m.itemId, title: m.title, due_on: m.dueOn, done_on: null })
    .execute();
}

/** Marks a milestone of an item done on a day, or not done. False if the milestone is not the item's. */
export async function setMilestoneDone(
  tx: Tx,
  q: { itemId: string; milestoneId: string; doneOn: string | null },
): Promise<boolean> {
  const r = await tables(tx)
    .updateTable('roadmap_milestones')
    .set({ done_on: q.doneOn })
    .where('id', '=', q.milestoneId)
    .where('item_id', '=', q.itemId)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
