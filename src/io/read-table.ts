import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { isUtf8 } from 'node:buffer';
import { findHeader, type LedgerKind } from '../core/import/headers.ts';
import { CsvSyntaxError, detectDelimiter, tokenizeCsv, type CsvCells } from '../core/import/csv.ts';
import { arrayTable, isBlank, type Cell, type Table } from '../core/import/table.ts';
import type { Problem } from '../core/types.ts';
import { InputError } from '../errors.ts';
import { readFecTable } from './read-fec.ts';
import { checkXlsxArchive } from './zip-check.ts';

/**
 * Reads a ledger file into a `Table`: CSV/TSV/TXT (encoding and delimiter detected) or XLSX
 * (`file.xlsx#Sheet name`, else the first sheet whose header row is recognised).
 */
export async function readTable(spec: string, kind: LedgerKind, options: { wholeWorkbook?: boolean } = {}): Promise<Table> {
  const { path, sheet } = splitSheet(spec);
  let bytes: Buffer;
  let stamp: { size: number; mtimeMs: number };
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new InputError('file_is_directory', { file: path });
    stamp = { size: st.size, mtimeMs: st.mtimeMs };
    const c = workbookCache;
    if (c !== null && c.path === path && c.size === st.size && c.mtimeMs === st.mtimeMs) return chooseSheet(basename(path), c.sheets, c.date1904, sheet, kind);
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError('file_not_found', { file: path });
  }
  if (isZip(bytes)) {
    // Another sheet of this workbook is wanted next: read them all in one pass.
    if (options.wholeWorkbook) {
      const w = await readWholeWorkbook(path, bytes, stamp);
      return chooseSheet(basename(path), w.sheets, w.date1904, sheet, kind);
    }
    return readXlsx(path, bytes, sheet, kind);
  }
  if (sheet !== null) throw new InputError('sheet_on_csv', { file: path });
  if (isOldExcel(bytes)) throw new InputError('xls_not_supported', { file: path });
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
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return none;
  }
  if (isZip(bytes) || isOldExcel(bytes)) return none;
  try {
    return parseCsvBytes(basename(path), bytes);
  } catch {
    return none;
  }
}

/** `ledger.xlsx#Factures` → path and sheet; a `#` in a plain path without .xlsx is part of the name. */
export function splitSheet(spec: string): { path: string; sheet: string | null } {
  const m = /^(.*\.xlsx?)#(.+)$/i.exec(spec);
  return m ? { path: m[1]!, sheet: m[2]! } : { path: spec, sheet: null };
}

function isZip(b: Buffer): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

function isOldExcel(b: Buffer): boolean {
  return b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
}

export type Encoding = 'utf-8' | 'windows-1252';

/**
 * The encoding of a file's bytes, and the bytes to tokenize: UTF-8 (a BOM is dropped), UTF-16 with a
 * BOM (Excel's "Unicode text", re-encoded as UTF-8), else windows-1252. Never decodes the whole file.
 */
export function sniffEncoding(bytes: Buffer): { bytes: Buffer; encoding: Encoding } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { bytes: bytes.subarray(3), encoding: 'utf-8' };
  }
  const le = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff;
  if (le || be) {
    const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
    return { bytes: Buffer.from(text, 'utf8'), encoding: 'utf-8' };
  }
  return { bytes, encoding: isUtf8(bytes) ? 'utf-8' : 'windows-1252' };
}

const CP1252 = new TextDecoder('windows-1252');

/**
 * A CSV table over the file's bytes: the tokenizer's offsets, and a string made for a cell only
 * when it is read. ASCII text (most cells) is read as latin1, the fastest slice.
 */
function csvTable(file: string, bytes: Buffer, cells: CsvCells, encoding: Encoding, continental: boolean): Table {
  const { rowFirst, rowLine, fieldStart, fieldEnd } = cells;
  const text = (k: number): string => {
    const s = fieldStart[k]!;
    let e = fieldEnd[k]!;
    const escaped = e < 0;
    if (escaped) e = ~e;
    let ascii = true;
    for (let i = s; i < e; i++) {
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    const t = ascii ? bytes.toString('latin1', s, e) : encoding === 'utf-8' ? bytes.toString('utf8', s, e) : CP1252.decode(bytes.subarray(s, e));
    return escaped ? t.replaceAll('""', '"') : t;
  };
  return {
    file,
    hints: { continental },
    rowCount: cells.rowCount,
    row: (r) => {
      const out: string[] = [];
      for (let k = rowFirst[r]!; k < rowFirst[r + 1]!; k++) out.push(text(k));
      return out;
    },
    cell: (r, c) => {
      const k = rowFirst[r]! + c;
      return k < rowFirst[r + 1]! ? text(k) : null;
    },
    line: (r) => rowLine[r]!,
    bytes: { data: bytes, cells, text },
  };
}

/** Parses CSV bytes into a table; every record keeps the line it starts on. */
export function parseCsvBytes(file: string, raw: Buffer): Table {
  const { bytes, encoding } = sniffEncoding(raw);
  const head = bytes.toString('latin1', 0, Math.min(bytes.length, 65536));
  const delimiter = detectDelimiter(head);
  let cells: CsvCells;
  try {
    cells = tokenizeCsv(bytes, delimiter.charCodeAt(0));
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new InputError('csv_syntax', { file, line: e.line, detail: e.reason });
    throw e;
  }
  const continental = delimiter === ';' || encoding === 'windows-1252';
  return csvTable(file, bytes, cells, encoding, continental);
}

function readCsv(file: string, bytes: Buffer): Table {
  // A FEC (tab or | separated, unquoted, UTF-8 or ISO-8859-15) is recognised by its header line.
  const fec = readFecTable(file, bytes);
  if (fec !== null) return fec;
  return parseCsvBytes(file, bytes);
}

/** Converts an exceljs cell value to a `Cell`; dates become calendar days (exceljs dates are UTC). */
export function cellFromExcel(v: unknown, cachedResult?: () => unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isNaN(t)) return null;
    // exceljs builds dates in UTC; a minute of tolerance absorbs float noise in the serial.
    return { day: Math.floor((t + 60_000) / 86_400_000) };
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('result' in o) return cellFromExcel(o.result);
    if ('formula' in o || 'sharedFormula' in o) {
      // The value Excel computed and saved is read; nothing is ever evaluated. exceljs drops a saved
      // result of 0 (or "" or FALSE) from the cell's value but keeps it in its model.
      const saved = cachedResult?.();
      if (saved !== undefined && saved !== null && !(typeof saved === 'number' && Number.isNaN(saved))) return cellFromExcel(saved);
      // No saved value (a file no spreadsheet has opened): the formula itself, so that a date or an
      // amount is refused by name rather than read as empty.
      return typeof o.formula === 'string' && o.formula !== '' ? `=${o.formula}` : null;
    }
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if (typeof o.text === 'string') return o.text;
    if ('error' in o) return null;
  }
  return String(v);
}

/** One sheet as read: its rows (blank ones left out), their row numbers, and what its reading found. */
interface SheetRows {
  readonly name: string;
  readonly rows: Cell[][];
  readonly lines: number[];
  readonly warnings: Problem[];
}

type ExcelSheet = AsyncIterable<unknown> & { name: string };

/**
 * Reads a sheet's rows. `giveUp` is asked after each row kept whether the rest is worth reading;
 * the rest of the sheet is then only drained (exceljs needs every sheet read through).
 */
async function sheetRows(ws: ExcelSheet, file: string, giveUp?: (rows: Cell[][]) => boolean): Promise<SheetRows & { given: boolean }> {
  const name = ws.name;
  const rows: Cell[][] = [];
  const lines: number[] = [];
  const warnings: Problem[] = [];
  let blankRun = 0;
  let given = false;
  for await (const row of ws) {
    if (given) continue;
    const r = row as { number: number; values: unknown[] };
    const values = r.values;
    const cells: Cell[] = [];
    let blank = true;
    for (let i = 1; i < values.length; i++) {
      const cell = cellFromExcel(values[i], () => (row as { getCell(i: number): { model: { result?: unknown } } }).getCell(i).model.result);
      if (blank && !isBlank(cell)) blank = false;
      cells.push(cell);
    }
    // Blank rows are not rows: not kept, so a sheet formatted down to row 1,048,576 costs no memory.
    if (blank) {
      // A sheet formatted down to its last row: stop after a long run of empty rows, and say so.
      if (++blankRun >= MAX_BLANK_RUN) {
        warnings.push({ severity: 'warning', code: 'sheet_cut_short', file: `${file}#${name}`, line: r.number, params: { count: blankRun } });
        break;
      }
      continue;
    }
    blankRun = 0;
    rows.push(cells);
    lines.push(r.number);
    if (giveUp?.(rows)) given = true;
  }
  return { name, rows, lines, warnings, given };
}

/** The workbook last read whole (see `readTable`), while its file is unchanged. */
let workbookCache: { path: string; size: number; mtimeMs: number; sheets: SheetRows[]; date1904: boolean } | null = null;

/** Opens a workbook after checking its archive; yields its sheets; sets `date1904` as it learns it. */
async function openWorkbook(file: string, bytes: Buffer): Promise<{ sheets: AsyncIterable<ExcelSheet>; date1904: () => boolean }> {
  // exceljs trusts the archive: it is checked first (damage, zip bombs, DTDs).
  await checkXlsxArchive(file, bytes);
  const { default: ExcelJS } = await import('exceljs');
  const { Readable } = await import('node:stream');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {
    sharedStrings: 'cache',
    styles: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  return {
    sheets: reader as unknown as AsyncIterable<ExcelSheet>,
    // The workbook's properties are an exceljs xform: the flag is in its model.
    date1904: () => Boolean((reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904),
  };
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
 * workbook are read in one pass (exceljs parses every sheet it passes, wanted or not).
 */
async function readWholeWorkbook(path: string, bytes: Buffer, stamp: { size: number; mtimeMs: number }): Promise<NonNullable<typeof workbookCache>> {
  const file = basename(path);
  const sheets: SheetRows[] = [];
  let date1904 = false;
  try {
    const wb = await openWorkbook(file, bytes);
    for await (const ws of wb.sheets) {
      date1904 ||= wb.date1904();
      sheets.push(await sheetRows(ws, file));
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError('xlsx_unreadable', { file, detail: (e as Error).message });
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
    for await (const ws of wb.sheets) {
      const name = ws.name;
      seen.push(name);
      date1904 ||= wb.date1904();
      if (wanted !== null && name !== wanted) {
        // Every sheet must be read through, even one we do not want: exceljs may have spooled it to a
        // temporary file that it deletes once the iteration moves on (an unread sheet then fails with ENOENT).
        for await (const _row of ws) void _row;
        continue;
      }
      let score = wanted !== null ? 1 : -1;
      const x = await sheetRows(ws, file, (rows) => {
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
    if (e instanceof InputError) throw e;
    throw new InputError('xlsx_unreadable', { file, detail: (e as Error).message });
  }
  if (best !== null) return best.table;
  if (wanted !== null) throw new InputError('sheet_not_found', { file, sheet: wanted, sheets: seen.join(', ') });
  throw new InputError('no_sheet_recognised', { file, kind, sheets: seen.join(', ') });
}

/** Empty rows in a row after which the rest of a sheet is not read (Excel has 1,048,576 rows). */
export const MAX_BLANK_RUN = 100_000;

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
