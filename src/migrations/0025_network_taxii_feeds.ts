import { sql, type Kysely } from 'kysely';

/**
 * Network: remote TAXII collections a member organisation brings into a network (a peer national node, its
 * CERT's feed) and pushes to.
 * - `secret` is the password or token for the remote, sealed with the platform's secrets helper (never stored
 *   or logged in clear).
 * - `tlp` is the level of what the remote collection holds: objects that arrive without a TLP marking take it.
 * - `added_after` is the pull cursor: the remote's date added of the last object taken (its
 *   X-TAXII-Date-Added-Last), so the next pull asks only for what is newer.
 * - `failures` and `next_pull_at` space retries out when the remote is down (doubling, at most six hours).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE network_taxii_feeds (
      id uuid PRIMARY KEY,
      network_id uuid NOT NULL REFERENCES networks ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      collection_url text NOT NULL CHECK (length(collection_url) BETWEEN 10 AND 2000),
      username text NOT NULL DEFAULT '' CHECK (length(username) <= 300),
      secret text NOT NULL,
      tlp text NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
      pull boolean NOT NULL DEFAULT true,
      added_after text,
      last_pulled_at timestamptz,
      last_error text,
      failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
      next_pull_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (network_id, org_id, collection_url)
    );
    CREATE INDEX network_taxii_feeds_due ON network_taxii_feeds (next_pull_at) WHERE pull;
  `.execute(db);
}
