import { closeSync, openSync, readFileSync, readSync, statSync } from '../fs.ts';
import { basename } from 'node:path';
import { findHeader, headerCell, type LedgerKind } from '../core/import/headers.ts';
import { CsvSyntaxError, detectDelimiter, FieldCursor, lineOf, tokenizeCsv, type CsvCells } from '../core/import/csv.ts';
import { decodeSingleByte, decodeWindows1252, singleByteEncoding } from '../core/import/encodings.ts';
import { arrayTable, excelText, HEAD_ROWS, headRows, type Cell, type Table } from '../core/import/table.ts';
import { InputError } from '../errors.ts';
import { readFecTable } from './read-fec.ts';
import type { SheetRows, XlsxBook } from './xlsx-read.ts';

/**
 * Reads a ledger file into a `Table`: CSV/TSV/TXT (encoding and delimiter detected) or a workbook, XLSX,
 * Excel 97–2003 XLS or OpenDocument ODS (`file.xlsx#Sheet name`, else the first sheet whose header row is recognised).
 */
export async function readTable(spec: string, kind: LedgerKind, options: { wholeWorkbook?: boolean } = {}): Promise<Table> {
  const { path, sheet } = splitSheet(spec);
  let bytes: Buffer;
  let stamp: { size: number; mtimeMs: number };
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError('file_is_directory', { file: path });
    stamp = { size: st.size, mtimeMs: st.mtimeMs };
    const c = workbookCache;
    if (c !== null && c.path === path && c.size === st.size && c.mtimeMs === st.mtimeMs) return chooseSheet(basename(path), c.sheets, c.date1904, sheet, kind);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError('file_not_found', { file: path });
  }
  // A zip archive (.xlsx, .ods), or an OLE compound file (an .xls, or an .xlsx encrypted with a password, refused by the reader).
  if (isZip(bytes) || isOldExcel(bytes)) {
    // Another sheet of this workbook is wanted next: read them all in one pass.
    if (options.wholeWorkbook) {
      const w = await readWholeWorkbook(path, bytes, stamp);
      return chooseSheet(basename(path), w.sheets, w.date1904, sheet, kind);
    }
    return readXlsx(path, bytes, sheet, kind);
  }
  if (sheet !== null) throw new InputError('sheet_on_csv', { file: path });
  return readCsv(basename(path), bytes);
}

/**
 * A CSV file read at once, for the fast path of the importers; anything else (a workbook, a file that
 * cannot be read) gives a table with no bytes, which sends the ledgers to the general path, whose
 * reading says what is wrong.
 */
export function readCsvTableSync(spec: string): Table {
  const { path, sheet } = splitSheet(spec);
  const none = arrayTable(basename(path), []);
  if (sheet !== null) return none;
  const csv = readCsvBytes(path);
  return csv === null ? none : csvBytesTable(basename(path), csv);
}

/** A CSV file's bytes cut into fields, or null for anything else (see `readCsvTableSync`). */
export function readCsvBytes(path: string): CsvBytes | null {
  let bytes: Buffer;
  try {
    // XML (a bank statement given as payments) is no CSV: seen from its first bytes, before reading it all.
    if (looksLikeXml(head(path))) return null;
    bytes = readFileSync(path);
  } catch {
    return null;
  }
  if (isZip(bytes) || isOldExcel(bytes)) return null;
  try {
    return csvBytes(bytes);
  } catch {
    return null;
  }
}

/** The first 512 bytes of a file. */
export function head(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(512);
    return b.subarray(0, readSync(fd, b, 0, b.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * True when bytes look like XML: optional BOM and white space, then `<`; in UTF-8 or in UTF-16 (with
 * or without its BOM), so that a UTF-16 statement is read as the XML it is, not as a CSV.
 */
export function looksLikeXml(bytes: Uint8Array): boolean {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (le || be || (bytes[0] === 0x3c && bytes[1] === 0x00) || (bytes[0] === 0x00 && bytes[1] === 0x3c)) {
    // UTF-16: the first character after the BOM and white space is `<`.
    const little = le || bytes[0] === 0x3c;
    for (let i = le || be ? 2 : 0; i + 1 < bytes.length; i += 2) {
      const c = little ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!;
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
      return c === 0x3c;
    }
    return false;
  }
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c;
}

/** `ledger.xlsx#Factures` → path and sheet (.xls, .ods alike); a `#` in a plain path without .xlsx is part of the name. */
export function splitSheet(spec: string): { path: string; sheet: string | null } {
  const m = /^(.*\.(?:xlsx?|ods))#(.+)$/i.exec(spec);
  return m ? { path: m[1]!, sheet: m[2]! } : { path: spec, sheet: null };
}

function isZip(b: Buffer): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/**
 * An OpenDocument spreadsheet, by its first entry, as OpenDocument requires it: `mimetype`, stored, naming the
 * type (an .ods whose producer did not is told once its archive is read, by `content.xml`: see `openWorkbook`).
 */
function isOds(b: Buffer): boolean {
  if (!isZip(b) || b.length < 30 || b.readUInt16LE(8) !== 0 || b.toString('latin1', 30, 38) !== 'mimetype') return false;
  const start = 30 + b.readUInt16LE(26) + b.readUInt16LE(28);
  return b.toString('latin1', start, start + ODS_MIMETYPE.length) === ODS_MIMETYPE;
}

const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

function isOldExcel(b: Buffer): boolean {
  return b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
}

export type Encoding = 'utf-8' | 'windows-1252';

/**
 * The encoding of a file's bytes, and the bytes to tokenize: UTF-8 (a BOM is dropped), UTF-16 with a
 * BOM (Excel's "Unicode text", re-encoded as UTF-8), else windows-1252, never decoded whole; or Excel's
 * "CSV (MS-DOS)" and "CSV (Macintosh)", code page 850 and Mac OS Roman, re-encoded as UTF-8 (`from` says which).
 */
function sniffEncoding(bytes: Buffer): { bytes: Buffer; encoding: Encoding; from?: 'cp850' | 'macintosh' } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { bytes: bytes.subarray(3), encoding: 'utf-8' };
  }
  const le = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff;
  if (le || be) {
    const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
    return { bytes: Buffer.from(text, 'utf8'), encoding: 'utf-8' };
  }
  if (isUtf8(bytes)) return { bytes, encoding: 'utf-8' };
  const single = singleByteEncoding(bytes);
  if (single === 'windows-1252') return { bytes, encoding: 'windows-1252' };
  return { bytes: Buffer.from(decodeSingleByte(bytes, single), 'utf8'), encoding: 'utf-8', from: single };
}

// Taken from Node's module, as node:fs is (src/fs.ts): an ES import of node:buffer loads its lazy `File`.
const { isUtf8 } = process.getBuiltinModule('node:buffer');

/**
 * A CSV table over the file's bytes: the tokenizer's offsets, and a string made for a cell only
 * when it is read. ASCII text (most cells) is read as latin1, the fastest slice.
 */
function csvTable(file: string, bytes: Buffer, cells: CsvCells, encoding: Encoding, continental: boolean): Table {
  const { rowFirst } = cells;
  const field = new FieldCursor(bytes, cells);
  const text = (r: number, k: number): string => {
    field.at(r, k);
    if (field.escaped) {
      const u = unescapeQuotes(bytes, field.s, field.e);
      return excelText(decodeCell(u, 0, u.length, encoding));
    }
    return excelText(decodeCell(bytes, field.s, field.e, encoding));
  };
  return {
    file,
    hints: { continental },
    rowCount: cells.rowCount,
    row: (r) => {
      const out: string[] = [];
      for (let k = rowFirst[r]!; k < rowFirst[r + 1]!; k++) out.push(text(r, k));
      return out;
    },
    cell: (r, c) => {
      const k = rowFirst[r]! + c;
      return k < rowFirst[r + 1]! ? text(r, k) : null;
    },
    line: (r) => lineOf(cells, r),
    bytes: { data: bytes, cells, encoding },
  };
}

/** A cell's bytes as text: ASCII (most cells) read as latin1, the fastest slice; else in the file's encoding. */
function decodeCell(bytes: Buffer, s: number, e: number, encoding: Encoding): string {
  let ascii = true;
  for (let i = s; i < e; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  return ascii ? bytes.toString('latin1', s, e) : encoding === 'utf-8' ? bytes.toString('utf8', s, e) : decodeWindows1252(bytes, s, e);
}

/**
 * The bytes of a quoted field whose doubled quotes (`""`) stand for one, made single in one pass into
 * one buffer, so that a field of escapes costs what the same field of plain text does (a string
 * `replaceAll` over 25 million pairs took seconds and a gigabyte).
 */
function unescapeQuotes(bytes: Buffer, s: number, e: number): Buffer {
  const out = Buffer.allocUnsafe(e - s);
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = bytes[i]!;
    out[n++] = c;
    // The first quote of a pair is kept, the second skipped.
    if (c === 0x22) i++;
  }
  return out.subarray(0, n);
}

/** A CSV file cut into fields: its bytes (decoded only when a cell is read), and how to read them. */
export interface CsvBytes {
  readonly bytes: Buffer;
  readonly encoding: Encoding;
  /** The file's own encoding when it was converted to UTF-8 first (Excel's "CSV (MS-DOS)" or "CSV (Macintosh)"). */
  readonly from?: 'cp850' | 'macintosh';
  readonly delimiter: string;
  readonly cells: CsvCells;
}

/** Cuts CSV bytes into fields; a CsvSyntaxError when they cannot be. Run in a worker too (src/csv-worker.ts). */
function csvBytes(raw: Buffer): CsvBytes {
  const { bytes, encoding, from } = sniffEncoding(raw);
  const head = bytes.toString('latin1', 0, Math.min(bytes.length, 65536));
  const delimiter = detectDelimiter(head);
  return { bytes, encoding, ...(from !== undefined ? { from } : {}), delimiter, cells: tokenizeCsv(bytes, delimiter.charCodeAt(0)) };
}

/** The table of a CSV file cut into fields. */
export function csvBytesTable(file: string, csv: CsvBytes): Table {
  // A file of Excel's older encodings is a French one's as a windows-1252 file is; and said: its letters were the guess.
  const continental = csv.delimiter === ';' || csv.encoding === 'windows-1252' || csv.from !== undefined;
  const table = csvTable(file, csv.bytes, csv.cells, csv.encoding, continental);
  if (csv.from === undefined) return table;
  return { ...table, warnings: [{ severity: 'warning', code: 'encoding_read', file, line: 0, params: { encoding: csv.from } }] };
}

/** Parses CSV bytes into a table; every record keeps the line it starts on. */
export function parseCsvBytes(file: string, raw: Buffer): Table {
  try {
    return csvBytesTable(file, csvBytes(raw));
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new InputError('csv_syntax', { file, line: e.line, detail: e.reason });
    throw e;
  }
}

function readCsv(file: string, bytes: Buffer): Table {
  // A FEC (tab or | separated, unquoted, UTF-8 or ISO-8859-15) is recognised by its header line.
  const fec = readFecTable(file, bytes);
  if (fec !== null) return fec;
  return parseCsvBytes(file, bytes);
}

/** The workbook last read whole (see `readTable`), while its file is unchanged. */
let workbookCache: { path: string; size: number; mtimeMs: number; sheets: SheetRows[]; date1904: boolean } | null = null;

/**
 * Opens a workbook: an .xls from its compound file (xls-read.ts); an .xlsx or an .ods after checking its archive,
 * whose parts are inflated once, there. An .ods is a zip without `xl/workbook.xml`, with an OpenDocument's `mimetype`
 * or `content.xml`.
 */
async function openWorkbook(file: string, bytes: Buffer): Promise<XlsxBook> {
  if (isOldExcel(bytes)) return (await import('./xls-read.ts')).openXls(file, bytes);
  // Loaded for a workbook only: a CSV run does not pay for the reader nor for node:zlib.
  const [{ checkXlsxArchive }, { openXlsx }] = await Promise.all([import('./zip-check.ts'), import('./xlsx-read.ts')]);
  const parts = await checkXlsxArchive(file, bytes);
  if (!parts.has('xl/workbook.xml') && (parts.has('mimetype') || parts.has('content.xml'))) return (await import('./ods-read.ts')).openOds(file, parts);
  return openXlsx(file, parts);
}

/**
 * A part that cannot be read as the XML it should be (an `XlsxSyntaxError`, an `OdsSyntaxError`), an .xls's records
 * that are not what they should be (xls-read.ts), or anything else thrown while reading one: the workbook's fault,
 * said in one line naming the file, never a stack trace. A damaged archive is said of the kind the file is.
 */
function unreadable(file: string, bytes: Buffer, e: unknown): InputError {
  const ods = isOds(bytes) || (e as Error)?.name === 'OdsSyntaxError';
  if (e instanceof InputError) return ods && e.code === 'xlsx_unreadable' ? new InputError('ods_unreadable', e.params) : e;
  return new InputError(isOldExcel(bytes) ? 'xls_unreadable' : ods ? 'ods_unreadable' : 'xlsx_unreadable', { file, detail: String((e as Error)?.message ?? e) });
}

/** The sheet of a workbook read whole: the one named, else the one whose header fits the kind best. */
function chooseSheet(file: string, sheets: readonly SheetRows[], date1904: boolean, wanted: string | null, kind: LedgerKind): Table {
  const names = sheets.map((x) => x.name).join(', ');
  const table = (x: SheetRows): Table => arrayTable(`${file}#${x.name}`, x.rows, x.lines, { continental: false, date1904 }, x.warnings);
  if (wanted !== null) {
    const found = sheets.find((x) => x.name === wanted);
    if (!found) throw new InputError('sheet_not_found', { file, sheet: wanted, sheets: names });
    return table(found);
  }
  let best: { sheet: SheetRows; score: number } | null = null;
  for (const x of sheets) {
    const score = sheetScore(kind, x.name, x.rows);
    if (score > (best?.score ?? 0)) best = { sheet: x, score };
  }
  if (best === null) throw new InputError('no_sheet_recognised', { file, kind, sheets: names });
  return table(best.sheet);
}

/**
 * Reads every sheet of a workbook at once and keeps them, so that the invoices and the payments of one
 * workbook are read in one pass (the archive is checked and inflated once).
 */
async function readWholeWorkbook(path: string, bytes: Buffer, stamp: { size: number; mtimeMs: number }): Promise<NonNullable<typeof workbookCache>> {
  const file = basename(path);
  const sheets: SheetRows[] = [];
  let date1904 = false;
  try {
    const wb = await openWorkbook(file, bytes);
    date1904 = wb.date1904;
    for (const ws of wb.sheets) sheets.push(ws.read());
  } catch (e) {
    throw unreadable(file, bytes, e);
  }
  workbookCache = { path, ...stamp, sheets, date1904 };
  return workbookCache;
}

async function readXlsx(path: string, bytes: Buffer, wanted: string | null, kind: LedgerKind): Promise<Table> {
  const file = basename(path);
  const seen: string[] = [];
  let date1904 = false;
  // Without a sheet name: the sheet whose header names the most fields of this kind of ledger,
  // a sheet named for the kind ("Factures", "Règlements", "Clients"…) first.
  let best: { table: Table; score: number } | null = null;
  try {
    const wb = await openWorkbook(file, bytes);
    date1904 = wb.date1904;
    for (const ws of wb.sheets) {
      const name = ws.name;
      seen.push(name);
      // A sheet not wanted is not parsed at all.
      if (wanted !== null && name !== wanted) continue;
      let score = wanted !== null ? 1 : -1;
      const x = ws.read((rows) => {
        if (score >= 0 || rows.length < 30) return false;
        score = sheetScore(kind, name, rows);
        return score <= (best?.score ?? 0);
      });
      if (x.given) continue;
      if (score < 0) score = sheetScore(kind, name, x.rows);
      if (score > (best?.score ?? 0)) best = { table: arrayTable(`${file}#${name}`, x.rows, x.lines, { continental: false, date1904 }, x.warnings), score };
      if (wanted !== null) break;
    }
  } catch (e) {
    throw unreadable(file, bytes, e);
  }
  if (best !== null) return best.table;
  if (wanted !== null) throw new InputError('sheet_not_found', { file, sheet: wanted, sheets: seen.join(', ') });
  throw new InputError('no_sheet_recognised', { file, kind, sheets: seen.join(', ') });
}

/**
 * Another sheet of a workbook that reads as a ledger of `kind` (its header names the kind's required
 * columns and it is not itself read as an invoices sheet, unless its name says it is of that kind):
 * the payments sheet beside the invoices one. Null for a file that is not a workbook, or has none.
 */
export async function findOtherSheet(spec: string, kind: LedgerKind, except: string): Promise<string | null> {
  const { path } = splitSheet(spec);
  let bytes: Buffer;
  let stamp: { size: number; mtimeMs: number };
  try {
    const st = statSync(path);
    stamp = { size: st.size, mtimeMs: st.mtimeMs };
    const c = workbookCache;
    if (c !== null && c.path === path && c.size === st.size && c.mtimeMs === st.mtimeMs) return bestOther(basename(path), c.sheets, kind, except);
    bytes = readFileSync(path);
  } catch {
    return null;
  }
  if (!isZip(bytes) && !isOldExcel(bytes)) return null;
  const w = await readWholeWorkbook(path, bytes, stamp);
  return bestOther(basename(path), w.sheets, kind, except);
}

function bestOther(file: string, sheets: readonly SheetRows[], kind: LedgerKind, except: string): string | null {
  let best: { name: string; score: number } | null = null;
  for (const x of sheets) {
    if (`${file}#${x.name}` === except) continue;
    const score = sheetScore(kind, x.name, x.rows);
    if (score === 0) continue;
    const named = SHEET_NAMES[kind].test(x.name);
    if (!named && sheetScore('invoices', x.name, x.rows) > 0) continue;
    if (score > (best?.score ?? 0)) best = { name: x.name, score };
  }
  return best?.name ?? null;
}

/**
 * The other sheets of the workbook `table` was read from (whole, `readTable`'s `wholeWorkbook`) whose header
 * row is `table`'s, cell for cell (case and spaces aside), and a complete one of `kind`: a workbook of a sheet
 * per month, or per year. Not a sheet whose header merely names the same fields (`Date;Client;Montant;Facture`
 * of payments reads as an invoices header too). Their specs (`file.xlsx#Octobre`), in the workbook's order;
 * none when the workbook is not the one last read whole.
 */
export function sameHeaderSheets(spec: string, table: Table, kind: LedgerKind): string[] {
  const { path } = splitSheet(spec);
  const c = workbookCache;
  if (c === null || c.path !== path) return [];
  const file = basename(path);
  const header = (rows: readonly (readonly Cell[])[]): string | null => {
    const h = findHeader(kind, rows);
    if (h === null || h.missing.length > 0) return null;
    const cells = h.headers.map(headerCell);
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    return cells.join('\u0000');
  };
  const own = header(headRows(table, HEAD_ROWS));
  if (own === null) return [];
  return c.sheets.filter((x) => `${file}#${x.name}` !== table.file && header(x.rows) === own).map((x) => `${path}#${x.name}`);
}

/**
 * The sheets of the workbook last read whole (`spec`'s), other than those named in `except`, whose header is a
 * complete one of `kind`, and whose name says no other kind (`Règlements`, `Clients`): the sheets of invoices a
 * load did not read, to be said. None when the workbook is not the one last read whole.
 */
export function unreadSheets(spec: string, kind: LedgerKind, except: readonly string[]): string[] {
  const { path } = splitSheet(spec);
  const c = workbookCache;
  if (c === null || c.path !== path) return [];
  const others = (Object.keys(SHEET_NAMES) as LedgerKind[]).filter((k) => k !== kind);
  return c.sheets.filter((x) => !except.includes(x.name) && !others.some((k) => SHEET_NAMES[k].test(x.name)) && sheetScore(kind, x.name, x.rows) > 0).map((x) => x.name);
}

const SHEET_NAMES: Record<LedgerKind, RegExp> = {
  invoices: /factur|invoice|ventes|sales|debiteur/i,
  payments: /r[eè]glement|paiement|payment|encaissement|betaling|receipt/i,
  customers: /client|customer|klant|tiers/i,
};

/** How well a sheet fits a kind of ledger: 0 when its header lacks a required column. */
function sheetScore(kind: LedgerKind, name: string, rows: readonly (readonly Cell[])[]): number {
  const h = findHeader(kind, rows);
  if (!h || h.missing.length > 0) return 0;
  return 1 + Object.keys(h.columns).length + (SHEET_NAMES[kind].test(name) ? 100 : 0);
}
