import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDb } from '../platform/db.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../platform/embedded-db.js';
import { migrations } from '../migrations/index.js';
import { keepExitCode } from './exit-code.js';

/** The migrated database every test file copies (CREATE DATABASE … TEMPLATE), so each file starts fresh. */
export const TEMPLATE_DB = 'atalaya_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
  }
}

let embedded: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

/** Starts one PostgreSQL for the run (embedded unless DATABASE_URL is set) and builds the template. */
export async function setup(project: TestProject): Promise<void> {
  let baseUrl = process.env['DATABASE_URL'];
  if (!baseUrl) {
    dataDir = await mkdtemp(join(tmpdir(), 'atalaya-test-'));
    embedded = await startEmbeddedDatabase(dataDir);
    baseUrl = embedded.ownerUrl;
  }
  const adminUrl = withDatabase(baseUrl, 'postgres');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const { db } = openDb(withDatabase(baseUrl, TEMPLATE_DB), { max: 1 });
  await migrateToLatest(db, migrations);
  await db.destroy();
  project.provide('adminUrl', adminUrl);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  keepExitCode();
}

/** The same connection string pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
