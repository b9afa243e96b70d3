import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { checkServerIdentity, TLSSocket, type PeerCertificate } from 'node:tls';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import ipaddr from 'ipaddr.js';

/**
 * One outbound HTTP request of a scan, on guard: only http and https, only public addresses unless the operator
 * allows private ones (the address is checked after DNS resolution, on the address actually dialled, so a name
 * that resolves to 127.0.0.1 or 169.254.169.254 is refused too), a time limit on the whole exchange, and a cap on
 * the body (after decompression). Nothing here follows redirects; the caller decides.
 */

export interface FetchPolicy {
  /** Allow loopback, private, link-local and other non-public addresses (ATALAYA_SCAN_ALLOW_PRIVATE). */
  readonly allowPrivate: boolean;
  /** From dialling to the last byte of the body. */
  readonly timeoutMs: number;
  /** Body bytes kept; the rest is dropped and the exchange marked truncated. */
  readonly maxBytes: number;
  /** Certificates to trust besides the system's (a test CA). */
  readonly ca?: string | undefined;
  readonly userAgent: string;
  /** Aborts every request still running when the whole scan has had its time. */
  readonly deadline?: AbortSignal | undefined;
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = {
  allowPrivate: false,
  timeoutMs: 10_000,
  maxBytes: 5 * 1024 * 1024,
  userAgent: 'Atalaya-webwatch/1 (+https://github.com/atalaya; website security scan)',
};

/** What a TLS connection showed. */
export interface TlsFacts {
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly altNames: string[];
  readonly fingerprint256: string | null;
  /** Whether the chain is trusted and the name matches; why not when it is not. */
  readonly trusted: boolean;
  readonly hostnameMatches: boolean;
  readonly error: string | null;
}

export interface Fetched {
  readonly url: URL;
  readonly status: number;
  /** As Node gives them: lower-case names, repeated lines joined by ", ", Set-Cookie a list. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly truncated: boolean;
  /** Milliseconds from dialling to the response headers. */
  readonly ms: number;
  readonly tls: TlsFacts | null;
}

/** Why a request was not made or did not complete. */
export class FetchFailed extends Error {
  constructor(
    readonly reason: 'refused_address' | 'scheme' | 'timeout' | 'certificate' | 'network',
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Certificate errors after which a scan goes on without verification, noting that it did (as the Observatory). */
const CERTIFICATE_ERRORS = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'OUT_OF_MEM',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Whether an address is on the public internet (not loopback, private, link-local, CGNAT, multicast…). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

function refused(host: string, address: string): FetchFailed {
  const where =
    host === address ? `${host} is not a public address` : `${host} is at ${address}, not a public address`;
  return new FetchFailed(
    'refused_address',
    `${where}; scans of loopback and private addresses are off (an operator allows them with ATALAYA_SCAN_ALLOW_PRIVATE=true)`,
  );
}

/** A DNS lookup that refuses non-public answers (Node calls it with `all: true` when it races families). */
function guardedLookup(
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) return callback(refused(hostname, bad.address), []);
    if (options.all) return callback(null, addresses);
    const one = addresses[0];
    if (!one) return callback(new Error(`${hostname} has no address`), []);
    callback(null, one.address, one.family);
  });
}

export interface FetchRequest {
  readonly method?: 'GET' | 'OPTIONS';
  readonly headers?: Readonly<Record<string, string>>;
  /** False: go ahead on an untrusted certificate (its facts still say it is not trusted). */
  readonly verify: boolean;
  /** Read the body (false for a preflight). */
  readonly body?: boolean;
}

/** Makes one request under the policy. Throws `FetchFailed`. */
export async function fetchOnce(url: URL, request: FetchRequest, policy: FetchPolicy): Promise<Fetched> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FetchFailed('scheme', `${url.protocol} is not a web address a scan follows`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (/(^|\.)invalid\.?$/i.test(host))
    throw new FetchFailed('network', `${host} does not exist: .invalid names never resolve (RFC 6761)`);
  if (isIP(host) !== 0 && !policy.allowPrivate && !isPublicAddress(host)) throw refused(host, host);

  const secure = url.protocol === 'https:';
  const started = performance.now();
  const signal = policy.deadline
    ? AbortSignal.any([AbortSignal.timeout(policy.timeoutMs), policy.deadline])
    : AbortSignal.timeout(policy.timeoutMs);
  const options: https.RequestOptions = {
    method: request.method ?? 'GET',
    headers: {
      'user-agent': policy.userAgent,
      'accept-encoding': 'gzip, deflate, br',
      ...request.headers,
    },
    agent: false,
    signal,
    ...(!policy.allowPrivate && { lookup: guardedLookup }),
    ...(secure && {
      rejectUnauthorized: request.verify,
      servername: isIP(host) === 0 ? host : undefined,
      ...(policy.ca && { ca: policy.ca }),
    }),
  };

  return new Promise<Fetched>((resolve, reject) => {
    let tls: TlsFacts | null = null;
    const req = (secure ? https : http).request(url, options, (res) => {
      const ms = performance.now() - started;
      const wantBody = request.body !== false && req.method !== 'OPTIONS';
      const chunks: Buffer[] = [];
      let kept = 0;
      let truncated = false;
      const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
      const decoder =
        encoding === 'gzip' || encoding === 'x-gzip'
          ? createGunzip()
          : encoding === 'deflate'
            ? createInflate()
            : encoding === 'br'
              ? createBrotliDecompress()
              : null;
      const stream = decoder ? res.pipe(decoder) : res;
      const finish = () =>
        resolve({
          url,
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          truncated,
          ms,
          tls,
        });
      if (!wantBody) {
        res.resume();
        res.on('end', finish);
        res.on('error', () => finish());
        return;
      }
      stream.on('data', (chunk: Buffer) => {
        if (truncated) return;
        if (kept + chunk.length > policy.maxBytes) {
          chunks.push(chunk.subarray(0, policy.maxBytes - kept));
          truncated = true;
          req.destroy();
          finish();
          return;
        }
        kept += chunk.length;
        chunks.push(chunk);
      });
      stream.on('end', finish);
      stream.on('error', (error: Error) => {
        if (truncated) return;
        // A body cut short or badly compressed: keep what arrived.
        if (chunks.length > 0) finish();
        else reject(asFailure(error, signal));
      });
    });
    req.on('socket', (socket) => {
      if (!secure) return;
      if (socket instanceof TLSSocket)
        socket.once('secureConnect', () => {
          tls = tlsFacts(socket, host);
        });
    });
    req.on('error', (error) => reject(asFailure(error, signal)));
    req.end();
  });
}

function asFailure(error: unknown, signal: AbortSignal): FetchFailed {
  if (error instanceof FetchFailed) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if ((error as { cause?: unknown }).cause instanceof FetchFailed)
    return (error as { cause: FetchFailed }).cause;
  if (signal.aborted) return new FetchFailed('timeout', 'no complete answer within the time allowed');
  if (code && CERTIFICATE_ERRORS.has(code))
    return new FetchFailed('certificate', `the certificate is not trusted (${code})`, code);
  return new FetchFailed('network', (error as Error).message, code);
}

function tlsFacts(socket: TLSSocket, host: string): TlsFacts {
  const cert: PeerCertificate | undefined = socket.getPeerCertificate(false);
  const has = cert && Object.keys(cert).length > 0;
  const identity = has ? checkServerIdentity(host, cert) : new Error('no certificate');
  const authorizationError = socket.authorizationError ? String(socket.authorizationError) : null;
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? null,
    subject: has ? oneOf(cert.subject?.CN) : null,
    issuer: has ? oneOf(cert.issuer?.O ?? cert.issuer?.CN) : null,
    validFrom: has ? new Date(cert.valid_from).toISOString() : null,
    validTo: has ? new Date(cert.valid_to).toISOString() : null,
    altNames:
      has && cert.subjectaltname
        ? cert.subjectaltname.split(/,\s*/).map((n) => n.replace(/^(DNS|IP Address):/, ''))
        : [],
    fingerprint256: has ? cert.fingerprint256 : null,
    trusted: socket.authorized && identity === undefined,
    hostnameMatches: identity === undefined,
    error: authorizationError ?? (identity ? identity.message : null),
  };
}

const oneOf = (value: string | string[] | undefined): string | null =>
  (Array.isArray(value) ? value[0] : value) ?? null;
