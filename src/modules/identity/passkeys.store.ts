import type { Db, Tx } from '../../platform/db.js';
import { identityDb } from './tables.js';

/** A registered passkey (WebAuthn credential). */
export interface Passkey {
  readonly id: string;
  readonly name: string;
  readonly publicKey: Uint8Array;
  readonly counter: number;
  readonly transports: string[];
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

function rowToPasskey(row: {
  id: string;
  name: string;
  public_key: Buffer;
  counter: string;
  transports: string[];
  created_at: Date;
  last_used_at: Date | null;
}): Passkey {
  return {
    id: row.id,
    name: row.name,
    publicKey: new Uint8Array(row.public_key),
    counter: Number(row.counter),
    transports: row.transports,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

const columns = ['id', 'name', 'public_key', 'counter', 'transports', 'created_at', 'last_used_at'] as const;

export async function listPasskeys(db: Db | Tx, userId: string): Promise<Passkey[]> {
  const rows = await identityDb(db)
    .selectFrom('webauthn_credentials')
    .select(columns)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return rows.map(rowToPasskey);
}

export async function insertPasskey(
  tx: Tx,
  p: {
    id: string;
    userId: string;
    name: string;
    publicKey: Uint8Array;
    counter: number;
    transports: string[];
  },
): Promise<void> {
  await identityDb(tx)
    .insertInto('webauthn_credentials')
    .values({
      id: p.id,
      user_id: p.userId,
      name: p.name,
      public_key: Buffer.from(p.publicKey),
      counter: String(p.counter),
      transports: p.transports,
    })
    .execute();
}

export async function markPasskeyUsed(tx: Tx, q: { id: string; counter: number; now: Date }): Promise<void> {
  await identityDb(tx)
    .updateTable('webauthn_credentials')
    .set({ counter: String(q.counter), last_used_at: q.now })
    .where('id', '=', q.id)
    .execute();
}

export async function deletePasskey(tx: Tx, q: { id: string; userId: string }): Promise<boolean> {
  const result = await identityDb(tx)
    .deleteFrom('webauthn_credentials')
    .where('id', '=', q.id)
    .where('user_id', '=', q.userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
