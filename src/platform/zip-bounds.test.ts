import { describe, expect, it } from 'vitest';
import { checkZipBounds } from './zip-bounds.js';
import { workbook } from './xlsx.js';
import { zipOf } from '../test/zip.js';

const LIMITS = { maxEntries: 500, maxTotalBytes: 50 * 1024 * 1024 };

describe('ZIP bounds', () => {
  it('lets a real spreadsheet through', async () => {
    const book = await workbook(
      [{ name: 'Recommendations', columns: [{ header: 'title' }], rows: [['Train staff']] }],
      { title: 't' },
    );
    expect(checkZipBounds(book, LIMITS)).toBeUndefined();
  });

  it('refuses an archive that declares more than the limit before unpacking anything', () => {
    const bomb = zipOf(Buffer.alloc(1024), 60 * 1024 * 1024);
    expect(checkZipBounds(bomb, LIMITS)).toBe('too_large');
  });

  it('refuses an entry that inflates beyond the size it declares', () => {
    const liar = zipOf(Buffer.alloc(8 * 1024 * 1024), 1000);
    expect(checkZipBounds(liar, LIMITS)).toBe('too_large');
  });

  it('calls a truncated archive unreadable', () => {
    expect(checkZipBounds(Buffer.from('PK\u0003\u0004 not a zip'), LIMITS)).toBe('unreadable');
  });
});
