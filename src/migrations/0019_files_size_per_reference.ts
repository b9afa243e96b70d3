import { sql, type Kysely } from 'kysely';

/**
 * Assessments' evidence and training's toolkit files keep the size of the file they refer to, so neither module
 * reads the platform's `stored_files` table (each store declares only its own module's tables).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE assessment_evidence ADD COLUMN size_bytes bigint CHECK (size_bytes >= 0);
    UPDATE assessment_evidence e SET size_bytes = f.size_bytes FROM stored_files f WHERE f.sha256 = e.sha256;
    UPDATE assessment_evidence SET size_bytes = 0 WHERE size_bytes IS NULL;
    ALTER TABLE assessment_evidence ALTER COLUMN size_bytes SET NOT NULL;

    ALTER TABLE training_toolkit_files ADD COLUMN size_bytes bigint CHECK (size_bytes >= 0);
    UPDATE training_toolkit_files t SET size_bytes = f.size_bytes FROM stored_files f WHERE f.sha256 = t.sha256;
    UPDATE training_toolkit_files SET size_bytes = 0 WHERE size_bytes IS NULL;
    ALTER TABLE training_toolkit_files ALTER COLUMN size_bytes SET NOT NULL;
  `.execute(db);
}
