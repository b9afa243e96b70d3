import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generate } from 'otplib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices, TEST_MASTER_KEY } from '../test/db.js';
import { makeUser } from '../test/factories.js';
import { Client, startApp } from '../test/http.js';
import { kekOf, loadMasterKeys, openSecretBox, pickKek } from './secrets.js';

let services: Awaited<ReturnType<typeof freshServices>>;
let dir: string;
beforeAll(async () => {
  services = await freshServices();
  dir = await mkdtemp(join(tmpdir(), 'atalaya-keys-'));
});
afterAll(async () => {
  await services.close();
  await rm(dir, { recursive: true, force: true });
});

const column = async (query: ReturnType<typeof sql<{ v: string }>>) =>
  (await query.execute(services.db)).rows.map((r) => r.v);

describe('secrets at rest', () => {
  it('opens a sealed value only in the context it was sealed for', () => {
    const sealed = services.secrets.seal('JBSWY3DPEHPK3PXP', 'users.totp_secret:a');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(services.secrets.openText(sealed, 'users.totp_secret:a')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => services.secrets.open(sealed, 'users.totp_secret:b')).toThrow();
  });

  it('keeps authenticator seeds, signing keys and check-in secrets sealed in the database', async () => {
    const { base, close } = await startApp(services);
    const user = await makeUser(services, { role: 'trainer' });
    const client = new Client(base);
    await client.login(user.email);
    const { secret } = (await client.post('/api/v1/me/totp')).body as { secret: string };
    expect((await client.post('/api/v1/me/totp/confirm', { code: await generate({ secret }) })).status).toBe(
      204,
    );
    const session = await client.post(`/api/v1/orgs/${user.orgId}/training/sessions`, {
      courseId: 'cyber-hygiene',
      courseVersion: '1.0.0',
      title: 'Sealed',
      startsOn: '2026-12-01',
      place: 'Room',
      audience: 'officials',
      lead: { userId: user.userId },
    });
    expect(session.status).toBe(201);
    unwrapOk(
      await services.credentials.rotateKey({ orgId: user.orgId ?? '', actor: { userId: null, label: 't' } }),
    );
    await close();
    const seeds = await column(sql`SELECT totp_secret AS v FROM users WHERE id = ${user.userId}`);
    expect(seeds[0]).toMatch(/^v1\./);
    expect(seeds[0]).not.toContain(secret);
    for (const v of await column(sql`SELECT secret_key_multibase AS v FROM training_issuer_keys`))
      expect(v).toMatch(/^v1\./);
    for (const v of await column(sql`SELECT checkin_secret AS v FROM training_sessions`))
      expect(v).toMatch(/^v1\./);
  });

  it('seals a seed stored in clear before, and the authenticator still works', async () => {
    const user = await makeUser(services);
    const seed = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await sql`UPDATE users SET totp_secret = ${seed}, totp_enabled_at = now() WHERE id = ${user.userId}`.execute(
      services.db,
    );
    await services.sealLegacySecrets();
    expect((await column(sql`SELECT totp_secret AS v FROM users WHERE id = ${user.userId}`))[0]).toMatch(
      /^v1\./,
    );
    const { base, close } = await startApp(services);
    const client = new Client(base);
    await client.login(user.email);
    const code = await generate({ secret: seed, epoch: Math.floor(services.clock.now().getTime() / 1000) });
    expect((await client.post('/api/v1/auth/mfa/totp', { code })).status).toBe(200);
    await close();
  });

  it('refuses to start with another master key, and says what to do', async () => {
    await expect(openSecretBox(services.db, kekOf(randomBytes(32)))).rejects.toThrow(/ATALAYA_MASTER_KEY/);
    await expect(pickKek(services.db, [kekOf(randomBytes(32))])).rejects.toThrow(/master key/);
  });

  it('rotates the master key file with `atalaya keys rotate`: old values still open, the old key no longer does', async () => {
    const file = join(dir, 'master.key');
    await writeFile(file, `${TEST_MASTER_KEY}\n`, { mode: 0o600 });
    const sealed = services.secrets.seal('signing key', 'test:rotation');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: services.url,
      LOG_LEVEL: 'silent',
      ATALAYA_MASTER_KEY_FILE: file,
    };
    delete env['ATALAYA_MASTER_KEY'];
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', 'keys', 'rotate'],
      { env, timeout: 60_000 },
    );
    expect(stdout).toMatch(/Re-wrapped 1 data keys/);
    expect((await readFile(file, 'utf8')).trim()).not.toBe(TEST_MASTER_KEY);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const { keys } = await loadMasterKeys({ kind: 'file', path: file });
    const reopened = await openSecretBox(services.db, await pickKek(services.db, keys));
    expect(reopened.openText(sealed, 'test:rotation')).toBe('signing key');
    await expect(openSecretBox(services.db, kekOf(Buffer.from(TEST_MASTER_KEY, 'base64')))).rejects.toThrow();
  });
});

function unwrapOk<T>(result: { ok: true; value: T } | { ok: false; error: { id: string } }): T {
  if (!result.ok) throw new Error(result.error.id);
  return result.value;
}
