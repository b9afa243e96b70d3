/**
 * Benchmarks, always as ratios against a baseline measured in the same run (PRODUCT.md, Targets):
 * 1. an authenticated list endpoint against a bare Fastify route that runs the same SQL through `pg` (and
 *    against a bare "hello"): throughput ratios, p99;
 * 2. p99 of the list endpoint at a fixed 500 requests/s;
 * 3. listing and filtering a roadmap of 10,000 items (p99 against the bare route's p99);
 * 4. cold start to ready on an existing data dir, against a bare Fastify process start;
 * 5. scoring and prioritising 1,000 assessments of 66 answers (time per assessment);
 * 6. certificate issuance (signed, stored, audited) against the library's raw signing rate;
 * 7. public verification: p95 of /verify/<uuid>.json and of its page against the bare route, and the delay
 *    from a revocation to the status list reading it;
 * 8. the SPA's JavaScript: first load, the largest chunk a screen loads on use, and all of it (brotli);
 * 9. the regional network: TAXII ingest against a raw batch INSERT, the first TAXII page of 100,000 objects,
 *    and an alert's fan-out to 2,000 live screens over two app processes.
 * Run with `npm run bench` (it builds first), or some sections only: `npm run bench -- 3 9` (the first, the
 * baseline of the ratios, always runs). Nothing here asserts: it prints numbers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, startEmbeddedDatabase } from '../src/platform/embedded-db.js';
import { issuanceBench, latency, revocationDelay } from './certificates.js';
import { changedPageLatency, scoringBench, seedRoadmapItems } from './preparedness.js';
import { electionListQuery } from './same-sql.js';
import { fanOutBench, fillNetwork, ingestBench } from './network.js';
import { collectionIdOf } from '../src/modules/network/index.js';
import { describeSpaSize, spaSize } from '../scripts/spa-size.mjs';

const DURATION_S = Number(process.env['BENCH_SECONDS'] ?? 10);

/** Processes started and not yet stopped: a failing run stops them too, so none is left serving. */
const running = new Set<ChildProcess>();

/** The sections asked for on the command line (all when none is). */
const asked = process.argv.slice(2).map(Number);
const want = (section: number) => asked.length === 0 || asked.includes(section);
const ms = (v: number) => `${v.toFixed(1)} ms`;

function startProcess(
  args: string[],
  env: Record<string, string>,
  readyUrl: string,
): Promise<{ child: ChildProcess; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  running.add(child);
  return new Promise((resolve, reject) => {
    const poll = async () => {
      if (child.exitCode !== null)
        return reject(new Error(`${args.join(' ')} exited with ${child.exitCode}`));
      const ok = await fetch(readyUrl)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) resolve({ child, ms: performance.now() - started });
      else setTimeout(() => void poll(), 20);
    };
    void poll();
  });
}

async function stop(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Loads `url` for the run's duration after a one-second warm-up (JIT, pools), the same for every target. */
async function load(url: string, opts: { headers?: Record<string, string>; overallRate?: number } = {}) {
  await autocannon({ url, connections: 10, duration: 1, headers: opts.headers ?? {} });
  const result = await autocannon({
    url,
    connections: 10,
    duration: DURATION_S,
    headers: opts.headers ?? {},
    ...(opts.overallRate && { overallRate: opts.overallRate }),
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99, p50: result.latency.p50 };
}

/** An API token of a demo user, made with the CLI as an operator would. */
function createToken(env: Record<string, string>, user: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const cli = spawn(
      process.execPath,
      ['bin/atalaya.js', 'tokens', 'create', '--user', user, '--name', 'bench'],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
    cli.on('exit', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`tokens create exited ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'atalaya-bench-'));
  const port = await freePort();
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    ATALAYA_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    console.log('preparing: first start initialises the database and loads demo data…');
    const first = await startProcess(['bin/atalaya.js', 'serve', '--demo'], env, `${base}/readyz`);
    await stop(first.child);

    const token = await createToken(env, 'admin@xa.demo.atalaya.test');

    const app = await startProcess(['bin/atalaya.js', 'serve'], env, `${base}/readyz`);
    const me = (await (
      await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { memberships: { orgId: string }[] };
    const list = `${base}/api/v1/orgs/${me.memberships[0]?.orgId}/elections`;
    const auth = { authorization: `Bearer ${token}` };

    // The same-SQL baseline connects to the app's running embedded database, as the app's own role.
    const database = await startEmbeddedDatabase(dataDir);
    const barePort = await freePort();
    const bare = await startProcess(
      ['bench/bare-server.mjs'],
      {
        PORT: String(barePort),
        BENCH_DATABASE_URL: database.url,
        BENCH_SQL: JSON.stringify(await electionListQuery(me.memberships[0]?.orgId ?? '')),
      },
      `http://127.0.0.1:${barePort}/hello`,
    );

    console.log(`\n1. throughput, ${DURATION_S} s each, 10 connections`);
    const baseline = await load(`http://127.0.0.1:${barePort}/hello`);
    const sameSql = await load(`http://127.0.0.1:${barePort}/same-sql`);
    const samePrepared = await load(`http://127.0.0.1:${barePort}/same-sql-prepared`);
    const listed = await load(list, { headers: auth });
    const [appBody, bareBody] = await Promise.all([
      fetch(list, { headers: auth }).then((r) => r.json() as Promise<unknown[]>),
      fetch(`http://127.0.0.1:${barePort}/same-sql`).then((r) => r.json() as Promise<unknown[]>),
    ]);
    if (appBody.length !== bareBody.length || appBody.length === 0)
      throw new Error(`the baseline returned ${bareBody.length} rows, the app ${appBody.length}`);
    console.log(
      `   bare Fastify /hello:                    ${baseline.rps.toFixed(0)} req/s, p99 ${baseline.p99} ms`,
    );
    console.log(
      `   bare Fastify + pg, the same SQL:        ${sameSql.rps.toFixed(0)} req/s, p99 ${sameSql.p99} ms (${appBody.length} elections)`,
    );
    console.log(
      `   bare Fastify + pg, the same SQL prepared: ${samePrepared.rps.toFixed(0)} req/s, p99 ${samePrepared.p99} ms`,
    );
    console.log(
      `   GET …/elections (Bearer auth):          ${listed.rps.toFixed(0)} req/s, p99 ${listed.p99} ms`,
    );
    const pct = (v: number) => `${((listed.rps / v) * 100).toFixed(1)} %`;
    console.log(
      `   ratio: ${pct(sameSql.rps)} of the bare same-SQL route (target ≥ 70 %), ${pct(samePrepared.rps)} of it prepared; ${pct(baseline.rps)} of bare /hello (target ≥ 30 %)`,
    );

    const orgId = me.memberships[0]?.orgId ?? '';
    if (want(2)) {
      console.log('\n2. latency at a fixed 500 requests/s');
      const paced = await load(list, { headers: auth, overallRate: 500 });
      console.log(
        `   GET …/elections: p50 ${paced.p50} ms, p99 ${paced.p99} ms at ${paced.rps.toFixed(0)} req/s (target p99 < 50 ms)`,
      );
    }
    if (want(3)) {
      console.log('\n3. roadmap of 10,000 items: list and filter, 10 connections');
      const seeded = performance.now();
      await seedRoadmapItems({ base, orgId, auth, total: 10_000 });
      console.log(
        `   imported 10,000 recommendations in ${((performance.now() - seeded) / 1000).toFixed(1)} s (5 files of 2,000 rows)`,
      );
      const items = `${base}/api/v1/orgs/${orgId}/roadmap/items`;
      for (const [label, query] of [
        ['first page by due date', '?limit=100'],
        ['status + source filter, by priority', '?status=issued,planned&source=team&sort=priority&limit=100'],
        ['text search', '?q=number%2012&limit=100'],
        ['deep page', '?offset=9000&limit=100'],
      ] as const) {
        const r = await load(`${items}${query}`, { headers: auth });
        const paced = await load(`${items}${query}`, { headers: auth, overallRate: 50 });
        console.log(
          `   ${label.padEnd(36)} ${r.rps.toFixed(0)} req/s (${((r.rps / listed.rps) * 100).toFixed(0)} % of the elections list), p99 ${r.p99} ms; at 50 req/s p99 ${paced.p99} ms`,
        );
      }
      // The rates above read kept replies (decision 81); this is what a read costs right after a change.
      for (const [label, query] of [
        ['first page, right after a change', '?limit=100'],
        ['text search, right after a change', '?q=number%2012&limit=100'],
      ] as const) {
        const changed = await changedPageLatency({
          url: `${items}${query}`,
          auth,
          databaseUrl: database.url,
          orgId,
          total: 200,
        });
        console.log(
          `   ${label.padEnd(36)} one at a time: p50 ${changed.p50.toFixed(1)} ms, p99 ${changed.p99.toFixed(1)} ms`,
        );
      }
    }
    if (want(7)) {
      console.log('\n7. public verification, 2,000 requests, 10 at a time');
      const certs = (await (
        await fetch(`${base}/api/v1/orgs/${orgId}/training/certificates`, { headers: auth })
      ).json()) as { certificates: { id: string; status: string }[] };
      const sample = certs.certificates.find((c) => c.status === 'valid')?.id ?? '';
      const bareLatency = await latency(`http://127.0.0.1:${barePort}/hello`);
      const jsonLatency = await latency(`${base}/verify/${sample}.json`);
      const pageLatency = await latency(`${base}/verify/${sample}`);
      console.log(`   bare Fastify /hello:      p50 ${ms(bareLatency.p50)}, p95 ${ms(bareLatency.p95)}`);
      console.log(
        `   /verify/<uuid>.json:      p50 ${ms(jsonLatency.p50)}, p95 ${ms(jsonLatency.p95)} (${(jsonLatency.p95 / bareLatency.p95).toFixed(1)}× bare; target p95 < 20 ms)`,
      );
      console.log(
        `   /verify/<uuid> (page, signature and status checked): p50 ${ms(pageLatency.p50)}, p95 ${ms(pageLatency.p95)} (${(pageLatency.p95 / bareLatency.p95).toFixed(1)}× bare)`,
      );
      const delay = await revocationDelay({ base, orgId, auth });
      console.log(`   revocation to visible in the published status list: ${ms(delay)}`);
    }
    if (want(9)) {
      console.log('\n9. regional network: TAXII ingest, the first page of 100,000 objects, alert fan-out');
      const networks = (await (
        await fetch(`${base}/api/v1/orgs/${orgId}/networks`, { headers: auth })
      ).json()) as { id: string }[];
      const networkId = networks[0]?.id ?? '';
      const ingest = await ingestBench({
        base,
        auth,
        databaseUrl: database.url,
        networkId,
        orgId,
        total: 20_000,
      });
      console.log(
        `   raw batch INSERT of the same rows (100 a statement): ${ingest.rawPerSecond.toFixed(0)} objects/s`,
      );
      console.log(
        `   TAXII POST, envelopes of 100 (validated, TLP-checked, stored, audited, announced), 2 clients: ${ingest.taxiiPerSecond.toFixed(0)} objects/s = ${((ingest.taxiiPerSecond / ingest.rawPerSecond) * 100).toFixed(0)} % of raw (target ≥ 7,500 objects/s)`,
      );
      const held = await fillNetwork({
        databaseUrl: database.url,
        ownerUrl: database.ownerUrl,
        networkId,
        orgId,
        total: 100_000,
      });
      const green = `${base}/taxii2/${networkId}/collections/${collectionIdOf(networkId, 'green')}/objects/`;
      const taxiiAccept = { ...auth, accept: 'application/taxii+json;version=2.1' };
      const firstPage = await latency(green, { headers: taxiiAccept, total: 1000 });
      const nextPage = await latency(`${green}?added_after=2000-01-01T00:00:00Z&limit=1000`, {
        headers: taxiiAccept,
        total: 200,
      });
      const board = await latency(`${base}/api/v1/networks/${networkId}/indicators?limit=50`, {
        headers: auth,
        total: 1000,
      });
      const bareFirst = await latency(`http://127.0.0.1:${barePort}/hello`, { total: 1000 });
      console.log(
        `   the network now holds ${held.toLocaleString('en')} objects; bare /hello p95 ${ms(bareFirst.p95)}`,
      );
      console.log(
        `   TAXII first page (100): p50 ${ms(firstPage.p50)}, p95 ${ms(firstPage.p95)} (target p95 < 200 ms); a page of 1,000 after a date: p95 ${ms(nextPage.p95)}; the board's indicator list: p95 ${ms(board.p95)}`,
      );
      const secondPort = await freePort();
      const second = await startProcess(
        ['bin/atalaya.js', 'serve'],
        { ...env, PORT: String(secondPort) },
        `http://127.0.0.1:${secondPort}/readyz`,
      );
      try {
        const sharerToken = await createToken(env, 'admin@xb.demo.atalaya.test');
        const fanOut = await fanOutBench({
          bases: [base, `http://127.0.0.1:${secondPort}`],
          watcherAuth: auth,
          sharerAuth: { authorization: `Bearer ${sharerToken}` },
          networkId,
          clients: 2000,
          rounds: 5,
        });
        console.log(
          `   alert to ${fanOut.connected} live screens over 2 processes, 5 incidents: p50 ${ms(fanOut.p50)}, p99 ${ms(fanOut.p99)}, max ${ms(fanOut.max)} from sharing (target p99 < 1 s)`,
        );
      } finally {
        await stop(second.child);
      }
    }
    await stop(app.child);
    await stop(bare.child);

    if (want(4)) {
      console.log('\n4. cold start to ready, existing data dir');
      const bareStart = await startProcess(
        ['bench/bare-server.mjs'],
        { PORT: String(barePort) },
        `http://127.0.0.1:${barePort}/hello`,
      );
      await stop(bareStart.child);
      const cold = await startProcess(['bin/atalaya.js', 'serve'], env, `${base}/readyz`);
      await stop(cold.child);
      console.log(
        `   bare Fastify process: ${bareStart.ms.toFixed(0)} ms; Atalaya (embedded PostgreSQL, migrations checked, jobs): ${cold.ms.toFixed(0)} ms`,
      );
      console.log(`   ratio: ${(cold.ms / bareStart.ms).toFixed(1)}× the bare process (target: under 3 s)`);
    }
    if (want(5)) {
      console.log('\n5. scoring and prioritising 1,000 assessments of 66 answers');
      const scoring = scoringBench();
      console.log(
        `   ${scoring.perAssessmentUs.toFixed(1)} µs per assessment; copying its answers alone takes ${scoring.baselineUs.toFixed(1)} µs (${scoring.ratio.toFixed(1)}×)`,
      );
    }
    if (want(6)) {
      console.log('\n6. certificates: issued (signed, status entries, stored, audited) vs raw signing');
      const issuance = await issuanceBench(env);
      const share = (v: number) => `${((v / issuance.rawPerSecond) * 100).toFixed(0)} %`;
      console.log(`   raw library signing:           ${issuance.rawPerSecond.toFixed(0)} signatures/s`);
      console.log(
        `   bulk issue (a session, 1 transaction): ${issuance.bulkPerSecond.toFixed(0)} issued/s = ${share(issuance.bulkPerSecond)} (target ≥ 80 %)`,
      );
      console.log(
        `   one at a time (own transaction each):  ${issuance.issuedPerSecond.toFixed(0)} issued/s = ${share(issuance.issuedPerSecond)}`,
      );
    }
    if (want(8)) {
      console.log('\n8. the web app (SPA), as built');
      console.log(`   ${describeSpaSize(await spaSize('dist/web'))}`);
    }
  } finally {
    await Promise.all([...running].map(stop));
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
