import { sql, type Kysely } from 'kysely';

/** Assessments: content packs (immutable once stored), assessments, answers with versions, evidence. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE assessment_packs (
      id text NOT NULL,
      version text NOT NULL,
      content jsonb NOT NULL,
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      built_in boolean NOT NULL DEFAULT false,
      imported_at timestamptz NOT NULL DEFAULT now(),
      imported_by uuid REFERENCES users ON DELETE SET NULL,
      PRIMARY KEY (id, version)
    );
    -- A pack version is a published text: assessments cite it, so it never changes after it is stored.
    CREATE FUNCTION assessment_packs_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'assessment pack % % is immutable', OLD.id, OLD.version USING ERRCODE = '23514';
    END $$;
    CREATE TRIGGER assessment_packs_no_update BEFORE UPDATE ON assessment_packs
      FOR EACH ROW EXECUTE FUNCTION assessment_packs_immutable();

    CREATE TABLE assessments (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      pack_id text NOT NULL,
      pack_version text NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
      scope text NOT NULL DEFAULT '' CHECK (length(scope) <= 2000),
      tier text NOT NULL CHECK (tier IN ('A', 'B', 'C')),
      election_id uuid REFERENCES elections ON DELETE SET NULL,
      high_risk_domains text[] NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'finalised')),
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users ON DELETE SET NULL,
      finalised_at timestamptz,
      finalised_by uuid REFERENCES users ON DELETE SET NULL,
      FOREIGN KEY (pack_id, pack_version) REFERENCES assessment_packs ON DELETE RESTRICT,
      CHECK ((status = 'finalised') = (finalised_at IS NOT NULL))
    );
    CREATE INDEX assessments_org ON assessments (org_id, created_at DESC);
    CREATE INDEX assessments_pack_final ON assessments (pack_id, pack_version) WHERE status = 'finalised';

    CREATE TABLE assessment_answers (
      assessment_id uuid NOT NULL REFERENCES assessments ON DELETE CASCADE,
      control_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('unanswered', 'score', 'na', 'compensating')),
      score smallint CHECK (score BETWEEN 0 AND 4),
      justification text NOT NULL DEFAULT '' CHECK (length(justification) <= 4000),
      comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 4000),
      review boolean NOT NULL DEFAULT false,
      assignee_id uuid REFERENCES users ON DELETE SET NULL,
      effort text CHECK (effort IN ('S', 'M', 'L')),
      version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users ON DELETE SET NULL,
      PRIMARY KEY (assessment_id, control_id),
      CHECK ((kind IN ('score', 'compensating')) = (score IS NOT NULL)),
      CHECK (kind <> 'compensating' OR score <= 3),
      CHECK (kind NOT IN ('na', 'compensating') OR length(btrim(justification)) > 0)
    );
    CREATE INDEX assessment_answers_assignee ON assessment_answers (assignee_id) WHERE assignee_id IS NOT NULL;

    CREATE TABLE assessment_domain_assignees (
      assessment_id uuid NOT NULL REFERENCES assessments ON DELETE CASCADE,
      domain_id text NOT NULL,
      user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
      PRIMARY KEY (assessment_id, domain_id)
    );

    CREATE TABLE assessment_evidence (
      id uuid PRIMARY KEY,
      assessment_id uuid NOT NULL REFERENCES assessments ON DELETE CASCADE,
      control_id text NOT NULL,
      sha256 text NOT NULL REFERENCES stored_files,
      filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      uploaded_by uuid REFERENCES users ON DELETE SET NULL
    );
    CREATE INDEX assessment_evidence_control ON assessment_evidence (assessment_id, control_id);
  `.execute(db);
}
