import { sql, type Kysely } from 'kysely';

/** The audit trail: an append-only SHA-256 hash chain. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_events (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_user_id uuid,
      actor_label text NOT NULL,
      org_id uuid,
      via_grant_id uuid,
      action text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_.]+$'),
      target_type text NOT NULL,
      target_id text NOT NULL,
      summary jsonb NOT NULL,
      request_id text,
      prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
    );
    CREATE INDEX audit_events_org_at ON audit_events (org_id, at DESC);
    CREATE INDEX audit_events_actor ON audit_events (actor_user_id);
  `.execute(db);
}
