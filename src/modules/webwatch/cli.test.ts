import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CA, startFixtureSites, type FixtureServer } from '../../test/web-fixtures.js';
import { OBSERVATORY_TESTS } from './observatory.js';

const run = promisify(execFile);
let sites: FixtureServer;
let caFile: string;

beforeAll(async () => {
  sites = await startFixtureSites({
    results: { http: 'serve', headers: { 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff' } },
  });
  caFile = join(await mkdtemp(join(tmpdir(), 'atalaya-ca-')), 'ca.pem');
  await writeFile(caFile, FIXTURE_CA);
});
afterAll(() => sites.close());

async function atalaya(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', NODE_EXTRA_CA_CERTS: caFile, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('atalaya scan', { timeout: 90_000 }, () => {
  it('prints the report as JSON, the Observatory tests by name, with progress on stderr', async () => {
    const { code, stdout, stderr } = await atalaya(
      { ATALAYA_SCAN_ALLOW_PRIVATE: 'true' },
      'scan',
      '--json',
      sites.url('results', 'http').href,
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('fetching');
    const report = JSON.parse(stdout) as {
      url: string;
      observatory: {
        score: number;
        grade: string;
        tests: Record<string, { pass: boolean; scoreModifier: number }>;
      };
      tls: unknown;
      availability: { up: boolean; status: number };
    };
    expect(report.url).toBe(sites.url('results', 'http').href);
    expect(report.availability).toMatchObject({ up: true, status: 200 });
    expect(Object.keys(report.observatory.tests).sort()).toEqual([...OBSERVATORY_TESTS].sort());
    expect(report.observatory.tests['x-frame-options']).toEqual({
      result: 'x-frame-options-sameorigin-or-deny',
      pass: true,
      scoreModifier: 0,
    });
    // Plain http that never moves to https fails the redirection test.
    expect(report.observatory.tests['redirection']?.pass).toBe(false);
    expect(report.observatory.grade).toMatch(/^[A-F][+-]?$/);
  });

  it('refuses a loopback address unless the operator allows it, with exit code 2', async () => {
    const { code, stdout, stderr } = await atalaya(
      { ATALAYA_SCAN_ALLOW_PRIVATE: 'false' },
      'scan',
      sites.url('results').href,
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('ATALAYA_SCAN_ALLOW_PRIVATE=true');
  });

  it('says a site is down with exit code 1', async () => {
    const { code, stdout } = await atalaya(
      { ATALAYA_SCAN_ALLOW_PRIVATE: 'true' },
      'scan',
      'http://127.0.0.1:9/',
    );
    expect(code).toBe(1);
    expect(stdout).toContain('DOWN');
  });
});
