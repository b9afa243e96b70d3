import { sql, type Kysely } from 'kysely';

/**
 * Training: a session can be held in a language other than the organisation's (a French-speaking province of
 * a bilingual country); mail to its participants who have not chosen a language uses it. Null: the
 * organisation's language.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE training_sessions ADD COLUMN locale text CHECK (locale IN ('en', 'es', 'fr'))`.execute(
    db,
  );
}
