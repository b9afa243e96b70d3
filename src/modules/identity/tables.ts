import type { Generated, Kysely } from 'kysely';
import type { Db, Tx } from '../../platform/db.js';

/** Table types of the identity module; only its stores import this file. */
export type IdentityTables = {
  organisations: {
    id: string;
    name: string;
    type: string;
    country: string;
    mfa_required: Generated<boolean>;
    locale: Generated<string>;
    time_zone: Generated<string>;
    created_at: Generated<Date>;
  };
  org_units: { id: string; org_id: string; name: string };
  networks: { id: string; name: string; description: Generated<string>; created_at: Generated<Date> };
  network_members: { network_id: string; org_id: string; role: string };
  users: {
    id: string;
    email: string;
    name: string;
    password_hash: string | null;
    locale: Generated<string>;
    gender: string | null;
    is_operator: Generated<boolean>;
    totp_secret: string | null;
    totp_enabled_at: Date | null;
    totp_last_step: string | null;
    created_at: Generated<Date>;
  };
  memberships: {
    user_id: string;
    org_id: string;
    role: string;
    unit_id: string | null;
    active: Generated<boolean>;
    created_at: Generated<Date>;
  };
  sessions: {
    id: string;
    token_hash: string;
    user_id: string;
    csrf_token: string;
    mfa_passed: boolean;
    webauthn_challenge: string | null;
    ip: string | null;
    user_agent: string | null;
    created_at: Generated<Date>;
    last_seen_at: Generated<Date>;
    expires_at: Date;
    revoked_at: Date | null;
  };
  login_unlocks: {
    id: string;
    user_id: string;
    token_hash: string;
    created_at: Generated<Date>;
    expires_at: Date;
    used_at: Date | null;
  };
  login_attempts: { id: Generated<string>; email: string; ip: string | null; succeeded: boolean; at: Date };
  api_tokens: {
    id: string;
    user_id: string;
    org_id: string | null;
    name: string;
    prefix: string;
    token_hash: string;
    created_at: Generated<Date>;
    last_used_at: Date | null;
    revoked_at: Date | null;
  };
  invitations: {
    id: string;
    org_id: string;
    email: string;
    role: string;
    token_hash: string;
    invited_by: string | null;
    created_at: Generated<Date>;
    expires_at: Date;
    accepted_at: Date | null;
    withdrawn_at: Date | null;
  };
  password_resets: {
    id: string;
    user_id: string;
    token_hash: string;
    created_at: Generated<Date>;
    expires_at: Date;
    used_at: Date | null;
  };
  webauthn_credentials: {
    id: string;
    user_id: string;
    name: string;
    public_key: Buffer;
    counter: Generated<string>;
    transports: Generated<string[]>;
    created_at: Generated<Date>;
    last_used_at: Date | null;
  };
  access_grants: {
    id: string;
    grantor_org_id: string;
    grantee_org_id: string;
    modules: string[];
    level: string;
    created_by: string | null;
    created_at: Generated<Date>;
    revoked_at: Date | null;
    expires_on: string | null;
  };
};

/** Narrows the shared handle to identity's tables. */
export function identityDb(db: Db | Tx): Kysely<IdentityTables> {
  return db.withTables<IdentityTables>();
}
