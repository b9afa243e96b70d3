/**
 * Certificate issuance against the credential library's raw signing rate, measured in the same run
 * (PRODUCT.md: issuance, signed and stored, at ≥ 80 % of the raw rate).
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { pino } from 'pino';
import { systemActor } from '../src/platform/actor.js';
import { loadConfig } from '../src/platform/config.js';
import { openServices } from '../src/runtime.js';

const COUNT = 200;

/** Issues COUNT certificates through the service and signs COUNT with the library alone; rates per second. */
export async function issuanceBench(
  env: Record<string, string>,
): Promise<{ issuedPerSecond: number; bulkPerSecond: number; rawPerSecond: number }> {
  const services = await openServices(loadConfig({ ...process.env, ...env }), {
    logger: pino({ level: 'warn' }),
  });
  try {
    const [org] = await services.identity.orgs.listProviders();
    if (!org) throw new Error('no organisation to issue from: run after the demo data is loaded');
    const target = org.id;
    const actor = systemActor('system');
    const issue = () =>
      services.credentials.issue({
        orgId: target,
        orgName: 'Benchmark issuer',
        actor,
        recipient: { email: 'someone@example.org', name: 'Some One', userId: null },
        achievement: 'participant',
        validUntil: null,
      });
    const first = await issue(); // creates the key and lists
    if (!first.ok) throw new Error(first.error.id);
    let started = performance.now();
    for (let i = 0; i < COUNT; i++) await issue();
    const issuedPerSecond = (COUNT * 1000) / (performance.now() - started);

    // A session's bulk issue: one transaction, keys and status indices taken once.
    started = performance.now();
    const bulk = await services.credentials.issueMany({
      orgId: target,
      orgName: 'Benchmark issuer',
      actor,
      achievement: 'participant',
      validUntil: null,
      recipients: Array.from({ length: COUNT }, (_, i) => ({
        email: `person${i}@example.org`,
        name: `Person ${i}`,
        userId: null,
      })),
    });
    if (!bulk.ok) throw new Error(bulk.error.id);
    const bulkPerSecond = (COUNT * 1000) / (performance.now() - started);

    const unsigned = Object.fromEntries(
      Object.entries(first.value.document as Record<string, unknown>).filter(([field]) => field !== 'proof'),
    );
    const key = await Ed25519Multikey.generate({
      id: 'https://bench.example/issuer#key-1',
      controller: 'https://bench.example/issuer',
    });
    const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022 });
    await vc.issue({ credential: unsigned, suite, documentLoader: services.credentials.documentLoader });
    started = performance.now();
    for (let i = 0; i < COUNT; i++)
      await vc.issue({ credential: unsigned, suite, documentLoader: services.credentials.documentLoader });
    const rawPerSecond = (COUNT * 1000) / (performance.now() - started);
    return { issuedPerSecond, bulkPerSecond, rawPerSecond };
  } finally {
    await services.close();
  }
}

/** Exact percentiles of some samples (milliseconds), and the largest. */
export function percentiles(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

/** Latency percentiles of `total` GETs of `url` with `headers`, `concurrency` at a time (from every sample). */
export async function latency(
  url: string,
  opts: { total?: number; concurrency?: number; headers?: Record<string, string> } = {},
) {
  const total = opts.total ?? 2000;
  const samples: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next += 1;
      const started = performance.now();
      const res = await fetch(url, { headers: opts.headers ?? {} });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
      samples.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 10 }, worker));
  return percentiles(samples);
}

/**
 * Milliseconds from asking to revoke a certificate until its published status list reads revoked, polling
 * the list as a verifier would.
 */
export async function revocationDelay(q: { base: string; orgId: string; auth: Record<string, string> }) {
  const list = (await (
    await fetch(`${q.base}/api/v1/orgs/${q.orgId}/training/certificates`, { headers: q.auth })
  ).json()) as { certificates: { id: string; status: string }[] };
  const cert = list.certificates.find((c) => c.status === 'valid');
  if (!cert) throw new Error('no valid certificate to revoke');
  const doc = (await (await fetch(`${q.base}/verify/${cert.id}.json`)).json()) as {
    credentialStatus: { statusPurpose: string; statusListIndex: string; statusListCredential: string }[];
  };
  const entry = doc.credentialStatus.find((e) => e.statusPurpose === 'revocation');
  if (!entry) throw new Error('no revocation entry');
  const statusUrl = `${q.base}${new URL(entry.statusListCredential).pathname}`;
  const started = performance.now();
  const res = await fetch(`${q.base}/api/v1/orgs/${q.orgId}/training/certificates/revoke`, {
    method: 'POST',
    headers: { ...q.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ ids: [cert.id], reason: 'benchmark' }),
  });
  if (!res.ok) throw new Error(`revoke: ${res.status}`);
  for (;;) {
    const credential = (await (await fetch(statusUrl)).json()) as {
      credentialSubject: { encodedList: string };
    };
    const bits = await decodeList({ encodedList: credential.credentialSubject.encodedList });
    if (bits.getStatus(Number(entry.statusListIndex))) return performance.now() - started;
  }
}
