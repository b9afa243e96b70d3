import { randomInt } from 'node:crypto';
import { BitstringStatusList } from '@digitalbazaar/vc-bitstring-status-list';

/**
 * Entries per list: Bitstring Status List v1.0 asks for at least 16 KB (131,072 entries) so that one
 * certificate cannot be singled out among few; indices are drawn at random for the same reason.
 */
export const STATUS_LIST_LENGTH = 131_072;

/** A fresh, all-clear list as stored bytes. */
export function emptyList(): Buffer {
  return Buffer.alloc(STATUS_LIST_LENGTH / 8);
}

/** Whether an index is set (MSB first, as the specification orders bits). */
export function getBit(bits: Uint8Array, index: number): boolean {
  return new BitstringStatusList({ buffer: bits }).getStatus(index);
}

/** Returns a copy of the list with one index set or cleared. */
export function setBit(bits: Uint8Array, index: number, value: boolean): Buffer {
  const copy = Buffer.from(bits);
  const list = new BitstringStatusList({ buffer: copy });
  list.setStatus(index, value);
  return copy;
}

/** Draws a random index not in `taken`; undefined when the list is full enough to start another. */
export function randomFreeIndex(taken: ReadonlySet<number>, length = STATUS_LIST_LENGTH): number | undefined {
  // Keep lists at most half full so random draws stay quick and herd privacy holds.
  if (taken.size >= length / 2) return undefined;
  for (;;) {
    const index = randomInt(0, length);
    if (!taken.has(index)) return index;
  }
}

/** The list encoded as the specification's `encodedList`: GZIP, base64url, multibase prefix `u`. */
export function encodeList(bits: Uint8Array): Promise<string> {
  return new BitstringStatusList({ buffer: bits }).encode();
}
