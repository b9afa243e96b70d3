import { sql, type Kysely } from 'kysely';

/**
 * Training: course ids are per organisation. A course version was keyed by id and version across every
 * tenant, so one organisation learnt another's private course ids (a conflict on save) and could take a
 * future built-in version's place for everyone. Now a version is keyed by its owner ('built-in' or the
 * organisation) as well, and a session names the owner of the course version it teaches.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE training_courses
      ADD COLUMN owner text GENERATED ALWAYS AS (coalesce(org_id::text, 'built-in')) STORED;
    ALTER TABLE training_sessions ADD COLUMN course_owner text;
    UPDATE training_sessions s SET course_owner = c.owner
      FROM training_courses c WHERE c.id = s.course_id AND c.version = s.course_version;
    ALTER TABLE training_sessions ALTER COLUMN course_owner SET NOT NULL,
      ADD CHECK (course_owner IN ('built-in', org_id::text));
    ALTER TABLE training_sessions DROP CONSTRAINT training_sessions_course_id_course_version_fkey;
    ALTER TABLE training_courses DROP CONSTRAINT training_courses_pkey,
      ADD PRIMARY KEY (owner, id, version);
    ALTER TABLE training_sessions ADD FOREIGN KEY (course_owner, course_id, course_version)
      REFERENCES training_courses (owner, id, version) ON DELETE RESTRICT;
  `.execute(db);
}
