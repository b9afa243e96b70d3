import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices, TEST_MASTER_KEY } from './test/db.js';
import { makeUser } from './test/factories.js';
import { Client, startApp } from './test/http.js';

const run = promisify(execFile);

let services: Awaited<ReturnType<typeof freshServices>>;
let dir: string;

/** Runs the real CLI (from source) against this file's database. */
async function atalaya(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      env: {
        ...process.env,
        DATABASE_URL: services.url,
        LOG_LEVEL: 'silent',
        ATALAYA_MASTER_KEY: TEST_MASTER_KEY,
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(async () => {
  services = await freshServices();
  dir = await mkdtemp(join(tmpdir(), 'atalaya-cli-'));
});
afterAll(async () => {
  await services.close();
  await rm(dir, { recursive: true, force: true });
});

// Each test runs the CLI from source in a new process (tsx compiles it each time): seconds per run on 2 cores.
describe('the atalaya command', { timeout: 90_000 }, () => {
  it('creates a user and prints a working API token for them', async () => {
    const { orgId } = await makeUser(services);
    const created = await atalaya(
      'users',
      'create',
      '--email',
      'Cli.User@Example.org',
      '--name',
      'CLI User',
      '--org',
      orgId ?? '',
      '--role',
      'analyst',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created cli.user@example.org/);
    expect(created.stdout).toMatch(/Password \(shown once\): \S{20,}/);
    const token = await atalaya('tokens', 'create', '--user', 'cli.user@example.org');
    expect(token.code).toBe(0);
    const { base, close } = await startApp(services);
    const client = new Client(base);
    client.bearer = token.stdout.trim();
    expect((await client.get('/api/v1/me')).body).toMatchObject({
      email: 'cli.user@example.org',
      memberships: [{ orgId, role: 'analyst' }],
    });
    await close();
  });

  it('prints an operator a deployment token that works on operator routes and in no organisation', async () => {
    const member = await makeUser(services, { role: 'org_admin' });
    const operator = await makeUser(services, { operator: true, noOrg: true });
    const token = await atalaya('tokens', 'create', '--user', operator.email);
    expect(token.stderr).toBe('');
    expect(token.code).toBe(0);
    const { base, close } = await startApp(services);
    const client = new Client(base);
    client.bearer = token.stdout.trim();
    expect((await client.get('/api/v1/admin/orgs')).status).toBe(200);
    expect((await client.get(`/api/v1/orgs/${member.orgId}/elections`)).status).toBe(404);
    // An organisation's token held by an operator carries no operator power.
    const orgToken = await atalaya('tokens', 'create', '--user', member.email);
    await sql`UPDATE users SET is_operator = true WHERE email = ${member.email}`.execute(services.db);
    client.bearer = orgToken.stdout.trim();
    expect((await client.get('/api/v1/admin/orgs')).status).toBe(403);
    expect((await client.get(`/api/v1/orgs/${member.orgId}/elections`)).status).toBe(200);
    await close();
    const plain = await makeUser(services);
    const refused = await atalaya('tokens', 'create', '--operator', '--user', plain.email);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not a deployment operator/);
  });

  it('refuses bad arguments with a usage exit code and a clear message', async () => {
    const bad = await atalaya('tokens', 'create', '--user', 'not-an-email');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/not a valid e-mail address/);
    const unknown = await atalaya('tokens', 'create', '--user', 'ghost@example.org');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no account for ghost@example.org/);
  });

  it('proves the audit chain intact, then names the event someone altered', async () => {
    const intact = await atalaya('audit', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/Audit chain intact: \d+ events verified/);
    const { rows } = await sql<{
      id: string;
    }>`SELECT id::text FROM audit_events ORDER BY audit_events.id LIMIT 1 OFFSET 1`.execute(services.db);
    await sql`UPDATE audit_events SET actor_label = 'someone else' WHERE id = ${rows[0]?.id}`.execute(
      services.db,
    );
    const broken = await atalaya('audit', 'verify');
    expect(broken.code).toBe(3);
    expect(broken.stdout).toContain(`BROKEN at event ${rows[0]?.id}`);
  });

  it('backs up and restores the database', async () => {
    const file = join(dir, 'backup.dump');
    const { email } = await makeUser(services, { email: 'kept@example.org' });
    const backup = await atalaya('backup', '--out', file);
    expect(backup.code, backup.stderr).toBe(0);
    expect((await stat(file)).size).toBeGreaterThan(10_000);
    await sql`DELETE FROM users WHERE email = ${email}`.execute(services.db);
    const restore = await atalaya('restore', file);
    expect(restore.code, restore.stderr).toBe(0);
    const { rows } = await sql<{
      n: string;
    }>`SELECT count(*)::text AS n FROM users WHERE email = ${email}`.execute(services.db);
    expect(rows[0]?.n).toBe('1');
  });
});
