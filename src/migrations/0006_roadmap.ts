import { sql, type Kysely } from 'kysely';

/** Roadmap: one kind of item for every source of recommended action, its milestones, notes and grades. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE roadmap_items (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('recommendation', 'action')),
      source text NOT NULL CHECK (source IN ('team', 'eu_eom', 'odihr', 'observer', 'audit', 'assessment', 'webwatch', 'incident', 'other')),
      -- Where the item came from, for a link back (e.g. an assessment and control); unique per organisation.
      origin_key text,
      origin jsonb NOT NULL DEFAULT '{}',
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 300),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
      paragraph_ref text NOT NULL DEFAULT '' CHECK (length(paragraph_ref) <= 100),
      area text NOT NULL DEFAULT '' CHECK (length(area) <= 100),
      addressee text NOT NULL DEFAULT '' CHECK (length(addressee) <= 200),
      instrument text CHECK (instrument IN ('law', 'regulation', 'procedure', 'practice', 'resourcing')),
      priority text NOT NULL DEFAULT 'P2' CHECK (priority IN ('P1', 'P2', 'P3')),
      priority_flag boolean NOT NULL DEFAULT false,
      horizon text NOT NULL DEFAULT 'medium' CHECK (horizon IN ('before_next_election', 'medium', 'long')),
      owner_unit_id uuid REFERENCES org_units ON DELETE SET NULL,
      owner_user_id uuid REFERENCES users ON DELETE SET NULL,
      due_on date,
      status text NOT NULL CHECK (status IN ('draft', 'issued', 'accepted', 'rejected', 'planned', 'in_progress', 'done')),
      status_reason text NOT NULL DEFAULT '' CHECK (length(status_reason) <= 2000),
      donor_fundable boolean NOT NULL DEFAULT false,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (status <> 'rejected' OR length(btrim(status_reason)) > 0),
      UNIQUE (org_id, origin_key)
    );
    CREATE INDEX roadmap_items_org_status ON roadmap_items (org_id, status);
    CREATE INDEX roadmap_items_org_due ON roadmap_items (org_id, due_on);
    CREATE INDEX roadmap_items_owner ON roadmap_items (owner_user_id) WHERE owner_user_id IS NOT NULL;

    CREATE TABLE roadmap_milestones (
      id uuid PRIMARY KEY,
      item_id uuid NOT NULL REFERENCES roadmap_items ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      due_on date,
      done_on date
    );
    CREATE INDEX roadmap_milestones_item ON roadmap_milestones (item_id);

    CREATE TABLE roadmap_updates (
      id uuid PRIMARY KEY,
      item_id uuid NOT NULL REFERENCES roadmap_items ON DELETE CASCADE,
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users ON DELETE SET NULL
    );
    CREATE INDEX roadmap_updates_item ON roadmap_updates (item_id, created_at);

    -- ODIHR's grades, one row per re-assessment: a history that is appended to, never rewritten.
    CREATE TABLE roadmap_grades (
      id uuid PRIMARY KEY,
      item_id uuid NOT NULL REFERENCES roadmap_items ON DELETE CASCADE,
      grade text NOT NULL CHECK (grade IN ('fully', 'mostly', 'partially', 'not_implemented', 'no_longer_applicable')),
      graded_on date NOT NULL,
      assessor text NOT NULL CHECK (length(assessor) BETWEEN 1 AND 200),
      rationale text NOT NULL DEFAULT '' CHECK (length(rationale) <= 4000),
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users ON DELETE SET NULL
    );
    CREATE INDEX roadmap_grades_item ON roadmap_grades (item_id, graded_on);
    CREATE FUNCTION roadmap_grades_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'grades are history: add a new grade instead' USING ERRCODE = '23514';
    END $$;
    CREATE TRIGGER roadmap_grades_no_update BEFORE UPDATE ON roadmap_grades
      FOR EACH ROW EXECUTE FUNCTION roadmap_grades_append_only();
  `.execute(db);
}
