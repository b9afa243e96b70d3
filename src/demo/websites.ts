import type { Actor } from '../platform/actor.js';
import type { Locale, OrgId } from '../modules/identity/index.js';
import {
  gradeRetrieval,
  unanswered,
  type HeaderMap,
  type Purpose,
  type Criticality,
  type ScanReport,
} from '../modules/webwatch/index.js';
import type { Services } from '../runtime.js';
import { must } from './util.js';

/**
 * Six weeks of scans of each demo council's websites, recorded rather than fetched (the sites are fictional, on
 * the reserved `.example` domain), and marked `recorded` wherever they are shown. The grades are not written
 * here: each week's response headers go through the same Observatory grader as a live scan, so the history
 * shows what the grader makes of them — a main site that gains HSTS and a policy, a results site whose
 * certificate runs down towards its renewal alert, a voter look-up that was down one week and loads a
 * third-party script without integrity.
 */

const DAY_MS = 86_400_000;
const WEEKS = 6;

/** Response headers by how far a site's team has got. */
const HEADERS = {
  weak: { 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'SAMEORIGIN' },
  basic: {
    'content-type': 'text/html; charset=utf-8',
    'x-frame-options': 'SAMEORIGIN',
    'strict-transport-security': 'max-age=31536000',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  },
  strong: {
    'content-type': 'text/html; charset=utf-8',
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy':
      "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  },
} as const satisfies Record<string, HeaderMap>;
type Level = keyof typeof HEADERS;

interface Week {
  readonly level: Level;
  readonly up?: boolean;
}

interface Site {
  readonly host: string;
  readonly name: Record<Locale, string>;
  readonly purpose: Purpose;
  readonly criticality: Criticality;
  /** Days from today until the certificate expires. */
  readonly certificateDays: number;
  /** A script from another host, loaded without `integrity`. */
  readonly thirdPartyScript?: string;
  /** Oldest week first. */
  readonly weeks: readonly Week[];
}

const weeks = (...levels: Level[]): Week[] => levels.map((level) => ({ level }));

const SITES: Readonly<Record<'xa' | 'xb' | 'xc', readonly Site[]>> = {
  xa: [
    {
      host: 'www.cne.arvenia.example',
      name: { es: 'Portal institucional', fr: 'Portail institutionnel', en: 'Main website' },
      purpose: 'main_site',
      criticality: 'critical',
      certificateDays: 160,
      weeks: weeks('weak', 'weak', 'weak', 'basic', 'basic', 'basic'),
    },
    {
      host: 'resultados.cne.arvenia.example',
      name: { es: 'Resultados electorales', fr: 'Résultats électoraux', en: 'Election results' },
      purpose: 'results',
      criticality: 'critical',
      certificateDays: 12,
      weeks: weeks('strong', 'strong', 'strong', 'strong', 'strong', 'strong'),
    },
    {
      host: 'padron.cne.arvenia.example',
      name: { es: 'Consulta del padrón', fr: 'Consultation des listes', en: 'Voter look-up' },
      purpose: 'voter_lookup',
      criticality: 'high',
      certificateDays: 75,
      thirdPartyScript: 'https://cdn.analitica.example/tag.js',
      weeks: [
        { level: 'basic' },
        { level: 'basic' },
        { level: 'basic', up: false },
        { level: 'basic' },
        { level: 'basic' },
        { level: 'basic' },
      ],
    },
  ],
  xb: [
    {
      host: 'www.cena.belmora.example',
      name: { fr: 'Site principal', es: 'Sitio principal', en: 'Main website' },
      purpose: 'main_site',
      criticality: 'critical',
      certificateDays: 40,
      weeks: weeks('weak', 'weak', 'weak', 'weak', 'weak', 'weak'),
    },
    {
      host: 'resultats.cena.belmora.example',
      name: { fr: 'Résultats provisoires', es: 'Resultados provisionales', en: 'Provisional results' },
      purpose: 'results',
      criticality: 'critical',
      certificateDays: 200,
      weeks: weeks('basic', 'basic', 'strong', 'strong', 'basic', 'basic'),
    },
    {
      host: 'diaspora.cena.belmora.example',
      name: { fr: 'Vote de la diaspora', es: 'Voto en el exterior', en: 'Voting abroad' },
      purpose: 'voting_abroad',
      criticality: 'high',
      certificateDays: 19,
      thirdPartyScript: 'https://widgets.cartes.example/map.js',
      weeks: weeks('weak', 'weak', 'basic', 'basic', 'basic', 'basic'),
    },
  ],
  xc: [
    {
      host: 'www.iec.corvia.example',
      name: { en: 'Main website', es: 'Sitio principal', fr: 'Site principal' },
      purpose: 'main_site',
      criticality: 'critical',
      certificateDays: 300,
      weeks: weeks('strong', 'strong', 'strong', 'strong', 'strong', 'strong'),
    },
    {
      host: 'results.iec.corvia.example',
      name: { en: 'Results', es: 'Resultados', fr: 'Résultats' },
      purpose: 'results',
      criticality: 'critical',
      certificateDays: 90,
      weeks: [
        { level: 'basic' },
        { level: 'basic' },
        { level: 'basic' },
        { level: 'basic' },
        { level: 'basic', up: false },
        { level: 'strong' },
      ],
    },
    {
      host: 'candidates.iec.corvia.example',
      name: { en: 'Candidate nominations', es: 'Candidaturas', fr: 'Candidatures' },
      purpose: 'candidates',
      criticality: 'normal',
      certificateDays: 120,
      weeks: weeks('weak', 'weak', 'weak', 'weak', 'weak', 'weak'),
    },
  ],
};

/** The page each site serves: a heading, and the third-party script when it has one. */
function page(site: Site, locale: Locale): string {
  const script = site.thirdPartyScript ? `<script src="${site.thirdPartyScript}"></script>` : '';
  return `<!doctype html><html lang="${locale}"><head><title>${site.name[locale]}</title>${script}</head><body><h1>${site.name[locale]}</h1></body></html>`;
}

/** What a scan of `site` on `at` would have read, graded by the Observatory's grader. */
function report(site: Site, week: Week, at: Date, locale: Locale, today: Date): ScanReport {
  const url = new URL(`https://${site.host}/`);
  const headers = HEADERS[week.level];
  const validTo = new Date(today.getTime() + site.certificateDays * DAY_MS);
  const up = week.up ?? true;
  const https = up ? { url, status: 200, headers, verified: true } : null;
  const graded = up
    ? gradeRetrieval({
        hostname: site.host,
        http: { url, status: 200, headers, verified: true },
        https,
        httpRedirects: [
          { url: new URL(`http://${site.host}/`), status: 301 },
          { url, status: 200 },
        ],
        auto: https,
        autoStart: url,
        page: page(site, locale),
        cookies: [],
        cors: null,
      })
    : null;
  const csp = 'content-security-policy' in headers ? headers['content-security-policy'] : null;
  return {
    url: url.href,
    scannedAt: at.toISOString(),
    availability: up
      ? {
          up: true,
          status: 200,
          responseMs: 180 + ((at.getUTCDate() * 37) % 400),
          finalUrl: url.href,
          redirects: [],
          bytes: page(site, locale).length,
          truncated: false,
          error: null,
        }
      : unanswered({ reason: 'timeout', message: 'no answer within 15 s' }),
    observatory: graded && !('ungraded' in graded) ? graded : null,
    tls: up
      ? {
          protocol: 'TLSv1.3',
          cipher: 'TLS_AES_256_GCM_SHA384',
          subject: `CN=${site.host}`,
          issuer: "C=US, O=Let's Encrypt, CN=R11",
          validFrom: new Date(validTo.getTime() - 90 * DAY_MS).toISOString(),
          validTo: validTo.toISOString(),
          altNames: [site.host],
          fingerprint256: null,
          trusted: true,
          hostnameMatches: true,
          error: null,
          daysToExpiry: Math.floor((validTo.getTime() - at.getTime()) / DAY_MS),
        }
      : null,
    cookies: [],
    csp: { header: csp, meta: [] },
    scripts: {
      external: site.thirdPartyScript
        ? [{ src: site.thirdPartyScript, thirdParty: true, integrity: false }]
        : [],
      inline: 0,
    },
    mixedContent: up ? { active: [], passive: [] } : null,
    securityTxt: up
      ? {
          url: `https://${site.host}/.well-known/security.txt`,
          found: site.purpose === 'main_site' && week.level !== 'weak',
          contacts:
            site.purpose === 'main_site' && week.level !== 'weak'
              ? [`mailto:security@${site.host.replace(/^www\./, '')}`]
              : [],
          expires:
            site.purpose === 'main_site' && week.level !== 'weak'
              ? new Date(today.getTime() + 200 * DAY_MS).toISOString()
              : null,
          signed: false,
          problems: site.purpose === 'main_site' && week.level !== 'weak' ? [] : ['missing'],
        }
      : null,
  };
}

/** Each demo council's websites and their recorded weekly scans, oldest first. */
export async function seedWebsites(
  services: Services,
  councils: readonly { orgId: OrgId; code: 'xa' | 'xb' | 'xc'; locale: Locale }[],
  actor: Actor,
): Promise<number> {
  const today = services.clock.now();
  let scans = 0;
  for (const council of councils) {
    for (const site of SITES[council.code]) {
      const property = must(
        await services.webwatch.create({
          orgId: council.orgId,
          actor,
          input: {
            url: `https://${site.host}/`,
            name: site.name[council.locale],
            purpose: site.purpose,
            criticality: site.criticality,
            // Fictional sites: a scheduled scan could only find them down, so the demo scans on request.
            schedule: 'off',
            ownerUnitId: null,
          },
        }),
        site.host,
      );
      for (const [index, week] of site.weeks.entries()) {
        const at = new Date(today.getTime() - (WEEKS - 1 - index) * 7 * DAY_MS - 3 * 3_600_000);
        must(
          await services.webwatch.record({
            orgId: council.orgId,
            propertyId: property.id,
            actor,
            report: report(site, week, at, council.locale, today),
          }),
          `${site.host} scan`,
        );
        scans += 1;
      }
    }
  }
  return scans;
}
