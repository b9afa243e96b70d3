import { sql, type Kysely } from 'kysely';

/**
 * Identity: unlock links. After repeated failed sign-ins an account is held back, but its owner gets an
 * e-mailed link (1 hour, stored as a SHA-256 hash) that lets them sign in at once, so failing on purpose
 * no longer locks a colleague out. Also: one live access grant per provider (a new grant replaces the old).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE login_unlocks (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX login_unlocks_user ON login_unlocks (user_id, created_at DESC);

    UPDATE access_grants g SET revoked_at = now()
     WHERE revoked_at IS NULL AND EXISTS (
       SELECT 1 FROM access_grants n
        WHERE n.grantor_org_id = g.grantor_org_id AND n.grantee_org_id = g.grantee_org_id
          AND n.revoked_at IS NULL AND (n.created_at, n.id) > (g.created_at, g.id));
    CREATE UNIQUE INDEX access_grants_one_live ON access_grants (grantor_org_id, grantee_org_id)
      WHERE revoked_at IS NULL;
  `.execute(db);
}
