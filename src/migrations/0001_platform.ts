import { sql, type Kysely } from 'kysely';

/** Platform tables: the mail outbox and stored files. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE mail_outbox (
      id uuid PRIMARY KEY,
      to_address text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 320),
      subject text NOT NULL,
      text_body text NOT NULL,
      transport text NOT NULL CHECK (transport IN ('smtp', 'outbox')),
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      error text
    );
    CREATE INDEX mail_outbox_created ON mail_outbox (created_at DESC);
    CREATE TABLE stored_files (
      sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
      media_type text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}
