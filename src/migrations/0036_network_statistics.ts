import { sql, type Kysely } from 'kysely';

/**
 * Network: the planner's statistics refreshed as soon as the shared objects have grown past what it last counted.
 * A CERT can push a hundred thousand objects through TAXII in minutes; until autovacuum looks (once a minute)
 * the planner believes a network holds a handful and reads a whole collection to sort it (a first page took 520
 * ms instead of 30 with 100,000 objects). The server's role does not own the tables and may not ANALYZE them:
 * this function, run with its owner's rights, does it when more rows changed since the last count than the
 * count itself (so a few times as a network grows, never for every envelope), and says whether it did. The
 * caller says how many rows it added since it last saw a count made: PostgreSQL publishes a connection's changes
 * only when it idles (up to ten seconds later), so its own figure alone would let a burst go uncounted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION network_objects_analyze_if_grown(added bigint) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = public AS $$
    DECLARE
      changed bigint;
      counted real;
    BEGIN
      SELECT s.n_mod_since_analyze, c.reltuples INTO changed, counted
        FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
       WHERE s.relid = 'network_objects'::regclass;
      IF greatest(coalesce(changed, 0), added) <= greatest(counted, 1000) THEN
        RETURN false;
      END IF;
      ANALYZE network_objects;
      ANALYZE network_observables;
      RETURN true;
    END $$;
  `.execute(db);
}
