import { sql, type Kysely } from 'kysely';

/**
 * Webwatch: each organisation's web properties (the sites voters, candidates and journalists rely on) and the
 * history of their scans. A scan keeps its whole report as JSON (the findings are derived from it when read)
 * and, beside it, the figures its trends and lists sort and chart by.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE web_properties (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
      purpose text NOT NULL CHECK (purpose IN ('main_site', 'results', 'voter_lookup', 'voting_abroad',
        'candidates', 'regional_office', 'other')),
      criticality text NOT NULL CHECK (criticality IN ('critical', 'high', 'normal')),
      schedule text NOT NULL CHECK (schedule IN ('daily', 'weekly', 'off')),
      owner_unit_id uuid REFERENCES org_units ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      UNIQUE (org_id, url)
    );
    CREATE INDEX web_properties_org ON web_properties (org_id) WHERE archived_at IS NULL;

    CREATE TABLE web_scans (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      property_id uuid NOT NULL REFERENCES web_properties ON DELETE CASCADE,
      scanned_at timestamptz NOT NULL,
      up boolean NOT NULL,
      status integer,
      response_ms integer,
      grade text,
      score integer,
      tls_days integer,
      findings integer NOT NULL,
      a11y_violations integer,
      -- 'recorded' marks demo history written by the seed, not fetched from a live site.
      origin text NOT NULL CHECK (origin IN ('manual', 'schedule', 'recorded')),
      report jsonb NOT NULL
    );
    CREATE INDEX web_scans_property ON web_scans (property_id, scanned_at DESC);
    CREATE INDEX web_scans_org ON web_scans (org_id, scanned_at DESC);
  `.execute(db);
}
