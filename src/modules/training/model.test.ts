import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from '../../test/db.js';
import { ACHIEVEMENTS } from './achievements.js';
import { FORMS, TEST_KINDS } from './course.js';
import {
  ATTENDANCE_METHODS,
  AUDIENCES,
  GENDERS,
  SESSION_STATUSES,
  STATUS_PURPOSES,
  TEACH_BACK_RESULTS,
  TRAINER_ROLES,
} from './model.js';

let services: Awaited<ReturnType<typeof freshServices>>;
beforeAll(async () => {
  services = await freshServices();
});
afterAll(() => services.close());

/** The values a column's CHECK constraint allows, read from the database's own definition. */
async function allowedValues(table: string, column: string): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    SELECT pg_get_constraintdef(c.oid) AS def
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
    WHERE t.relname = ${table} AND c.contype = 'c'`.execute(services.db);
  const def = rows.map((r) => r.def).find((d) => new RegExp(`\\(+${column}\\b[^)]*= ANY`).test(d));
  if (!def) throw new Error(`no CHECK constraint lists the values of ${table}.${column}`);
  return [...def.matchAll(/'([^']*)'::text/g)].map((m) => m[1] ?? '').sort();
}

describe("training's closed sets", () => {
  // The row mappers parse with these sets: a value the database allows but the set lacks would fail every read.
  it.each([
    ['training_sessions', 'audience', AUDIENCES],
    ['training_sessions', 'status', SESSION_STATUSES],
    ['training_session_trainers', 'role', TRAINER_ROLES],
    ['training_roster', 'attendance_method', ATTENDANCE_METHODS],
    ['training_roster', 'teach_back', TEACH_BACK_RESULTS],
    ['training_people', 'gender', GENDERS],
    ['training_attempts', 'kind', TEST_KINDS],
    ['training_attempts', 'form', FORMS],
    ['training_status_lists', 'purpose', STATUS_PURPOSES],
    ['training_credentials', 'achievement', ACHIEVEMENTS],
  ] as const)('%s.%s allows exactly what model.ts lists', async (table, column, values) => {
    expect(await allowedValues(table, column)).toEqual([...values].sort());
  });
});
