import { sql, type Kysely } from 'kysely';
import { regionalDefaults } from '../platform/regional.js';

/**
 * Identity: an organisation's language and time zone. The language is the one its people are written to when
 * they chose none (a participant who has not opened a page yet, a contact); the zone is the one its times are
 * shown in, named. Existing organisations start with their country's defaults (platform/regional.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE organisations
      ADD COLUMN locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'es', 'fr')),
      ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64);
  `.execute(db);
  const { rows } = await sql<{ id: string; country: string }>`SELECT id, country FROM organisations`.execute(
    db,
  );
  for (const row of rows) {
    const { locale, timeZone } = regionalDefaults(row.country);
    await sql`UPDATE organisations SET locale = ${locale}, time_zone = ${timeZone} WHERE id = ${row.id}`.execute(
      db,
    );
  }
}
