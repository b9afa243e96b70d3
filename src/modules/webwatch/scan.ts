import { FetchFailed, fetchOnce, type FetchPolicy } from './fetch.js';
import { grade } from './observatory.js';
import { readPage } from './page.js';
import { answered, retrieveSite, textOf, type Session } from './retrieve.js';
import { unanswered, type Availability, type ScanReport } from './report.js';
import { readSecurityTxt, type SecurityTxt } from './security-txt.js';

/**
 * One scan of a web address: is it up, how fast, where it redirects; its TLS certificate; its security headers
 * graded as the MDN HTTP Observatory grades them; its cookies, content security policy, the integrity of its
 * third-party scripts, mixed content and security.txt. Accessibility (axe in Chromium) is added by the caller
 * when Chromium is there.
 */

export interface ScanOptions {
  readonly policy: FetchPolicy;
  readonly now: () => Date;
  /** Where the other scheme listens, for fixtures on loopback ports. */
  readonly ports?: { readonly http?: number; readonly https?: number };
  readonly progress?: (step: string) => void;
  /** The whole scan's time, however many redirects and requests it makes (default a minute). */
  readonly deadlineMs?: number;
}

const DAY_MS = 86_400_000;

export async function scanUrl(url: URL, options: ScanOptions): Promise<ScanReport> {
  const { now } = options;
  const policy = { ...options.policy, deadline: AbortSignal.timeout(options.deadlineMs ?? 60_000) };
  options.progress?.(`fetching ${url.href} over http and https`);
  const site = await retrieveSite(url, policy, options.ports);
  // The address asked for is what the availability speaks of; the other scheme only feeds the grade.
  const asked = url.protocol === 'https:' ? site.https : site.http;
  const graded = grade(site.retrieval);
  const observatory = 'ungraded' in graded ? null : graded;

  const availability: Availability = answered(asked)
    ? {
        // A page, or a door that asks who you are; not an error, nor a redirect still going after ten hops.
        up: asked.last.status < 300 || asked.last.status === 401 || asked.last.status === 403,
        status: asked.last.status,
        responseMs: Math.round(asked.chain[0]?.ms ?? 0),
        finalUrl: asked.last.url.href,
        redirects: asked.chain.slice(0, -1).map((f) => ({ url: f.url.href, status: f.status })),
        bytes: asked.last.body.length,
        truncated: asked.last.truncated,
        error: null,
      }
    : unanswered({ reason: asked.failure.reason, message: asked.failure.message });

  const https = answered(site.https) ? site.https : null;
  const certificate = https?.chain[0]?.tls ?? null;
  const tls = certificate && {
    ...certificate,
    daysToExpiry: certificate.validTo
      ? Math.floor((Date.parse(certificate.validTo) - now().getTime()) / DAY_MS)
      : null,
  };

  const page = answered(asked) && isHtml(asked) ? readPage(textOf(asked.last)) : null;
  const pageUrl = answered(asked) ? asked.last.url : url;
  const scripts = (page?.scripts ?? []).flatMap((s) => (s.kind === 'external' ? [s] : []));
  const cspHeader = answered(asked) ? asked.last.headers['content-security-policy'] : undefined;

  options.progress?.('reading security.txt');
  const securityTxt = site.auto ? await fetchSecurityTxt(site.auto, policy, now()) : null;

  return {
    url: url.href,
    scannedAt: now().toISOString(),
    availability,
    observatory,
    tls,
    cookies: (site.auto?.cookies ?? []).map((c) => ({
      name: c.key,
      secure: c.secure,
      httpOnly: c.httpOnly,
      sameSite: c.sameSite ?? null,
    })),
    csp: {
      header: typeof cspHeader === 'string' ? cspHeader : (cspHeader?.join(', ') ?? null),
      meta: [...(page?.metaCsp ?? [])],
    },
    scripts: {
      external: scripts.map((s) => ({
        src: s.src,
        thirdParty: resolve(s.src, pageUrl)?.host !== pageUrl.host,
        integrity: Boolean(s.integrity),
      })),
      inline: (page?.scripts ?? []).length - scripts.length,
    },
    mixedContent:
      page && pageUrl.protocol === 'https:'
        ? {
            active: insecure(
              page.resources.filter((r) => r.active),
              pageUrl,
            ),
            passive: insecure(
              page.resources.filter((r) => !r.active),
              pageUrl,
            ),
          }
        : null,
    securityTxt,
  };
}

function isHtml(session: Session): boolean {
  return /^(text\/html|application\/xhtml\+xml)\b/i.test(String(session.last.headers['content-type'] ?? ''));
}

function resolve(href: string, base: URL): URL | null {
  try {
    return new URL(href, base);
  } catch {
    return null;
  }
}

function insecure(resources: readonly { url: string }[], base: URL): string[] {
  return [
    ...new Set(
      resources.flatMap((r) =>
        resolve(r.url, base)?.protocol === 'http:' ? [resolve(r.url, base)?.href ?? r.url] : [],
      ),
    ),
  ];
}

async function fetchSecurityTxt(session: Session, policy: FetchPolicy, now: Date): Promise<SecurityTxt> {
  const url = new URL('/.well-known/security.txt', session.last.url);
  try {
    const answer = await fetchOnce(
      url,
      { verify: session.verified, headers: { accept: 'text/plain' } },
      {
        ...policy,
        maxBytes: Math.min(policy.maxBytes, 100 * 1024),
      },
    );
    return readSecurityTxt(
      url,
      {
        status: answer.status,
        contentType: String(answer.headers['content-type'] ?? ''),
        text: textOf(answer),
      },
      now,
    );
  } catch (error) {
    if (!(error instanceof FetchFailed)) throw error;
    return readSecurityTxt(url, null, now);
  }
}
