import { dayFromYmd, isValidYmd } from '../core/dates.ts';
import { isBlank, linesWarning, type Cell } from '../core/import/table.ts';
import type { Problem } from '../core/types.ts';
import { InputError } from '../errors.ts';
// The .xlsx reader's scanner, dates and merges, shared: both modules are loaded only for a workbook (test/architecture.test.ts).
import { CLOSE, columnName, dateCell, decodeText, END, fillMergesDown, MAX_CELL_CHARS, OPEN, Scan, XlsxSyntaxError, type SheetRows, type XlsxBook, type XlsxSheet } from './xlsx-read.ts';
import type { XlsxParts } from './zip-check.ts';

/**
 * Reads the sheets of an OpenDocument spreadsheet (`.ods`, LibreOffice's own format: a zip checked and inflated
 * by src/io/zip-check.ts, whose `content.xml` holds every sheet) into what the .xlsx reader gives
 * (src/io/xlsx-read.ts), so that read-table.ts reads all three alike: the same rows (blank ones left out), line
 * numbers, cell types and warnings. The XML is scanned as bytes by the .xlsx reader's scanner (elements by local
 * name, a DTD refused before); the reference is OpenDocument 1.2/1.3, part 1, §9 "Tables".
 *
 * Reads: the sheets (`table:table` in `office:spreadsheet`) in order, by name; the 1904 null date (as the 1904
 * date system); rows and cells with their repeat counts (`number-rows-repeated`, `number-columns-repeated`: a
 * blank row or cell repeated costs nothing, however many, as LibreOffice writes the blank rest of a sheet);
 * `float`, `percentage` and `currency` values as numbers, `date` as the calendar day it names (no time zone),
 * `time` as a fraction of a day (a number, as the .xlsx reader reads a time alone), `boolean`, `string` (the
 * `office:string-value`, else the text of the cell's paragraphs joined by "\n", with `text:s`, `text:tab`,
 * `text:line-break`, spans and links, white space collapsed as §6.1.2 says, but a trailing one kept as
 * LibreOffice writes and reads it), a cell with no type but text as its text; a formula's cached value as any
 * cell's (never evaluated), an error as an empty cell; a text or a date merged down one column
 * (`number-rows-spanned`), repeated in every row of the merge (`fillMergesDown`); hidden rows (`visibility`
 * `collapse` or `filter`) as any other, and said (`hidden_rows_read`). Not read: comments (`office:annotation`),
 * drawings, notes and ruby text in a cell, styles, a table nested in a cell.
 *
 * Refused: a spreadsheet encrypted with a password (the manifest's `encryption-data`, or a `content.xml` that is
 * not XML: `ods_encrypted`); an OpenDocument of another kind (a text document); anything else malformed throws
 * `OdsSyntaxError`, which read-table turns into one line (`ods_unreadable`).
 *
 * Limits: the archive's (10,000 entries, 128 MB inflated; `content.xml`, all the sheets, is bound by the total
 * only, as an .xlsx's worksheet is); 32,767 characters a cell and column XFD (16,384), as an .xlsx; no row of
 * values beyond row 1,048,576; a row of values repeated at most 100,000 times; 10,000,000 cells kept a sheet
 * (what repeats could otherwise make of a few bytes).
 *
 * Checked by: the same sources converted by LibreOffice to .ods and to .xlsx, read by both readers
 * (test/io/ods-read.test.ts, test/corpus/ods).
 */

/** A `content.xml` that is not the spreadsheet it should be; read-table turns it into `ods_unreadable`. */
export class OdsSyntaxError extends Error {
  override readonly name = 'OdsSyntaxError';
}

const SPREADSHEET = 'application/vnd.oasis.opendocument.spreadsheet';
const OFFICE_NS = 'urn:oasis:names:tc:opendocument:xmlns:office:1.0';
const MAX_COLUMN = 16_384;
const MAX_ROWS = 1_048_576;
const MAX_ROW_REPEAT = 100_000;
const MAX_CELLS = 10_000_000;

/** The scanner's syntax errors, as this reader's. */
function asOds(e: unknown): unknown {
  return e instanceof XlsxSyntaxError ? new OdsSyntaxError(e.message) : e;
}

/** Opens a spreadsheet: its sheet list and date system now (one pass over `content.xml`), each sheet's cells when read. */
export function openOds(file: string, parts: XlsxParts): XlsxBook {
  try {
    return open(file, parts);
  } catch (e) {
    throw asOds(e);
  }
}

function open(file: string, parts: XlsxParts): XlsxBook {
  const mimetype = parts.get('mimetype')?.toString('latin1').trim();
  if (mimetype !== undefined && !mimetype.startsWith(SPREADSHEET)) {
    throw new OdsSyntaxError(`an OpenDocument file of another kind (${JSON.stringify(mimetype.slice(0, 80))}), not a spreadsheet`);
  }
  // The manifest is searched, never parsed: encrypted parts are listed there with their `encryption-data`.
  if (parts.get('META-INF/manifest.xml')?.includes('encryption-data') === true) throw new InputError('ods_encrypted', { file });
  const content = parts.get('content.xml');
  if (content === undefined) throw new OdsSyntaxError('the archive has no content.xml');
  if (!startsAsXml(content)) throw new InputError('ods_encrypted', { file });
  const { date1904, office, tables } = listTables(content);
  const sheets: XlsxSheet[] = tables.map((t) => ({
    name: t.name,
    read: (giveUp) => {
      try {
        return readSheet(content, t, office, `${file}#${t.name}`, giveUp);
      } catch (e) {
        throw asOds(e);
      }
    },
  }));
  return { date1904, sheets };
}

/** Whether bytes start as XML (a BOM and white space allowed): an encrypted part is random bytes. */
function startsAsXml(b: Buffer): boolean {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09) i++;
  return b[i] === 0x3c;
}

interface TableAt {
  readonly name: string;
  /** The byte just after its open tag; -1 for an empty (self-closing) table. */
  readonly start: number;
}

/**
 * The sheets (the tables directly in `office:spreadsheet`), the null date, and the prefix the document gives the
 * office namespace (its `value-type` is told from LibreOffice's `calcext:value-type` by it): one pass over every tag.
 */
function listTables(b: Buffer): { date1904: boolean; office: string; tables: TableAt[] } {
  const x: Scan = new Scan(b, 'content.xml');
  const tables: TableAt[] = [];
  let office = 'office';
  let date1904 = false;
  let depth = 0;
  let sheetDepth = -1;
  let root = true;
  while (x.next() !== END) {
    if (x.kind === CLOSE) {
      if (--depth < 0) x.fail('closes an element it never opened');
      continue;
    }
    if (root) {
      office = officePrefix(x) ?? office;
      root = false;
    }
    if (sheetDepth < 0 && x.is('spreadsheet')) sheetDepth = depth + 1;
    else if (depth === sheetDepth && x.is('table')) {
      const name = x.attr('name', true);
      if (name === undefined) x.fail('has a sheet without a name');
      tables.push({ name, start: x.selfClosing ? -1 : x.pos });
    } else if (x.is('null-date')) date1904 = (x.attr('date-value', true) ?? '').startsWith('1904-01-01');
    if (!x.selfClosing) depth++;
  }
  if (depth !== 0) x.fail('ends inside an element (cut short)');
  if (sheetDepth < 0) x.fail('holds no spreadsheet (office:spreadsheet)');
  return { date1904, office, tables };
}

/** The prefix the root element declares for the office namespace. */
function officePrefix(x: Scan): string | undefined {
  for (let k = 0; k < x.attrCount; k++) {
    const name = x.b.toString('latin1', x.an0[k]!, x.an1[k]!);
    if (name.startsWith('xmlns:') && decodeText(x.b, x.av0[k]!, x.av1[k]!, x) === OFFICE_NS) return name.slice(6);
  }
  return undefined;
}

function readSheet(b: Buffer, t: TableAt, office: string, place: string, giveUp?: (rows: Cell[][]) => boolean): SheetRows & { given: boolean } {
  const s = new SheetReader(new Scan(b, 'content.xml'), office, place);
  if (t.start < 0) return s.done(false);
  s.x.pos = t.start;
  for (;;) {
    const k = s.x.next();
    if (k === END) s.x.fail(`ends inside the sheet "${t.name}"`);
    if (k === CLOSE) {
      if (s.x.is('table')) break;
      continue;
    }
    // Columns, groups of rows, header rows: only the rows hold cells, wherever they are.
    if (s.x.is('table-row') && !s.row(giveUp)) return s.done(true);
  }
  fillMergesDown(s.rows, s.lines, s.merges);
  return s.done(false);
}

/** One sheet being read, row by row. */
class SheetReader {
  readonly rows: Cell[][] = [];
  readonly lines: number[] = [];
  readonly warnings: Problem[] = [];
  /** Merges one column wide and several rows tall: column, first row, last row (1-based), three by three. */
  readonly merges: number[] = [];
  readonly hiddenLines: number[] = [];
  readonly x: Scan;
  readonly valueType: string;
  readonly place: string;
  /** The row numbers read so far (repeats counted), and the cells kept. */
  line = 0;
  kept = 0;
  /** The row being read: its cells (up to the last that holds a value), its next column (0-based), its number. */
  cells: Cell[] = [];
  col = 0;
  current = 0;

  constructor(x: Scan, office: string, place: string) {
    this.x = x;
    this.valueType = `${office}:value-type`;
    this.place = place;
  }

  done(given: boolean): SheetRows & { given: boolean } {
    if (this.hiddenLines.length > 0 && !given) this.warnings.push(linesWarning('hidden_rows_read', this.place, this.hiddenLines));
    return { name: this.place.slice(this.place.indexOf('#') + 1), rows: this.rows, lines: this.lines, warnings: this.warnings, given };
  }

  /** Reads the row just opened, repeats and all; false when `giveUp` says the rest is not worth reading. */
  row(giveUp?: (rows: Cell[][]) => boolean): boolean {
    const x = this.x;
    const repeat = repeatCount(x, 'number-rows-repeated');
    const visibility = x.attr('visibility', true);
    const hidden = visibility === 'collapse' || visibility === 'filter';
    const first = this.line + 1;
    this.current = first;
    this.cells = [];
    this.col = 0;
    if (!x.selfClosing) this.readCells();
    this.line += repeat;
    const cells = this.cells;
    // Blank rows are not rows, however many times repeated: the blank rest of a sheet is one row repeated a million times.
    if (cells.every((c) => isBlank(c))) return true;
    if (first + repeat - 1 > MAX_ROWS) x.fail(`has a row of values beyond row ${MAX_ROWS.toLocaleString('en-US')}, the last of a sheet`);
    if (repeat > MAX_ROW_REPEAT) {
      x.fail(`has a row of values repeated ${repeat.toLocaleString('en-US')} times (row ${first}), more than the ${MAX_ROW_REPEAT.toLocaleString('en-US')} read by ar`);
    }
    for (let i = 0; i < repeat; i++) {
      this.kept += cells.length;
      if (this.kept > MAX_CELLS) x.fail(`has more than ${MAX_CELLS.toLocaleString('en-US')} cells in a sheet (row ${first + i}), the limit of a sheet read by ar`);
      // Each repeat its own row: a merge filled down changes one of them only.
      this.rows.push(i === 0 ? cells : cells.slice());
      this.lines.push(first + i);
      if (hidden) this.hiddenLines.push(first + i);
      if (giveUp?.(this.rows) === true) return false;
    }
    return true;
  }

  /** The cells of the row just opened, up to its close tag. */
  private readCells(): void {
    const x = this.x;
    for (;;) {
      const k = x.next();
      if (k === END) x.fail(`ends inside a row (row ${this.current})`);
      if (k === CLOSE) {
        if (x.is('table-row')) return;
        continue;
      }
      if (x.is('table-cell') || x.is('covered-table-cell')) this.cell();
    }
  }

  /** The cell just opened, its content consumed: its value set in as many columns as it is repeated. */
  private cell(): void {
    const x = this.x;
    // The attributes first: the scanner's next tag overwrites them.
    const repeat = repeatCount(x, 'number-columns-repeated');
    const down = repeatCount(x, 'number-rows-spanned');
    const across = repeatCount(x, 'number-columns-spanned');
    const attrs = cellAttributes(x, this.valueType);
    const text = x.selfClosing ? null : cellText(x);
    const value = cellValue(attrs, text);
    const from = this.col;
    this.col += repeat;
    // A cell without a value does not lengthen the row (a blank cell repeated to column 16,384 costs nothing).
    if (value === undefined) return;
    if (this.col > MAX_COLUMN) x.fail(`has a cell beyond column XFD (row ${this.current})`);
    if (typeof value === 'string' && value.length > MAX_CELL_CHARS) {
      x.fail(`has a cell of ${value.length.toLocaleString('en-US')} characters (${columnName(from + 1)}${this.current}), more than the ${MAX_CELL_CHARS.toLocaleString('en-US')} of an Excel cell`);
    }
    const cells = this.cells;
    while (cells.length < from) cells.push(null);
    for (let i = 0; i < repeat; i++) cells.push(value);
    if (down > 1 && across === 1 && repeat === 1) this.merges.push(from + 1, this.current, this.current + down - 1);
  }
}

/** A repeat or span count: 1 when absent; a count that is not a positive integer is refused. */
function repeatCount(x: Scan, name: string): number {
  const v = x.attr(name, true);
  if (v === undefined) return 1;
  if (!/^\s*[0-9]{1,15}\s*$/.test(v) || Number(v) < 1) x.fail(`has a ${name} of ${JSON.stringify(v.slice(0, 40))}, not a count`);
  return Number(v);
}

interface CellAttributes {
  readonly type: string | undefined;
  /** LibreOffice's `calcext:value-type="error"`: a formula whose result is an error. */
  readonly error: boolean;
  readonly formula: boolean;
  /** The value attribute of the type (`office:value`, `date-value`, …), when there is one. */
  readonly value: string | undefined;
}

const VALUE_ATTRIBUTE: Record<string, string> = {
  float: 'value',
  percentage: 'value',
  currency: 'value',
  date: 'date-value',
  time: 'time-value',
  boolean: 'boolean-value',
  string: 'string-value',
};

function cellAttributes(x: Scan, valueType: string): CellAttributes {
  const type = x.attr(valueType);
  let error = false;
  for (let k = 0; k < x.attrCount; k++) {
    const name = x.b.toString('latin1', x.an0[k]!, x.an1[k]!);
    if (name !== valueType && name.endsWith(':value-type') && x.b.toString('latin1', x.av0[k]!, x.av1[k]!) === 'error') error = true;
  }
  if (type !== undefined && type !== 'void' && VALUE_ATTRIBUTE[type] === undefined) x.fail(`has a cell of an unknown value type ${JSON.stringify(type.slice(0, 40))}`);
  const attr = type === undefined ? undefined : VALUE_ATTRIBUTE[type];
  return { type, error, formula: x.attrIndex('formula', true) >= 0, value: attr === undefined ? undefined : x.attr(attr, true) };
}

/**
 * A cell's value as the .xlsx reader would give it: undefined when it holds none. A value that its type's
 * attribute does not give (absent, or not a number, a date) is the cell's text, as LibreOffice shows it.
 */
function cellValue(a: CellAttributes, text: string | null): Cell | undefined {
  if (a.error) return null;
  const v = a.value;
  switch (a.type) {
    case 'float':
    case 'percentage':
    case 'currency': {
      const n = v === undefined ? NaN : parseFloat(v);
      return Number.isFinite(n) ? n : (text ?? null);
    }
    case 'date':
      return (v !== undefined ? isoDay(v) : undefined) ?? text ?? null;
    case 'time':
      return (v !== undefined ? durationDays(v) : undefined) ?? text ?? null;
    case 'boolean':
      return v === 'true' ? true : v === 'false' ? false : (text ?? null);
    case 'string':
      return v ?? text ?? '';
    default:
      // No type: a formula's empty result (read as an .xlsx's empty string), else the text, if any.
      if (a.formula) return text ?? '';
      return text === null || text === '' ? undefined : text;
  }
}

/** `2026-10-31`, or with a time (`2026-10-31T14:00:00`): the calendar day it names, no time zone involved. */
function isoDay(v: string): Cell | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(v.trim());
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidYmd(y, mo, d) ? dateCell(dayFromYmd(y, mo, d)) : undefined;
}

/** An ISO 8601 duration (`PT12H30M00S`) as days, as a time is a fraction of a day in a workbook. */
function durationDays(v: string): number | undefined {
  const m = /^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(v.trim());
  if (m === null) return undefined;
  const days = Number(m[2] ?? 0) + (Number(m[3] ?? 0) * 3600 + Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0)) / 86_400;
  return m[1] === '-' ? -days : days;
}

/**
 * The text of the cell just opened, its close tag consumed: its paragraphs (`text:p`, `text:h`) joined by "\n",
 * null when it has none. Anything else in the cell (a comment, a drawing, a nested table) is passed over.
 */
function cellText(x: Scan): string | null {
  let out: string | null = null;
  let depth = 0;
  for (;;) {
    const k = x.next();
    if (k === END) x.fail('ends inside a cell');
    if (k === CLOSE) {
      if (depth === 0) return out;
      depth--;
      continue;
    }
    if (depth === 0 && (x.is('p') || x.is('h'))) {
      const p = paragraph(x);
      out = out === null ? p : `${out}\n${p}`;
      if (out.length > MAX_CELL_CHARS) x.fail(`has a cell of more than ${MAX_CELL_CHARS.toLocaleString('en-US')} characters, the most of an Excel cell`);
    } else if (!x.selfClosing) depth++;
  }
}

const CDATA = Buffer.from('<![CDATA[');
/** Elements of a paragraph whose text is not the paragraph's (§6.1.1): passed over whole. */
const NOT_TEXT = new Set(['note', 'annotation', 'ruby-text', 'frame', 'custom-shape']);

/**
 * The text of the paragraph just opened, its close tag consumed: character data, spans, links and fields as
 * their text, `text:s` (`text:c` spaces), `text:tab`, `text:line-break`. White space in character data is
 * collapsed (§6.1.2): a run is one space, none at the paragraph's start; one at its end is kept, as LibreOffice
 * keeps the one it writes there.
 */
function paragraph(x: Scan): string {
  if (x.selfClosing) return '';
  const b = x.b;
  let out = '';
  let depth = 0;
  // Whether the last character is a collapsible white space (or the paragraph's start): white space after it goes.
  let white = true;
  const bounded = (): void => {
    if (out.length > MAX_CELL_CHARS) x.fail(`has a cell of more than ${MAX_CELL_CHARS.toLocaleString('en-US')} characters, the most of an Excel cell`);
  };
  const add = (t: string): void => {
    let s = /[ \t\n\r]{2}|[\t\n\r]/.test(t) ? t.replace(/[ \t\n\r]+/g, ' ') : t;
    if (white && s.startsWith(' ')) s = s.slice(1);
    if (s === '') return;
    out += s;
    white = s.endsWith(' ');
    bounded();
  };
  for (;;) {
    const lt = b.indexOf(0x3c, x.pos);
    if (lt < 0) x.fail('ends inside a paragraph');
    if (lt > x.pos) add(decodeText(b, x.pos, lt, x));
    if (b[lt + 1] === 0x21 && b.subarray(lt, lt + CDATA.length).equals(CDATA)) {
      const e = b.indexOf(']]>', lt + CDATA.length, 'latin1');
      if (e < 0) x.fail('ends inside a CDATA section');
      add(b.toString('utf8', lt + CDATA.length, e));
      x.pos = e + 3;
      continue;
    }
    x.pos = lt;
    const k = x.next();
    if (k === CLOSE) {
      if (depth === 0) return out;
      depth--;
    } else if (k === OPEN) {
      const special = x.is('s') ? ' '.repeat(spaces(x)) : x.is('tab') ? '\t' : x.is('line-break') ? '\n' : null;
      if (special !== null) {
        out += special;
        white = false;
        bounded();
      } else if (NOT_TEXT.has(x.b.toString('latin1', x.nameStart, x.nameEnd))) skip(x);
      else if (!x.selfClosing) depth++;
    }
  }
}

/** `text:s`'s count of spaces (`text:c`, 1 when absent): refused past a cell's length, never made. */
function spaces(x: Scan): number {
  const c = x.attr('c', true);
  if (c === undefined) return 1;
  const n = /^\s*[0-9]{1,9}\s*$/.test(c) ? Number(c) : NaN;
  if (!(n >= 0) || n > MAX_CELL_CHARS) x.fail(`has a text:s of ${JSON.stringify(c.slice(0, 40))} spaces, more than a cell holds`);
  return n;
}

/** Passes over the element just opened, its content and its close tag. */
function skip(x: Scan): void {
  if (x.selfClosing) return;
  let depth = 0;
  for (;;) {
    const k = x.next();
    if (k === END) x.fail('ends inside an element');
    if (k === CLOSE) {
      if (depth === 0) return;
      depth--;
    } else if (!x.selfClosing) depth++;
  }
}
