import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import type { Db, Tx } from './db.js';
import { newId } from './ids.js';

/**
 * Secrets at rest: every secret a module keeps in the database (authenticator seeds, certificate signing
 * keys, check-in secrets, later safety-case fields) is sealed with AES-256-GCM under a data key. Data keys
 * live in the database, each wrapped (itself encrypted) with the key-encryption key (KEK), which never does:
 * it comes from ATALAYA_MASTER_KEY or a key file outside the database. A database dump alone opens nothing.
 *
 * Why envelope encryption: rotating the KEK re-wraps a few data keys instead of re-encrypting every value,
 * so `atalaya keys rotate` runs while servers keep working (they hold the unwrapped data keys in memory).
 * The context string (table, column, row id) is authenticated with each value, so a sealed value copied to
 * another row or column does not open there.
 */
export interface SecretBox {
  seal(plaintext: string | Buffer, context: string): string;
  open(sealed: string, context: string): Buffer;
  openText(sealed: string, context: string): string;
}

/** Sealed values start with this tag: `v1.<data key id>.<iv>.<ciphertext and tag>`, base64url parts. */
const VERSION = 'v1';

type KeyTables = {
  platform_data_keys: {
    id: string;
    wrapped: Buffer;
    kek_id: string;
    created_at: Date;
    active: boolean;
  };
};

const tables = (db: Db | Tx): Kysely<KeyTables> => db.withTables<KeyTables>();

/** A key-encryption key and its public fingerprint (what data key rows record). */
export interface Kek {
  readonly key: Buffer;
  readonly id: string;
}

/** Turns 32 bytes into a KEK with its fingerprint. */
export function kekOf(key: Buffer): Kek {
  if (key.length !== 32) throw new Error('a master key is 32 bytes (44 characters of base64)');
  return { key, id: createHash('sha256').update(key).digest('hex').slice(0, 16) };
}

function gcm(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function ungcm(key: Buffer, sealed: Buffer, aad: string): Buffer {
  const iv = sealed.subarray(0, 12);
  const tag = sealed.subarray(sealed.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}

const wrapAad = (id: string) => `atalaya data key ${id}`;

/**
 * Opens the box: unwraps every data key with the KEK (creating the first one on an empty database). Fails
 * with a clear message when the database's keys were wrapped with another KEK.
 */
export async function openSecretBox(db: Db, kek: Kek): Promise<SecretBox> {
  let rows = await tables(db).selectFrom('platform_data_keys').selectAll().execute();
  if (rows.length === 0) {
    const id = newId();
    await tables(db)
      .insertInto('platform_data_keys')
      .values({
        id,
        wrapped: gcm(kek.key, randomBytes(32), wrapAad(id)),
        kek_id: kek.id,
        created_at: new Date(),
        active: true,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    rows = await tables(db).selectFrom('platform_data_keys').selectAll().execute();
  }
  const foreign = rows.find((r) => r.kek_id !== kek.id);
  if (foreign)
    throw new Error(
      `The database's secrets were sealed with master key ${foreign.kek_id}, but this process has master key ${kek.id}. ` +
        'Give every process the same ATALAYA_MASTER_KEY (or copy the master key file) — see docs/operations.md, "Keys".',
    );
  const keys = new Map(rows.map((r) => [r.id, ungcm(kek.key, r.wrapped, wrapAad(r.id))]));
  const active = rows.find((r) => r.active) ?? rows[0];
  if (!active) throw new Error('no data key');
  const activeKey = keys.get(active.id) ?? Buffer.alloc(0);
  const box: SecretBox = {
    seal(plaintext, context) {
      const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
      return `${VERSION}.${active.id}.${gcm(activeKey, bytes, context).toString('base64url')}`;
    },
    open(sealed, context) {
      const [version, keyId = '', body = ''] = sealed.split('.');
      const key = keys.get(keyId);
      if (version !== VERSION || !key)
        throw new Error(`a sealed value for ${context} names no known data key`);
      return ungcm(key, Buffer.from(body, 'base64url'), context);
    },
    openText(sealed, context) {
      return box.open(sealed, context).toString('utf8');
    },
  };
  return box;
}

/** True when a stored value is already sealed (values kept before encryption at rest are not). */
export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}.`);
}

/** Where the master key comes from: the environment, or a file outside the database. */
export type MasterKeySource =
  | { readonly kind: 'env'; readonly value: string; readonly next: string | undefined }
  | { readonly kind: 'file'; readonly path: string };

function parseKey(text: string, where: string): Kek {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where} must hold 32 random bytes in base64 (44 characters)`);
  return kekOf(key);
}

/**
 * The KEKs a process may hold: the current one and, during a rotation, the next one (a rotation that was
 * cut short between the database and the file leaves the database on the next key). A missing key file is
 * created with a fresh key; `created` tells the caller to say so loudly.
 */
export async function loadMasterKeys(source: MasterKeySource): Promise<{ keys: Kek[]; created: boolean }> {
  if (source.kind === 'env') {
    const keys = [parseKey(source.value, 'ATALAYA_MASTER_KEY')];
    if (source.next) keys.push(parseKey(source.next, 'ATALAYA_MASTER_KEY_NEXT'));
    return { keys, created: false };
  }
  const next = `${source.path}.next`;
  let created = false;
  if (!existsSync(source.path) && !existsSync(next)) {
    await mkdir(dirname(source.path), { recursive: true });
    await writeFile(source.path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    await chmod(source.path, 0o600);
    created = true;
  }
  const keys: Kek[] = [];
  if (existsSync(source.path)) keys.push(parseKey(await readFile(source.path, 'utf8'), source.path));
  if (existsSync(next)) keys.push(parseKey(await readFile(next, 'utf8'), next));
  return { keys, created };
}

/** The KEK the database's data keys are wrapped with, among those given (the first on an empty database). */
export async function pickKek(db: Db, keys: readonly Kek[]): Promise<Kek> {
  const row = await tables(db).selectFrom('platform_data_keys').select('kek_id').executeTakeFirst();
  const found = row ? keys.find((k) => k.id === row.kek_id) : keys[0];
  if (!found) {
    throw new Error(
      `The database's secrets were sealed with master key ${row?.kek_id ?? '?'}, which this process does not have ` +
        `(it has ${keys.map((k) => k.id).join(', ')}). Restore the master key that goes with this database; see docs/operations.md, "Keys".`,
    );
  }
  return found;
}

/**
 * Rotates the KEK: every data key is re-wrapped with `next` in one transaction. Running servers keep their
 * unwrapped data keys, so nothing stops; processes started afterwards need the new key.
 */
export async function rewrapDataKeys(db: Db, from: Kek, next: Kek): Promise<number> {
  return db.transaction().execute(async (t) => {
    const rows = await tables(t).selectFrom('platform_data_keys').selectAll().forUpdate().execute();
    for (const row of rows) {
      if (row.kek_id !== from.id)
        throw new Error(`data key ${row.id} is not wrapped with the current master key`);
      const plain = ungcm(from.key, row.wrapped, wrapAad(row.id));
      await tables(t)
        .updateTable('platform_data_keys')
        .set({ wrapped: gcm(next.key, plain, wrapAad(row.id)), kek_id: next.id })
        .where('id', '=', row.id)
        .execute();
    }
    return rows.length;
  });
}

/**
 * Key-file rotation, in an order that survives a crash at any step: the new key is written beside the old
 * one (`.next`), the database is re-wrapped, then the new file replaces the old. On start, whichever of the
 * two files matches the database is used.
 */
export async function rotateKeyFile(
  db: Db,
  path: string,
): Promise<{ from: string; to: string; dataKeys: number }> {
  const { keys } = await loadMasterKeys({ kind: 'file', path });
  const from = await pickKek(db, keys);
  // Finish a rotation cut short: the database already moved to `.next`, or it never did.
  if (existsSync(`${path}.next`)) {
    if (keys[1]?.id === from.id) await rename(`${path}.next`, path);
    else await rm(`${path}.next`);
  }
  const next = kekOf(randomBytes(32));
  await writeFile(`${path}.next`, `${next.key.toString('base64')}\n`, { mode: 0o600 });
  const dataKeys = await rewrapDataKeys(db, from, next);
  await rename(`${path}.next`, path);
  return { from: from.id, to: next.id, dataKeys };
}
