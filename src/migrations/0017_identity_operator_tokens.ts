import { sql, type Kysely } from 'kysely';

/**
 * Identity: an API token may be scoped to the deployment instead of one organisation (`org_id` null). Such a
 * token acts only on operator routes, and only while its owner is an operator; it reaches no organisation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE api_tokens ALTER COLUMN org_id DROP NOT NULL`.execute(db);
}
