import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { err, ok, type Result } from './result.js';
import type { Problem } from './errors.js';
import type { Db, Tx } from './db.js';

/** A stored file's address and size. */
export interface StoredFile {
  readonly sha256: string;
  readonly size: number;
}

/** File storage behind a small interface: content-addressed by SHA-256, with a size limit. */
export interface FileStore {
  put(content: Buffer): Promise<Result<StoredFile, Problem>>;
  open(sha256: string): Readable | undefined;
  /** Erases the bytes (gone from the disk, not only from listings); nothing if they are not there. */
  remove(sha256: string): Promise<void>;
}

/** Stores files in a folder (`<dataDir>/files/ab/cd/<sha256>`); identical content is stored once. */
export function createFolderFileStore(opts: { root: string; maxBytes: number }): FileStore {
  const pathOf = (sha: string) => join(opts.root, sha.slice(0, 2), sha.slice(2, 4), sha);
  return {
    async put(content) {
      if (content.length > opts.maxBytes)
        return err({ type: 'too_large', id: 'body_too_large', detail: `at most ${opts.maxBytes} bytes` });
      const sha256 = createHash('sha256').update(content).digest('hex');
      const target = pathOf(sha256);
      if (!existsSync(target)) {
        await mkdir(join(target, '..'), { recursive: true });
        const temp = `${target}.${process.pid}.tmp`;
        await writeFile(temp, content, { mode: 0o600 });
        await rename(temp, target);
      }
      return ok({ sha256, size: content.length });
    },
    open(sha256) {
      if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
      const path = pathOf(sha256);
      return existsSync(path) ? createReadStream(path) : undefined;
    },
    async remove(sha256) {
      if (/^[0-9a-f]{64}$/.test(sha256)) await rm(pathOf(sha256), { force: true });
    },
  };
}

/**
 * Records a stored file in the same transaction as the record that cites it (the bytes are already on disk,
 * content-addressed, so a rolled-back transaction leaves at most an unreferenced file). The file name and
 * media type belong to the citing record: the same bytes may be a PDF to one organisation and a download to
 * another, and no writer decides for the others.
 */
export async function recordStoredFile(tx: Tx, file: StoredFile): Promise<void> {
  await tx
    .withTables<{ stored_files: { sha256: string; size_bytes: number } }>()
    .insertInto('stored_files')
    .values({ sha256: file.sha256, size_bytes: file.size })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

/**
 * Erases a stored file's bytes once nothing cites them any more (a removed evidence file that held data it
 * should not have). Whether anything still cites them is PostgreSQL's to say: every citing table has a foreign
 * key to `stored_files`, so the row's deletion fails while one remains, whichever module owns it. True if erased.
 */
export async function eraseIfUnreferenced(db: Db, files: FileStore, sha256: string): Promise<boolean> {
  try {
    const deleted = await db
      .withTables<{ stored_files: { sha256: string } }>()
      .deleteFrom('stored_files')
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (deleted.numDeletedRows === 0n) return false;
  } catch (error) {
    if ((error as { code?: unknown }).code === '23503') return false;
    throw error;
  }
  await files.remove(sha256);
  return true;
}
