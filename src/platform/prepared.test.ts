import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from '../test/db.js';
import { makeUser } from '../test/factories.js';
import { prepare } from './prepared.js';

type Tables = { organisations: { id: string; name: string; country: string } };

let services: Awaited<ReturnType<typeof freshServices>>;
beforeAll(async () => {
  services = await freshServices();
});
afterAll(async () => {
  await services.close();
});

const orgNamed = prepare((db, p: { id: string; country: string }) =>
  db
    .withTables<Tables>()
    .selectFrom('organisations')
    .select(['name', sql<string>`${'fixed'}`.as('constant')])
    .where('id', '=', p.id)
    .where('country', '=', p.country),
);

describe('prepared queries', () => {
  it('runs with each call’s own values, keeps constant values, and runs as a named statement', async () => {
    const a = await makeUser(services);
    const b = await makeUser(services);
    const [orgA] = await sql<{ country: string }>`SELECT country FROM organisations WHERE id = ${a.orgId}`
      .execute(services.db)
      .then((r) => r.rows);
    const [orgB] = await sql<{ country: string }>`SELECT country FROM organisations WHERE id = ${b.orgId}`
      .execute(services.db)
      .then((r) => r.rows);
    const first = await orgNamed.execute(services.db, { id: a.orgId ?? '', country: orgA?.country ?? '' });
    const second = await orgNamed.execute(services.db, { id: b.orgId ?? '', country: orgB?.country ?? '' });
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(first[0]?.name).not.toBe(second[0]?.name);
    expect(first[0]?.constant).toBe('fixed');
    expect(await orgNamed.execute(services.db, { id: a.orgId ?? '', country: 'ZZ' })).toEqual([]);
    // Inside a transaction too, on the transaction's connection; PostgreSQL lists the statement by its name.
    const named = await services.db.transaction().execute(async (tx) => {
      await orgNamed.execute(tx, { id: a.orgId ?? '', country: orgA?.country ?? '' });
      return sql<{
        name: string;
      }>`SELECT name FROM pg_prepared_statements WHERE name LIKE 'atalaya_%'`.execute(tx);
    });
    expect(named.rows.length).toBeGreaterThan(0);
  });

  it('refuses a builder that uses a parameter other than as a value', async () => {
    const asName = prepare((db, p: { column: string }) =>
      db.withTables<Tables>().selectFrom('organisations').select(sql.ref(p.column).as('x')),
    );
    await expect(asName.execute(services.db, { column: 'name' })).rejects.toThrow(/outside a value/);
    const branched = prepare((db, p: { id: string }) =>
      db
        .withTables<Tables>()
        .selectFrom('organisations')
        .select('name')
        .where('id', '=', p.id.length > 0 ? 'a' : 'b'),
    );
    await expect(branched.execute(services.db, { id: 'x' })).rejects.toThrow(/outside a value/);
  });
});
