import { sql, type Kysely } from 'kysely';

/**
 * Platform: each queued message names the secrets its text carries (reset, invitation and learner links), so
 * they can be removed from the stored copy once the message is delivered, and are never shown to the operator
 * when SMTP carries the mail. Messages kept before this change are redacted now where they carry such links.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE mail_outbox ADD COLUMN secrets text[] NOT NULL DEFAULT '{}';
    UPDATE mail_outbox
       SET text_body = regexp_replace(text_body, '/(reset|invite|learn)/[A-Za-z0-9_-]{20,64}', '/\\1/[removed]', 'g')
     WHERE transport = 'smtp' OR created_at < now() - interval '7 days';
  `.execute(db);
}
