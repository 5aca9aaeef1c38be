import type { Day } from '../core/dates.ts';
import type { Cents } from '../core/money.ts';
import type { Language } from '../core/types.ts';

/**
 * The documents `ar` writes, as models of plain data: src/render builds them (the words, the figures,
 * the layout of rows), src/io writes them into their format (exceljs, pdfkit). Neither side imports
 * the other; both import these.
 */

// ── The statement of account attached to a reminder (src/render/statement.ts → src/io/statement-xlsx.ts) ──

export type StatementCell =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'date'; readonly value: Day }
  | { readonly kind: 'money'; readonly value: Cents }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'empty' };

export interface StatementRow {
  readonly style: 'title' | 'label' | 'head' | 'item' | 'total' | 'blank' | 'section';
  readonly cells: readonly StatementCell[];
}

export interface StatementModel {
  readonly sheet: string;
  readonly file: string;
  readonly rows: readonly StatementRow[];
  readonly widths: readonly number[];
}

// ── The registered letter of formal notice (src/render/letter.ts → src/io/letter-pdf.ts) ──

export interface LetterModel {
  readonly lang: Language;
  readonly title: string;
  readonly sender: readonly string[];
  readonly recipient: readonly string[];
  /** True when the customers file gave no postal address: the letter cannot be posted as it is. */
  readonly noAddress: boolean;
  readonly placeDate: string;
  readonly delivery: string;
  readonly subject: string;
  readonly salutation: string;
  readonly intro: string;
  readonly table: { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly total: readonly string[] };
  readonly interestTitle: string;
  readonly interest: readonly { readonly invoice: string; readonly lines: readonly string[] }[];
  readonly legal: readonly string[];
  readonly notice: string;
  readonly payment: readonly string[];
  readonly closing: string;
  readonly signature: readonly string[];
  readonly footer: string;
}

// ── The collection dossier (src/render/dossier.ts → src/io/dossier-files.ts) ──

export interface DossierTable {
  readonly name: string;
  readonly head: readonly string[];
  /** The rows as data: days ISO (`2026-11-30`), amounts plain (`1234.50`), for the workbook. */
  readonly rows: readonly (readonly (string | number)[])[];
  /** Columns that hold amounts (written as numbers with two decimals). */
  readonly money: readonly number[];
  /** Columns that hold days (written as dates), blank where a row has none. */
  readonly dates: readonly number[];
  /** The same rows as people read them (the PDF): days and amounts in the reader's form. */
  readonly shown: readonly (readonly string[])[];
}

export interface DossierModel {
  readonly title: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly tables: readonly DossierTable[];
  /** The letters of formal notice kept, copied into the dossier. */
  readonly letters: readonly string[];
}

// ── The Excel aged-balance report (src/render/aging-workbook.ts → src/io/xlsx-report.ts) ──

/**
 * A cell: text (always written as a string cell, never a formula), a number (a count, days, a share),
 * an amount in cents, a day, a formula with the result it computes, or nothing.
 */
export type SheetValue = string | number | null | { readonly money: Cents } | { readonly date: Day } | { readonly formula: string; readonly result: number | { readonly money: Cents } };

/** The look of a column: that of a column of the template's sheet, as a date, or with its own number format. */
export interface SheetColumn {
  /** The template column (0-based) whose width and styles it takes. */
  readonly template: number;
  /** A date column: a date format unless the template gives one. */
  readonly date?: true;
  /** A number format of its own, for data and total rows (`0.0%`). */
  readonly numFmt?: string;
}

export interface SheetRow {
  /** Which of the template's rows gives the cells their style: its header (row 1), data (row 2) or TOTAL row (row 3). */
  readonly kind: 'header' | 'data' | 'total';
  readonly values: readonly SheetValue[];
  /** The look of each cell, when not that of its column (a sheet of blocks, such as the summary). */
  readonly looks?: readonly SheetColumn[];
  /** A title across every column of the sheet (merged), in the header look of the first. */
  readonly title?: true;
  /** An open item: what the progress bar counts. */
  readonly item?: true;
}

export interface SheetModel {
  readonly name: string;
  /** The template sheet whose look it takes (its page setup, frozen rows, filter). */
  readonly template: 'summary' | 'customers' | 'items' | 'problems';
  readonly columns: readonly SheetColumn[];
  /**
   * Its first row heads a table: that row takes the template's header height, and when the template
   * filters, the filter spans the header and the data rows under it.
   */
  readonly table: boolean;
  /** Excel's page header and footer codes (`&L`, `&C`, `&R`, `&P`). */
  readonly pageHeader: string;
  readonly pageFooter: string;
  /** Made as they are written (100k open items stay cheap in memory). */
  readonly rows: Iterable<SheetRow>;
}

/** A line chart of two series over a block of rows (the DSO trend beside the sector's). */
export interface LineChartModel {
  readonly sheet: string;
  readonly title: string;
  /** The rows of the series (1-based, the row above holds their names); the dates in column A, the series in B and C. */
  readonly first: number;
  readonly last: number;
}

export interface WorkbookModel {
  /** The day the workbook is dated. */
  readonly created: Day;
  /** The open items among the rows, for the progress bar. */
  readonly itemCount: number;
  /** Made one after the other, as they are written. */
  readonly sheets: Iterable<SheetModel>;
  readonly chart: LineChartModel | null;
}
