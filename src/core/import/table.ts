import type { CsvCells } from './csv.ts';
import { isoFromDay, type Day } from '../dates.ts';
import type { Problem } from '../types.ts';

/** A date typed as a date by the spreadsheet (an XLSX date cell), already turned into a calendar day. */
export interface DateCell {
  readonly day: Day;
}

/** One cell as read from a CSV (always text) or an XLSX sheet (text, number, boolean, date). */
export type Cell = string | number | boolean | DateCell | null;

/**
 * A table of rows, as read from a file by `src/io`: the importers work on this, never on paths,
 * so that the mapping is tested without files. Rows are read one at a time: a CSV table keeps its
 * bytes and makes the strings of a row only when the row is read.
 */
export interface Table {
  /** The name used in messages: `factures.csv`, `grand-livre.xlsx#Factures`. */
  readonly file: string;
  /** What the file itself says of its locale. */
  readonly hints: TableHints;
  readonly rowCount: number;
  /** The cells of row r (0-based), made on demand: do not keep them all. */
  row(r: number): readonly Cell[];
  /** Cell c of row r; null past the end of the row. */
  cell(r: number, c: number): Cell;
  /** The line (CSV) or row (XLSX) number of row r, 1-based, for messages. */
  line(r: number): number;
  /** A CSV table's bytes and field offsets, for the fast path of the importers. */
  readonly bytes?: CsvBytes;
  /** What reading the file found worth saying (a sheet whose reading stopped), as warnings. */
  readonly warnings?: readonly Problem[];
}

/** The bytes of a CSV file cut into fields (see csv.ts), and how one field reads as text. */
export interface CsvBytes {
  readonly data: Uint8Array;
  readonly cells: CsvCells;
  /** How its bytes above 0x7F read: UTF-8, or windows-1252 (a byte a character). */
  readonly encoding: 'utf-8' | 'windows-1252';
}

/** A table over rows already in memory (XLSX sheets, tests). */
export function arrayTable(file: string, rows: readonly (readonly Cell[])[], lines?: readonly number[], hints: TableHints = {}, warnings?: readonly Problem[]): Table {
  return {
    file,
    hints,
    ...(warnings && warnings.length > 0 ? { warnings } : {}),
    rowCount: rows.length,
    row: (r) => rows[r]!,
    cell: (r, c) => rows[r]![c] ?? null,
    line: (r) => lines?.[r] ?? r + 1,
  };
}

/** How many rows from the top of a table its header is looked for in (title rows above it included). */
export const HEAD_ROWS = 30;

/**
 * Excel's way of keeping a value as written in a CSV file: a formula that gives it as text, `="00123"`,
 * which Excel shows as `00123` (exporters write ids so, to keep their leading zeros). Whether the bytes
 * `d[s..e)` are one, a quote-free text between `="` and `"`: the value is then `d[s + 2..e - 1)`.
 */
export function isExcelText(d: ArrayLike<number>, s: number, e: number): boolean {
  if (e - s < 3 || d[s] !== 0x3d || d[s + 1] !== 0x22 || d[e - 1] !== 0x22) return false;
  for (let i = s + 2; i < e - 1; i++) if (d[i] === 0x22) return false;
  return true;
}

/** A cell's text without Excel's `="…"` (see `isExcelText`), white space around it aside. */
export function excelText(text: string): string {
  if (!text.includes('="')) return text;
  const t = text.trim();
  const n = t.length;
  if (n < 3 || t.charCodeAt(0) !== 0x3d || t.charCodeAt(1) !== 0x22 || t.charCodeAt(n - 1) !== 0x22) return text;
  const inner = t.slice(2, n - 1);
  return inner.includes('"') ? text : inner;
}

/**
 * The label that starts a total or subtotal row, in French, English or Dutch: Total(s), Totaux, Sous-total,
 * Sous-totaux, Subtotal, Sub-total, Grand total, Totaal, Subtotaal, Eindtotaal ("Total général" and
 * "Total TTC" too: a word after it does not matter). Not "Totalement": the word must end there.
 * Its first letter is always one of t, s, g, e (the byte readers look at that first).
 */
export const TOTAL_LABEL = /^(?:(?:sous[- ]?|sub-?)?(?:totals?|totaux|totaal)|grand[- ]total|eindtotaal)\b/i;

/**
 * A warning about rows of a file, said once: how many, and the lines of the first five (`lines 3, 8, 12, …`).
 * @example linesWarning('hidden_rows_read', 'ventes.xlsx#Factures', [3, 4])
 */
export function linesWarning(code: string, file: string, lines: readonly number[], column?: string): Problem {
  return { severity: 'warning', code, file, line: lines[0] ?? 0, ...(column !== undefined ? { column } : {}), params: { count: lines.length, lines: lines.slice(0, 5).join(', ') } };
}

/** The first `n` rows of a table, for header detection. */
export function headRows(table: Table, n: number): (readonly Cell[])[] {
  const out: (readonly Cell[])[] = [];
  for (let r = 0; r < Math.min(n, table.rowCount); r++) out.push(table.row(r));
  return out;
}

export interface TableHints {
  /** True when the file looks French/Belgian (`;` delimiter, windows-1252): decimal comma, day before month. */
  readonly continental?: boolean;
  /** The 1904 date system of old Mac workbooks. */
  readonly date1904?: boolean;
}

export function isDateCell(c: Cell): c is DateCell {
  return typeof c === 'object' && c !== null;
}

/** Text of a cell for messages and identifiers. */
export function cellText(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'string') return c;
  if (typeof c === 'number') return Number.isInteger(c) ? String(c) : String(c);
  if (typeof c === 'boolean') return c ? 'TRUE' : 'FALSE';
  return isoFromDay(c.day);
}

export function isBlank(c: Cell | undefined): boolean {
  return c === null || c === undefined || (typeof c === 'string' && c.trim() === '');
}
