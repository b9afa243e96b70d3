import { sql, type Kysely } from 'kysely';

/**
 * Platform mail: files sent with a message (a certificate's PDF), as `[{filename, contentType, content}]` with
 * the content in base64. Once SMTP has delivered a message its files' contents are dropped, their names kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE mail_outbox
      ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attachments) = 'array');
  `.execute(db);
}
