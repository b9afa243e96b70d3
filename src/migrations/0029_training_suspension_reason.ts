import { sql, type Kysely } from 'kysely';

/**
 * Training: why a certificate is suspended, as a revocation records why it was revoked. The public verification
 * page says it in its first sentence; lifting the suspension clears it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE training_credentials
      ADD COLUMN suspended_reason text CHECK (length(suspended_reason) <= 2000),
      ADD CHECK (suspended_reason IS NULL OR suspended_at IS NOT NULL);
  `.execute(db);
}
