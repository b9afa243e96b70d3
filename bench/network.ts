/**
 * The regional network's targets (issue 11): TAXII ingest against a raw batch INSERT of the same rows, the first
 * TAXII page of a network holding 100,000 objects, and how long an alert takes to reach 2,000 open screens.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest, Agent } from 'node:http';
import pg from 'pg';
import { collectionIdOf } from '../src/modules/network/index.js';
import { percentiles } from './certificates.js';

const TAXII = 'application/taxii+json;version=2.1';
const GREEN = 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb';

/** `count` STIX indicators of `orgId`, marked GREEN, each naming its own address. */
function indicators(orgId: string, count: number, offset: number) {
  return Array.from({ length: count }, (_, i) => {
    const n = offset + i;
    const at = new Date(Date.UTC(2027, 0, 1, 0, 0, 0, n % 1000)).toISOString();
    return {
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${randomUUID()}`,
      created: at,
      modified: at,
      created_by_ref: `identity--${orgId}`,
      name: `Scanner ${n}`,
      pattern: `[ipv4-addr:value = '10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}']`,
      pattern_type: 'stix',
      valid_from: at,
      object_marking_refs: [GREEN],
    };
  });
}

/**
 * Objects per second stored through TAXII (POST envelopes of 100: validated, TLP-checked, stored, audited,
 * announced) against the same rows written by a raw multi-row INSERT of 100, one statement at a time.
 */
export async function ingestBench(q: {
  base: string;
  auth: Record<string, string>;
  databaseUrl: string;
  networkId: string;
  orgId: string;
  total: number;
}): Promise<{ taxiiPerSecond: number; rawPerSecond: number }> {
  const url = `${q.base}/taxii2/${q.networkId}/collections/${collectionIdOf(q.networkId, 'green')}/objects/`;
  const post = async (objects: unknown[]) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...q.auth, accept: TAXII, 'content-type': TAXII },
      body: JSON.stringify({ objects }),
    });
    const body = (await res.json()) as { success_count?: number };
    if (res.status !== 202 || body.success_count !== objects.length)
      throw new Error(`TAXII POST: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  };
  await post(indicators(q.orgId, 100, 0)); // warm-up
  const envelopes = Array.from({ length: q.total / 100 }, (_, i) => indicators(q.orgId, 100, 100 + i * 100));
  let next = 0;
  const started = performance.now();
  // Two clients at a time, as a CERT's tool and a peer's feed would post together.
  await Promise.all(
    [0, 1].map(async () => {
      while (next < envelopes.length) {
        const envelope = envelopes[next++];
        if (envelope) await post(envelope);
      }
    }),
  );
  const taxiiPerSecond = q.total / ((performance.now() - started) / 1000);

  const pool = new pg.Pool({ connectionString: q.databaseUrl, max: 2 });
  try {
    const rawStarted = performance.now();
    for (let i = 0; i < q.total / 100; i++)
      await rawInsert(pool, q, indicators(q.orgId, 100, 1_000_000 + i * 100));
    const rawPerSecond = q.total / ((performance.now() - rawStarted) / 1000);
    return { taxiiPerSecond, rawPerSecond };
  } finally {
    await pool.end();
  }
}

/** The rows TAXII would store for these objects, written by one INSERT with no checks. */
async function rawInsert(
  pool: pg.Pool,
  q: { networkId: string; orgId: string },
  objects: ReturnType<typeof indicators>,
): Promise<void> {
  const values: unknown[] = [];
  const rows = objects.map((o) => {
    const p = values.length;
    values.push(q.networkId, o.id, o.created, o.modified, q.orgId, o.name, JSON.stringify(o));
    return `($${p + 1}, $${p + 2}, 'indicator', '2.1', $${p + 3}::timestamptz, $${p + 4}::timestamptz, 'green', $${p + 5},
      NULL, 'bench', true, false, to_tsvector('simple', $${p + 6}), $${p + 7}::jsonb)`;
  });
  await pool.query(
    `INSERT INTO network_objects (network_id, stix_id, type, spec_version, created, modified, tlp, owner_org_id,
       created_by, source, latest, revoked, search, body) VALUES ${rows.join(', ')}`,
    values,
  );
}

/** Fills a network with raw rows until it holds `total` objects (the first-page bench needs 100,000). */
export async function fillNetwork(q: {
  databaseUrl: string;
  ownerUrl: string;
  networkId: string;
  orgId: string;
  total: number;
}): Promise<number> {
  const pool = new pg.Pool({ connectionString: q.databaseUrl, max: 2 });
  try {
    const count = async () =>
      Number(
        (
          await pool.query<{ n: string }>(
            'SELECT count(*)::text AS n FROM network_objects WHERE network_id = $1',
            [q.networkId],
          )
        ).rows[0]?.n,
      );
    let have = await count();
    for (let i = 0; have < q.total; i++) {
      await rawInsert(
        pool,
        q,
        indicators(q.orgId, 1000 > q.total - have ? q.total - have : 1000, 5_000_000 + i * 1000),
      );
      have = await count();
    }
    // What autovacuum does within a minute; the app's role may not, so as the owner.
    const owner = new pg.Client({ connectionString: q.ownerUrl });
    await owner.connect();
    await owner.query('ANALYZE network_objects').finally(() => owner.end());
    return have;
  } finally {
    await pool.end();
  }
}

/**
 * An alert's fan-out: `clients` live-event streams of a member organisation, split evenly over the app processes
 * at `bases`, and the time from another member sharing an incident until each stream has its `network.shared`
 * event (several incidents, one after the other).
 */
export async function fanOutBench(q: {
  bases: readonly string[];
  watcherAuth: Record<string, string>;
  sharerAuth: Record<string, string>;
  networkId: string;
  clients: number;
  rounds: number;
}): Promise<{ p50: number; p99: number; max: number; connected: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const arrivals = new Map<string, number[]>();
  const streams: { destroy(): void }[] = [];
  await Promise.all(
    Array.from({ length: q.clients }, (_, i) => {
      const base = new URL(q.bases[i % q.bases.length] ?? '');
      return new Promise<void>((resolve, reject) => {
        const req = httpRequest(
          { host: base.hostname, port: base.port, path: '/api/v1/events', headers: q.watcherAuth, agent },
          (res) => {
            if (res.statusCode !== 200) return reject(new Error(`events: ${res.statusCode}`));
            let buffer = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              buffer += chunk;
              if (buffer.startsWith(': connected')) {
                buffer = buffer.slice(buffer.indexOf('\n\n') + 2);
                resolve();
              }
              for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
                const message = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                const data = /^data: (.*)$/m.exec(message)?.[1];
                if (!message.startsWith('event: network.shared') || !data) continue;
                const id = (JSON.parse(data) as { objectId: string }).objectId;
                arrivals.set(id, [...(arrivals.get(id) ?? []), performance.now()]);
              }
            });
          },
        );
        req.on('error', reject);
        req.end();
        streams.push(req);
      });
    }),
  );
  const delays: number[] = [];
  try {
    for (let round = 0; round < q.rounds; round++) {
      const sent = performance.now();
      const res = await fetch(`${q.bases[0]}/api/v1/networks/${q.networkId}/incidents`, {
        method: 'POST',
        headers: { ...q.sharerAuth, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: `Fan-out ${round}`,
          category: 'ddos',
          severity: 'critical',
          detectedAt: new Date().toISOString(),
          tlp: 'green',
        }),
      });
      const { id } = (await res.json()) as { id: string };
      if (res.status !== 201) throw new Error(`share: ${res.status}`);
      const deadline = performance.now() + 10_000;
      while ((arrivals.get(id)?.length ?? 0) < q.clients && performance.now() < deadline)
        await new Promise((r) => setTimeout(r, 5));
      const got = arrivals.get(id) ?? [];
      if (got.length < q.clients)
        throw new Error(`only ${got.length} of ${q.clients} streams heard round ${round}`);
      delays.push(...got.map((at) => at - sent));
    }
  } finally {
    for (const s of streams) s.destroy();
    agent.destroy();
  }
  const { p50, p99, max } = percentiles(delays);
  return { p50, p99, max, connected: q.clients };
}
