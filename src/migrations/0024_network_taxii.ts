import { sql, type Kysely } from 'kysely';

/**
 * Network: what the TAXII 2.1 server needs of the store.
 * - Objects that are not versioned (cyber-observables and marking definitions have no `modified`) are stored
 *   once per network: the unique key on `modified` does not hold them, since NULLs are distinct. A marking
 *   definition keeps its `created` in the body only, as the table pairs `created` with `modified`.
 * - A collection is one TLP level of a network, read in the order objects were added: the index serves its
 *   pages (`added_at`, then `seq`, as the cursor) for every version filter.
 * - `network_taxii_statuses` keeps the outcome of each POST of objects for the client to read back (the status
 *   resource, §4.3), with the organisation that sent it: nobody else may read it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE UNIQUE INDEX network_objects_unversioned ON network_objects (network_id, stix_id) WHERE modified IS NULL;
    CREATE INDEX network_objects_collection ON network_objects (network_id, tlp, added_at, seq);

    CREATE TABLE network_taxii_statuses (
      id uuid PRIMARY KEY,
      network_id uuid NOT NULL REFERENCES networks ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      request_timestamp timestamptz NOT NULL,
      total_count integer NOT NULL CHECK (total_count >= 0),
      success_count integer NOT NULL CHECK (success_count >= 0),
      failure_count integer NOT NULL CHECK (failure_count >= 0),
      successes jsonb NOT NULL CHECK (jsonb_typeof(successes) = 'array'),
      failures jsonb NOT NULL CHECK (jsonb_typeof(failures) = 'array'),
      CHECK (success_count + failure_count = total_count)
    );
    CREATE INDEX network_taxii_statuses_at ON network_taxii_statuses (request_timestamp);
  `.execute(db);
}
