import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { inject } from 'vitest';
import type { Clock } from '../platform/clock.js';
import { loadConfig, type Config } from '../platform/config.js';
import { openDb } from '../platform/db.js';
import { kekOf, openSecretBox } from '../platform/secrets.js';
import { composeServices, type Services } from '../runtime.js';
import { TEMPLATE_DB, withDatabase } from './global-setup.js';

/** The master key of every test database (the CLI tests hand it to the command as ATALAYA_MASTER_KEY). */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

/** A clock tests can move. */
export interface TestClock extends Clock {
  set(date: Date): void;
  advance(ms: number): void;
}

/** A clock that starts at real time and moves only when told. */
export function testClock(start = new Date()): TestClock {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (date) => {
      now = date.getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Test configuration: defaults, no SMTP (mail goes to the outbox). */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    ATALAYA_DATA_DIR: '/tmp/atalaya-unused',
    PUBLIC_URL: 'http://localhost:8080',
    ...overrides,
  });
}

/**
 * A fresh database for one test file (a copy of the migrated template) with every service composed on it.
 * Real PostgreSQL, never a mock of our own store.
 */
export async function freshServices(
  opts: { clock?: TestClock; config?: Config } = {},
): Promise<Services & { clock: TestClock }> {
  const adminUrl = inject('adminUrl');
  const name = `atalaya_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const { db, pool } = openDb(url, { max: 5 });
  const clock = opts.clock ?? testClock();
  const secrets = await openSecretBox(db, kekOf(Buffer.from(TEST_MASTER_KEY, 'base64')));
  const services = composeServices({
    db,
    pool,
    url,
    config: opts.config ?? testConfig(),
    clock,
    logger: pino({ level: 'silent' }),
    secrets,
    stopDatabase: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  });
  return { ...services, clock };
}
