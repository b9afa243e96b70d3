// The baselines, run as their own process like the app is: a bare Fastify "hello" route and, when the bench
// passes a database and a query (BENCH_DATABASE_URL, BENCH_SQL as {sql, parameters}), a bare route that runs
// that same SQL through a `pg` pool of the app's size and sends the rows as JSON, unnamed and prepared.
import Fastify from 'fastify';
import pg from 'pg';

const app = Fastify();
app.get('/hello', async () => ({ hello: 'world' }));
if (process.env.BENCH_DATABASE_URL && process.env.BENCH_SQL) {
  const pool = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10 });
  const { sql, parameters } = JSON.parse(process.env.BENCH_SQL);
  app.get('/same-sql', async () => (await pool.query(sql, parameters)).rows);
  // The same again as a named prepared statement, as the app runs its hot queries: the query's own cost.
  app.get(
    '/same-sql-prepared',
    async () => (await pool.query({ name: 'bench', text: sql, values: parameters })).rows,
  );
}
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write('ready\n');
