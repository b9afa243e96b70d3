import { sql, type Kysely } from 'kysely';

/**
 * Training: QR check-in proves who is checking in. A ticket from the code on screen plus an e-mail on the
 * roster used to be enough, so one photo of the screen let anyone check anyone in and sit their tests. Now
 * the person is sent a 6-digit code at their roster e-mail and types it in (10 minutes, 5 tries); the
 * challenge is kept here, its code and its link secret as hashes only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE training_checkin_challenges (
      id uuid PRIMARY KEY,
      session_id uuid NOT NULL REFERENCES training_sessions ON DELETE CASCADE,
      person_id uuid NOT NULL REFERENCES training_people ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      code_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      attempts smallint NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 5),
      used_at timestamptz
    );
    CREATE INDEX training_checkin_challenges_session ON training_checkin_challenges (session_id, person_id);
  `.execute(db);
}
