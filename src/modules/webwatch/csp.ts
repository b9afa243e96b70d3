/**
 * Content-Security-Policy parsing as the MDN HTTP Observatory reads it (reference/webaudit.md §1), so that the
 * same headers get the same grade: directives lower-cased, source lists lower-cased, a directive repeated in one
 * policy is invalid (except report-uri and report-to, which only warn), an empty `-src` list means 'none', and
 * several policies (header lines, meta tags) are combined so that a source counts only if every policy allows it.
 */

/** A parsed policy: directive → its sources. */
export type Csp = Map<string, Set<string>>;

/** Why a policy could not be read. */
export class CspInvalid extends Error {}

/** Directives a `<meta http-equiv>` policy may not carry (CSP3 §3.3). */
const NOT_IN_META = ['frame-ancestors', 'report-uri', 'sandbox'];
const REPEATABLE = new Set(['report-uri', 'report-to']);
/** The shortest policy the Observatory accepts is one character shorter than `img-src`. */
const SHORTEST_POLICY = 'img-src'.length - 1;
const byText = new Intl.Collator('en').compare;

interface Source {
  readonly source: string;
  readonly policy: number;
  keep: boolean;
}

/**
 * Parses one or more policies into one, or throws `CspInvalid`. `duplicates` receives the repeatable
 * directives given twice in a policy (report-uri, report-to).
 */
export function parseCsp(policies: readonly string[], duplicates: Set<string> = new Set()): Csp {
  const clean = policies.map((p) => p.replaceAll(/[\r\n]/g, '').trim());
  if (clean.length === 0) return new Map();
  for (const p of clean) if (p.length < SHORTEST_POLICY) throw new CspInvalid(`policy too short: ${p}`);

  const csp = new Map<string, Source[]>();
  for (const [index, policy] of clean.entries()) {
    const seen = new Set<string>();
    for (const [first, ...rest] of policy.split(';').map((entry) => entry.trim().split(/\s+/))) {
      if (!first) continue;
      const directive = first.toLowerCase();
      if (seen.has(directive)) {
        if (!REPEATABLE.has(directive)) throw new CspInvalid(`${directive} twice in policy ${index}`);
        duplicates.add(directive);
      } else seen.add(directive);

      const keep = index === 0;
      const values: Source[] = rest.map((raw) => ({ source: raw.trim().toLowerCase(), policy: index, keep }));
      if (rest.length === 0 && directive.endsWith('-src'))
        values.push({ source: "'none'", policy: index, keep });

      const combined = index === 0 ? values : [...(csp.get(directive) ?? []), ...values];
      combined.sort((a, b) => byText(a.source, b.source));
      for (let i = 1; i < combined.length; i++) {
        const source = combined[i] as Source;
        const previous = combined[i - 1] as Source;
        // Within a policy, a longer source starting like a shorter one adds nothing.
        if (source.policy === previous.policy && source.source.startsWith(previous.source))
          source.keep = false;
        // Across policies, a source counts when the other policy has it too.
        if (source.policy !== previous.policy && pathPartMatch(previous.source, source.source))
          source.keep = true;
      }
      csp.set(
        directive,
        combined.filter((s) => s.keep),
      );
      if (index === 0 && policies.length > 1) for (const s of csp.get(directive) ?? []) s.keep = false;
    }
  }
  return new Map(
    [...csp].map(([directive, sources]) => [
      directive,
      new Set(sources.length > 0 ? sources.map((s) => s.source) : ["'none'"]),
    ]),
  );
}

/** A `<meta http-equiv>` policy: as a header, without the directives a meta tag may not set. */
export function parseCspMeta(policies: readonly string[]): Csp {
  const csp = parseCsp(policies);
  for (const directive of NOT_IN_META) csp.delete(directive);
  return csp;
}

function pathPartMatch(a: string, b: string): boolean {
  if (a.length === 0) return true;
  if (a === '/' && b.length === 0) return true;
  const exact = !a.endsWith('/');
  const partsA = a.split('/');
  const partsB = b.split('/');
  if (partsA.length > partsB.length) return false;
  if (exact && partsA.length !== partsB.length) return false;
  if (!exact) partsA.pop();
  return partsA.every((piece, i) => decode(piece) === decode(partsB[i] ?? ''));
}

function decode(piece: string): string {
  try {
    return decodeURIComponent(piece);
  } catch {
    throw new CspInvalid(`a source that is not a URL: ${piece}`);
  }
}
