import { createHash } from 'node:crypto';
import type { Compilable, CompiledQuery } from 'kysely';
import type { Db, Tx } from './db.js';

/**
 * Queries on the hot path, built and compiled once and run as named prepared statements.
 *
 * Why: building and compiling a Kysely query costs the server more CPU than PostgreSQL spends answering a
 * small indexed query, and an unnamed statement is parsed and planned again on every call. A prepared query is
 * built once with stand-in parameters; each run puts the real values in the compiled parameter list, and the
 * pool (see `openDb`) runs its text under a stable statement name that PostgreSQL parses once per connection.
 *
 * The builder must use each parameter only as a value (`where('org_id', '=', p.orgId)`), never branch on it,
 * compute with it or use it as a name: `prepare` checks that every stand-in reaches the parameter list and
 * none reaches the SQL text, and throws at the first run otherwise. A query whose shape varies (an optional
 * filter) is two prepared queries.
 */
export interface Prepared<P, R> {
  /** Runs the query with these parameters on the database or inside a transaction. */
  execute(db: Db | Tx, params: P): Promise<R[]>;
}

/** Statement texts that run under a name (text → name), filled by `prepare`; bounded by the code's queries. */
const statementNames = new Map<string, string>();

/** The statement name PostgreSQL should keep for this SQL text, when it is a prepared query's. */
export function statementName(text: string): string | undefined {
  return statementNames.get(text);
}

const STAND_IN = '\u0000atalaya-param:';

/** Prepares a query whose parameters are the string, number or boolean fields of `P`. */
export function prepare<P extends Record<string, unknown>, R>(
  build: (db: Db | Tx, params: P) => Compilable<R>,
): Prepared<P, R> {
  let compiled: { query: CompiledQuery<R>; slots: (keyof P | undefined)[] } | undefined;

  function compile(db: Db | Tx): NonNullable<typeof compiled> {
    const used = new Set<string>();
    const standIns = new Proxy({} as P, {
      get: (_target, key) => {
        if (typeof key !== 'string') return undefined;
        used.add(key);
        return `${STAND_IN}${key}`;
      },
    });
    const query = build(db, standIns).compile();
    if (query.sql.includes(STAND_IN)) throw new Error('a prepared query used a parameter outside a value');
    const slots = query.parameters.map((value) =>
      typeof value === 'string' && value.startsWith(STAND_IN) ? value.slice(STAND_IN.length) : undefined,
    );
    for (const key of used)
      if (!slots.includes(key)) throw new Error(`a prepared query used parameter ${key} outside a value`);
    statementNames.set(
      query.sql,
      `atalaya_${createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`,
    );
    return { query, slots };
  }

  return {
    async execute(db, params) {
      compiled ??= compile(db);
      const { query, slots } = compiled;
      const parameters = query.parameters.map((value, i) => {
        const slot = slots[i];
        return slot === undefined ? value : params[slot];
      });
      const result = await db.executeQuery<R>({ ...query, parameters });
      return result.rows;
    },
  };
}
