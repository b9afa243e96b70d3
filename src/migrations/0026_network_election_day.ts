import { sql, type Kysely } from 'kysely';

/**
 * Network: election-day mode. A row means the network is in it, since when and switched on by whom; a
 * coordinator switches it on for the days around members' polling days and off after. While it is on, every
 * new incident alerts every member allowed to read it, whatever severity threshold the member chose.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE network_election_day (
      network_id uuid PRIMARY KEY REFERENCES networks ON DELETE CASCADE,
      since timestamptz NOT NULL,
      switched_by uuid REFERENCES users ON DELETE SET NULL
    );
  `.execute(db);
}
