import { dayFromExcelSerial, dayFromYmd, isValidYmd, type Day } from '../core/dates.ts';
import { isExcelDateSerial } from '../core/import/dates-text.ts';
import { isBlank, linesWarning, type Cell, type DateCell } from '../core/import/table.ts';
import type { Problem } from '../core/types.ts';
import type { XlsxParts } from './zip-check.ts';

/**
 * Reads the sheets of an .xlsx workbook from its inflated parts (zip-check.ts), for ledgers: values
 * only, no styles beyond "is this number a date", nothing evaluated. The XML is scanned as bytes:
 * tags are found byte by byte, attributes are read in place, and a string is made only for a
 * value that is kept (latin1 when ASCII, the fastest slice), so a sheet never becomes one JS string.
 *
 * XML as SpreadsheetML uses it: elements matched by local name (`<x:c>` as `<c>`), attributes in any
 * order and either quote, the five predefined entities and character references (a DTD was refused
 * before), comments, processing instructions, CDATA. Anything else malformed throws `XlsxSyntaxError`.
 *
 * Reads: the workbook's sheets in order (their names, relationships, the 1904 date system), shared and
 * inline strings (rich text and phonetic runs flattened, `_xHHHH_` escapes decoded), numbers, booleans,
 * errors as empty cells, `t="d"` dates, and numbers whose style is a date format (built-in or custom) as
 * days; a formula's cached result; a text or a date merged down one column, which reads in every row of
 * the merge, as Excel shows it (a customer's cell merged over its invoices; a number, an amount, is not
 * repeated, nor a merge across columns, a heading); hidden rows as any other, and says which (a filter left
 * on does not take rows out of a file). Does not read: styles beyond "is this a date", comments, charts,
 * pivot tables, external links, formulas (never evaluated), password-protected workbooks (refused by
 * src/io/read-table.ts), `.xlsb`. An `.xls` is read by src/io/xls-read.ts, an `.ods` by src/io/ods-read.ts, into the same sheets.
 *
 * Limits: the archive's (src/io/zip-check.ts: 10,000 entries, 128 MB inflated, 64 MB a part); 2,000,000
 * shared strings; 32,767 characters a cell (Excel's own); no cell beyond column XFD; 100,000 blank rows
 * in a row end the sheet (a sheet formatted down to its last row), with a warning.
 *
 * Checked by: exceljs's reader as the oracle (test/io/xlsx-read.test.ts), and the corpus of
 * test/corpus/xlsx (LibreOffice and Excel 16 workbooks) in test/corpus.test.ts.
 */

/** One sheet as read: its rows (blank ones left out), their row numbers, and what its reading found. */
export interface SheetRows {
  readonly name: string;
  readonly rows: Cell[][];
  readonly lines: number[];
  readonly warnings: Problem[];
}

/** A sheet of the workbook, in workbook order, read when asked. */
export interface XlsxSheet {
  readonly name: string;
  /** `giveUp` is asked after each row kept whether the rest is worth reading; `given` says it stopped. */
  read(giveUp?: (rows: Cell[][]) => boolean): SheetRows & { given: boolean };
}

export interface XlsxBook {
  readonly date1904: boolean;
  readonly sheets: readonly XlsxSheet[];
}

/** A part that is not the XML it should be; read-table turns it into `xlsx_unreadable`. */
export class XlsxSyntaxError extends Error {}

/** Empty rows in a row after which the rest of a sheet is not read (Excel has 1,048,576 rows). */
const MAX_BLANK_RUN = 100_000;

/** Opens a workbook: its sheet list, relationships and date system now; shared strings and styles at the first sheet read. */
export function openXlsx(file: string, parts: XlsxParts): XlsxBook {
  const part = (name: string): Buffer | undefined => parts.get(name) ?? parts.get(name.replaceAll('/', '\\')) ?? caseless(parts, name);
  const wbXml = part('xl/workbook.xml');
  if (wbXml === undefined) throw new XlsxSyntaxError('the archive has no xl/workbook.xml');
  const wb = parseWorkbook(wbXml);
  const rels = parseRels(part('xl/_rels/workbook.xml.rels'));
  const byType = (type: string) => [...rels.values()].find((r) => r.type === type)?.target;
  let shared: string[] | null = null;
  let dateXf: Uint8Array | null = null;
  const context = (): SheetContext => {
    shared ??= parseSharedStrings(part(byType('sharedStrings') ?? 'xl/sharedStrings.xml'));
    dateXf ??= parseStyles(part(byType('styles') ?? 'xl/styles.xml'));
    return { shared, dateXf, date1904: wb.date1904 };
  };
  const sheets: XlsxSheet[] = [];
  for (const [i, s] of wb.sheets.entries()) {
    // Without relationships (a producer that left them out), the sheets' parts by Excel's naming.
    const rel = rels.size === 0 ? { type: 'worksheet', target: `xl/worksheets/sheet${i + 1}.xml` } : rels.get(s.rid);
    // A chartsheet, a dialog or macro sheet holds no cells; a sheet whose part is missing is not there.
    if (rel === undefined || rel.type !== 'worksheet') continue;
    const xml = part(rel.target);
    if (xml === undefined) continue;
    sheets.push({ name: s.name, read: (giveUp) => readSheet(xml, rel.target, `${file}#${s.name}`, s.name, context(), giveUp) });
  }
  return { date1904: wb.date1904, sheets };
}

function caseless(parts: XlsxParts, name: string): Buffer | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of parts) if (k.replaceAll('\\', '/').toLowerCase() === want) return v;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The scanner

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUOTE = 0x22;
const APOS = 0x27;
const EQ = 0x3d;
const COLON = 0x3a;
const AMP = 0x26;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

// The scanner is shared with the .ods reader (src/io/ods-read.ts), loaded only for a workbook as this one.
export const OPEN = 1;
export const CLOSE = 2;
export const END = 0;

const CDATA = Buffer.from('<![CDATA[');

/**
 * A cursor over one part's bytes, tag by tag. After `next()`: `kind` (OPEN, CLOSE or END), the local
 * name's bytes in `nameStart..nameEnd`, the attributes of an open tag in the scratch arrays,
 * `selfClosing`, and `pos` just after the tag's `>`.
 */
export class Scan {
  pos: number;
  kind = END;
  nameStart = 0;
  nameEnd = 0;
  selfClosing = false;
  attrCount = 0;
  readonly an0 = new Int32Array(32);
  readonly an1 = new Int32Array(32);
  readonly av0 = new Int32Array(32);
  readonly av1 = new Int32Array(32);

  readonly b: Buffer;
  readonly part: string;

  constructor(b: Buffer, part: string) {
    this.b = b;
    this.part = part;
    // A UTF-8 byte order mark is skipped by the search for the first '<'; UTF-16 is not used by any producer we know.
    if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) this.fail('is UTF-16, which is not supported');
    this.pos = 0;
  }

  fail(what: string): never {
    throw new XlsxSyntaxError(`${this.part} ${what}`);
  }

  next(): number {
    const b = this.b;
    for (;;) {
      const lt = find(b, LT, this.pos);
      if (lt < 0) {
        this.pos = b.length;
        return (this.kind = END);
      }
      const c = b[lt + 1];
      if (c === 0x21 /* ! */) {
        this.pos = this.skipBang(lt);
        continue;
      }
      if (c === 0x3f /* ? */) {
        const e = b.indexOf('?>', lt + 2, 'latin1');
        if (e < 0) this.fail('ends inside a processing instruction');
        this.pos = e + 2;
        continue;
      }
      let p = lt + 1;
      let kind = OPEN;
      if (c === SLASH) {
        kind = CLOSE;
        p++;
      }
      const start = p;
      let local = p;
      for (;;) {
        const x = b[p];
        if (x === undefined) this.fail('ends inside a tag');
        if (x === GT || x === SLASH || isSpace(x)) break;
        if (x === COLON) local = p + 1;
        p++;
      }
      if (p === start) this.fail(`has a '<' that opens no tag (at byte ${lt})`);
      this.nameStart = local;
      this.nameEnd = p;
      this.kind = kind;
      if (kind === CLOSE) {
        const e = find(b, GT, p);
        if (e < 0) this.fail('ends inside a tag');
        this.pos = e + 1;
        this.selfClosing = false;
        return kind;
      }
      this.attributes(p);
      return kind;
    }
  }

  /** `<!-- -->` and CDATA outside text are skipped; anything else `<!` (a DTD) was refused before. */
  private skipBang(lt: number): number {
    const b = this.b;
    if (b[lt + 2] === 0x2d && b[lt + 3] === 0x2d) {
      const e = b.indexOf('-->', lt + 4, 'latin1');
      if (e < 0) this.fail('ends inside a comment');
      return e + 3;
    }
    if (b.subarray(lt, lt + CDATA.length).equals(CDATA)) {
      const e = b.indexOf(']]>', lt + CDATA.length, 'latin1');
      if (e < 0) this.fail('ends inside a CDATA section');
      return e + 3;
    }
    return this.fail(`has a markup declaration, which no workbook part holds (at byte ${lt})`);
  }

  /** Reads the attributes of the tag whose name ends at p, up to its `>`. */
  private attributes(p: number): void {
    const b = this.b;
    let n = 0;
    for (;;) {
      let x = b[p];
      while (x !== undefined && isSpace(x)) x = b[++p];
      if (x === undefined) this.fail('ends inside a tag');
      if (x === GT) {
        this.selfClosing = false;
        this.pos = p + 1;
        break;
      }
      if (x === SLASH) {
        if (b[p + 1] !== GT) this.fail(`has a stray '/' in a tag (at byte ${p})`);
        this.selfClosing = true;
        this.pos = p + 2;
        break;
      }
      const ns = p;
      while (x !== undefined && x !== EQ && x !== GT && x !== SLASH && !isSpace(x)) x = b[++p];
      const ne = p;
      while (x !== undefined && isSpace(x)) x = b[++p];
      if (x !== EQ || ne === ns) this.fail(`has an attribute without a value (at byte ${ns})`);
      x = b[++p];
      while (x !== undefined && isSpace(x)) x = b[++p];
      if (x !== QUOTE && x !== APOS) this.fail(`has an attribute value without quotes (at byte ${p})`);
      const ve = find(b, x, p + 1);
      if (ve < 0) this.fail('ends inside an attribute value');
      if (n < 32) {
        this.an0[n] = ns;
        this.an1[n] = ne;
        this.av0[n] = p + 1;
        this.av1[n] = ve;
        n++;
      }
      p = ve + 1;
    }
    this.attrCount = n;
  }

  /** Whether the tag's local name is `name` (ASCII). */
  is(name: string): boolean {
    const len = this.nameEnd - this.nameStart;
    if (len !== name.length) return false;
    for (let i = 0; i < len; i++) if (this.b[this.nameStart + i] !== name.charCodeAt(i)) return false;
    return true;
  }

  /** The index of the attribute named `name` (its local part when prefixed: `r:id` is `id`), or -1. */
  attrIndex(name: string, prefixed = false): number {
    const b = this.b;
    for (let k = 0; k < this.attrCount; k++) {
      let s = this.an0[k]!;
      const e = this.an1[k]!;
      if (prefixed) {
        const colon = find(b, COLON, s);
        if (colon < 0 || colon >= e) continue;
        s = colon + 1;
      }
      if (e - s !== name.length) continue;
      let same = true;
      for (let i = 0; i < name.length; i++) {
        if (b[s + i] !== name.charCodeAt(i)) {
          same = false;
          break;
        }
      }
      if (same) return k;
    }
    return -1;
  }

  attr(name: string, prefixed = false): string | undefined {
    const k = this.attrIndex(name, prefixed);
    return k < 0 ? undefined : decodeText(this.b, this.av0[k]!, this.av1[k]!, this);
  }

  /** A non-negative integer attribute, read from its bytes; -1 when absent or not a number. */
  intAttr(name: string): number {
    const k = this.attrIndex(name);
    return k < 0 ? -1 : digits(this.b, this.av0[k]!, this.av1[k]!);
  }

  /**
   * The text of the element just opened, up to its close tag, which is consumed: character data and
   * CDATA sections; comments are passed over, and the text of any child element is taken too.
   */
  text(): string {
    if (this.selfClosing) return '';
    const b = this.b;
    const start = this.pos;
    const lt = find(b, LT, start);
    if (lt < 0) this.fail('ends inside an element');
    if (b[lt + 1] === SLASH) {
      const e = find(b, GT, lt);
      if (e < 0) this.fail('ends inside a tag');
      this.pos = e + 1;
      return decodeText(b, start, lt, this);
    }
    return this.mixedText();
  }

  /** The slow path of `text`: pieces of text around CDATA, comments or children. */
  private mixedText(): string {
    const b = this.b;
    let out = '';
    let depth = 0;
    for (;;) {
      const lt = find(b, LT, this.pos);
      if (lt < 0) this.fail('ends inside an element');
      out += decodeText(b, this.pos, lt, this);
      if (b[lt + 1] === 0x21 /* ! */) {
        const cdata = b.subarray(lt, lt + CDATA.length).equals(CDATA);
        const p = this.skipBang(lt);
        if (cdata) out += b.toString('utf8', lt + CDATA.length, p - 3);
        this.pos = p;
        continue;
      }
      this.pos = lt;
      const k = this.next();
      if (k === CLOSE) {
        if (depth === 0) return out;
        depth--;
      } else if (k === OPEN && !this.selfClosing) depth++;
    }
  }
}

/**
 * The next byte c from p, or -1: a plain loop, because the distances are short (a tag, a value) and
 * Buffer's indexOf costs more to call than to scan them.
 */
function find(b: Buffer, c: number, p: number): number {
  const n = b.length;
  for (let i = p; i < n; i++) if (b[i] === c) return i;
  return -1;
}

/** The digits of b[s..e) as an integer; -1 when they are not all digits (or there are none). */
function digits(b: Buffer, s: number, e: number): number {
  if (s >= e || e - s > 15) return -1;
  let n = 0;
  for (let i = s; i < e; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const REFERENCE = /&(?:([a-zA-Z]+)|#x([0-9a-fA-F]{1,6})|#([0-9]{1,7}))?(;?)/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The text of b[s..e): UTF-8 (latin1 when ASCII), entities and character references resolved, CRLF as LF. */
export function decodeText(b: Buffer, s: number, e: number, at: Scan): string {
  let plain = true;
  for (let i = s; i < e; i++) {
    const x = b[i]!;
    if (x >= 0x80 || x === AMP || x === 0x0d) {
      plain = false;
      break;
    }
  }
  if (plain) return b.toString('latin1', s, e);
  let t = b.toString('utf8', s, e);
  if (t.includes('\r')) t = t.replace(/\r\n?/g, '\n');
  if (!t.includes('&')) return t;
  return t.replace(REFERENCE, (m, named: string | undefined, hex: string | undefined, dec: string | undefined, semi: string) => {
    // Only XML's own entities exist without a DTD; an '&' that starts none is not XML.
    const known = semi === ';' && (named !== undefined ? NAMED[named] : undefined);
    if (typeof known === 'string') return known;
    const cp = semi !== ';' ? NaN : hex !== undefined ? parseInt(hex, 16) : dec !== undefined ? parseInt(dec, 10) : NaN;
    if (!(cp > 0 && cp <= 0x10ffff)) at.fail(`has an '&' that is not an entity this reader knows (${JSON.stringify(m)})`);
    return String.fromCodePoint(cp);
  });
}

/** Excel's escapes of characters XML cannot hold (`_x000D_`), undone as exceljs undoes them. */
function unescapeX(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

/**
 * A string item (`<si>`, `<is>`) just opened: its `<t>`, or the `<t>` of its rich-text runs joined;
 * phonetic runs (`<rPh>`) are not the text. Consumes the closing tag.
 */
function richText(x: Scan): string {
  if (x.selfClosing) return '';
  let out = '';
  let phonetic = 0;
  let depth = 0;
  for (;;) {
    const k = x.next();
    if (k === END) x.fail('ends inside a string');
    if (k === OPEN) {
      if (x.is('t')) {
        const t = x.text();
        if (phonetic === 0) out += t;
      } else if (x.is('rPh')) {
        if (!x.selfClosing) phonetic++;
      } else if (!x.selfClosing) depth++;
    } else if (x.is('rPh')) {
      phonetic--;
    } else if (depth === 0) {
      return unescapeX(out);
    } else depth--;
  }
}

// ---------------------------------------------------------------------------------------------
// The workbook's small parts

interface WorkbookInfo {
  readonly date1904: boolean;
  readonly sheets: { name: string; rid: string }[];
}

function parseWorkbook(b: Buffer): WorkbookInfo {
  const x = new Scan(b, 'xl/workbook.xml');
  let date1904 = false;
  const sheets: { name: string; rid: string }[] = [];
  while (x.next() !== END) {
    if (x.kind !== OPEN) continue;
    if (x.is('workbookPr')) {
      const v = x.attr('date1904');
      date1904 = v === '1' || v === 'true';
    } else if (x.is('sheet')) {
      const name = x.attr('name');
      const rid = x.attr('id', true);
      if (name !== undefined && rid !== undefined) sheets.push({ name, rid });
    }
  }
  return { date1904, sheets };
}

interface Rel {
  readonly type: string;
  readonly target: string;
}

/** The workbook's relationships by id: the last segment of the type, the target as an archive path. */
function parseRels(b: Buffer | undefined): Map<string, Rel> {
  const rels = new Map<string, Rel>();
  if (b === undefined) return rels;
  const x = new Scan(b, 'xl/_rels/workbook.xml.rels');
  while (x.next() !== END) {
    if (x.kind !== OPEN || !x.is('Relationship')) continue;
    const id = x.attr('Id');
    const type = x.attr('Type');
    const target = x.attr('Target');
    if (id === undefined || type === undefined || target === undefined || x.attr('TargetMode') === 'External') continue;
    rels.set(id, { type: type.slice(type.lastIndexOf('/') + 1), target: archivePath(target) });
  }
  return rels;
}

/** A relationship's target as an entry name: relative to xl/, or absolute from the archive's root. */
function archivePath(target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

/** Excel's longest cell text; a longer one was not written by Excel, and is refused. */
export const MAX_CELL_CHARS = 32_767;
/** The most shared strings kept (about 100 bytes each in memory): a full sheet of a ledger has fewer. */
const MAX_SHARED_STRINGS = 2_000_000;

function parseSharedStrings(b: Buffer | undefined): string[] {
  const out: string[] = [];
  if (b === undefined) return out;
  const x = new Scan(b, 'xl/sharedStrings.xml');
  while (x.next() !== END) {
    if (x.kind !== OPEN || !x.is('si')) continue;
    const s = richText(x);
    if (s.length > MAX_CELL_CHARS)
      x.fail(`has a text of ${s.length.toLocaleString('en-US')} characters (string ${out.length}), more than the ${MAX_CELL_CHARS.toLocaleString('en-US')} of an Excel cell`);
    if (out.length >= MAX_SHARED_STRINGS) x.fail(`has more than ${MAX_SHARED_STRINGS.toLocaleString('en-US')} strings, the limit of a workbook read by ar`);
    out.push(s);
  }
  return out;
}

/** Built-in number formats that are dates or times (ECMA-376 18.8.30, and the East Asian ones). */
export function isBuiltInDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/**
 * Whether a format code shows a date or a time: as exceljs decides, a day, month, year, hour,
 * second or Buddhist-year letter outside quoted text and `[...]` sections (colours, locales,
 * elapsed time); unlike exceljs, in either case (`YYYY`, which Excel accepts) and not when
 * escaped by a backslash (`0.0\h` is a number).
 */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/\\./g, '')
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '');
  return /[ymdhsb]/i.test(bare);
}

/** Styles (`cellXfs` by index) whose number format is a date. */
function parseStyles(b: Buffer | undefined): Uint8Array {
  if (b === undefined) return new Uint8Array(0);
  const x = new Scan(b, 'xl/styles.xml');
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  let inXfs = false;
  while (x.next() !== END) {
    if (x.is('cellXfs')) inXfs = x.kind === OPEN && !x.selfClosing;
    else if (x.kind !== OPEN) continue;
    else if (x.is('numFmt')) {
      const id = x.intAttr('numFmtId');
      const code = x.attr('formatCode');
      if (id >= 0 && code !== undefined) custom.set(id, code);
    } else if (inXfs && x.is('xf')) xfs.push(x.intAttr('numFmtId'));
  }
  const dates = new Uint8Array(xfs.length);
  for (let i = 0; i < xfs.length; i++) {
    const id = xfs[i]!;
    const code = custom.get(id);
    dates[i] = (code !== undefined ? isDateFormat(code) : isBuiltInDateFormat(id)) ? 1 : 0;
  }
  return dates;
}

// ---------------------------------------------------------------------------------------------
// Sheets

interface SheetContext {
  readonly shared: readonly string[];
  readonly dateXf: Uint8Array;
  readonly date1904: boolean;
}

/**
 * The calendar day of a date cell's serial, no `Date` involved: a minute of tolerance absorbs float
 * noise in the serial (45000.99999999 is the next day); the 1900 system counts the phantom 29/02/1900.
 */
export function dayFromDateSerial(serial: number, date1904: boolean): Day {
  return dayFromExcelSerial(Math.floor((Math.round(serial * 86_400_000) + 60_000) / 86_400_000), date1904);
}

/**
 * One date cell object per day, shared by every cell of that day: a ledger has a few thousand distinct
 * dates in hundreds of thousands of cells, and each object kept is work for the garbage collector.
 */
const DATE_CELLS = new Map<Day, DateCell>();

export function dateCell(day: Day): DateCell {
  let c = DATE_CELLS.get(day);
  if (c === undefined) {
    c = Object.freeze({ day });
    if (DATE_CELLS.size < 100_000) DATE_CELLS.set(day, c);
  }
  return c;
}

/** A `t="d"` cell: ISO 8601 text, of which the date is kept. */
function isoDateCell(text: string): Cell {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(text.trim());
  if (m === null) return text;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return isValidYmd(y, mo, d) ? dateCell(dayFromYmd(y, mo, d)) : text;
}

/** A number as Excel writes it: integers parsed from the bytes, anything else by `parseFloat` (as exceljs). */
function numberAt(b: Buffer, s: number, e: number): number {
  const neg = b[s] === 0x2d;
  const n = digits(b, neg ? s + 1 : s, e);
  if (n >= 0) return neg ? -n : n;
  return parseFloat(b.toString('latin1', s, e));
}

// The cell types, by the first letter and length of `t`.
const T_NUMBER = 0;
const T_SHARED = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_BOOL = 4;
const T_ERROR = 5;
const T_DATE = 6;

function cellType(x: Scan, k: number): number {
  const b = x.b;
  const s = x.av0[k]!;
  const len = x.av1[k]! - s;
  switch (b[s]) {
    case 0x73: // s, str
      return len === 1 ? T_SHARED : T_STR;
    case 0x69: // inlineStr
      return T_INLINE;
    case 0x62:
      return T_BOOL;
    case 0x65:
      return T_ERROR;
    case 0x64:
      return T_DATE;
    default:
      return T_NUMBER;
  }
}

const MAX_COLUMN = 16_384;
const GO_ON = 0;
const STOP_CUT = 1;
const STOP_GIVEN = 2;

function readSheet(b: Buffer, part: string, place: string, name: string, ctx: SheetContext, giveUp?: (rows: Cell[][]) => boolean): SheetRows & { given: boolean } {
  const x = new Scan(b, part);
  const { shared, dateXf, date1904 } = ctx;
  const rows: Cell[][] = [];
  const lines: number[] = [];
  const warnings: Problem[] = [];
  let blankRun = 0;
  let inData = false;
  let rowNumber = 0;
  // The row being read: its cells, and the length up to its last cell that holds something (a cell
  // with no value does not lengthen the row, as with exceljs).
  let cells: Cell[] = [];
  let length = 0;
  let col = 0;
  let inRow = false;
  /** Merges one column wide and several rows tall: column, first row, last row (1-based), three by three. */
  const merges: number[] = [];
  // Rows hidden (a filter left on, or hidden by hand) are read as any other, and said: the lines of those with data.
  let hidden = false;
  const hiddenLines: number[] = [];
  const done = (given: boolean): SheetRows & { given: boolean } => {
    if (hiddenLines.length > 0 && !given) {
      warnings.push(linesWarning('hidden_rows_read', place, hiddenLines));
    }
    return { name, rows, lines, warnings, given };
  };

  /** Ends the row: STOP_CUT or STOP_GIVEN when the rest of the sheet is not to be read. */
  const endRow = (): number => {
    inRow = false;
    if (length < cells.length) cells.length = length;
    let blank = true;
    for (let i = 0; i < cells.length; i++) {
      if (!isBlank(cells[i])) {
        blank = false;
        break;
      }
    }
    // Blank rows are not rows: not kept, so a sheet formatted down to row 1,048,576 costs no memory.
    if (blank) {
      // A sheet formatted down to its last row: stop after a long run of empty rows, and say so.
      if (++blankRun >= MAX_BLANK_RUN) {
        warnings.push({ severity: 'warning', code: 'sheet_cut_short', file: place, line: rowNumber, params: { count: blankRun } });
        return STOP_CUT;
      }
      return GO_ON;
    }
    blankRun = 0;
    rows.push(cells);
    lines.push(rowNumber);
    if (hidden) hiddenLines.push(rowNumber);
    return giveUp?.(rows) === true ? STOP_GIVEN : GO_ON;
  };

  for (;;) {
    const k = x.next();
    if (k === END) break;
    const len = x.nameEnd - x.nameStart;
    const c0 = b[x.nameStart];
    if (k === CLOSE) {
      if (len === 3 && c0 === 0x72 && x.is('row') && inRow) {
        const stop = endRow();
        if (stop !== GO_ON) return done(stop === STOP_GIVEN);
      } else if (len === 9 && x.is('sheetData')) {
        inData = false;
      }
      continue;
    }
    if (len === 1 && c0 === 0x63 /* c */) {
      if (!inRow) continue;
      // One pass over the attributes: r (the column: B2 → 2, else the next one), t and s.
      let c = 0;
      let type = T_NUMBER;
      let style = -1;
      for (let a = 0; a < x.attrCount; a++) {
        const n0 = x.an0[a]!;
        if (x.an1[a]! - n0 !== 1) continue;
        const an = b[n0];
        if (an === 0x72 /* r */) {
          for (let i = x.av0[a]!; i < x.av1[a]!; i++) {
            const ch = b[i]! | 0x20;
            if (ch < 0x61 || ch > 0x7a) break;
            c = c * 26 + (ch - 0x60);
          }
        } else if (an === 0x74 /* t */) type = cellType(x, a);
        else if (an === 0x73 /* s */) style = digits(b, x.av0[a]!, x.av1[a]!);
      }
      col = c > 0 ? c : col + 1;
      // Excel's last column is XFD; a reference past it would make the row's array as long as it says.
      if (col > MAX_COLUMN) x.fail(`has a cell beyond column XFD (row ${rowNumber})`);
      const s = style;
      const value = x.selfClosing ? undefined : cellValue(x, type, s >= 0 && s < dateXf.length && dateXf[s] === 1, shared, date1904);
      if (typeof value === 'string' && value.length > MAX_CELL_CHARS) {
        x.fail(`has a cell of ${value.length.toLocaleString('en-US')} characters (${columnName(col)}${rowNumber}), more than the ${MAX_CELL_CHARS.toLocaleString('en-US')} of an Excel cell`);
      }
      while (cells.length < col - 1) cells.push(null);
      if (value === undefined) {
        if (cells.length < col) cells.push(null);
      } else {
        cells[col - 1] = value;
        if (col > length) length = col;
      }
      continue;
    }
    if (len === 3 && c0 === 0x72 && x.is('row')) {
      if (!inData) continue;
      const r = x.intAttr('r');
      rowNumber = r > 0 ? r : rowNumber + 1;
      const h = x.attrIndex('hidden');
      // hidden="1", or "true": its first byte.
      hidden = h >= 0 && (b[x.av0[h]!] === 0x31 || b[x.av0[h]!] === 0x74);
      cells = [];
      length = 0;
      col = 0;
      inRow = true;
      if (x.selfClosing) {
        const stop = endRow();
        if (stop !== GO_ON) return done(stop === STOP_GIVEN);
      }
      continue;
    }
    if (len === 9 && x.is('sheetData')) inData = !x.selfClosing;
    else if (len === 9 && x.is('mergeCell')) {
      const m = MERGE.exec(x.attr('ref') ?? '');
      if (m !== null && m[1]!.toUpperCase() === m[3]!.toUpperCase() && Number(m[4]) > Number(m[2])) merges.push(columnNumber(m[1]!), Number(m[2]), Number(m[4]));
    }
  }
  if (inRow) x.fail('ends inside a row');
  fillMergesDown(rows, lines, merges);
  return done(false);
}

/** A merge's range, `A2:A5` (a `$` allowed, as some producers write it). */
const MERGE = /^\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

/** Column `AB` as its number, 28. */
function columnNumber(letters: string): number {
  let c = 0;
  for (const ch of letters.toUpperCase()) c = c * 26 + (ch.charCodeAt(0) - 64);
  return c;
}

/**
 * A text or a date merged down one column reads in every kept row of the merge, where that row's cell
 * is blank: Excel shows the merge's value in each. Merges of one column that overlap an earlier one are
 * not Excel's (it refuses them), and are passed over, so that every cell is filled once at most.
 */
export function fillMergesDown(rows: Cell[][], lines: readonly number[], merges: readonly number[]): void {
  if (merges.length === 0) return;
  const order: number[] = [];
  for (let k = 0; k < merges.length; k += 3) order.push(k);
  order.sort((a, b) => merges[a]! - merges[b]! || merges[a + 1]! - merges[b + 1]!);
  let lastCol = 0;
  let lastEnd = 0;
  for (const k of order) {
    const c = merges[k]!;
    const first = merges[k + 1]!;
    const last = merges[k + 2]!;
    if (c === lastCol && first <= lastEnd) continue;
    lastCol = c;
    lastEnd = last;
    // The merge's first row, among the rows kept (ascending): its value is the merge's.
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lines[mid]! < first) lo = mid + 1;
      else hi = mid;
    }
    if (lo === lines.length || lines[lo] !== first) continue;
    const value = rows[lo]![c - 1];
    if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean' || isBlank(value)) continue;
    for (let i = lo + 1; i < lines.length && lines[i]! <= last; i++) {
      const row = rows[i]!;
      if (row.length >= c && !isBlank(row[c - 1])) continue;
      while (row.length < c) row.push(null);
      row[c - 1] = value;
    }
  }
}

/** A boolean cell's value: 0 is FALSE, as is `false` (written by some producers), anything else TRUE. */
function isTrue(v: string): boolean {
  const t = v.trim();
  return t !== '0' && t !== 'false';
}

/**
 * The value of the cell just opened (not self-closing), its close tag consumed: undefined when it
 * holds none. As exceljs reads it: a formula's saved value (a string for `t="str"`, else a number, not
 * made a date: the importers read serials), the formula itself when none was saved; numbers styled
 * as dates become days. Unlike exceljs: a saved TRUE is true (not 1), a saved error is empty (not
 * the formula), `t="d"` is the ISO date it holds.
 */
function cellValue(x: Scan, type: number, dateStyled: boolean, shared: readonly string[], date1904: boolean): Cell | undefined {
  const b = x.b;
  let v0 = -1;
  let v1 = -1;
  let vText: string | null = null;
  let formula: string | null = null;
  let inline: string | null = null;
  let depth = 0;
  for (;;) {
    const k = x.next();
    if (k === END) x.fail('ends inside a cell');
    const len = x.nameEnd - x.nameStart;
    if (k === CLOSE) {
      if (depth === 0) break;
      depth--;
      continue;
    }
    const c0 = b[x.nameStart];
    if (len === 1 && c0 === 0x76 /* v */) {
      if (x.selfClosing) {
        v0 = v1 = 0;
        continue;
      }
      // The common case: the value's bytes, read in place.
      const start = x.pos;
      const lt = find(b, LT, start);
      if (lt >= 0 && b[lt + 1] === SLASH) {
        const e = find(b, GT, lt);
        if (e < 0) x.fail('ends inside a tag');
        v0 = start;
        v1 = lt;
        vText = null;
        x.pos = e + 1;
      } else {
        vText = x.text();
        v0 = v1 = 0;
      }
    } else if (len === 1 && c0 === 0x66 /* f */) {
      formula = x.text();
    } else if (len === 2 && x.is('is')) {
      inline = richText(x);
    } else if (!x.selfClosing) depth++;
  }
  const hasV = v0 >= 0;
  if (formula !== null) {
    // Nothing is ever evaluated: the value Excel saved, else the formula, so that a date or an amount
    // is refused by name rather than read as empty.
    const none = formula !== '' ? `=${formula}` : null;
    if (!hasV) return none;
    switch (type) {
      case T_STR:
      case T_INLINE:
        return unescapeX(vText ?? decodeText(b, v0, v1, x));
      case T_BOOL:
        return isTrue(vText ?? decodeText(b, v0, v1, x));
      case T_ERROR:
        return null;
      default: {
        const n = vText !== null ? parseFloat(vText) : v0 === v1 ? NaN : numberAt(b, v0, v1);
        return Number.isNaN(n) ? none : n;
      }
    }
  }
  if (type === T_INLINE) return inline ?? (hasV ? unescapeX(vText ?? decodeText(b, v0, v1, x)) : undefined);
  if (!hasV) return undefined;
  switch (type) {
    case T_SHARED: {
      const i = vText !== null ? parseInt(vText, 10) : digits(b, v0, v1);
      const s = shared[i];
      return s === undefined ? undefined : s;
    }
    case T_STR:
      return unescapeX(vText ?? decodeText(b, v0, v1, x));
    case T_BOOL:
      return isTrue(vText ?? decodeText(b, v0, v1, x));
    case T_ERROR:
      return null;
    case T_DATE:
      return isoDateCell(vText ?? decodeText(b, v0, v1, x));
    default: {
      const n = vText !== null ? parseFloat(vText) : v0 === v1 ? NaN : numberAt(b, v0, v1);
      if (Number.isNaN(n)) return null;
      // A number past Excel's last date, though styled as one, stays a number: read as a date, it is refused.
      return dateStyled && isExcelDateSerial(n, date1904) ? dateCell(dayFromDateSerial(n, date1904)) : n;
    }
  }
}

/** A column's letters: 1 → A, 28 → AB. */
export function columnName(col: number): string {
  let s = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}
