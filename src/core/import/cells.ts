import { dayFromYmd, isValidYmd, type Day } from '../dates.ts';
import { markEvidence, type MarkEvidence } from './amounts.ts';
import { latin1 } from './encodings.ts';
import { FieldCursor } from './csv.ts';
import { readAmount, readDate, readId, type AmountColumn, type CellError, type DateColumn } from './columns.ts';
import { dateOrderEvidence, isAmbiguousDate, parseDateText } from './dates-text.ts';
import { isDateCell, isBlank, isExcelText, type Cell, type CsvBytes, type Table } from './table.ts';

/**
 * How the importers read a table's cells, one reader per kind of table: a CSV file's bytes, or the
 * cells of a workbook (or of anything already in memory). The rules — what is a date, an amount, an
 * identifier — are written once, in columns.ts, amounts.ts and dates-text.ts, over text; the CSV reader
 * only spares making a string of the cells shaped as nearly all are (`2026-10-31`, `31/10/2026`,
 * `1234.50`, `FA2026-00042`), reading them from the bytes, and hands every other cell to those rules
 * (the per-cell fallback). Tests hold the two to the same readings on every shape.
 */

/** What a date column's values say of its order of day and month (`decideDateColumn` reads the same). */
export interface DateEvidence {
  dmy: number;
  mdy: number;
  /** Some value reads differently as d/m and m/d. */
  ambiguous: boolean;
  /** Values typed as dates by the spreadsheet. */
  typed: number;
}

export const newDateEvidence = (): DateEvidence => ({ dmy: 0, mdy: 0, ambiguous: false, typed: 0 });

/** What an amount column's values say of its decimal mark (amounts.ts: `markEvidence`, `decideMark`). */
export type AmountEvidence = MarkEvidence;

/** Where the tokens of a reference cell go: plain ASCII ones as bytes, any other as text. */
export interface TokenSink {
  bytes(d: Uint8Array, s: number, e: number): void;
  text(t: string): void;
}

export interface CellReader {
  readonly table: Table;
  /** Whether row r is blank (every cell blank): blank rows are not rows. */
  blankRow(r: number): boolean;
  /** How many cells row r has. */
  width(r: number): number;
  blank(r: number, c: number): boolean;
  /** The cell as the table gives it (for messages). */
  cell(r: number, c: number): Cell;
  /** The cell read as an identifier or a word: trimmed text. */
  text(r: number, c: number): string;
  /**
   * The cell as an identifier: true with `d[s..e)` set when it is plain ASCII bytes (trimmed); false
   * with `str` set (trimmed text; '' when blank) otherwise.
   */
  token(r: number, c: number): boolean;
  /**
   * The cell's bytes as the file writes them, in whatever encoding, trimmed of ASCII spaces: true with
   * `d[s..e)` set, for a dictionary of the file's own words (the same bytes always read as the same
   * text); false with `str` set (its trimmed text) when it must be read as text (doubled quotes, a
   * workbook's cell).
   */
  rawToken(r: number, c: number): boolean;
  d: Uint8Array;
  s: number;
  e: number;
  str: string;
  /**
   * Adds what a date cell says of its column's order to `ev`; returns what `date` may be given not to
   * read the cell again: its shape (`aa?bb?yyyy` or `yyyy-mm-dd`, packed), `BLANK_DATE`, or -1 (read it again).
   */
  dateEvidence(r: number, c: number, ev: DateEvidence): number;
  /** The day a date cell is read as, day first (`readings.dmy`) and month first (`readings.mdy`); NaN when it is no date. */
  dateReadings(r: number, c: number, readings: { dmy: number; mdy: number }): void;
  /** The day of a date cell: -Infinity when blank, NaN with `error` set when refused; `seen` is what `dateEvidence` returned for it. */
  date(r: number, c: number, col: DateColumn, seen?: number): number;
  /** Adds what an amount cell says of its column's decimal mark to `ev`. */
  amountEvidence(r: number, c: number, ev: AmountEvidence): void;
  /**
   * The cents of an amount cell: -Infinity when blank, NaN with `error` set when refused; `currency` is
   * the currency written beside it, if any.
   */
  amount(r: number, c: number, col: AmountColumn): number;
  /** Splits a cell of references on `,` `;` `|` and white space (docs/accounting.md §1.4) into `sink`. */
  references(r: number, c: number, sink: TokenSink): void;
  error: CellError | null;
  currency: string | null;
}

/** The reader of a table: over its bytes when it is a CSV file, else over its cells. */
export function cellReader(table: Table): CellReader {
  return table.bytes ? new CsvReader(table, table.bytes) : new ValueReader(table);
}

/** ASCII white space, as String.prototype.trim removes it. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isReferenceSeparator(c: number): boolean {
  return c === 44 || c === 59 || c === 124 || isSpace(c);
}

/** Splits a text of references (docs/accounting.md §1.4). */
export function splitReferences(text: string): string[] {
  return text.split(/[,;|\s]+/).filter((s) => s !== '');
}

/** Reads the cells of a table that holds them (a workbook's sheet, rows in memory): the rules, cell by cell. */
class ValueReader implements CellReader {
  readonly table: Table;
  d: Uint8Array = new Uint8Array(0);
  s = 0;
  e = 0;
  str = '';
  error: CellError | null = null;
  currency: string | null = null;
  constructor(table: Table) {
    this.table = table;
  }
  blankRow(r: number): boolean {
    for (const c of this.table.row(r)) if (!isBlank(c)) return false;
    return true;
  }
  width(r: number): number {
    return this.table.row(r).length;
  }
  blank(r: number, c: number): boolean {
    return c < 0 || isBlank(this.table.cell(r, c));
  }
  cell(r: number, c: number): Cell {
    return c < 0 ? null : this.table.cell(r, c);
  }
  text(r: number, c: number): string {
    return c < 0 ? '' : readId(this.table.cell(r, c));
  }
  token(r: number, c: number): boolean {
    this.str = this.text(r, c);
    return false;
  }
  rawToken(r: number, c: number): boolean {
    return this.token(r, c);
  }
  dateEvidence(r: number, c: number, ev: DateEvidence): number {
    const cell = this.cell(r, c);
    if (typeof cell === 'string') textEvidence(cell, ev);
    else if (isDateCell(cell)) ev.typed++;
    return -1;
  }
  dateReadings(r: number, c: number, readings: { dmy: number; mdy: number }): void {
    cellReadings(this.cell(r, c), readings);
  }
  date(r: number, c: number, col: DateColumn): number {
    const cell = this.cell(r, c);
    if (isBlank(cell)) return -Infinity;
    const p = readDate(cell, col);
    if (p.ok) return p.value;
    this.error = p.error;
    return NaN;
  }
  amountEvidence(r: number, c: number, ev: AmountEvidence): void {
    const cell = this.cell(r, c);
    if (typeof cell === 'string') markEvidence(cell, ev, r);
  }
  amount(r: number, c: number, col: AmountColumn): number {
    const cell = this.cell(r, c);
    if (isBlank(cell)) return -Infinity;
    const p = readAmount(cell, col);
    if (p.ok) {
      this.currency = p.value.currency;
      return p.value.cents;
    }
    this.error = p.error;
    return NaN;
  }
  references(r: number, c: number, sink: TokenSink): void {
    for (const t of splitReferences(this.text(r, c))) sink.text(t);
  }
}

function textEvidence(text: string, ev: DateEvidence): void {
  const e = dateOrderEvidence(text);
  if (e === 'dmy') ev.dmy++;
  else if (e === 'mdy') ev.mdy++;
  else if (!ev.ambiguous && isAmbiguousDate(text)) ev.ambiguous = true;
}

function cellReadings(cell: Cell, readings: { dmy: number; mdy: number }): void {
  if (isDateCell(cell)) {
    readings.dmy = readings.mdy = cell.day;
    return;
  }
  if (typeof cell !== 'string') {
    readings.dmy = readings.mdy = NaN;
    return;
  }
  readings.dmy = parseDateText(cell, 'dmy') ?? NaN;
  readings.mdy = parseDateText(cell, 'mdy') ?? NaN;
}

/**
 * Reads a CSV table from its bytes. A field's trimmed byte range is read straight when it is plain ASCII
 * of the common shape; any other field (quotes doubled inside, a no-break space, an accent, a currency
 * sign, another date shape) is read as text by the rules, as the value reader does.
 */
class CsvReader extends ValueReader {
  private readonly rowFirst: Int32Array;
  private readonly field: FieldCursor;
  private readonly utf8: boolean;
  constructor(table: Table, b: CsvBytes) {
    super(table);
    this.d = b.data;
    this.rowFirst = b.cells.rowFirst;
    this.field = new FieldCursor(b.data, b.cells);
    this.utf8 = b.encoding === 'utf-8';
  }

  /**
   * Sets `s`/`e` to field (r, c) trimmed of ASCII white space; returns false when the field must be
   * read as text (doubled quotes, non-ASCII bytes at either end). An absent field is an empty range.
   */
  private range(r: number, c: number): boolean {
    if (!this.span(r, c)) return false;
    const d = this.d;
    return !(this.e > this.s && (d[this.s]! >= 0x80 || d[this.e - 1]! >= 0x80));
  }

  /** Sets `s`/`e` to field (r, c) trimmed of ASCII white space, whatever its bytes; false when it holds doubled quotes. */
  private span(r: number, c: number): boolean {
    const k = this.rowFirst[r]! + c;
    if (c < 0 || k >= this.rowFirst[r + 1]!) {
      this.s = this.e = 0;
      return true;
    }
    const f = this.field;
    f.at(r, k);
    if (f.escaped) return false;
    let s = f.s;
    let e = f.e;
    const d = this.d;
    while (s < e && isSpace(d[s]!)) s++;
    while (e > s && isSpace(d[e - 1]!)) e--;
    if (d[s] === 0x3d && isExcelText(d, s, e)) {
      s += 2;
      e -= 1;
      while (s < e && isSpace(d[s]!)) s++;
      while (e > s && isSpace(d[e - 1]!)) e--;
    }
    this.s = s;
    this.e = e;
    return true;
  }

  override blankRow(r: number): boolean {
    const d = this.d;
    const from = this.rowFirst[r]!;
    const to = this.rowFirst[r + 1]!;
    // Nearly every row starts with a field whose first byte is not white space.
    const f = this.field;
    if (from < to) {
      f.at(r, from);
      if (f.e > f.s && !isSpace(d[f.s]!) && d[f.s]! < 0x80) return false;
    }
    for (let k = from; k < to; k++) {
      f.at(r, k);
      for (let i = f.s; i < f.e; i++) {
        const ch = d[i]!;
        if (!isSpace(ch)) {
          if (ch >= 0x80) return this.table.row(r).every((x) => typeof x !== 'string' || x.trim() === '');
          return false;
        }
      }
    }
    return true;
  }

  override width(r: number): number {
    return this.rowFirst[r + 1]! - this.rowFirst[r]!;
  }

  override blank(r: number, c: number): boolean {
    if (this.range(r, c)) return this.e === this.s;
    return super.blank(r, c);
  }

  override text(r: number, c: number): string {
    if (c < 0) return '';
    if (this.range(r, c)) {
      if (this.e === this.s) return '';
      const d = this.d;
      let ascii = true;
      for (let i = this.s; i < this.e; i++) {
        if (d[i]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) return latin1(d, this.s, this.e);
    }
    return readId(this.table.cell(r, c));
  }

  override token(r: number, c: number): boolean {
    if (this.range(r, c)) {
      const d = this.d;
      let ascii = true;
      for (let i = this.s; i < this.e; i++) {
        if (d[i]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) return true;
    }
    this.str = readId(this.table.cell(r, c));
    return false;
  }

  override rawToken(r: number, c: number): boolean {
    if (this.span(r, c)) return true;
    this.str = readId(this.table.cell(r, c));
    return false;
  }

  /** The shape of a date field: a packed `y << 14 | a << 7 | b` (AB set for `aa?bb?yyyy`), or -1 for another shape. */
  private shape(): number {
    const d = this.d;
    const s = this.s;
    if (this.e - s !== 10) return -1;
    const c0 = d[s]! - 48,
      c1 = d[s + 1]! - 48,
      c2 = d[s + 2]! - 48,
      c3 = d[s + 3]! - 48,
      c4 = d[s + 4]! - 48;
    const c5 = d[s + 5]! - 48,
      c6 = d[s + 6]! - 48,
      c7 = d[s + 7]! - 48,
      c8 = d[s + 8]! - 48,
      c9 = d[s + 9]! - 48;
    if (c4 === -3 && c7 === -3) {
      // yyyy-mm-dd ('-' is 45, 48 - 3)
      if (!(isDigit(c0) && isDigit(c1) && isDigit(c2) && isDigit(c3) && isDigit(c5) && isDigit(c6) && isDigit(c8) && isDigit(c9))) return -1;
      return ((c0 * 1000 + c1 * 100 + c2 * 10 + c3) << 14) | ((c5 * 10 + c6) << 7) | (c8 * 10 + c9);
    }
    // aa?bb?yyyy with one separator of / . - (47, 46, 45 → -1, -2, -3)
    if (c2 === c5 && (c2 === -1 || c2 === -2 || c2 === -3)) {
      if (!(isDigit(c0) && isDigit(c1) && isDigit(c3) && isDigit(c4) && isDigit(c6) && isDigit(c7) && isDigit(c8) && isDigit(c9))) return -1;
      return AB | ((c6 * 1000 + c7 * 100 + c8 * 10 + c9) << 14) | ((c0 * 10 + c1) << 7) | (c3 * 10 + c4);
    }
    return -1;
  }

  override dateEvidence(r: number, c: number, ev: DateEvidence): number {
    if (this.range(r, c)) {
      if (this.e === this.s) return BLANK_DATE;
      const shape = this.shape();
      if (shape >= 0) {
        if ((shape & AB) === 0) return shape;
        const a = (shape >> 7) & 127;
        const b = shape & 127;
        if (a > 12 && b <= 12) ev.dmy++;
        else if (b > 12 && a <= 12) ev.mdy++;
        else if (a <= 12 && b <= 12 && a !== b) ev.ambiguous = true;
        return shape;
      }
    }
    return super.dateEvidence(r, c, ev);
  }

  override dateReadings(r: number, c: number, readings: { dmy: number; mdy: number }): void {
    if (this.range(r, c)) {
      const shape = this.e > this.s ? this.shape() : -1;
      if (shape >= 0) {
        readings.dmy = dayOfShape(shape, 'dmy');
        readings.mdy = dayOfShape(shape, 'mdy');
        return;
      }
    }
    super.dateReadings(r, c, readings);
  }

  override date(r: number, c: number, col: DateColumn, seen = -1): number {
    if (c < 0 || seen === BLANK_DATE) return -Infinity;
    if (seen >= 0 || this.range(r, c)) {
      if (seen < 0 && this.e === this.s) return -Infinity;
      const shape = col.order === 'ymd' ? -1 : seen >= 0 ? seen : this.shape();
      if (shape >= 0) {
        // As readDate: a value that tells its own order keeps it (or contradicts a column's decided order).
        let order = col.order;
        if (shape & AB) {
          const a = (shape >> 7) & 127;
          const b = shape & 127;
          const own = a > 12 && b <= 12 ? 'dmy' : b > 12 && a <= 12 ? 'mdy' : null;
          if (own !== null && own !== order) {
            if (!col.assumed) {
              this.error = 'date_order_conflict';
              return NaN;
            }
            order = own;
          }
        }
        const day = dayOfShape(shape, order as 'dmy' | 'mdy');
        if (day === day) return day;
        this.error = 'not_a_date';
        return NaN;
      }
    }
    return super.date(r, c, col);
  }

  override amountEvidence(r: number, c: number, ev: AmountEvidence): void {
    if (this.range(r, c)) {
      if (this.e === this.s) return;
      const mark = this.plainMark();
      if (mark >= 0) {
        // A plain amount with one or two decimals proves its mark; without one it says nothing.
        if (mark === 44) ev.comma++;
        else if (mark === 46) ev.dot++;
        return;
      }
    }
    super.amountEvidence(r, c, ev);
  }

  /**
   * Reads a plain amount `-?digits([.,]d{1,2})?` of the field in range into `plain`, its digits maybe
   * grouped by spaces as French exports write them (`17 050,79`: a space, a no-break space or a narrow
   * no-break space between two digits, which the rules remove too); returns its decimal mark (44, 46, or
   * 0 without one), or -1 for another shape.
   */
  private plainMark(): number {
    const d = this.d;
    const e = this.e;
    let i = this.s;
    if (e - i > 32) return -1;
    const negative = d[i] === 45;
    if (negative) i++;
    let units = 0;
    let digits = 0;
    while (i < e) {
      const ch = d[i]!;
      if (ch >= 48 && ch <= 57) {
        units = units * 10 + (ch - 48);
        digits++;
        i++;
        continue;
      }
      // A grouping space: only between two digits.
      const w = digits > 0 ? this.spaceAt(i) : 0;
      if (w === 0 || i + w >= e || d[i + w]! < 48 || d[i + w]! > 57) break;
      i += w;
    }
    if (digits === 0 || digits > 13) return -1;
    let cents = units * 100;
    let mark = 0;
    if (i < e) {
      mark = d[i]!;
      if (mark !== 44 && mark !== 46) return -1;
      const rest = e - i - 1;
      if (rest < 1 || rest > 2) return -1;
      const f0 = d[i + 1]! - 48;
      const f1 = rest === 2 ? d[i + 2]! - 48 : 0;
      if (f0 < 0 || f0 > 9 || f1 < 0 || f1 > 9) return -1;
      cents += f0 * 10 + f1;
    }
    this.plain = negative ? -cents : cents;
    return mark;
  }

  /** The width in bytes of a grouping space at byte i (space, no-break space, narrow no-break space), else 0. */
  private spaceAt(i: number): number {
    const d = this.d;
    const b = d[i]!;
    if (b === 0x20) return 1;
    if (!this.utf8) return b === 0xa0 ? 1 : 0;
    if (b === 0xc2) return d[i + 1] === 0xa0 ? 2 : 0;
    if (b === 0xe2) return d[i + 1] === 0x80 && d[i + 2] === 0xaf ? 3 : 0;
    return 0;
  }
  private plain = 0;

  override amount(r: number, c: number, col: AmountColumn): number {
    if (c < 0) return -Infinity;
    if (this.range(r, c)) {
      if (this.e === this.s) return -Infinity;
      const mark = this.plainMark();
      // A mark other than the column's is left to the rules (a thousands separator, or a conflict).
      if (mark === 0 || mark === (col.mark === ',' ? 44 : 46)) {
        this.currency = null;
        return this.plain;
      }
    }
    return super.amount(r, c, col);
  }

  override references(r: number, c: number, sink: TokenSink): void {
    if (this.range(r, c)) {
      const d = this.d;
      let ascii = true;
      for (let i = this.s; i < this.e; i++) {
        if (d[i]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        let i = this.s;
        const e = this.e;
        while (i < e) {
          while (i < e && isReferenceSeparator(d[i]!)) i++;
          const s = i;
          while (i < e && !isReferenceSeparator(d[i]!)) i++;
          if (i > s) sink.bytes(d, s, i);
        }
        return;
      }
    }
    super.references(r, c, sink);
  }
}

const AB = 1 << 28;

/** What `dateEvidence` returns for a blank date cell. */
const BLANK_DATE = -2;

function isDigit(c: number): boolean {
  return c >= 0 && c <= 9;
}

/** The day a date shape stands for in an order; NaN when that date does not exist. */
function dayOfShape(shape: number, order: 'dmy' | 'mdy'): number {
  const a = (shape >> 7) & 127;
  const b = shape & 127;
  const y = (shape >> 14) & 16383;
  const monthFirst = (shape & AB) === 0 || order === 'mdy';
  const m = monthFirst ? a : b;
  const dd = monthFirst ? b : a;
  return isValidYmd(y, m, dd) ? (dayFromYmd(y, m, dd) as Day) : NaN;
}
