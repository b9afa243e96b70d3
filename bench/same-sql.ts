/**
 * The honest baseline for an API list route: the SQL the module's service really runs, captured by running the
 * service against a Kysely whose driver executes nothing and records each compiled query. The bare server then
 * runs that same text with the same parameters through `pg`, so the ratio measures only what the platform adds
 * around the query (routing, caller resolution, the gate, mapping, serialisation, logging).
 */
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
} from 'kysely';
import { systemClock } from '../src/platform/clock.js';
import type { Db } from '../src/platform/db.js';
import { createElectionsService } from '../src/modules/elections/index.js';
import type { Transactor } from '../src/modules/audit/index.js';

/** The one query `GET /api/v1/orgs/:orgId/elections` runs for `orgId`, as SQL text and parameters. */
export async function electionListQuery(orgId: string): Promise<{ sql: string; parameters: unknown[] }> {
  const captured: CompiledQuery[] = [];
  const db: Db = new Kysely<object>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  // Listing never writes: the transactor is never called.
  const unused = {} as Transactor;
  await createElectionsService({ db, tx: unused, clock: systemClock }).list(orgId);
  const [query, ...more] = captured;
  if (!query || more.length > 0) throw new Error(`expected one query, captured ${captured.length}`);
  return { sql: query.sql, parameters: [...query.parameters] };
}
