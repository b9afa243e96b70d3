import { sql, type Kysely } from 'kysely';

/**
 * Identity: an access grant can end on a date (an adviser's contract, a mission's term). From the day after,
 * the grant no longer opens anything, without anyone having to remember to revoke it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE access_grants ADD COLUMN expires_on date`.execute(db);
}
