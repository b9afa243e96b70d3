import { inflateRawSync } from 'node:zlib';

/** What an archive may hold before anything unpacks it. */
export interface ZipLimits {
  readonly maxEntries: number;
  readonly maxTotalBytes: number;
}

/** Why an archive was refused: not a ZIP we can read, or more than the limits allow. */
export type ZipRefusal = 'unreadable' | 'too_large';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Checks a ZIP archive (an XLSX file) against limits before a library unpacks it, so a small upload cannot
 * expand into gigabytes (a "zip bomb"). The central directory's entry count and declared sizes are checked
 * first; then each entry is inflated with its declared size as the hard ceiling, since a crafted archive can
 * declare small sizes and still expand without end. Returns undefined when the archive is within the limits.
 *
 * Why by hand: the archive libraries on npm unpack first and count afterwards; this reads only the fixed
 * headers of the ZIP format (APPNOTE 6.3, §4.3) and uses Node's own inflate with `maxOutputLength`.
 */
export function checkZipBounds(content: Buffer, limits: ZipLimits): ZipRefusal | undefined {
  const end = findEndOfCentralDirectory(content);
  if (end === undefined) return 'unreadable';
  const entries = content.readUInt16LE(end + 10);
  const directoryOffset = content.readUInt32LE(end + 16);
  // ZIP64 archives mark their counts and offsets 0xFFFF / 0xFFFFFFFF; no spreadsheet we accept needs them.
  if (entries === 0xffff || directoryOffset === 0xffffffff) return 'too_large';
  if (entries > limits.maxEntries) return 'too_large';
  let declaredTotal = 0;
  const found: { method: number; compressed: number; size: number; local: number }[] = [];
  let at = directoryOffset;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > content.length || content.readUInt32LE(at) !== CENTRAL) return 'unreadable';
    const entry = {
      method: content.readUInt16LE(at + 10),
      compressed: content.readUInt32LE(at + 20),
      size: content.readUInt32LE(at + 24),
      local: content.readUInt32LE(at + 42),
    };
    declaredTotal += entry.size;
    if (declaredTotal > limits.maxTotalBytes) return 'too_large';
    found.push(entry);
    at += 46 + content.readUInt16LE(at + 28) + content.readUInt16LE(at + 30) + content.readUInt16LE(at + 32);
  }
  for (const entry of found) {
    const refusal = checkEntry(content, entry);
    if (refusal) return refusal;
  }
  return undefined;
}

function checkEntry(
  content: Buffer,
  entry: { method: number; compressed: number; size: number; local: number },
): ZipRefusal | undefined {
  if (entry.local + 30 > content.length || content.readUInt32LE(entry.local) !== LOCAL) return 'unreadable';
  const start =
    entry.local + 30 + content.readUInt16LE(entry.local + 26) + content.readUInt16LE(entry.local + 28);
  const data = content.subarray(start, start + entry.compressed);
  if (data.length !== entry.compressed) return 'unreadable';
  if (entry.method === 0) return entry.compressed === entry.size ? undefined : 'unreadable';
  if (entry.method !== 8) return 'unreadable';
  try {
    // One byte over the declared size is enough to know the entry lies about it.
    const inflated = inflateRawSync(data, { maxOutputLength: entry.size + 1 });
    return inflated.length === entry.size ? undefined : 'too_large';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : 'unreadable';
  }
}

/** The offset of the End of Central Directory record, searched from the end (it may be followed by a comment). */
function findEndOfCentralDirectory(content: Buffer): number | undefined {
  const lowest = Math.max(0, content.length - 22 - 0xffff);
  for (let at = content.length - 22; at >= lowest; at--) if (content.readUInt32LE(at) === EOCD) return at;
  return undefined;
}
