import { sql, type Kysely } from 'kysely';

/**
 * Network: STIX identifiers as the OASIS schemas allow them, hex digits of the UUID in either case (the
 * specification's own examples use upper case), so an object received over TAXII keeps the id it was given.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE network_objects DROP CONSTRAINT network_objects_stix_id_check;
    ALTER TABLE network_objects ADD CONSTRAINT network_objects_stix_id_check
      CHECK (stix_id ~ '^[a-z0-9-]+--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$');
  `.execute(db);
}
