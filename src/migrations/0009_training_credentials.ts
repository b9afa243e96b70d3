import { sql, type Kysely } from 'kysely';

/** Training: issuer keys per organisation, Bitstring status lists, and the certificates issued. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE training_issuer_keys (
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      seq integer NOT NULL CHECK (seq >= 1),
      public_key_multibase text NOT NULL,
      -- The Ed25519 secret key (multibase). Keep database backups as confidential as the keys themselves.
      secret_key_multibase text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz,
      PRIMARY KEY (org_id, seq)
    );
    -- At most one active (not retired) key per organisation.
    CREATE UNIQUE INDEX training_issuer_keys_active ON training_issuer_keys (org_id) WHERE retired_at IS NULL;

    CREATE TABLE training_status_lists (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
      length integer NOT NULL CHECK (length >= 131072),
      bits bytea NOT NULL,
      used integer NOT NULL DEFAULT 0,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX training_status_lists_org ON training_status_lists (org_id, purpose);

    CREATE TABLE training_credentials (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      achievement text NOT NULL CHECK (achievement IN ('participant', 'certified_trainer', 'master_trainer')),
      recipient_initials text NOT NULL CHECK (length(recipient_initials) BETWEEN 1 AND 8),
      recipient_user_id uuid REFERENCES users ON DELETE SET NULL,
      valid_from timestamptz NOT NULL,
      valid_until timestamptz,
      revocation_list uuid NOT NULL REFERENCES training_status_lists,
      revocation_index integer NOT NULL CHECK (revocation_index >= 0),
      suspension_list uuid NOT NULL REFERENCES training_status_lists,
      suspension_index integer NOT NULL CHECK (suspension_index >= 0),
      document jsonb NOT NULL,
      revoked_at timestamptz,
      revoked_reason text CHECK (length(revoked_reason) <= 2000),
      suspended_at timestamptz,
      issued_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (revocation_list, revocation_index),
      UNIQUE (suspension_list, suspension_index),
      CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
    );
    CREATE INDEX training_credentials_org ON training_credentials (org_id, issued_at DESC);
  `.execute(db);
}
