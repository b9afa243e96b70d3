import { fail, type Problem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { Caller, NetworkDeps } from './deps.js';
import { parseObservable, type ObservableKind } from './observables.js';
import { BUILT_IN_WARNING_LISTS, type WarningEntry, type WarningList } from './warnings.js';
import {
  deleteWarningEntry,
  insertWarningEntry,
  listWarningEntries,
  type NetworkWarningEntry,
} from './warnings.store.js';

/** Builds the warning list service: known-benign values that flag likely false positives before sharing. */
export function createWarningsService(deps: Pick<NetworkDeps, 'db' | 'tx'>) {
  const { db, tx } = deps;
  return {
    /** Every entry an indicator in this network is checked against: the built-in lists and the network's own. */
    async entriesOf(networkId: string): Promise<WarningEntry[]> {
      const own = await listWarningEntries(db, networkId);
      return [
        ...BUILT_IN_WARNING_LISTS.flatMap((l) => l.entries),
        ...own.map((e) => ({ list: e.list, observable: { kind: e.kind, value: e.value }, note: e.note })),
      ];
    },

    /** The network's own entries (the built-in lists are content, the same everywhere). */
    own(caller: Caller): Promise<NetworkWarningEntry[]> {
      return listWarningEntries(db, caller.scope.networkId);
    },

    /** A coordinator adds a known-benign value (a member's official domain, a resolver, a CDN range…). */
    async add(q: {
      caller: Caller;
      entry: { list: WarningList; kind: ObservableKind; value: string; note: string };
    }): Promise<Result<NetworkWarningEntry, Problem>> {
      const { caller, entry } = q;
      const parsed = parseObservable(entry.kind, entry.value);
      if (!parsed.ok) return fail('invalid', 'observable_invalid', { params: { kind: entry.kind } });
      const id = newId();
      const { networkId } = caller.scope;
      return tx.run(caller.actor, async (t, record) => {
        const added = await insertWarningEntry(t, {
          id,
          networkId,
          list: entry.list,
          kind: entry.kind,
          value: parsed.value.value,
          note: entry.note,
          createdBy: caller.actor.userId,
        });
        if (!added)
          return fail('conflict', 'warning_entry_exists', { params: { value: parsed.value.value } });
        await record({
          action: 'network.warning_entry_added',
          orgId: caller.scope.orgId,
          targetType: 'network',
          targetId: networkId,
          summary: { list: entry.list, kind: entry.kind, value: parsed.value.value },
        });
        const saved = (await listWarningEntries(t, networkId)).find((e) => e.id === id);
        return saved ? ok(saved) : fail('not_found', 'warning_entry_not_found');
      });
    },

    /** A coordinator removes one of the network's own entries. */
    remove(q: { caller: Caller; entryId: string }): Promise<Result<void, Problem>> {
      const { caller } = q;
      return tx.run(caller.actor, async (t, record) => {
        if (!(await deleteWarningEntry(t, { networkId: caller.scope.networkId, id: q.entryId })))
          return fail('not_found', 'warning_entry_not_found');
        await record({
          action: 'network.warning_entry_removed',
          orgId: caller.scope.orgId,
          targetType: 'network',
          targetId: caller.scope.networkId,
          summary: { entryId: q.entryId },
        });
        return ok(undefined);
      });
    },
  };
}

/** The warning list service's type. */
export type WarningsService = ReturnType<typeof createWarningsService>;
