import { sql, type Kysely } from 'kysely';

/**
 * Training: course versions (immutable once stored), the people trained, sessions with their trainers and
 * rosters, attendance, learners' personal links, test attempts, used check-in tickets, and the link from a certificate to the session
 * and person it was issued for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE training_courses (
      id text NOT NULL,
      version text NOT NULL,
      content jsonb NOT NULL,
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      -- NULL for a built-in course every organisation sees; otherwise the organisation that wrote it.
      org_id uuid REFERENCES organisations ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users ON DELETE SET NULL,
      PRIMARY KEY (id, version)
    );
    -- A course version is what certificates and test results refer to: it never changes once stored.
    CREATE FUNCTION training_courses_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'course % % is immutable', OLD.id, OLD.version USING ERRCODE = '23514';
    END $$;
    CREATE TRIGGER training_courses_no_update BEFORE UPDATE ON training_courses
      FOR EACH ROW EXECUTE FUNCTION training_courses_immutable();

    -- Toolkit files an organisation keeps with a course (slides, handouts, translations), across its versions.
    CREATE TABLE training_toolkit_files (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      course_id text NOT NULL CHECK (course_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
      filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
      sha256 text NOT NULL REFERENCES stored_files,
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      uploaded_by uuid REFERENCES users ON DELETE SET NULL
    );
    CREATE INDEX training_toolkit_files_course ON training_toolkit_files (org_id, course_id);

    CREATE TABLE training_people (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      user_id uuid REFERENCES users ON DELETE SET NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 320),
      gender text CHECK (gender IN ('woman', 'man', 'other', 'undisclosed')),
      unit_id uuid REFERENCES org_units ON DELETE SET NULL,
      -- The language the person last used on a learner page; reminders are written in it.
      locale text CHECK (locale IN ('en', 'es', 'fr')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_id, email),
      UNIQUE (org_id, id)
    );
    CREATE UNIQUE INDEX training_people_user ON training_people (org_id, user_id) WHERE user_id IS NOT NULL;

    CREATE TABLE training_sessions (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      course_id text NOT NULL,
      course_version text NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
      starts_on date NOT NULL,
      place text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
      remote boolean NOT NULL DEFAULT false,
      -- The generation of the trainers: 0 = master trainers training trainers, 1 = certified trainers, …
      generation smallint NOT NULL CHECK (generation BETWEEN 0 AND 9),
      audience text NOT NULL CHECK (audience IN ('officials', 'trainers')),
      unit_id uuid REFERENCES org_units ON DELETE SET NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      checkin_secret bytea NOT NULL CHECK (length(checkin_secret) = 32),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users ON DELETE SET NULL,
      closed_at timestamptz,
      FOREIGN KEY (course_id, course_version) REFERENCES training_courses ON DELETE RESTRICT,
      UNIQUE (org_id, id),
      CHECK ((status = 'closed') = (closed_at IS NOT NULL))
    );
    CREATE INDEX training_sessions_org ON training_sessions (org_id, starts_on DESC);

    CREATE TABLE training_session_trainers (
      session_id uuid NOT NULL,
      org_id uuid NOT NULL,
      person_id uuid NOT NULL,
      role text NOT NULL CHECK (role IN ('lead', 'co')),
      PRIMARY KEY (session_id, person_id),
      FOREIGN KEY (org_id, session_id) REFERENCES training_sessions (org_id, id) ON DELETE CASCADE,
      FOREIGN KEY (org_id, person_id) REFERENCES training_people (org_id, id) ON DELETE RESTRICT
    );
    CREATE UNIQUE INDEX training_session_one_lead ON training_session_trainers (session_id) WHERE role = 'lead';
    CREATE INDEX training_session_trainers_person ON training_session_trainers (person_id);

    CREATE TABLE training_roster (
      session_id uuid NOT NULL,
      org_id uuid NOT NULL,
      person_id uuid NOT NULL,
      attended_at timestamptz,
      attendance_method text CHECK (attendance_method IN ('roster', 'qr')),
      teach_back text CHECK (teach_back IN ('passed', 'not_yet')),
      teach_back_by uuid,
      teach_back_at timestamptz,
      delayed_reminded_at timestamptz,
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (session_id, person_id),
      FOREIGN KEY (org_id, session_id) REFERENCES training_sessions (org_id, id) ON DELETE CASCADE,
      FOREIGN KEY (org_id, person_id) REFERENCES training_people (org_id, id) ON DELETE RESTRICT,
      FOREIGN KEY (org_id, teach_back_by) REFERENCES training_people (org_id, id),
      CHECK ((attended_at IS NULL) = (attendance_method IS NULL)),
      CHECK ((teach_back IS NULL) = (teach_back_by IS NULL))
    );
    CREATE INDEX training_roster_person ON training_roster (person_id);

    -- Personal links of learners: the SHA-256 of each link's secret, never the secret. A person may hold several
    -- (check-in on a phone, a link by e-mail, a follow-up reminder); each keeps working.
    CREATE TABLE training_learner_links (
      token_sha256 text PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
      session_id uuid NOT NULL,
      person_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (session_id, person_id) REFERENCES training_roster ON DELETE CASCADE
    );

    CREATE TABLE training_attempts (
      id uuid PRIMARY KEY,
      session_id uuid NOT NULL,
      person_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('pre', 'post', 'delayed')),
      form text NOT NULL CHECK (form IN ('A', 'B', 'C')),
      item_ids text[] NOT NULL,
      answers jsonb,
      score smallint CHECK (score >= 0),
      max_score smallint NOT NULL CHECK (max_score > 0),
      started_at timestamptz NOT NULL,
      deadline timestamptz NOT NULL,
      submitted_at timestamptz,
      UNIQUE (session_id, person_id, kind),
      FOREIGN KEY (session_id, person_id) REFERENCES training_roster ON DELETE CASCADE,
      CHECK ((submitted_at IS NULL) = (score IS NULL)),
      CHECK (score IS NULL OR score <= max_score),
      CHECK (submitted_at IS NULL OR submitted_at <= deadline)
    );

    -- A check-in ticket works once: its nonce is written here when used.
    CREATE TABLE training_checkin_used (
      nonce text PRIMARY KEY CHECK (length(nonce) BETWEEN 16 AND 64),
      session_id uuid NOT NULL REFERENCES training_sessions ON DELETE CASCADE,
      used_at timestamptz NOT NULL
    );

    ALTER TABLE training_credentials
      ADD COLUMN session_id uuid REFERENCES training_sessions ON DELETE SET NULL,
      ADD COLUMN person_id uuid REFERENCES training_people ON DELETE SET NULL,
      ADD COLUMN renewal_reminded_at timestamptz;
    -- One live certificate of an achievement per person and session: issuing twice changes nothing.
    CREATE UNIQUE INDEX training_credentials_once ON training_credentials (session_id, person_id, achievement)
      WHERE session_id IS NOT NULL AND person_id IS NOT NULL AND revoked_at IS NULL;
    CREATE INDEX training_credentials_until ON training_credentials (valid_until)
      WHERE revoked_at IS NULL AND renewal_reminded_at IS NULL;
  `.execute(db);
}
