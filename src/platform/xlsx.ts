import ExcelJS from 'exceljs';
import { checkZipBounds, type ZipLimits, type ZipRefusal } from './zip-bounds.js';

/** One worksheet: a header row, then data rows. */
export interface Sheet {
  readonly name: string;
  readonly columns: readonly { readonly header: string; readonly width?: number }[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
}

/** Builds an XLSX workbook with a bold, frozen header row and filters on each sheet. */
export async function workbook(sheets: readonly Sheet[], meta: { title: string }): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Atalaya';
  book.title = meta.title;
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width ?? 16 }));
    ws.getRow(1).font = { bold: true };
    for (const row of sheet.rows) ws.addRow([...row]);
    if (sheet.rows.length > 0)
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * What a spreadsheet may unpack to: far above any real recommendations list (a 10,000-row sheet is about
 * 5 MB of XML), far below what would stall the server.
 */
export const XLSX_LIMITS: ZipLimits = { maxEntries: 500, maxTotalBytes: 50 * 1024 * 1024 };

/**
 * Reads the first worksheet of an XLSX file as rows of cell text: `unreadable` if it is not XLSX, `too_large`
 * if it would unpack beyond `XLSX_LIMITS`.
 */
export async function readFirstSheet(content: Buffer): Promise<string[][] | ZipRefusal> {
  const refusal = checkZipBounds(content, XLSX_LIMITS);
  if (refusal) return refusal;
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    return 'unreadable';
  }
  const ws = book.worksheets[0];
  if (!ws) return [];
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const cell = row.getCell(c);
      // Dates are read as calendar dates (YYYY-MM-DD), not as the sheet happens to display them.
      cells.push(cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.text.trim());
    }
    rows.push(cells);
  });
  return rows;
}
