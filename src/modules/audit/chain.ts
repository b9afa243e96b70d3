import { sha256Hex } from '../../platform/ids.js';

/** The hash that precedes the first event of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers. */
export interface ChainedFields {
  readonly at: Date;
  readonly actorUserId: string | null;
  readonly actorLabel: string;
  readonly orgId: string | null;
  readonly viaGrantId: string | null;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly summary: unknown;
  readonly requestId: string | null;
  readonly prevHash: string;
}

/** JSON with object keys sorted at every depth, so equal values always serialise to equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 over the previous hash and the canonical form of this event's fields. */
export function eventHash(f: ChainedFields): string {
  const covered: Record<keyof ChainedFields, unknown> = {
    at: f.at.toISOString(),
    actorUserId: f.actorUserId,
    actorLabel: f.actorLabel,
    orgId: f.orgId,
    viaGrantId: f.viaGrantId,
    action: f.action,
    targetType: f.targetType,
    targetId: f.targetId,
    summary: f.summary,
    requestId: f.requestId,
    prevHash: f.prevHash,
  };
  return sha256Hex(canonicalJson(covered));
}
