import { sql, type Kysely } from 'kysely';

/** Elections: each EMB's calendar of elections and their phases. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE elections (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
      kind text NOT NULL CHECK (kind IN ('general', 'presidential', 'legislative', 'local', 'referendum', 'by_election')),
      polling_day date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX elections_org_day ON elections (org_id, polling_day);
    CREATE TABLE election_phases (
      id uuid PRIMARY KEY,
      election_id uuid NOT NULL REFERENCES elections ON DELETE CASCADE,
      phase text NOT NULL CHECK (phase IN ('registration', 'campaign', 'early_voting', 'election_day', 'results', 'certification')),
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      CHECK (ends_on >= starts_on),
      UNIQUE (election_id, phase)
    );
  `.execute(db);
}
