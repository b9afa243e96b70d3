import { sql, type Kysely } from 'kysely';

/**
 * Training: a participant's test after the course opens once they have taken the test before it, so tapping
 * the wrong button cannot close their pre-test for good; the trainer can open it for everyone (a session
 * where the pre-test was skipped), which this column records.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE training_sessions ADD COLUMN post_test_opened_at timestamptz`.execute(db);
}
