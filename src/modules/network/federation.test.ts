import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/actor.js';
import { newId } from '../../platform/ids.js';
import { freePort } from '../../platform/embedded-db.js';
import { freshServices, TEST_MASTER_KEY } from '../../test/db.js';
import { startApp } from '../../test/http.js';
import { makeUser } from '../../test/factories.js';
import { regionalNetwork, signedInAs, taxiiClientOf } from '../../test/network.js';
import { findLatest } from './objects.store.js';
import { collectionIdOf } from './taxii.model.js';
import { markingRefOf } from './tlp.js';

/**
 * Federation: two deployments, each its own server process and database, exchange indicators over TAXII on
 * loopback. Deployment A runs in this process; deployment B is `atalaya serve` in another, and pulls with
 * `atalaya taxii pull` in a third.
 */
const run = promisify(execFile);
let a: Awaited<ReturnType<typeof freshServices>>;
let b: Awaited<ReturnType<typeof freshServices>>;
let baseA: string;
let closeA: () => Promise<void>;
let serverB: ChildProcess | undefined;
let baseB: string;
let dataDir: string;

/** Runs the real CLI (from source) on deployment B's database. */
async function atalayaOnB(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      env: { ...process.env, DATABASE_URL: b.url, LOG_LEVEL: 'silent', ATALAYA_MASTER_KEY: TEST_MASTER_KEY },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(async () => {
  a = await freshServices();
  ({ base: baseA, close: closeA } = await startApp(a));
  b = await freshServices();
  dataDir = await mkdtemp(join(tmpdir(), 'atalaya-federation-'));
  const port = await freePort();
  baseB = `http://127.0.0.1:${port}`;
  serverB = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseB,
      DATABASE_URL: b.url,
      ATALAYA_DATA_DIR: dataDir,
      ATALAYA_MASTER_KEY: TEST_MASTER_KEY,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (serverB.exitCode !== null) throw new Error(`deployment B exited with code ${serverB.exitCode}`);
    if (
      await fetch(`${baseB}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error('deployment B did not become ready in 90 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}, 120_000);
afterAll(async () => {
  if (serverB && serverB.exitCode === null) {
    const exited = new Promise((resolve) => serverB?.once('exit', resolve));
    serverB.kill('SIGTERM');
    await exited;
  }
  await closeA();
  await a.close();
  await b.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** An indicator of `orgId` marked `tlp`, as a member's tool would POST it. */
function indicator(orgId: string, tlp: 'green' | 'amber+strict', value: string) {
  const at = new Date().toISOString();
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${newId()}`,
    created: at,
    modified: at,
    created_by_ref: `identity--${orgId}`,
    name: `Phishing sender ${value}`,
    pattern: `[email-addr:value = '${value}']`,
    pattern_type: 'stix',
    valid_from: at,
    object_marking_refs: [markingRefOf(tlp)],
  };
}

describe('two deployments federating over TAXII', { timeout: 120_000 }, () => {
  it('pull GREEN from each other with provenance and marking kept, and never AMBER+STRICT', async () => {
    // Deployment A: a regional network in which X and Y share.
    const netA = await regionalNetwork(a);
    const [x, y] = netA.members;
    const sharerOnA = await taxiiClientOf(a, { base: baseA, orgId: x });
    const green = indicator(x, 'green', 'notice@phish.example');
    const strictOfX = indicator(x, 'amber+strict', 'x-only@phish.example');
    const collectionA = (tlp: 'green' | 'amber+strict') =>
      `/taxii2/${netA.networkId}/collections/${collectionIdOf(netA.networkId, tlp)}`;
    expect(
      (await sharerOnA.request('POST', `${collectionA('green')}/objects/`, { objects: [green] })).status,
    ).toBe(202);
    expect(
      (await sharerOnA.request('POST', `${collectionA('amber+strict')}/objects/`, { objects: [strictOfX] }))
        .status,
    ).toBe(202);
    // Y's own AMBER+STRICT is readable with Y's token: B pulls with that token, and it must still not cross.
    const liaison = await makeUser(a, { orgId: y, role: 'analyst' });
    const token = await a.identity.tokens.create({
      userId: liaison.userId,
      orgId: y,
      name: 'Deployment B',
      actor: systemActor('system'),
    });
    if (!token.ok) throw new Error(token.error.id);
    const liaisonOnA = await taxiiClientOf(a, { base: baseA, orgId: y });
    const strictOfY = indicator(y, 'amber+strict', 'y-only@phish.example');
    await liaisonOnA.request('POST', `${collectionA('amber+strict')}/objects/`, { objects: [strictOfY] });

    // Deployment B: its own network; P brings A's collections in with Y's token.
    const netB = await regionalNetwork(b);
    const p = netB.members[0];
    const admin = await signedInAs(b, { base: baseB, orgId: p, role: 'org_admin' });
    for (const tlp of ['green', 'amber+strict'] as const) {
      const feed = await admin.post(`/api/v1/networks/${netB.networkId}/feeds`, {
        title: `Deployment A ${tlp}`,
        collectionUrl: `${baseA}${collectionA(tlp)}/`,
        username: liaison.email,
        secret: token.value.token,
        tlp,
      });
      expect(feed.status, JSON.stringify(feed.body)).toBe(201);
    }
    const listed = await admin.get(`/api/v1/networks/${netB.networkId}/feeds`);
    expect(JSON.stringify(listed.body)).not.toContain(token.value.token);

    const pulled = await atalayaOnB('taxii', 'pull');
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stderr).toMatch(/Deployment A green: page 1, 1 received, 1 stored/);
    expect(pulled.stdout).toMatch(/Deployment A amber\+strict: 0 new/);

    const reader = { kind: 'member' as const, networkId: netB.networkId, orgId: netB.members[1] };
    const arrived = await findLatest(b.db, { reader, stixId: green.id });
    expect(arrived?.body).toEqual(green);
    expect(arrived?.marking.tlp).toBe('green');
    expect(arrived?.source).toBe(`taxii:${baseA}${collectionA('green')}/`);
    for (const id of [strictOfX.id, strictOfY.id])
      expect(await findLatest(b.db, { reader: { ...reader, orgId: p }, stixId: id })).toBeUndefined();

    // A second pull starts where the first stopped: nothing new.
    const again = await atalayaOnB('taxii', 'pull');
    expect(again.stdout).toMatch(/Deployment A green: 0 new/);
  });

  it('pushes what a member shared to a peer, keeps AMBER+STRICT home, and does not loop back', async () => {
    const netA = await regionalNetwork(a);
    const y = netA.members[1];
    const liaison = await makeUser(a, { orgId: y, role: 'analyst' });
    const token = await a.identity.tokens.create({
      userId: liaison.userId,
      orgId: y,
      name: 'Deployment B',
      actor: systemActor('system'),
    });
    if (!token.ok) throw new Error(token.error.id);
    const greenA = `/taxii2/${netA.networkId}/collections/${collectionIdOf(netA.networkId, 'green')}/`;

    const netB = await regionalNetwork(b);
    const p = netB.members[0];
    const analyst = await signedInAs(b, { base: baseB, orgId: p });
    const n = `/api/v1/networks/${netB.networkId}`;
    const feed = await analyst.post(`${n}/feeds`, {
      title: 'Deployment A',
      collectionUrl: `${baseA}${greenA}`,
      username: liaison.email,
      secret: token.value.token,
      tlp: 'green',
    });
    const feedId = (feed.body as { id: string }).id;
    const share = async (tlp: string, value: string) =>
      (
        (await analyst.post(`${n}/indicators`, { observable: { kind: 'domain', value }, tlp })).body as {
          id: string;
        }
      ).id;
    const shared = await share('green', 'results-portal-login.example');
    const kept = await share('amber+strict', 'internal-only.example');

    const pushed = await analyst.post(`${n}/feeds/${feedId}/push`, { objectIds: [shared] });
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200);
    expect(pushed.body).toEqual({ successCount: 2, failureCount: 0 });
    const refused = await analyst.post(`${n}/feeds/${feedId}/push`, { objectIds: [kept] });
    expect(refused.status).toBe(403);

    const onA = await taxiiClientOf(a, { base: baseA, orgId: netA.coordinator });
    const seen = await onA.request('GET', `${greenA}objects/?match[id]=${shared},${kept}`);
    expect((seen.body as { objects?: { id: string; created_by_ref: string }[] }).objects).toEqual([
      expect.objectContaining({ id: shared, created_by_ref: `identity--${p}` }),
    ]);

    // Pulling A's collection brings P's own indicator back: it is recognised, not stored twice.
    const back = await analyst.post(`${n}/feeds/${feedId}/pull`, {});
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ received: 1, stored: 0 });
  });

  it('says when a remote cannot be reached, and puts the next attempt off', async () => {
    const netB = await regionalNetwork(b);
    const admin = await signedInAs(b, { base: baseB, orgId: netB.members[0], role: 'org_admin' });
    const n = `/api/v1/networks/${netB.networkId}`;
    const nowhere = await freePort();
    const feed = await admin.post(`${n}/feeds`, {
      title: 'Offline peer',
      collectionUrl: `http://127.0.0.1:${nowhere}/taxii2/${newId()}/collections/${newId()}/`,
      secret: 'token',
      tlp: 'green',
    });
    const feedId = (feed.body as { id: string }).id;
    const failed = await admin.post(`${n}/feeds/${feedId}/pull`, {});
    expect(failed.status).toBe(503);
    const listed = (await admin.get(`${n}/feeds`)).body as {
      feeds: { lastError: string | null; failures: number; nextPullAt: string }[];
    };
    expect(listed.feeds[0]?.failures).toBe(1);
    expect(listed.feeds[0]?.lastError).toMatch(/no answer/);
    const bad = await admin.post(`${n}/feeds`, {
      title: 'Plain HTTP',
      collectionUrl: 'http://cert.example/taxii2/root/collections/0c6e1c0e-1c2a-4f3e-9b7a-1d2e3f4a5b6c/',
      secret: 'token',
      tlp: 'green',
    });
    expect(bad.status).toBe(400);
  });
});
