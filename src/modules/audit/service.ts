import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Problem } from '../../platform/errors.js';
import type { Result } from '../../platform/result.js';
import { eventHash, GENESIS_HASH } from './chain.js';
import {
  chainPages,
  insertEvent,
  listEvents,
  lockChainHead,
  type AuditEvent,
  type AuditFilter,
} from './store.js';

/** What a state change says about itself in the trail. */
export interface AuditEntry {
  readonly action: string;
  readonly orgId: string | null;
  readonly targetType: string;
  readonly targetId: string;
  /** A summary of the change; never secrets (passwords, tokens, TOTP seeds). */
  readonly summary?: Readonly<Record<string, unknown>>;
}

/** Records entries inside the current transaction. */
export type RecordAudit = (entry: AuditEntry) => Promise<void>;

/** Runs state changes in one transaction together with their audit events. */
export interface Transactor {
  /**
   * Runs `work` in a transaction. If it returns a failed Result, everything it wrote — audit events included
   * — is rolled back and the failure is returned; if it throws, the transaction rolls back and the error
   * propagates. A success commits the change and its events together.
   */
  run<T>(
    actor: Actor,
    work: (tx: Tx, record: RecordAudit) => Promise<Result<T, Problem>>,
  ): Promise<Result<T, Problem>>;
}

class Rollback extends Error {
  constructor(readonly failure: { ok: false; error: Problem }) {
    super('rollback');
  }
}

/** Creates the transactor that every module uses for writes. */
export function createTransactor(db: Db, clock: Clock): Transactor {
  return {
    async run(actor, work) {
      try {
        return await db.transaction().execute(async (tx) => {
          let head: string | undefined;
          const record: RecordAudit = async (entry) => {
            head ??= await lockChainHead(tx);
            const fields = {
              at: clock.now(),
              actorUserId: actor.userId,
              actorLabel: actor.label,
              orgId: entry.orgId,
              viaGrantId: actor.viaGrantId ?? null,
              action: entry.action,
              targetType: entry.targetType,
              targetId: entry.targetId,
              summary: entry.summary ?? {},
              requestId: actor.requestId ?? null,
              prevHash: head,
            };
            const hash = eventHash(fields);
            await insertEvent(tx, fields, hash);
            head = hash;
          };
          const result = await work(tx, record);
          if (!result.ok) throw new Rollback(result);
          return result;
        });
      } catch (error) {
        if (error instanceof Rollback) return error.failure;
        throw error;
      }
    },
  };
}

/** The outcome of checking the chain. */
export type VerifyOutcome =
  | { readonly intact: true; readonly events: number }
  | {
      readonly intact: false;
      readonly events: number;
      readonly firstBroken: { readonly id: string; readonly action: string; readonly reason: string };
    };

/** Recomputes every hash in id order and reports the first event that does not match. */
export async function verifyChain(
  db: Db,
  onProgress: (checked: number) => void = () => {},
): Promise<VerifyOutcome> {
  let previous = GENESIS_HASH;
  let checked = 0;
  for await (const page of chainPages(db)) {
    for (const event of page) {
      const reason =
        event.prevHash !== previous
          ? 'its link to the previous event does not match (an event was removed or reordered)'
          : eventHash(event) !== event.hash
            ? 'its content does not match its hash (the event was altered)'
            : undefined;
      if (reason)
        return {
          intact: false,
          events: checked,
          firstBroken: { id: event.id, action: event.action, reason },
        };
      previous = event.hash;
      checked += 1;
    }
    onProgress(checked);
  }
  return { intact: true, events: checked };
}

/** Lists events for one organisation's trail. */
export function browse(db: Db, filter: AuditFilter): Promise<AuditEvent[]> {
  return listEvents(db, filter);
}

/** Renders events as CSV (RFC 4180), with cells that spreadsheets would run as formulas neutralised. */
export function toCsv(events: readonly AuditEvent[]): string {
  const header = [
    'id',
    'at',
    'actor',
    'action',
    'target_type',
    'target_id',
    'via_grant',
    'request_id',
    'summary',
    'hash',
  ];
  const rows = events.map((e) => [
    e.id,
    e.at.toISOString(),
    e.actorLabel,
    e.action,
    e.targetType,
    e.targetId,
    e.viaGrantId ?? '',
    e.requestId ?? '',
    JSON.stringify(e.summary),
    e.hash,
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
