import type { Tx } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import {
  countListUse,
  findList,
  insertList,
  lockOpenList,
  takenIndices,
  writeListBits,
  type CredentialSummary,
} from './credentials.store.js';
import type { CertificateStatus, StatusPurpose } from './model.js';
import { emptyList, randomFreeIndex, setBit, STATUS_LIST_LENGTH } from './status-list.js';

/**
 * `n` random free indices on the organisation's open lists for `purpose`, starting a list when one fills:
 * the list row is locked once and its used indices are read once, whatever the batch size.
 */
export async function allocateEntries(
  t: Tx,
  orgId: string,
  purpose: StatusPurpose,
  n: number,
): Promise<{ listId: string; index: number }[]> {
  const out: { listId: string; index: number }[] = [];
  while (out.length < n) {
    let list = await lockOpenList(t, { orgId, purpose, maxUsed: STATUS_LIST_LENGTH / 2 });
    if (!list) {
      await insertList(t, { id: newId(), orgId, purpose, length: STATUS_LIST_LENGTH, bits: emptyList() });
      list = await lockOpenList(t, { orgId, purpose, maxUsed: STATUS_LIST_LENGTH / 2 });
    }
    if (!list) throw new Error('no status list after creating one');
    const taken = await takenIndices(t, list.id, purpose);
    let drawn = 0;
    while (out.length < n) {
      const index = randomFreeIndex(taken);
      if (index === undefined) break;
      taken.add(index);
      out.push({ listId: list.id, index });
      drawn += 1;
    }
    await countListUse(t, list.id, drawn);
  }
  return out;
}

/** Sets (or clears) the certificates' bits on their `purpose` lists, one write per list. */
export async function flipEntries(
  t: Tx,
  q: { rows: readonly CredentialSummary[]; purpose: StatusPurpose; value: boolean; at: Date },
): Promise<void> {
  const byList = new Map<string, number[]>();
  for (const r of q.rows) {
    const [list, index] =
      q.purpose === 'revocation'
        ? [r.revocationList, r.revocationIndex]
        : [r.suspensionList, r.suspensionIndex];
    byList.set(list, [...(byList.get(list) ?? []), index]);
  }
  for (const [listId, indices] of byList) {
    const list = await findList(t, listId);
    if (!list) continue;
    let bits = list.bits;
    for (const index of indices) bits = setBit(bits, index, q.value);
    await writeListBits(t, { listId, bits, at: q.at });
  }
}

/** A certificate's status from its stored record: revocation and suspension first, then its dates. */
export function statusOf(row: CredentialSummary, now: Date): CertificateStatus {
  if (row.revokedAt) return 'revoked';
  if (row.suspendedAt) return 'suspended';
  if (row.validFrom > now) return 'not_yet_valid';
  if (row.validUntil && row.validUntil < now) return 'expired';
  return 'valid';
}
