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
 * so that the mapping is tested without files.
 */
export interface Table {
  /** The name used in messages: `factures.csv`, `grand-livre.xlsx#Factures`. */
  readonly file: string;
  readonly rows: readonly (readonly Cell[])[];
  /** The line (CSV) or row (XLSX) number of each row, 1-based, for messages. */
  readonly lines: readonly number[];
  /** What the file itself says of its locale. */
  readonly hints: TableHints;
  /** What reading the file found worth saying (a sheet whose reading stopped), as warnings. */
  readonly warnings?: readonly Problem[];
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
