import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { err, ok, type Result } from '../../platform/result.js';
import type { ComparisonExpression, ObjectPath, PatternExpression } from './stix-pattern.js';

/** The kinds of observable an indicator may be typed as, short of a full STIX pattern. */
export const OBSERVABLE_KINDS = [
  'ipv4',
  'ipv6',
  'domain',
  'url',
  'email',
  'md5',
  'sha1',
  'sha256',
  'asn',
] as const;
export const ObservableKind = z.enum(OBSERVABLE_KINDS);
export type ObservableKind = z.infer<typeof ObservableKind>;

/** An observable in its one canonical spelling, so that the same value shared twice is recognised as the same. */
export interface Observable {
  readonly kind: ObservableKind;
  readonly value: string;
}

const HEX_LENGTH = { md5: 32, sha1: 40, sha256: 64 } as const;
const MAX_ASN = 4_294_967_295;

/** A host name as DNS allows it: ASCII (IDNs in punycode), labels of 1–63 letters, digits and inner hyphens. */
function canonicalDomain(raw: string): string | undefined {
  const ascii = domainToASCII(raw.trim().replace(/\.$/, '')).toLowerCase();
  const labels = ascii.split('.');
  if (ascii.length === 0 || ascii.length > 253 || labels.length < 2) return undefined;
  const valid = labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
  return valid && !/^\d+$/.test(labels.at(-1) ?? '') ? ascii : undefined;
}

/** An address or a CIDR block of one IP version, written canonically (`/32` and `/128` are left implicit). */
function canonicalIp(raw: string, version: 'ipv4' | 'ipv6'): string | undefined {
  const text = raw.trim();
  try {
    const [address, prefix] = text.includes('/') ? ipaddr.parseCIDR(text) : [ipaddr.parse(text), undefined];
    if (address.kind() !== version) return undefined;
    if (version === 'ipv4' && !ipaddr.IPv4.isValidFourPartDecimal(text.split('/')[0] ?? '')) return undefined;
    const full = version === 'ipv4' ? 32 : 128;
    return prefix === undefined || prefix === full ? address.toString() : `${address.toString()}/${prefix}`;
  } catch {
    return undefined;
  }
}

/**
 * Checks a value typed by the person sharing it and returns its canonical spelling: addresses as RFC 5952 writes
 * them, host names in lower-case ASCII, hashes in lower-case hex, ASNs as `AS<number>`.
 */
export function parseObservable(kind: ObservableKind, raw: string): Result<Observable, 'observable_invalid'> {
  const value = canonical(kind, raw);
  return value === undefined ? err('observable_invalid') : ok({ kind, value });
}

function canonical(kind: ObservableKind, raw: string): string | undefined {
  const text = raw.trim();
  switch (kind) {
    case 'ipv4':
    case 'ipv6':
      return canonicalIp(text, kind);
    case 'domain':
      return canonicalDomain(text);
    case 'url': {
      if (!URL.canParse(text)) return undefined;
      const url = new URL(text);
      return ['http:', 'https:', 'ftp:'].includes(url.protocol) && url.hostname !== '' ? url.href : undefined;
    }
    case 'email': {
      const at = text.lastIndexOf('@');
      const local = text.slice(0, at);
      const domain = canonicalDomain(text.slice(at + 1));
      return at > 0 && local.length <= 64 && /^[^\s@"(),:;<>[\\\]]+$/.test(local) && domain
        ? `${local}@${domain}`
        : undefined;
    }
    case 'md5':
    case 'sha1':
    case 'sha256':
      return new RegExp(`^[a-fA-F0-9]{${HEX_LENGTH[kind]}}$`).test(text) ? text.toLowerCase() : undefined;
    case 'asn': {
      const digits = /^(?:AS)?(\d{1,10})$/i.exec(text)?.[1];
      const n = digits === undefined ? NaN : Number(digits);
      return Number.isInteger(n) && n <= MAX_ASN ? `AS${n}` : undefined;
    }
  }
}

// Parsed once per observable object: the warning lists' entries are compared with every indicator shared.
const ranges = new WeakMap<Observable, [ipaddr.IPv4 | ipaddr.IPv6, number]>();

/** The address block an IP observable stands for (`/32` or `/128` for an address). */
function rangeOf(o: Observable): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  const known = ranges.get(o);
  if (known) return known;
  const range = ipaddr.parseCIDR(
    o.value.includes('/') ? o.value : `${o.value}/${o.kind === 'ipv4' ? 32 : 128}`,
  );
  ranges.set(o, range);
  return range;
}

/**
 * Whether two shared IP observables overlap: the same address, an address inside a block, or nested blocks.
 * Correlation uses it to tell a member that another member already holds what they share.
 */
export function ipOverlaps(a: Observable, b: Observable): boolean {
  if (a.kind !== b.kind || (a.kind !== 'ipv4' && a.kind !== 'ipv6')) return false;
  const [addressA, prefixA] = rangeOf(a);
  const [addressB, prefixB] = rangeOf(b);
  // The wider block contains the other's first address: then the two overlap (blocks nest or are apart).
  return prefixA <= prefixB ? addressB.match(addressA, prefixA) : addressA.match(addressB, prefixB);
}

const quoted = (s: string) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/** The STIX 2.1 pattern an observable stands for, as an indicator carries it when shared. */
export function observablePattern(o: Observable): string {
  switch (o.kind) {
    case 'ipv4':
      return `[ipv4-addr:value = ${quoted(o.value)}]`;
    case 'ipv6':
      return `[ipv6-addr:value = ${quoted(o.value)}]`;
    case 'domain':
      return `[domain-name:value = ${quoted(o.value)}]`;
    case 'url':
      return `[url:value = ${quoted(o.value)}]`;
    case 'email':
      return `[email-addr:value = ${quoted(o.value)}]`;
    case 'md5':
      return `[file:hashes.MD5 = ${quoted(o.value)}]`;
    case 'sha1':
      return `[file:hashes.'SHA-1' = ${quoted(o.value)}]`;
    case 'sha256':
      return `[file:hashes.'SHA-256' = ${quoted(o.value)}]`;
    case 'asn':
      return `[autonomous-system:number = ${o.value.slice(2)}]`;
  }
}

/** The pattern paths that name one of our observable kinds. */
const KIND_OF_PATH: Readonly<Record<string, ObservableKind>> = {
  'ipv4-addr:value': 'ipv4',
  'ipv6-addr:value': 'ipv6',
  'domain-name:value': 'domain',
  'url:value': 'url',
  'email-addr:value': 'email',
  'file:hashes.MD5': 'md5',
  'file:hashes.SHA-1': 'sha1',
  'file:hashes.SHA-256': 'sha256',
  'autonomous-system:number': 'asn',
};

function pathKey(path: ObjectPath): string {
  const steps = path.steps.map((s) => ('property' in s ? s.property : `[${s.index}]`));
  return `${path.objectType}:${steps.join('.')}`;
}

function comparisonObservables(c: ComparisonExpression): Observable[] {
  if (c.type === 'and' || c.type === 'or') return c.operands.flatMap(comparisonObservables);
  if (c.type !== 'comparison' || c.negated) return [];
  const kind = KIND_OF_PATH[pathKey(c.path)];
  const equality =
    c.operator === '=' || c.operator === 'IN' || (c.operator === 'ISSUBSET' && kind?.startsWith('ipv'));
  if (!kind || !equality) return [];
  const literals = c.value.type === 'set' ? c.value.values : [c.value];
  return literals.flatMap((literal) => {
    const raw =
      literal.type === 'string'
        ? literal.value
        : literal.type === 'integer'
          ? `AS${literal.value}`
          : undefined;
    const parsed = raw === undefined ? undefined : parseObservable(kind, raw);
    return parsed?.ok ? [parsed.value] : [];
  });
}

/**
 * The observables a pattern names by equality (`=`, `IN`, or an address block by `ISSUBSET`), in canonical
 * spelling: what correlation compares, whether the indicator was typed here or arrived as a pattern.
 */
export function patternObservables(pattern: PatternExpression): Observable[] {
  const found =
    pattern.type === 'observation'
      ? comparisonObservables(pattern.comparison)
      : pattern.type === 'qualified'
        ? patternObservables(pattern.operand)
        : pattern.operands.flatMap(patternObservables);
  const seen = new Set<string>();
  return found.filter((o) => !seen.has(`${o.kind} ${o.value}`) && seen.add(`${o.kind} ${o.value}`));
}
