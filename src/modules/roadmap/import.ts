import { parse } from 'csv-parse/sync';
import { fail, type Problem } from '../../platform/errors.js';
import { ok, type Result } from '../../platform/result.js';
import { HORIZONS, INSTRUMENTS, PRIORITIES, type Horizon, type Instrument, type Priority } from './model.js';

/** The columns of a recommendations file, by their stable (English) header names. */
export const IMPORT_COLUMNS = [
  'title',
  'description',
  'paragraph_ref',
  'area',
  'addressee',
  'instrument',
  'priority',
  'priority_flag',
  'horizon',
  'due_on',
  'objective',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

/** At most this many recommendations per file. */
export const IMPORT_MAX_ROWS = 2000;

/** What is wrong with one cell, in words the screen translates. */
export interface RowError {
  /** The row number as a spreadsheet shows it (the header is row 1). */
  readonly row: number;
  readonly column: Column;
  readonly code: 'required' | 'too_long' | 'not_one_of' | 'not_a_date' | 'not_yes_no' | 'unknown_objective';
  readonly allowed?: string;
}

/** A valid row, ready to become a recommendation. */
export interface ImportRow {
  readonly row: number;
  readonly title: string;
  readonly description: string;
  readonly paragraphRef: string;
  readonly area: string;
  readonly addressee: string;
  readonly instrument: Instrument | null;
  readonly priority: Priority;
  readonly priorityFlag: boolean;
  readonly horizon: Horizon;
  readonly dueOn: string | null;
  readonly objectiveCode: string | null;
}

const YES = new Set(['yes', 'y', 'true', '1', 'sí', 'si', 'oui', 'x']);
const NO = new Set(['no', 'n', 'false', '0', 'non', '']);
const MAX: Partial<Record<Column, number>> = {
  title: 300,
  description: 10_000,
  paragraph_ref: 100,
  area: 100,
  addressee: 200,
};

/** Reads CSV (UTF-8, with or without BOM; comma or semicolon) into rows of cell text; undefined if unreadable. */
export function readCsv(content: Buffer): string[][] | undefined {
  const text = content.toString('utf8');
  if (text.includes('\u0000')) return undefined;
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  try {
    const rows: string[][] = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
    });
    return rows;
  } catch {
    return undefined;
  }
}

/** True for a real YYYY-MM-DD date (not 2027-02-30, which JavaScript would roll over to March). */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** The allowed value a cell names, ignoring case and writing "before next election" for before_next_election. */
function oneOf<T extends string>(value: string, allowed: readonly T[]): T | undefined {
  const wanted = value.toLowerCase().replace(/[\s-]+/g, '_');
  return allowed.find((a) => a.toLowerCase() === wanted);
}

/**
 * Checks a table of cells (header row first) cell by cell. A header it cannot read is a problem for the
 * whole file; anything else is reported per row and column, so a person can fix the file or import the
 * valid rows only.
 */
export function checkRows(
  table: readonly (readonly string[])[],
  objectiveCodes: ReadonlySet<string>,
): Result<{ rows: ImportRow[]; errors: RowError[] }, Problem> {
  const [header, ...body] = table;
  if (!header) return fail('invalid', 'import_header_invalid', { params: { columns: 'title' } });
  const names = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const unknown = names.filter((n) => n !== '' && !(IMPORT_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0 || !names.includes('title'))
    return fail('invalid', 'import_header_invalid', { params: { columns: unknown.join(', ') || 'title' } });
  const data = body.filter((cells) => cells.some((c) => c.trim() !== ''));
  if (data.length > IMPORT_MAX_ROWS)
    return fail('invalid', 'import_too_many_rows', { params: { max: IMPORT_MAX_ROWS } });
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  body.forEach((cells, index) => {
    if (!cells.some((c) => c.trim() !== '')) return;
    const row = index + 2;
    const cell = (c: Column) => (cells[names.indexOf(c)] ?? '').trim();
    const rowErrors: RowError[] = [];
    const problem = (column: Column, code: RowError['code'], allowed?: string) =>
      rowErrors.push({ row, column, code, ...(allowed !== undefined && { allowed }) });
    if (cell('title').length < 2) problem('title', 'required');
    for (const [column, max] of Object.entries(MAX) as [Column, number][])
      if (cell(column).length > max) problem(column, 'too_long', String(max));
    const instrument = cell('instrument') === '' ? null : oneOf(cell('instrument'), INSTRUMENTS);
    if (instrument === undefined) problem('instrument', 'not_one_of', INSTRUMENTS.join(', '));
    const priority = cell('priority') === '' ? 'P2' : oneOf(cell('priority'), PRIORITIES);
    if (priority === undefined) problem('priority', 'not_one_of', PRIORITIES.join(', '));
    const flag = cell('priority_flag').toLowerCase();
    if (!YES.has(flag) && !NO.has(flag)) problem('priority_flag', 'not_yes_no');
    const horizon = cell('horizon') === '' ? 'medium' : oneOf(cell('horizon'), HORIZONS);
    if (horizon === undefined) problem('horizon', 'not_one_of', HORIZONS.join(', '));
    const due = cell('due_on');
    const dueOk = due === '' || isCalendarDate(due);
    if (!dueOk) problem('due_on', 'not_a_date');
    const objective = cell('objective');
    if (objective !== '' && !objectiveCodes.has(objective)) problem('objective', 'unknown_objective');
    if (rowErrors.length > 0 || instrument === undefined || priority === undefined || horizon === undefined) {
      errors.push(...rowErrors);
      return;
    }
    rows.push({
      row,
      title: cell('title'),
      description: cell('description'),
      paragraphRef: cell('paragraph_ref'),
      area: cell('area'),
      addressee: cell('addressee'),
      instrument,
      priority,
      priorityFlag: YES.has(flag),
      horizon,
      dueOn: due === '' ? null : due,
      objectiveCode: objective === '' ? null : objective,
    });
  });
  return ok({ rows, errors });
}

/** The example row of the template files. */
export const TEMPLATE_EXAMPLE: Readonly<Record<Column, string>> = {
  title: 'Adopt a procedure for securing the transmission of preliminary results',
  description: 'The mission found no written procedure for results transmission.',
  paragraph_ref: '§ 42',
  area: 'Results management',
  addressee: 'Electoral commission',
  instrument: 'procedure',
  priority: 'P1',
  priority_flag: 'yes',
  horizon: 'before_next_election',
  due_on: '2027-03-01',
  objective: '',
};
