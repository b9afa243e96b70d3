import { Kysely, Migrator, PostgresDialect, sql, type Migration, type Transaction } from 'kysely';
import pg from 'pg';
import { statementName } from './prepared.js';

/**
 * The database handle every store receives. It knows no tables: each store narrows it with
 * `db.withTables<ItsTables>()`, so a module can only name the tables it declares.
 */
export type Db = Kysely<object>;
/** A transaction on `Db`. */
export type Tx = Transaction<object>;

/**
 * Opens a pooled connection to PostgreSQL. Each connection runs the texts of prepared queries (`prepare`) as
 * named statements, which PostgreSQL parses and plans once per connection; every other query runs unnamed.
 */
export function openDb(url: string, options: { max?: number } = {}): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  pool.on('error', () => {
    // An idle client lost its connection (e.g. the server restarted); the pool replaces it on next use.
  });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    Object.assign(client, {
      query: (...args: unknown[]) => {
        const [text, values, ...rest] = args;
        const name = typeof text === 'string' && Array.isArray(values) ? statementName(text) : undefined;
        return name ? query({ name, text, values }, ...rest) : query(...args);
      },
    });
  });
  const db = new Kysely<object>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}

/** True when the database answers a trivial query. */
export async function isReady(db: Db): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** Applies every pending migration in order; throws with the failing migration's name. */
export async function migrateToLatest(
  db: Db,
  migrations: Readonly<Record<string, Migration>>,
): Promise<{ applied: string[] }> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...migrations }) },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const detail = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${detail}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/**
 * Grants a login role what the server needs and nothing more: rows of every table (read, add, change, remove),
 * its sequences, and LISTEN/NOTIFY (open to every role), but not the schema, other roles, or changing or
 * removing audit events once written. Run as the owner after migrations, each start (new tables included).
 */
export async function grantAppRole(db: Db, role: string): Promise<void> {
  const r = sql.id(role);
  await sql`GRANT USAGE ON SCHEMA public TO ${r}`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`.execute(db);
  await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`.execute(db);
  await sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${r}`.execute(db);
  await sql`REVOKE ALL ON kysely_migration, kysely_migration_lock FROM ${r}`.execute(db);
}
