import { sql, type Kysely } from 'kysely';

/**
 * Platform: data keys for secrets at rest, each wrapped with the master key (which is never stored here).
 * Training's check-in secrets become text so they can hold sealed values; values stored before are marked
 * `plain:` and sealed at the next start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE platform_data_keys (
      id uuid PRIMARY KEY,
      wrapped bytea NOT NULL,
      kek_id text NOT NULL CHECK (kek_id ~ '^[0-9a-f]{16}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      active boolean NOT NULL DEFAULT false
    );
    CREATE UNIQUE INDEX platform_data_keys_one_active ON platform_data_keys (active) WHERE active;

    ALTER TABLE training_sessions DROP CONSTRAINT training_sessions_checkin_secret_check;
    ALTER TABLE training_sessions ALTER COLUMN checkin_secret TYPE text
      USING 'plain:' || encode(checkin_secret, 'hex');
  `.execute(db);
}
