import type { Db, Tx } from '../../platform/db.js';
import { ObservableKind } from './observables.js';
import { tables } from './tables.js';
import { WarningList } from './warnings.js';

/** A network's own warning entry, as coordinators keep it. */
export interface NetworkWarningEntry {
  readonly id: string;
  readonly list: WarningList;
  readonly kind: ObservableKind;
  readonly value: string;
  readonly note: string;
  readonly createdAt: Date;
}

/** A network's own warning entries, by list and value. */
export async function listWarningEntries(db: Db | Tx, networkId: string): Promise<NetworkWarningEntry[]> {
  const rows = await tables(db)
    .selectFrom('network_warning_entries')
    .select(['id', 'list', 'kind', 'value', 'note', 'created_at'])
    .where('network_id', '=', networkId)
    .orderBy('list')
    .orderBy('value')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    list: WarningList.parse(r.list),
    kind: ObservableKind.parse(r.kind),
    value: r.value,
    note: r.note,
    createdAt: r.created_at,
  }));
}

/** Adds an entry to a network's list; false when the network lists that value already. */
export async function insertWarningEntry(
  t: Tx,
  e: {
    id: string;
    networkId: string;
    list: WarningList;
    kind: ObservableKind;
    value: string;
    note: string;
    createdBy: string | null;
  },
): Promise<boolean> {
  const inserted = await tables(t)
    .insertInto('network_warning_entries')
    .values({
      id: e.id,
      network_id: e.networkId,
      list: e.list,
      kind: e.kind,
      value: e.value,
      note: e.note,
      created_by: e.createdBy,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Removes an entry from a network's list; false when the network has no such entry. */
export async function deleteWarningEntry(t: Tx, q: { networkId: string; id: string }): Promise<boolean> {
  const deleted = await tables(t)
    .deleteFrom('network_warning_entries')
    .where('network_id', '=', q.networkId)
    .where('id', '=', q.id)
    .returning('value')
    .executeTakeFirst();
  return deleted !== undefined;
}
