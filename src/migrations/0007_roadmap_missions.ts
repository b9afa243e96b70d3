import { sql, type Kysely } from 'kysely';

/** Roadmap: missions and their reports, the strategic plan and its objectives, and due-date reminders. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE roadmap_missions (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
      kind text NOT NULL CHECK (kind IN ('team', 'eu_eom', 'odihr', 'observer', 'audit', 'other')),
      team text[] NOT NULL DEFAULT '{}',
      starts_on date,
      ends_on date,
      areas text[] NOT NULL DEFAULT '{}',
      report_sha256 text REFERENCES stored_files,
      report_filename text CHECK (length(report_filename) BETWEEN 1 AND 255),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on),
      CHECK ((report_sha256 IS NULL) = (report_filename IS NULL))
    );
    CREATE INDEX roadmap_missions_org ON roadmap_missions (org_id, starts_on DESC);

    CREATE TABLE roadmap_plans (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
      starts_year integer NOT NULL CHECK (starts_year BETWEEN 1990 AND 2100),
      ends_year integer NOT NULL CHECK (ends_year BETWEEN 1990 AND 2100),
      CHECK (ends_year >= starts_year)
    );
    CREATE INDEX roadmap_plans_org ON roadmap_plans (org_id);
    CREATE TABLE roadmap_objectives (
      id uuid PRIMARY KEY,
      plan_id uuid NOT NULL REFERENCES roadmap_plans ON DELETE CASCADE,
      code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$'),
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 300),
      UNIQUE (plan_id, code)
    );

    ALTER TABLE roadmap_items
      ADD COLUMN mission_id uuid REFERENCES roadmap_missions ON DELETE SET NULL,
      ADD COLUMN objective_id uuid REFERENCES roadmap_objectives ON DELETE SET NULL;
    CREATE INDEX roadmap_items_mission ON roadmap_items (mission_id) WHERE mission_id IS NOT NULL;
    CREATE INDEX roadmap_items_objective ON roadmap_items (objective_id) WHERE objective_id IS NOT NULL;

    -- One reminder per item, due date and lead (7 days, 1 day): a second run of the job sends nothing new.
    CREATE TABLE roadmap_reminders (
      item_id uuid NOT NULL REFERENCES roadmap_items ON DELETE CASCADE,
      due_on date NOT NULL,
      days_before integer NOT NULL CHECK (days_before >= 0),
      sent_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (item_id, due_on, days_before)
    );
  `.execute(db);
}
