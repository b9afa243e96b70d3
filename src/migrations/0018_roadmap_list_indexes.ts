import { sql, type Kysely } from 'kysely';

/**
 * Roadmap: indexes for the list's other order and its text search on a large roadmap.
 * - The priority order (flag, priority, due date, id) read straight from an index, like the due-date order.
 * - Text search is a substring match (ILIKE '%…%') on title and description; trigram GIN indexes (pg_trgm,
 *   shipped with PostgreSQL and trusted, so the database owner may create it) answer it without reading every
 *   item. New rows go straight into the index (no pending list, which the planner counts against it
 *   until a vacuum merges it, choosing to read every item right after an import).
 * - A bulk import refreshes the planner's statistics (PostgreSQL's advice after loading data), but the server's
 *   role does not own the table and may not ANALYZE it: this function, run with its owner's rights, may.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX roadmap_items_org_priority
      ON roadmap_items (org_id, priority_flag DESC, priority, due_on, id);
    CREATE INDEX roadmap_items_title_trgm ON roadmap_items USING gin (title gin_trgm_ops)
      WITH (fastupdate = off);
    CREATE INDEX roadmap_items_description_trgm ON roadmap_items USING gin (description gin_trgm_ops)
      WITH (fastupdate = off);
    CREATE FUNCTION roadmap_items_analyze() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = public AS $$ BEGIN ANALYZE roadmap_items; END $$;
  `.execute(db);
}
