import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-db.js';

const started: EmbeddedDatabase[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const db of started.reverse()) await db.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<Record<string, unknown>>(text);
    return result.rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  it('runs two data dirs side by side on different ports, and attaches to a running one', async () => {
    const a = await mkdtemp(join(tmpdir(), 'atalaya-a-'));
    const b = await mkdtemp(join(tmpdir(), 'atalaya-b-'));
    dirs.push(a, b);
    const [first, second] = await Promise.all([startEmbeddedDatabase(a), startEmbeddedDatabase(b)]);
    started.push(first, second);
    expect(new URL(first.url).port).not.toBe(new URL(second.url).port);
    await query(first.ownerUrl, 'CREATE TABLE only_in_a (x int)');
    expect(await query(second.url, "SELECT 1 FROM pg_tables WHERE tablename = 'only_in_a'")).toEqual([]);

    const attached = await startEmbeddedDatabase(a);
    expect(attached.owned).toBe(false);
    expect(attached.url).toBe(first.url);
    expect(await query(attached.url, "SELECT 1 AS one FROM pg_tables WHERE tablename = 'only_in_a'")).toEqual(
      [{ one: 1 }],
    );
  }, 120_000);

  it("gives the app's role no superuser and no power to change the schema", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atalaya-role-'));
    dirs.push(dir);
    const db = await startEmbeddedDatabase(dir);
    started.push(db);
    expect(
      await query(
        db.url,
        'SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user',
      ),
    ).toEqual([{ rolsuper: false, rolcreaterole: false, rolcreatedb: false }]);
    await expect(query(db.url, 'CREATE TABLE sneaky (x int)')).rejects.toThrow(/permission denied/);
  }, 120_000);
});
