/**
 * Certificate issuance against the credential library's raw signing rate, measured in the same run
 * (PRODUCT.md: issuance, signed and stored, at ≥ 80 % of the raw rate).
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import { pino } from 'pino';
import { systemActor } from '../src/platform/actor.js';
import { loadConfig } from '../src/platform/config.js';
import { openServices } from '../src/runtime.js';

const COUNT = 200;

/** Issues COUNT certificates through the service and signs COUNT with the library alone; rates per second. */
export async function issuanceBench(
  env: Record<string, string>,
): Promise<{ issuedPerSecond: number; rawPerSecond: number }> {
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
    return { issuedPerSecond, rawPerSecond };
  } finally {
    await services.close();
  }
}
