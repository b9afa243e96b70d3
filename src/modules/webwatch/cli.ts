import type { Config } from '../../platform/config.js';
import { DEFAULT_FETCH_POLICY } from './fetch.js';
import { OBSERVATORY_TESTS } from './observatory.js';
import type { ScanReport } from './report.js';
import { scanUrl } from './scan.js';

/**
 * `atalaya scan <url>`: one scan from the command line, for an operator or a web team checking a fix. Progress
 * on stderr, the report on stdout (JSON with --json). Answers how it went, for the exit code.
 */
export async function scanCommand(
  address: string,
  io: { json: boolean; config: Config; out: NodeJS.WritableStream; err: NodeJS.WritableStream },
): Promise<'scanned' | 'down' | 'refused'> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    io.err.write(`atalaya: ${address} is not a web address (give it as https://example.org/)\n`);
    return 'refused';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    io.err.write(`atalaya: only http:// and https:// addresses are scanned, not ${url.protocol}\n`);
    return 'refused';
  }
  const started = performance.now();
  const report = await scanUrl(url, {
    policy: { ...DEFAULT_FETCH_POLICY, allowPrivate: io.config.scanAllowPrivate },
    now: () => new Date(),
    progress: (step) => io.err.write(`${step}…\n`),
  });
  io.err.write(`done in ${Math.round(performance.now() - started)} ms\n`);
  if (report.availability.error?.reason === 'refused_address') {
    io.err.write(`atalaya: ${report.availability.error.message}\n`);
    return 'refused';
  }
  io.out.write(io.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
  return report.availability.up ? 'scanned' : 'down';
}

/** The report as a few lines a person reads. */
function describe(r: ScanReport): string {
  const lines: string[] = [];
  const a = r.availability;
  lines.push(
    a.status === null
      ? `${r.url}  DOWN: ${a.error?.message ?? 'no answer'}`
      : `${r.url}  ${a.up ? 'up' : 'DOWN'}, ${a.status} in ${a.responseMs} ms${a.redirects.length > 0 ? `, ${a.redirects.length} redirect(s) to ${a.finalUrl}` : ''}`,
  );
  if (r.observatory) {
    const o = r.observatory;
    lines.push(
      `Security headers: grade ${o.grade} (score ${o.score}), ${o.testsPassed} of ${OBSERVATORY_TESTS.length} tests passed`,
    );
    for (const test of OBSERVATORY_TESTS) {
      const t = o.tests[test];
      if (!t.pass || t.scoreModifier !== 0)
        lines.push(
          `  ${t.pass ? '✓' : '✗'} ${test}: ${t.result} (${t.scoreModifier > 0 ? '+' : ''}${t.scoreModifier})`,
        );
    }
  } else lines.push('Security headers: not graded (the site did not answer with a page)');
  if (r.tls)
    lines.push(
      `TLS: ${r.tls.protocol ?? '?'}, certificate for ${r.tls.subject ?? '?'} from ${r.tls.issuer ?? '?'}, ` +
        `expires ${r.tls.validTo?.slice(0, 10) ?? '?'} (${r.tls.daysToExpiry ?? '?'} days), ` +
        (r.tls.trusted ? 'trusted' : `NOT TRUSTED: ${r.tls.error ?? 'unknown reason'}`),
    );
  else lines.push('TLS: no https');
  const insecureCookies = r.cookies.filter((c) => !c.secure).length;
  lines.push(
    `Cookies: ${r.cookies.length}${insecureCookies > 0 ? `, ${insecureCookies} without Secure` : ''}`,
  );
  const unprotected = r.scripts.external.filter((s) => s.thirdParty && !s.integrity).length;
  lines.push(
    `Scripts: ${r.scripts.external.length} external (${unprotected} third-party without integrity), ${r.scripts.inline} inline`,
  );
  if (r.mixedContent)
    lines.push(
      `Mixed content: ${r.mixedContent.active.length} active, ${r.mixedContent.passive.length} passive`,
    );
  if (r.securityTxt)
    lines.push(
      r.securityTxt.found
        ? `security.txt: found${r.securityTxt.problems.length > 0 ? `, problems: ${r.securityTxt.problems.join(', ')}` : ', valid'}`
        : 'security.txt: missing',
    );
  return `${lines.join('\n')}\n`;
}
