import { sql, type Kysely } from 'kysely';

/**
 * Files: the media type belongs to each reference to a stored file (an evidence file, a toolkit file), not to
 * the bytes, which are shared by every organisation that stores the same content. Before, the first writer's
 * media type served every later download of the same bytes, in any tenant. Only the media types uploads
 * accept are kept; anything else is served as application/octet-stream.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const allowed = sql.raw(
    `('application/octet-stream', 'application/pdf', 'text/csv', 'image/png', 'image/jpeg', ` +
      `'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')`,
  );
  for (const table of ['assessment_evidence', 'training_toolkit_files']) {
    const t = sql.table(table);
    await sql`
      ALTER TABLE ${t} ADD COLUMN media_type text;
      UPDATE ${t} r SET media_type = CASE WHEN f.media_type IN ${allowed} THEN f.media_type
                                          ELSE 'application/octet-stream' END
        FROM stored_files f WHERE f.sha256 = r.sha256;
      ALTER TABLE ${t} ALTER COLUMN media_type SET NOT NULL,
        ADD CHECK (media_type IN ${allowed});
    `.execute(db);
  }
  await sql`ALTER TABLE stored_files DROP COLUMN media_type`.execute(db);
}
