import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolderFileStore, type FileStore } from './files.js';

let root: string;
let store: FileStore;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'atalaya-files-'));
  store = createFolderFileStore({ root, maxBytes: 1024 });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('file storage', () => {
  it('stores content under its SHA-256 and reads it back', async () => {
    const put = await store.put(Buffer.from('evidence'));
    expect(put).toEqual({
      ok: true,
      value: { sha256: createHash('sha256').update('evidence').digest('hex'), size: 8 },
    });
    if (!put.ok) return;
    const stream = store.open(put.value.sha256);
    expect(stream && (await text(stream))).toBe('evidence');
  });

  it('stores identical content once', async () => {
    const a = await store.put(Buffer.from('same bytes'));
    const b = await store.put(Buffer.from('same bytes'));
    expect(a.ok && b.ok && a.value.sha256 === b.value.sha256).toBe(true);
  });

  it('refuses content over the size limit', async () => {
    const big = await store.put(Buffer.alloc(2048));
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error.type).toBe('too_large');
  });

  it('refuses addresses that are not SHA-256 hex (no path traversal)', () => {
    expect(store.open('../../etc/passwd')).toBeUndefined();
    expect(store.open('0'.repeat(64))).toBeUndefined();
  });
});
