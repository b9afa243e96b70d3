import { sql, type Kysely } from 'kysely';

/**
 * Network: what each member organisation wants to be alerted about, and the warning lists coordinators keep.
 * - `network_alert_settings`: per member organisation and network, the lowest incident severity that alerts it,
 *   whether new indicators do, and whether alerts also go by e-mail (to its administrators and security leads).
 *   No row means the defaults (medium, yes, yes).
 * - `network_warning_entries`: known-benign values of one network (its members' official domains, a resolver or
 *   CDN range the built-in lists miss), which flag an indicator as a likely false positive before it is shared
 *   and never correlate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE network_alert_settings (
      network_id uuid NOT NULL REFERENCES networks ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      min_severity text NOT NULL DEFAULT 'medium' CHECK (min_severity IN ('low', 'medium', 'high', 'critical')),
      indicators boolean NOT NULL DEFAULT true,
      email boolean NOT NULL DEFAULT true,
      PRIMARY KEY (network_id, org_id)
    );

    CREATE TABLE network_warning_entries (
      id uuid PRIMARY KEY,
      network_id uuid NOT NULL REFERENCES networks ON DELETE CASCADE,
      list text NOT NULL CHECK (list IN ('official_domains', 'resolvers', 'cdn', 'other')),
      kind text NOT NULL CHECK (kind IN ('ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'asn')),
      value text NOT NULL CHECK (length(value) BETWEEN 1 AND 2048),
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
      created_by uuid REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (network_id, kind, value)
    );
  `.execute(db);
}
