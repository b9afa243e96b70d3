import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * Local web sites for scans to look at: one HTTP and one HTTPS server on loopback (the HTTPS one with a
 * certificate from a test CA, `FIXTURE_CA`), serving each site under its own path `/<name>/` with the headers,
 * body and behaviour it is given. `webwatch` tests, the Observatory agreement test and the bench use them.
 */

export const TLS_DIR = join(import.meta.dirname, 'fixtures', 'tls');
/** The certificate of the CA that signed the fixtures' certificate (for 127.0.0.1 and localhost). */
export const FIXTURE_CA = readFileSync(join(TLS_DIR, 'ca.pem'), 'utf8');

export interface FixtureSite {
  /** Headers of the page (a list for a header sent on several lines). */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string;
  readonly status?: number;
  /** What plain http does: serve the page too, redirect to https (the default), or redirect elsewhere. */
  readonly http?: 'serve' | 'redirect' | 'redirect-via-http' | 'redirect-off-host' | 'redirect-to-http';
  /** Answers to a CORS preflight. */
  readonly preflight?: Readonly<Record<string, string>>;
  /** Milliseconds to wait before answering. */
  readonly slow?: number;
}

export interface FixtureServer {
  readonly httpPort: number;
  readonly httpsPort: number;
  /** The address of a site, over https unless told. */
  url(name: string, scheme?: 'http' | 'https'): URL;
  /** Adds or replaces a site. */
  set(name: string, site: FixtureSite): void;
  /** How many requests each site received (security.txt counts as ""). */
  readonly hits: Map<string, number>;
  /** What /.well-known/security.txt answers (null: 404). */
  securityTxt: { body: string; type: string } | null;
  close(): Promise<void>;
}

export async function startFixtureSites(
  sites: Readonly<Record<string, FixtureSite>> = {},
): Promise<FixtureServer> {
  const table = new Map(Object.entries(sites));
  let httpPort = 0;
  let httpsPort = 0;
  const state: { securityTxt: { body: string; type: string } | null } = { securityTxt: null };

  const hits = new Map<string, number>();
  const handler = (secure: boolean) => (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1`);
    const name = url.pathname.startsWith('/.well-known/') ? '' : (url.pathname.split('/')[1] ?? '');
    hits.set(name, (hits.get(name) ?? 0) + 1);
    if (url.pathname === '/.well-known/security.txt') {
      if (!state.securityTxt) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': state.securityTxt.type }).end(state.securityTxt.body);
    }
    const site = table.get(name);
    if (!site) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('no such fixture');
    const mode = site.http ?? 'redirect';
    if (!secure && mode !== 'serve') {
      const to =
        mode === 'redirect'
          ? `https://127.0.0.1:${httpsPort}${url.pathname}`
          : mode === 'redirect-off-host'
            ? `https://localhost:${httpsPort}${url.pathname}`
            : `http://127.0.0.1:${httpPort}/${name}/hop`;
      if (url.pathname.endsWith('/hop')) {
        if (mode === 'redirect-to-http')
          return void res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Hop</title>');
        return void res.writeHead(301, { location: `https://127.0.0.1:${httpsPort}/${name}/` }).end();
      }
      return void res.writeHead(301, { location: to }).end();
    }
    if (req.method === 'OPTIONS') return void res.writeHead(204, { ...site.preflight }).end();
    const send = () => {
      res.writeHead(site.status ?? 200, {
        'content-type': 'text/html; charset=utf-8',
        ...(site.headers as Record<string, string | string[]>),
      });
      res.end(site.body ?? '<!doctype html><html lang="en"><title>Fixture</title><h1>Fixture</h1></html>');
    };
    if (site.slow) setTimeout(send, site.slow);
    else send();
  };

  const plain = http.createServer(handler(false));
  const tls = https.createServer(
    { key: readFileSync(join(TLS_DIR, 'site.key')), cert: readFileSync(join(TLS_DIR, 'site.pem')) },
    handler(true),
  );
  await Promise.all([
    new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve)),
    new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve)),
  ]);
  httpPort = (plain.address() as AddressInfo).port;
  httpsPort = (tls.address() as AddressInfo).port;

  return {
    httpPort,
    httpsPort,
    url: (name, scheme = 'https') =>
      new URL(`${scheme}://127.0.0.1:${scheme === 'https' ? httpsPort : httpPort}/${name}/`),
    set: (name, site) => void table.set(name, site),
    hits,
    get securityTxt() {
      return state.securityTxt;
    },
    set securityTxt(value) {
      state.securityTxt = value;
    },
    async close() {
      plain.closeAllConnections();
      tls.closeAllConnections();
      await Promise.all([
        new Promise((resolve) => plain.close(resolve)),
        new Promise((resolve) => tls.close(resolve)),
      ]);
    },
  };
}
