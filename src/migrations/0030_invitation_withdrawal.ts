import { sql, type Kysely } from 'kysely';

/**
 * Identity: an invitation can be withdrawn (sent to a wrong address, or no longer wanted), and an organisation
 * holds at most one open invitation per address, so a second click on "Send" cannot mail two links. Open
 * invitations that already expired are closed first, so the address can be invited again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE invitations ADD COLUMN withdrawn_at timestamptz;
    UPDATE invitations i SET withdrawn_at = now()
      WHERE accepted_at IS NULL AND EXISTS (
        SELECT 1 FROM invitations j
        WHERE j.org_id = i.org_id AND lower(j.email) = lower(i.email)
          AND j.accepted_at IS NULL AND j.created_at > i.created_at);
    CREATE UNIQUE INDEX invitations_one_open_per_address ON invitations (org_id, lower(email))
      WHERE accepted_at IS NULL AND withdrawn_at IS NULL;
  `.execute(db);
}
