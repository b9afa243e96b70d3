import { sql, type Kysely } from 'kysely';

/**
 * Network: the one store of everything a regional network shares, as STIX 2.1 objects, every version kept.
 * - A row is one version of one object (`stix_id`, `modified`); `latest` marks the version screens show, at most
 *   one per object. Screens, the API and TAXII read the same rows. Cyber-observable objects (SCOs) have no
 *   `created`/`modified`: TAXII versions them by the date they were added.
 * - The TLP marking and its audience are columns (`tlp`, `owner_org_id`, `recipients`), so every query filters
 *   by them in SQL (network/tlp.ts) before a row leaves the database. `recipients` exists only for AMBER (the
 *   need-to-know list; null for every member) and RED (the named organisations).
 * - `seq` orders rows as they were added (TAXII sorts by date added and pages with a cursor on it); `added_at`
 *   is that moment to the microsecond, as TAXII reports it.
 * - `source` is the object's provenance: 'local' when shared here, else where it came from (a TAXII feed, a MISP
 *   event, a TAXII client's POST).
 * - `network_observables` holds the typed values of each latest indicator (from its pattern), so the same
 *   value, or an address inside a shared block, is found by index when another member shares it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE network_objects (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      network_id uuid NOT NULL REFERENCES networks ON DELETE CASCADE,
      stix_id text NOT NULL CHECK (stix_id ~ '^[a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'),
      type text NOT NULL CHECK (stix_id LIKE type || '--%'),
      spec_version text NOT NULL DEFAULT '2.1',
      created timestamptz,
      modified timestamptz,
      added_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      tlp text NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
      owner_org_id uuid REFERENCES organisations ON DELETE SET NULL,
      recipients uuid[],
      created_by uuid REFERENCES users ON DELETE SET NULL,
      source text NOT NULL DEFAULT 'local' CHECK (length(source) BETWEEN 1 AND 300),
      latest boolean NOT NULL DEFAULT true,
      revoked boolean NOT NULL DEFAULT false,
      search tsvector NOT NULL DEFAULT ''::tsvector,
      body jsonb NOT NULL CHECK (jsonb_typeof(body) = 'object'),
      CHECK ((created IS NULL) = (modified IS NULL) AND modified >= created),
      CHECK (recipients IS NULL OR tlp IN ('amber', 'red')),
      CHECK (tlp <> 'red' OR recipients IS NOT NULL),
      UNIQUE (network_id, stix_id, modified)
    );
    CREATE UNIQUE INDEX network_objects_latest ON network_objects (network_id, stix_id) WHERE latest;
    CREATE INDEX network_objects_added ON network_objects (network_id, seq);
    CREATE INDEX network_objects_by_type ON network_objects (network_id, type, modified DESC) WHERE latest;
    CREATE INDEX network_objects_search ON network_objects USING gin (search) WHERE latest;

    CREATE TABLE network_observables (
      object_seq bigint NOT NULL REFERENCES network_objects ON DELETE CASCADE,
      network_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'asn')),
      value text NOT NULL CHECK (length(value) BETWEEN 1 AND 2048),
      ip cidr,
      CHECK ((ip IS NOT NULL) = (kind IN ('ipv4', 'ipv6'))),
      PRIMARY KEY (object_seq, kind, value)
    );
    CREATE INDEX network_observables_value ON network_observables (network_id, kind, value);
    CREATE INDEX network_observables_ip ON network_observables USING gist (ip inet_ops) WHERE ip IS NOT NULL;
  `.execute(db);
}
