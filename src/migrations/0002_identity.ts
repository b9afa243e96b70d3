import { sql, type Kysely } from 'kysely';

/** Identity: organisations, units, networks, users, memberships, sessions, tokens, MFA, grants. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE organisations (
      id uuid PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
      type text NOT NULL CHECK (type IN ('emb', 'assistance_provider', 'tech_company', 'cso')),
      country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
      mfa_required boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX organisations_name ON organisations (lower(name));

    CREATE TABLE org_units (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      UNIQUE (org_id, name)
    );

    CREATE TABLE networks (
      id uuid PRIMARY KEY,
      name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 2 AND 200),
      description text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE network_members (
      network_id uuid NOT NULL REFERENCES networks ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('coordinator', 'member')),
      PRIMARY KEY (network_id, org_id)
    );

    CREATE TABLE users (
      id uuid PRIMARY KEY,
      email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      password_hash text,
      locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'es', 'fr')),
      gender text CHECK (length(gender) <= 100),
      is_operator boolean NOT NULL DEFAULT false,
      totp_secret text,
      totp_enabled_at timestamptz,
      totp_last_step bigint,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_email ON users (lower(email));

    CREATE TABLE memberships (
      user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('org_admin', 'security_lead', 'analyst', 'trainer', 'staff', 'viewer')),
      unit_id uuid REFERENCES org_units ON DELETE SET NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, org_id)
    );
    CREATE INDEX memberships_org ON memberships (org_id);

    CREATE TABLE sessions (
      id uuid PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
      csrf_token text NOT NULL,
      mfa_passed boolean NOT NULL,
      webauthn_challenge text,
      ip text,
      user_agent text,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
    CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;

    CREATE TABLE login_attempts (
      id bigserial PRIMARY KEY,
      email text NOT NULL,
      ip text,
      succeeded boolean NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX login_attempts_email ON login_attempts (email, at DESC);

    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      prefix text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    CREATE INDEX api_tokens_user ON api_tokens (user_id);

    CREATE TABLE invitations (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      email text NOT NULL,
      role text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      invited_by uuid REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz
    );

    CREATE TABLE password_resets (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );

    CREATE TABLE webauthn_credentials (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
      name text NOT NULL,
      public_key bytea NOT NULL,
      counter bigint NOT NULL DEFAULT 0,
      transports text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz
    );

    CREATE TABLE access_grants (
      id uuid PRIMARY KEY,
      grantor_org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      grantee_org_id uuid NOT NULL REFERENCES organisations ON DELETE CASCADE,
      modules text[] NOT NULL CHECK (cardinality(modules) > 0),
      level text NOT NULL CHECK (level IN ('read', 'write')),
      created_by uuid REFERENCES users ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      CHECK (grantor_org_id <> grantee_org_id)
    );
    CREATE INDEX access_grants_grantee ON access_grants (grantee_org_id) WHERE revoked_at IS NULL;
  `.execute(db);
}
