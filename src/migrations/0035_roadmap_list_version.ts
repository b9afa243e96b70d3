import { sql, type Kysely } from 'kysely';

/**
 * Roadmap: a version number per organisation that every change to what its item list shows moves on — an item
 * added, edited, moved through the workflow or removed (by any path: the API, an import, a unit or user
 * deleted in identity), or a grade recorded. The list's replies are kept per process under it
 * (`roadmap/api.ts`): a reader checks the number (one indexed row) and is served the kept reply while it
 * stands. Triggers move it in the same transaction as the change, so no write path can forget it and a
 * reader in any process sees the change and the new number together.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE roadmap_list_versions (
      org_id uuid PRIMARY KEY REFERENCES organisations ON DELETE CASCADE,
      version bigint NOT NULL
    );
    CREATE FUNCTION roadmap_list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'roadmap_items' THEN
        INSERT INTO roadmap_list_versions AS v (org_id, version)
          SELECT DISTINCT org_id, 1 FROM changed
          ON CONFLICT (org_id) DO UPDATE SET version = v.version + 1;
      ELSE
        INSERT INTO roadmap_list_versions AS v (org_id, version)
          SELECT DISTINCT i.org_id, 1 FROM changed c JOIN roadmap_items i ON i.id = c.item_id
          ON CONFLICT (org_id) DO UPDATE SET version = v.version + 1;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER roadmap_items_inserted AFTER INSERT ON roadmap_items
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION roadmap_list_changed();
    CREATE TRIGGER roadmap_items_updated AFTER UPDATE ON roadmap_items
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION roadmap_list_changed();
    CREATE TRIGGER roadmap_items_deleted AFTER DELETE ON roadmap_items
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION roadmap_list_changed();
    CREATE TRIGGER roadmap_grades_inserted AFTER INSERT ON roadmap_grades
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION roadmap_list_changed();
  `.execute(db);
}
