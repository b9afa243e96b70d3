import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SupportedLocale } from '../../platform/i18n/index.js';
import type { Expectation } from './observatory.js';
import { FAILURE_REASONS, type ScanReport } from './report.js';

/**
 * What a scan found that someone should act on, each with a plain explanation and how to fix it in the
 * reader's language (content/webwatch/findings.json), a severity, and the values it speaks of. Findings are
 * derived from a stored report when read, so a better explanation reaches old scans too.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

const Text = z.strictObject({ en: z.string().min(1), es: z.string().min(1), fr: z.string().min(1) });
const Catalogue = z.strictObject({
  format: z.literal('atalaya.webwatch-findings/1'),
  findings: z.record(
    z.string(),
    z.strictObject({ severity: Severity, title: Text, explanation: Text, fix: Text }),
  ),
  securityTxtProblems: z.record(z.string(), Text),
  /** Why a site could not be loaded, in words (the system's own message goes to the evidence). */
  failureReasons: z.strictObject(
    Object.fromEntries(FAILURE_REASONS.map((r) => [r, Text])) as Record<
      (typeof FAILURE_REASONS)[number],
      typeof Text
    >,
  ),
});

const CATALOGUE_FILE = join(import.meta.dirname, '..', '..', '..', 'content', 'webwatch', 'findings.json');
const catalogue = Catalogue.parse(JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8')));

export const FINDING_CODES = [
  'site_down',
  'site_error',
  'tls_untrusted',
  'tls_expired',
  'tls_expiring',
  'tls_hostname',
  'tls_old_protocol',
  'https_missing',
  'no_https_redirect',
  'hsts_missing',
  'hsts_short',
  'csp_missing',
  'csp_invalid',
  'csp_unsafe',
  'clickjacking',
  'nosniff_missing',
  'referrer_unsafe',
  'cookies_insecure',
  'sri_missing',
  'scripts_over_http',
  'mixed_active',
  'mixed_passive',
  'security_txt_missing',
  'security_txt_invalid',
] as const;
export const FindingCode = z.enum(FINDING_CODES);
export type FindingCode = z.infer<typeof FindingCode>;

for (const code of FINDING_CODES)
  if (!catalogue.findings[code]) throw new Error(`content/webwatch/findings.json: no text for ${code}`);

/** A finding as derived from a report: its code, and what its text speaks of. */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly params: Readonly<Record<string, string | number>>;
  /** The addresses or values it is about (scripts, resources), when there are some. */
  readonly evidence: string[];
}

/** Certificates expiring this close are an alert (issue 13). */
export const CERTIFICATE_WARNING_DAYS = 21;

const FROM_OBSERVATORY: Partial<Record<Expectation, FindingCode>> = {
  'csp-not-implemented': 'csp_missing',
  'csp-not-implemented-but-reporting-enabled': 'csp_missing',
  'csp-header-invalid': 'csp_invalid',
  'csp-implemented-with-unsafe-inline': 'csp_unsafe',
  'csp-implemented-with-unsafe-eval': 'csp_unsafe',
  'csp-implemented-with-insecure-scheme': 'csp_unsafe',
  'csp-implemented-with-insecure-scheme-in-passive-content-only': 'csp_unsafe',
  'cookies-without-secure-flag-but-protected-by-hsts': 'cookies_insecure',
  'cookies-session-without-secure-flag-but-protected-by-hsts': 'cookies_insecure',
  'cookies-without-secure-flag': 'cookies_insecure',
  'cookies-samesite-flag-invalid': 'cookies_insecure',
  'cookies-anticsrf-without-samesite-flag': 'cookies_insecure',
  'cookies-session-without-httponly-flag': 'cookies_insecure',
  'cookies-session-without-secure-flag': 'cookies_insecure',
  'redirection-missing': 'no_https_redirect',
  'redirection-not-to-https': 'no_https_redirect',
  'redirection-not-to-https-on-initial-redirection': 'no_https_redirect',
  'redirection-off-host-from-http': 'no_https_redirect',
  'referrer-policy-unsafe': 'referrer_unsafe',
  'referrer-policy-header-invalid': 'referrer_unsafe',
  'hsts-not-implemented': 'hsts_missing',
  'hsts-header-invalid': 'hsts_missing',
  'hsts-not-implemented-no-https': 'https_missing',
  'hsts-implemented-max-age-less-than-six-months': 'hsts_short',
  'sri-not-implemented-but-external-scripts-loaded-securely': 'sri_missing',
  'sri-implemented-but-external-scripts-not-loaded-securely': 'scripts_over_http',
  'sri-not-implemented-and-external-scripts-not-loaded-securely': 'scripts_over_http',
  'x-content-type-options-not-implemented': 'nosniff_missing',
  'x-content-type-options-header-invalid': 'nosniff_missing',
  'x-frame-options-not-implemented': 'clickjacking',
  'x-frame-options-header-invalid': 'clickjacking',
};

/** The findings of a report, worst first. */
export function findingsOf(report: ScanReport): Finding[] {
  const found: Finding[] = [];
  const add = (code: FindingCode, params: Record<string, string | number> = {}, evidence: string[] = []) => {
    if (found.some((f) => f.code === code)) return;
    found.push({ code, severity: catalogue.findings[code]?.severity ?? 'low', params, evidence });
  };
  const { availability: a, tls } = report;
  if (a.status === null)
    add('site_down', { reason: a.error?.reason ?? 'network' }, a.error ? [a.error.message] : []);
  else if (!a.up) add('site_error', { status: a.status });
  if (tls) {
    const validTo = tls.validTo?.slice(0, 10) ?? '';
    if (tls.daysToExpiry !== null && tls.daysToExpiry < 0) add('tls_expired', { date: validTo });
    else if (!tls.hostnameMatches) add('tls_hostname');
    else if (!tls.trusted) add('tls_untrusted', { error: tls.error ?? '' });
    else if (tls.daysToExpiry !== null && tls.daysToExpiry <= CERTIFICATE_WARNING_DAYS)
      add('tls_expiring', { days: tls.daysToExpiry, date: validTo });
    if (tls.protocol === 'TLSv1' || tls.protocol === 'TLSv1.1')
      add('tls_old_protocol', { protocol: tls.protocol });
  }
  for (const outcome of Object.values(report.observatory?.tests ?? {})) {
    const code = FROM_OBSERVATORY[outcome.result];
    if (!code) continue;
    const scripts = report.scripts.external.filter((s) => s.thirdParty && !s.integrity).map((s) => s.src);
    add(code, {}, code === 'sri_missing' || code === 'scripts_over_http' ? scripts : []);
  }
  if (report.mixedContent?.active.length)
    add('mixed_active', { count: report.mixedContent.active.length }, [...report.mixedContent.active]);
  if (report.mixedContent?.passive.length)
    add('mixed_passive', { count: report.mixedContent.passive.length }, [...report.mixedContent.passive]);
  if (report.securityTxt && a.up) {
    if (!report.securityTxt.found) add('security_txt_missing');
    else if (report.securityTxt.problems.length > 0)
      add('security_txt_invalid', { problems: report.securityTxt.problems.join(',') }, [
        ...report.securityTxt.problems,
      ]);
  }
  return found.sort((x, y) => SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity));
}

/** A finding in a reader's language. */
export interface FindingText {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly title: string;
  readonly explanation: string;
  readonly fix: string;
  readonly evidence: string[];
}

export function presentFinding(finding: Finding, locale: SupportedLocale): FindingText {
  const text = catalogue.findings[finding.code];
  if (!text) throw new Error(`no text for finding ${finding.code}`);
  const params: Record<string, string> = Object.fromEntries(
    Object.entries(finding.params).map(([k, v]) => [k, String(v)]),
  );
  if (finding.code === 'site_down') {
    const reason = FAILURE_REASONS.find((r) => r === params['reason']) ?? 'network';
    params['reason'] = catalogue.failureReasons[reason][locale];
  }
  if (finding.code === 'security_txt_invalid')
    params['problems'] = finding.evidence
      .map((p) => catalogue.securityTxtProblems[p]?.[locale] ?? p)
      .join(locale === 'fr' ? ' ; ' : '; ');
  const fill = (s: string) => s.replaceAll(/\{\{(\w+)\}\}/g, (_, name: string) => params[name] ?? '');
  return {
    code: finding.code,
    severity: finding.severity,
    title: text.title[locale],
    explanation: fill(text.explanation[locale]),
    fix: fill(text.fix[locale]),
    evidence: finding.code === 'security_txt_invalid' ? [] : finding.evidence,
  };
}
