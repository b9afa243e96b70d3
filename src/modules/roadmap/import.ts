import { parse } from 'csv-parse/sync';
import { fail, type Problem } from '../../platform/errors.js';
import { ok, type Result } from '../../platform/result.js';
import type { SupportedLocale } from '../../platform/i18n/index.js';
import { HORIZONS, INSTRUMENTS, PRIORITIES, type Horizon, type Instrument, type Priority } from './model.js';
import {
  AREA_WORDS,
  AREAS,
  HORIZON_WORDS,
  INSTRUMENT_WORDS,
  areaNamed,
  horizonNamed,
  instrumentNamed,
  keyNamed,
  type Area,
} from './vocabulary.js';

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

/** The column headers in each language: a file may use any of them, or the keys themselves. */
export const COLUMN_WORDS: Readonly<Record<Column, Readonly<Record<SupportedLocale, string>>>> = {
  title: { en: 'Title', es: 'Título', fr: 'Titre' },
  description: { en: 'Description', es: 'Descripción', fr: 'Description' },
  paragraph_ref: { en: 'Paragraph', es: 'Párrafo', fr: 'Paragraphe' },
  area: { en: 'Area', es: 'Área', fr: 'Domaine' },
  addressee: { en: 'Addressee', es: 'Destinatario', fr: 'Destinataire' },
  instrument: { en: 'Instrument', es: 'Instrumento', fr: 'Instrument' },
  priority: { en: 'Priority', es: 'Prioridad', fr: 'Priorité' },
  priority_flag: {
    en: 'Priority recommendation',
    es: 'Recomendación prioritaria',
    fr: 'Recommandation prioritaire',
  },
  horizon: { en: 'Horizon', es: 'Horizonte', fr: 'Horizon' },
  due_on: { en: 'Due date', es: 'Fecha límite', fr: 'Échéance' },
  objective: { en: 'Objective', es: 'Objetivo', fr: 'Objectif' },
};

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
  readonly area: Area | '';
  readonly addressee: string;
  readonly instrument: Instrument | null;
  readonly priority: Priority;
  readonly priorityFlag: boolean;
  readonly horizon: Horizon;
  readonly dueOn: string | null;
  readonly objectiveCode: string | null;
}

const YES = new Set(['yes', 'y', 'true', '1', 'sí', 'si', 'oui', 'o', 's', 'x']);
const NO = new Set(['no', 'n', 'false', '0', 'non', '']);
const MAX: Partial<Record<Column, number>> = {
  title: 300,
  description: 10_000,
  paragraph_ref: 100,
  addressee: 200,
};

/**
 * Decodes a CSV file: UTF-8 when it is valid UTF-8, else Windows-1252 (Latin-1), which is what Excel saves as
 * "CSV" on a Spanish or French Windows — so "sí" and "Procédure" arrive as written.
 */
function decode(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('windows-1252').decode(content);
  }
}

/** Reads CSV (UTF-8, with or without BOM; comma or semicolon) into rows of cell text; undefined if unreadable. */
export function readCsv(content: Buffer): string[][] | undefined {
  const text = decode(content);
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

/**
 * The ISO date a cell gives, day first as Spanish, French and British spreadsheets write it ("01/03/2027",
 * "1.3.2027", "01-03-2027") or ISO ("2027-03-01"); undefined unless it is a real calendar date (not 30/02).
 */
export function dateIn(value: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : local ? [local[3], local[2], local[1]] : [];
  if (!y || !m || !d) return undefined;
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date ? date : undefined;
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
  const names = header.map((h) => (h.trim() === '' ? '' : (keyNamed(h, COLUMN_WORDS) ?? h.trim())));
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
    // Closed lists take their keys or their words in any of the three languages; `allowed` lists the keys,
    // which the screen shows in its reader's language.
    const area = cell('area') === '' ? '' : areaNamed(cell('area'));
    if (area === undefined) problem('area', 'not_one_of', AREAS.join(', '));
    const instrument = cell('instrument') === '' ? null : instrumentNamed(cell('instrument'));
    if (instrument === undefined) problem('instrument', 'not_one_of', INSTRUMENTS.join(', '));
    const priority =
      cell('priority') === '' ? 'P2' : PRIORITIES.find((p) => p === cell('priority').toUpperCase());
    if (priority === undefined) problem('priority', 'not_one_of', PRIORITIES.join(', '));
    const flag = cell('priority_flag').toLowerCase();
    if (!YES.has(flag) && !NO.has(flag)) problem('priority_flag', 'not_yes_no');
    const horizon = cell('horizon') === '' ? 'medium' : horizonNamed(cell('horizon'));
    if (horizon === undefined) problem('horizon', 'not_one_of', HORIZONS.join(', '));
    const due = cell('due_on');
    const dueOn = due === '' ? null : dateIn(due);
    if (dueOn === undefined) problem('due_on', 'not_a_date');
    const objective = cell('objective');
    if (objective !== '' && !objectiveCodes.has(objective)) problem('objective', 'unknown_objective');
    if (
      rowErrors.length > 0 ||
      area === undefined ||
      instrument === undefined ||
      priority === undefined ||
      horizon === undefined ||
      dueOn === undefined
    ) {
      errors.push(...rowErrors);
      return;
    }
    rows.push({
      row,
      title: cell('title'),
      description: cell('description'),
      paragraphRef: cell('paragraph_ref'),
      area,
      addressee: cell('addressee'),
      instrument,
      priority,
      priorityFlag: YES.has(flag),
      horizon,
      dueOn,
      objectiveCode: objective === '' ? null : objective,
    });
  });
  return ok({ rows, errors });
}

/** The template's header and example row, in the reader's language (the import reads any language back). */
export function templateRows(locale: SupportedLocale): { header: string[]; example: string[] } {
  const example: Record<Column, string> = {
    title: {
      en: 'Adopt a procedure for securing the transmission of preliminary results',
      es: 'Adoptar un procedimiento para asegurar la transmisión de resultados preliminares',
      fr: 'Adopter une procédure pour sécuriser la transmission des résultats préliminaires',
    }[locale],
    description: {
      en: 'The mission found no written procedure for results transmission.',
      es: 'La misión no encontró ningún procedimiento escrito para la transmisión de resultados.',
      fr: 'La mission n’a trouvé aucune procédure écrite pour la transmission des résultats.',
    }[locale],
    paragraph_ref: '§ 42',
    area: AREA_WORDS.results_management[locale],
    addressee: { en: 'Electoral commission', es: 'Comisión electoral', fr: 'Commission électorale' }[locale],
    instrument: INSTRUMENT_WORDS.procedure[locale],
    priority: 'P1',
    priority_flag: { en: 'yes', es: 'sí', fr: 'oui' }[locale],
    horizon: HORIZON_WORDS.before_next_election[locale],
    due_on: locale === 'en' ? '2027-03-01' : '01/03/2027',
    objective: '',
  };
  return {
    header: IMPORT_COLUMNS.map((c) => COLUMN_WORDS[c][locale]),
    example: IMPORT_COLUMNS.map((c) => example[c]),
  };
}
