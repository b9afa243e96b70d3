import type { Generated, Kysely } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';

/** The network module's tables, as its stores read and write them. */
export type NetworkTables = {
  network_objects: {
    seq: Generated<string>;
    network_id: string;
    stix_id: string;
    type: string;
    spec_version: Generated<string>;
    created: Date | null;
    modified: Date | null;
    added_at: Generated<Date>;
    tlp: string;
    owner_org_id: string | null;
    recipients: string[] | null;
    created_by: string | null;
    source: Generated<string>;
    latest: Generated<boolean>;
    revoked: Generated<boolean>;
    search: Generated<string>;
    body: unknown;
  };
  network_alert_settings: {
    network_id: string;
    org_id: string;
    min_severity: string;
    indicators: boolean;
    email: boolean;
  };
  network_warning_entries: {
    id: string;
    network_id: string;
    list: string;
    kind: string;
    value: string;
    note: Generated<string>;
    created_by: string | null;
    created_at: Generated<Date>;
  };
  network_taxii_statuses: {
    id: string;
    network_id: string;
    org_id: string;
    request_timestamp: Date;
    total_count: number;
    success_count: number;
    failure_count: number;
    successes: unknown;
    failures: unknown;
  };
  network_taxii_feeds: {
    id: string;
    network_id: string;
    org_id: string;
    title: string;
    collection_url: string;
    username: Generated<string>;
    secret: string;
    tlp: string;
    pull: Generated<boolean>;
    added_after: string | null;
    last_pulled_at: Date | null;
    last_error: string | null;
    failures: Generated<number>;
    next_pull_at: Generated<Date>;
    created_by: string | null;
    created_at: Generated<Date>;
  };
  network_election_day: {
    network_id: string;
    since: Date;
    switched_by: string | null;
  };
  network_observables: {
    object_seq: string;
    network_id: string;
    kind: string;
    value: string;
    ip: string | null;
  };
};

/** The network module's view of the database: only its own tables. */
export function tables(db: Db | Tx): Kysely<NetworkTables> {
  return db.withTables<NetworkTables>();
}
