import { sql, type Kysely } from 'kysely';

/**
 * The latest grade of an item is one index probe: the index is in the order "latest" means (graded on, then
 * recorded), so the roadmap list reads it for each item of a page without sorting. It replaces the index on
 * (item_id, graded_on), whose lookups it also serves.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX roadmap_grades_item_latest ON roadmap_grades (item_id, graded_on DESC, created_at DESC);
    DROP INDEX roadmap_grades_item;
  `.execute(db);
}
