import { sql, type Kysely } from 'kysely';

/**
 * Roadmap: the default list order (due date, priority, id) read straight from an index, so a page of a large
 * roadmap needs no sort of every item.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX roadmap_items_org_due;
    CREATE INDEX roadmap_items_org_due ON roadmap_items (org_id, due_on, priority, id);
  `.execute(db);
}
