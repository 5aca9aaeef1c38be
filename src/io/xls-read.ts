import { isExcelDateSerial } from '../core/import/dates-text.ts';
import { isBlank, linesWarning, type Cell, type DateCell } from '../core/import/table.ts';
import type { Problem } from '../core/types.ts';
import { InputError } from '../errors.ts';
// The .xlsx reader's rules of dates and merges, shared: both modules are loaded only for a workbook (test/architecture.test.ts).
import { dayFromDateSerial, fillMergesDown, isBuiltInDateFormat, isDateFormat, type SheetRows, type XlsxBook, type XlsxSheet } from './xlsx-read.ts';

/**
 * Reads the sheets of an Excel 97–2003 workbook (`.xls`: BIFF8 records in the `Workbook` stream of an OLE
 * compound file) into what the .xlsx reader gives (src/io/xlsx-read.ts), so that read-table.ts reads both
 * alike: the same rows (blank ones left out), the same line numbers, cell types and warnings. French and
 * Belgian accounting software (Sage, EBP) still exports .xls.
 *
 * The compound file ([MS-CFB]): its header, the DIFAT (in the header, then chained), the FAT, the directory,
 * the mini stream for streams under 4,096 bytes. Every sector index is checked, every chain is followed at
 * most once through each sector (a loop is an error, never a hang), and a stream larger than the file, or
 * than 128 MB (an .xlsx's limit, src/io/zip-check.ts), is refused before anything is allocated.
 *
 * The records ([MS-XLS]), values only, as the .xlsx reader reads them: the sheet list (worksheets only: not
 * chart or macro sheets), the 1904 date system, shared strings (split over CONTINUE records, the
 * compression flag read again at each; rich-text runs and phonetic blocks skipped), number formats and XFs
 * (which numbers are dates), and in each sheet: strings (LABELSST, LABEL, RSTRING), numbers (NUMBER, RK,
 * MULRK), booleans, errors as empty cells (BOOLERR), a formula's cached result (a number, a string from the
 * STRING record that follows, a boolean, an error as empty; never made a date, as in an .xlsx), hidden rows
 * (read, and said), a text or a date merged down one column (repeated in each row, as Excel shows it).
 *
 * Refused: a workbook encrypted with a password (FILEPASS, or the `EncryptedPackage` of an .xlsx with a
 * password: `xlsx_encrypted`); BIFF5 and older (Excel 5.0/95 and before: `xls_not_supported`). Anything
 * else malformed throws `XlsSyntaxError`, which read-table turns into one line (`xls_unreadable`).
 *
 * Limits: 128 MB a stream; 2,000,000 shared strings, 32,767 characters a cell, as the .xlsx reader; BIFF8's
 * own 65,536 rows and 256 columns (a cell beyond column IV is refused). The .xlsx reader's stop after
 * 100,000 blank rows in a row cannot happen here: a sheet has 65,536 rows at most.
 *
 * Checked by: the same sources converted by LibreOffice to .xls and to .xlsx, read by both readers
 * (test/io/xls-read.test.ts, test/corpus/xls).
 */

/** A file that is not the compound file and BIFF8 records it should be; read-table turns it into `xls_unreadable`. */
export class XlsSyntaxError extends Error {}

function fail(what: string): never {
  throw new XlsSyntaxError(what);
}

/** Opens a workbook: its compound file, sheet list, date system and styles now; shared strings at the first sheet read. */
export function openXls(file: string, bytes: Uint8Array): XlsxBook {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stream = workbookStream(file, b);
  const g = readGlobals(file, stream);
  let shared: string[] | null = null;
  const sheets: XlsxSheet[] = g.sheets.map((s) => ({
    name: s.name,
    read: (giveUp) => {
      shared ??= g.sst === null ? [] : readSharedStrings(g.sst);
      return readSheet(stream, s.offset, { shared, dateXf: g.dateXf, date1904: g.date1904 }, s.name, `${file}#${s.name}`, giveUp);
    },
  }));
  return { date1904: g.date1904, sheets };
}

// ---------------------------------------------------------------------------------------------
// The compound file ([MS-CFB])

const MiB = 1024 * 1024;
/** The largest stream read: an .xlsx's limit (zip-check.ts), sized for the memory budget of SECURITY.md. */
const MAX_STREAM = 128 * MiB;
const END_OF_CHAIN = 0xfffffffe;
const NO_STREAM = 0xffffffff;
const SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const MINI_SECTOR = 64;
const MINI_CUTOFF = 4096;
const DIR_ENTRY = 128;

/** The compound file's sectors: their size, how many the file holds (the last may be cut short), and the FAT. */
interface Sectors {
  readonly b: Buffer;
  readonly size: number;
  readonly count: number;
  readonly fat: Uint32Array;
}

/** A directory entry: its name, type (1 storage, 2 stream, 5 root), tree links, first sector and size. */
interface DirEntry {
  readonly name: string;
  readonly type: number;
  readonly left: number;
  readonly right: number;
  readonly child: number;
  readonly start: number;
  readonly size: number;
}

/** The BIFF stream of the workbook (`Workbook`, else BIFF5's `Book`), read whole. */
function workbookStream(file: string, b: Buffer): Buffer {
  if (b.length < 512) fail('the file is cut short (no compound file header)');
  if (!b.subarray(0, 8).equals(SIGNATURE)) fail('not an OLE compound file');
  if (b.readUInt16LE(28) !== 0xfffe) fail('the compound file header is damaged (byte order)');
  const shift = b.readUInt16LE(30);
  if (shift !== 9 && shift !== 12) fail(`the compound file header is damaged (sector shift ${shift})`);
  if (b.readUInt16LE(32) !== 6 || b.readUInt32LE(56) !== MINI_CUTOFF) fail('the compound file header is damaged (mini sectors)');
  const size = 1 << shift;
  const count = b.length > size ? Math.ceil((b.length - size) / size) : 0;
  const fat = readFat(b, size, count);
  const sec: Sectors = { b, size, count, fat };
  const dir = readChain(b, size, size, count, fat, b.readUInt32LE(48), -1, 'the directory');
  const entries = directoryEntries(dir, shift === 9);
  const streams = rootStreams(entries);
  // A workbook encrypted with a password: its .xlsx package sealed in a compound file.
  if (streams.has('ENCRYPTEDPACKAGE') || streams.has('ENCRYPTIONINFO')) throw new InputError('xlsx_encrypted', { file });
  const wb = streams.get('WORKBOOK') ?? streams.get('BOOK');
  if (wb === undefined || wb.type !== 2) fail('the compound file holds no Workbook stream: not an Excel workbook');
  if (wb.size > MAX_STREAM) {
    fail(`the Workbook stream is ${Math.ceil(wb.size / MiB).toLocaleString('en-US')} MB, more than the 128 MB of a workbook read by ar: refused (a larger ledger reads as CSV)`);
  }
  if (wb.size >= MINI_CUTOFF) return readChain(b, size, size, count, fat, wb.start, wb.size, 'the Workbook stream');
  return readChain(miniStream(sec, entries[0]!), 0, MINI_SECTOR, -1, miniFat(sec), wb.start, wb.size, 'the Workbook stream');
}

/** The FAT: its sectors listed by the DIFAT, the first 109 in the header, the rest in a chain of DIFAT sectors. */
function readFat(b: Buffer, size: number, count: number): Uint32Array {
  const numFat = b.readUInt32LE(44);
  if (numFat > count) fail(`the compound file header declares ${numFat} FAT sectors, more than the file holds`);
  const ids: number[] = [];
  for (let i = 0; i < 109 && ids.length < numFat; i++) ids.push(b.readUInt32LE(76 + 4 * i));
  const per = size / 4 - 1;
  const seen = new Uint8Array(count);
  // The number of DIFAT sectors is not trusted: the FAT's own size bounds the walk, and a sector is met once.
  for (let next = b.readUInt32LE(68); ids.length < numFat; ) {
    const at = sectorOffset(b, size, count, next, 'the DIFAT');
    if (seen[next] === 1) fail('the DIFAT chain loops');
    seen[next] = 1;
    for (let k = 0; k < per && ids.length < numFat; k++) ids.push(b.readUInt32LE(at + 4 * k));
    next = b.readUInt32LE(at + 4 * per);
  }
  const fat = new Uint32Array((numFat * size) / 4);
  for (const [i, id] of ids.entries()) {
    const at = sectorOffset(b, size, count, id, 'the FAT');
    for (let k = 0; k < size / 4; k++) fat[(i * size) / 4 + k] = b.readUInt32LE(at + 4 * k);
  }
  return fat;
}

/** Where sector `id` starts, checked to be a whole sector within the file. */
function sectorOffset(b: Buffer, size: number, count: number, id: number, what: string): number {
  if (id >= count) fail(`${what} needs sector ${id}, beyond the ${count} sectors of the file (cut short, or damaged)`);
  const at = (id + 1) * size;
  if (at + size > b.length) fail(`${what} needs sector ${id}, which is cut short (the file is incomplete)`);
  return at;
}

/**
 * The bytes of a chain of sectors of `sectorSize` (at `base + id × sectorSize` in `src`), `size` of them (-1:
 * the whole chain): every index checked against the `count` sectors there are (-1: as many as `src` holds) and
 * the FAT, each sector met once (a loop is an error), a chain shorter than its size an error.
 */
function readChain(src: Buffer, base: number, sectorSize: number, count: number, fat: Uint32Array, start: number, size: number, what: string): Buffer {
  const n = count >= 0 ? count : Math.ceil((src.length - base) / sectorSize);
  if (size > n * sectorSize) fail(`${what} is larger than the file holds (cut short, or damaged)`);
  const seen = new Uint8Array(n);
  const parts: Buffer[] = [];
  let have = 0;
  for (let id = start; size < 0 || have < size; id = fat[id]!) {
    if (id === END_OF_CHAIN && size < 0) break;
    if (id === END_OF_CHAIN) fail(`${what} is shorter than its declared size (its chain ends early)`);
    if (id >= n || id >= fat.length) fail(`${what} needs sector ${id}, beyond the ${n} sectors of the file (cut short, or damaged)`);
    if (seen[id] === 1) fail(`the chain of ${what} loops`);
    seen[id] = 1;
    const at = base + id * sectorSize;
    const take = size < 0 ? sectorSize : Math.min(sectorSize, size - have);
    if (at + take > src.length) fail(`${what} runs past the end of the file (cut short)`);
    parts.push(src.subarray(at, at + take));
    have += take;
  }
  return Buffer.concat(parts, have);
}

/** The directory's entries; the size's high half is garbage in many version 3 files, and ignored there. */
function directoryEntries(dir: Buffer, version3: boolean): DirEntry[] {
  const out: DirEntry[] = [];
  for (let at = 0; at + DIR_ENTRY <= dir.length; at += DIR_ENTRY) {
    const nameBytes = Math.min(dir.readUInt16LE(at + 64), 64);
    const high = version3 ? 0 : dir.readUInt32LE(at + 124);
    out.push({
      name: dir.toString('utf16le', at, at + Math.max(0, nameBytes - 2)),
      type: dir[at + 66]!,
      left: dir.readUInt32LE(at + 68),
      right: dir.readUInt32LE(at + 72),
      child: dir.readUInt32LE(at + 76),
      start: dir.readUInt32LE(at + 116),
      size: high * 2 ** 32 + dir.readUInt32LE(at + 120),
    });
  }
  if (out[0]?.type !== 5) fail('the compound file directory has no root entry');
  return out;
}

/**
 * The entries directly under the root, by name in capitals (the compound file's names are caseless): not
 * those of a storage below it, where an embedded workbook keeps a `Workbook` stream of its own.
 */
function rootStreams(entries: readonly DirEntry[]): Map<string, DirEntry> {
  const out = new Map<string, DirEntry>();
  const seen = new Uint8Array(entries.length);
  const stack = [entries[0]!.child];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (i === NO_STREAM) continue;
    if (i >= entries.length) fail('the compound file directory is damaged (an entry out of range)');
    if (seen[i] === 1) fail('the compound file directory loops');
    seen[i] = 1;
    const e = entries[i]!;
    const key = e.name.toUpperCase();
    if (!out.has(key)) out.set(key, e);
    stack.push(e.left, e.right);
  }
  return out;
}

/** The mini stream (the root entry's stream), where streams under 4,096 bytes keep their 64-byte sectors. */
function miniStream(sec: Sectors, root: DirEntry): Buffer {
  if (root.size > MAX_STREAM) fail('the mini stream is larger than the file holds (damaged)');
  return readChain(sec.b, sec.size, sec.size, sec.count, sec.fat, root.start, root.size, 'the mini stream');
}

/** The mini FAT: the chain of the mini stream's sectors. */
function miniFat(sec: Sectors): Uint32Array {
  const bytes = readChain(sec.b, sec.size, sec.size, sec.count, sec.fat, sec.b.readUInt32LE(60), -1, 'the mini FAT');
  const out = new Uint32Array(bytes.length >>> 2);
  for (let k = 0; k < out.length; k++) out[k] = bytes.readUInt32LE(4 * k);
  return out;
}

// ---------------------------------------------------------------------------------------------
// BIFF8 records ([MS-XLS])

const BOF = 0x0809;
const EOF = 0x000a;
const CONTINUE = 0x003c;
const FILEPASS = 0x002f;
const DATEMODE = 0x0022;
const FORMAT = 0x041e;
const XF = 0x00e0;
const BOUNDSHEET = 0x0085;
const SST = 0x00fc;
const BIFF8 = 0x0600;
const GLOBALS = 0x0005;
const WORKSHEET = 0x0010;

/** A record: its type, and where its data lies in the stream. */
interface Rec {
  type: number;
  start: number;
  end: number;
}

/** The record at `p` of the stream, or null at its end; a record that runs past the end is an error. */
function recordAt(s: Buffer, p: number, out: Rec): Rec | null {
  if (p + 4 > s.length) return null;
  out.type = s.readUInt16LE(p);
  out.start = p + 4;
  out.end = p + 4 + s.readUInt16LE(p + 2);
  if (out.end > s.length) fail(`a record (type 0x${out.type.toString(16)}) runs past the end of the Workbook stream (cut short)`);
  return out;
}

/** The pieces of the record at `r` and of the CONTINUE records after it: [start, end) pairs. */
function continued(s: Buffer, r: Rec): number[] {
  const spans = [r.start, r.end];
  const next: Rec = { type: 0, start: 0, end: 0 };
  for (let p = r.end; recordAt(s, p, next) !== null && next.type === CONTINUE; p = next.end) spans.push(next.start, next.end);
  return spans;
}

/**
 * A cursor over a record and its CONTINUE records, read as one, except within a string's characters: there,
 * each new record starts with the string's compression flag again (MS-XLS 2.5.293), as Excel splits them.
 */
class Pieces {
  private k = 0;
  pos: number;
  private end: number;

  readonly s: Buffer;
  readonly spans: readonly number[];

  constructor(s: Buffer, spans: readonly number[]) {
    this.s = s;
    this.spans = spans;
    this.pos = spans[0]!;
    this.end = spans[1]!;
  }

  /** Whether nothing is left to read. */
  done(): boolean {
    while (this.pos >= this.end && this.k + 2 < this.spans.length) this.nextPiece();
    return this.pos >= this.end;
  }

  private nextPiece(): void {
    this.k += 2;
    if (this.k >= this.spans.length) fail('a string or a table of strings runs past the end of its records (damaged)');
    this.pos = this.spans[this.k]!;
    this.end = this.spans[this.k + 1]!;
  }

  u8(): number {
    while (this.pos >= this.end) this.nextPiece();
    return this.s[this.pos++]!;
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }

  skip(n: number): void {
    let left = n;
    while (left > 0) {
      while (this.pos >= this.end) this.nextPiece();
      const step = Math.min(left, this.end - this.pos);
      this.pos += step;
      left -= step;
    }
  }

  /** `cch` characters, one byte each (the high bytes, all zero, left out) or UTF-16LE, by the flag. */
  chars(cch: number, wide: boolean): string {
    let out = '';
    let left = cch;
    let w = wide;
    while (left > 0) {
      // A new record within the characters: its first byte is the flag again (u8 passes over empty records).
      if (this.pos >= this.end) w = (this.u8() & 1) !== 0;
      const n = Math.min(left, w ? (this.end - this.pos) >> 1 : this.end - this.pos);
      if (n === 0) {
        if (this.pos < this.end) fail('a string is cut in the middle of a character (damaged)');
        continue;
      }
      const bytes = w ? 2 * n : n;
      out += this.s.toString(w ? 'utf16le' : 'latin1', this.pos, this.pos + bytes);
      this.pos += bytes;
      left -= n;
    }
    return out;
  }

  /** An XLUnicodeString: its length, its flag, its characters (not longer than a cell holds). */
  string(what: string): string {
    const cch = this.u16();
    const flags = this.u8();
    if (cch > MAX_CELL_CHARS) fail(tooLong(cch, what));
    return this.chars(cch, (flags & 1) !== 0);
  }
}

/** Excel's longest cell text; a longer one was not written by Excel, and is refused. */
const MAX_CELL_CHARS = 32_767;
/** The most shared strings kept, as in the .xlsx reader: a full sheet of a ledger has fewer. */
const MAX_SHARED_STRINGS = 2_000_000;

const tooLong = (n: number, what: string) => `${what} has a text of ${n.toLocaleString('en-US')} characters, more than the ${MAX_CELL_CHARS.toLocaleString('en-US')} of an Excel cell`;

/** A ShortXLUnicodeString (a sheet's name) or an XLUnicodeString (a number format) within one record. */
function shortString(s: Buffer, p: number, end: number, cch: number): string {
  const wide = (s[p]! & 1) !== 0;
  const e = p + 1 + (wide ? 2 * cch : cch);
  if (e > end) fail('a name runs past the end of its record (damaged)');
  return s.toString(wide ? 'utf16le' : 'latin1', p + 1, e);
}

/** What the workbook's globals say: its date system, its sheets, which XFs are dates, where the shared strings are. */
interface Globals {
  readonly date1904: boolean;
  readonly sheets: { name: string; offset: number }[];
  readonly dateXf: Uint8Array;
  readonly sst: Pieces | null;
}

/** Reads the globals, up to their EOF; refuses an encrypted workbook and one older than BIFF8. */
function readGlobals(file: string, s: Buffer): Globals {
  const r: Rec = { type: 0, start: 0, end: 0 };
  checkBof(file, s, recordAt(s, 0, r));
  let date1904 = false;
  const bound: { name: string; offset: number }[] = [];
  const formats = new Map<number, string>();
  const xfs: number[] = [];
  let sst: Pieces | null = null;
  for (let p = r.end; ; p = r.end) {
    if (recordAt(s, p, r) === null) fail('the workbook globals end without their EOF record (cut short)');
    const { type, start, end } = r;
    if (type === EOF) break;
    const need = (n: number) => end - start >= n || fail(`a record (type 0x${type.toString(16)}) is too short (damaged)`);
    if (type === FILEPASS) throw new InputError('xlsx_encrypted', { file });
    if (type === DATEMODE && need(2)) date1904 = s.readUInt16LE(start) === 1;
    else if (type === FORMAT && need(5)) formats.set(s.readUInt16LE(start), shortString(s, start + 4, end, s.readUInt16LE(start + 2)));
    else if (type === XF && need(4)) xfs.push(s.readUInt16LE(start + 2));
    else if (type === BOUNDSHEET && need(8) && s[start + 5] === 0) bound.push({ offset: s.readUInt32LE(start), name: shortString(s, start + 7, end, s[start + 6]!) });
    else if (type === SST) sst = new Pieces(s, continued(s, r));
  }
  const dateXf = new Uint8Array(xfs.length);
  for (const [i, id] of xfs.entries()) {
    const code = formats.get(id);
    dateXf[i] = (code !== undefined ? isDateFormat(code) : isBuiltInDateFormat(id)) ? 1 : 0;
  }
  // A sheet whose substream is not a worksheet (a dialog's, a chart's, a macro's) holds no cells.
  const sheets = bound.filter((b) => recordAt(s, b.offset, r) !== null && r.type === BOF && r.end - r.start >= 4 && s.readUInt16LE(r.start + 2) === WORKSHEET);
  return { date1904, sheets, dateXf, sst };
}

/** The first record: BIFF8's BOF of the workbook globals; BIFF5 and older (Excel 5.0/95 and before) are refused. */
function checkBof(file: string, s: Buffer, r: Rec | null): void {
  // BIFF2, 3 and 4 have BOF records of their own types; BIFF5 and BIFF8 share one, and tell their version in it.
  if (r !== null && (r.type === 0x0009 || r.type === 0x0209 || r.type === 0x0409)) throw new InputError('xls_not_supported', { file });
  if (r === null || r.type !== BOF || r.end - r.start < 4) fail('the Workbook stream does not start with a BOF record');
  if (s.readUInt16LE(r.start) !== BIFF8) throw new InputError('xls_not_supported', { file });
  if (s.readUInt16LE(r.start + 2) !== GLOBALS) fail('the Workbook stream does not start with the workbook globals');
}

/** The shared strings (SST and its CONTINUE records); rich-text runs and phonetic blocks are skipped. */
function readSharedStrings(p: Pieces): string[] {
  p.u32();
  const unique = p.u32();
  if (unique > MAX_SHARED_STRINGS) {
    fail(`the table of shared strings declares ${unique.toLocaleString('en-US')} strings, more than the ${MAX_SHARED_STRINGS.toLocaleString('en-US')} of a workbook read by ar`);
  }
  const out: string[] = [];
  // A count larger than the strings there are ends with them, as Excel reads it.
  while (out.length < unique && !p.done()) {
    const cch = p.u16();
    const flags = p.u8();
    const runs = (flags & 0x08) !== 0 ? p.u16() : 0;
    const ext = (flags & 0x04) !== 0 ? p.u32() : 0;
    if (cch > MAX_CELL_CHARS) fail(tooLong(cch, `shared string ${out.length}`));
    out.push(p.chars(cch, (flags & 0x01) !== 0));
    p.skip(runs * 4 + ext);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sheets

const LABELSST = 0x00fd;
const LABEL = 0x0204;
const RSTRING = 0x00d6;
const NUMBER = 0x0203;
const RK = 0x027e;
const MULRK = 0x00bd;
const BOOLERR = 0x0205;
const FORMULA = 0x0006;
const STRING = 0x0207;
const ROW = 0x0208;
const MERGEDCELLS = 0x00e5;
/** Records that may come between a FORMULA and its STRING: its shared formula, array formula or data table. */
const BEFORE_STRING = new Set([0x04bc, 0x0221, 0x0236]);
/** BIFF8's last column, IV. */
const MAX_COLUMNS = 256;

interface SheetContext {
  readonly shared: readonly string[];
  readonly dateXf: Uint8Array;
  readonly date1904: boolean;
}

/** The cells of a sheet being read, by row number (0-based), each row as long as its last cell with a value. */
class Grid {
  readonly rows: (Cell[] | undefined)[] = [];
  readonly hidden = new Set<number>();
  /** Merges one column wide and several rows tall: column, first row, last row (1-based), three by three. */
  readonly merges: number[] = [];

  /** A cell's value; `undefined` (a blank, a string that is not there) leaves the cell empty and the row as long as it was. */
  put(rw: number, col: number, value: Cell | undefined): void {
    if (col >= MAX_COLUMNS) fail(`a cell beyond column IV (row ${rw + 1}), the last of an .xls`);
    if (value === undefined) return;
    let row = this.rows[rw];
    if (row === undefined) this.rows[rw] = row = [];
    while (row.length < col) row.push(null);
    row[col] = value;
  }
}

/** A number as a cell: a date when its XF's format is one (and it is a day Excel has), else the number. */
function numberCell(n: number, ixfe: number, ctx: SheetContext): Cell {
  if (Number.isNaN(n)) return null;
  return ctx.dateXf[ixfe] === 1 && isExcelDateSerial(n, ctx.date1904) ? dateCell(dayFromDateSerial(n, ctx.date1904)) : n;
}

const dateCell = (day: DateCell['day']): DateCell => Object.freeze({ day });

/**
 * An RK number: a 30-bit signed integer, or the high 30 bits of a double; divided by 100 when flagged, as a
 * division (correctly rounded: 1234 / 100 is the double nearest 12.34, the number an .xlsx's `12.34` reads as).
 */
function rkNumber(rk: number): number {
  let n: number;
  if ((rk & 2) !== 0) n = rk >> 2;
  else {
    RK_VIEW.setUint32(0, 0, true);
    RK_VIEW.setUint32(4, (rk & ~3) >>> 0, true);
    n = RK_VIEW.getFloat64(0, true);
  }
  return (rk & 1) !== 0 ? n / 100 : n;
}

const RK_VIEW = new DataView(new ArrayBuffer(8));

/** Reads a worksheet's substream from its BOF at `at`, up to its EOF (a chart's substream within it passed over). */
function readSheet(s: Buffer, at: number, ctx: SheetContext, name: string, place: string, giveUp?: (rows: Cell[][]) => boolean): SheetRows & { given: boolean } {
  const grid = new Grid();
  const r: Rec = { type: 0, start: 0, end: 0 };
  let depth = 0;
  /** The cell of a formula whose string result is in the STRING record that follows. */
  let pending = -1;
  for (let p = at; ; p = r.end) {
    if (recordAt(s, p, r) === null) fail(`sheet "${name}" ends without its EOF record (cut short)`);
    if (r.type === BOF) depth++;
    else if (r.type === EOF && --depth === 0) break;
    if (depth !== 1) continue;
    if (r.type === STRING && pending >= 0) {
      grid.put(Math.floor(pending / MAX_COLUMNS), pending % MAX_COLUMNS, new Pieces(s, continued(s, r)).string(`sheet "${name}"`));
      pending = -1;
    } else if (r.type !== CONTINUE && r.type !== STRING) {
      const formula = sheetRecord(s, r, grid, ctx, name);
      if (formula >= 0 || !BEFORE_STRING.has(r.type)) pending = formula;
    }
  }
  return keptRows(grid, name, place, giveUp);
}

/** One record of a sheet into the grid; gives the cell (row × 256 + column) of a formula whose string follows, else -1. */
function sheetRecord(s: Buffer, r: Rec, grid: Grid, ctx: SheetContext, name: string): number {
  const { type, start, end } = r;
  const need = (n: number) => end - start >= n || fail(`sheet "${name}" has a record (type 0x${type.toString(16)}) too short (damaged)`);
  const rw = () => s.readUInt16LE(start);
  const col = () => s.readUInt16LE(start + 2);
  const ixfe = () => s.readUInt16LE(start + 4);
  switch (type) {
    case LABELSST: {
      need(10);
      const k = s.readUInt32LE(start + 6);
      if (k >= ctx.shared.length) fail(`sheet "${name}" names shared string ${k}, beyond the ${ctx.shared.length} of the workbook (damaged)`);
      grid.put(rw(), col(), ctx.shared[k]);
      break;
    }
    case LABEL:
    case RSTRING:
      need(9);
      grid.put(rw(), col(), new Pieces(s, [start + 6, ...continued(s, r).slice(1)]).string(`sheet "${name}"`));
      break;
    case NUMBER:
      need(14);
      grid.put(rw(), col(), numberCell(s.readDoubleLE(start + 6), ixfe(), ctx));
      break;
    case RK:
      need(10);
      grid.put(rw(), col(), numberCell(rkNumber(s.readInt32LE(start + 6)), ixfe(), ctx));
      break;
    case MULRK:
      need(6);
      for (let k = 0, q = start + 4; q + 6 <= end - 2; k++, q += 6) grid.put(rw(), col() + k, numberCell(rkNumber(s.readInt32LE(q + 2)), s.readUInt16LE(q), ctx));
      break;
    case BOOLERR:
      need(8);
      // An error (#N/A, #DIV/0!…) is an empty cell, as in an .xlsx; it still holds its place in the row.
      grid.put(rw(), col(), s[start + 7] === 0 ? s[start + 6] !== 0 : null);
      break;
    case FORMULA:
      need(14);
      return formulaResult(s, start, grid);
    case ROW:
      need(16);
      if ((s[start + 12]! & 0x20) !== 0) grid.hidden.add(rw());
      break;
    case MERGEDCELLS:
      need(2);
      mergedCells(s, start, end, grid);
      break;
  }
  return -1;
}

/**
 * A formula's cached result, as the .xlsx reader reads it: a number (never made a date: the importers read
 * serials), a boolean, an error as an empty cell, an empty string; a string is in the STRING record that
 * follows (its cell is given back). Nothing is evaluated.
 */
function formulaResult(s: Buffer, start: number, grid: Grid): number {
  const rw = s.readUInt16LE(start);
  const col = s.readUInt16LE(start + 2);
  if (s.readUInt16LE(start + 12) !== 0xffff) {
    const n = s.readDoubleLE(start + 6);
    grid.put(rw, col, Number.isNaN(n) ? null : n);
    return -1;
  }
  switch (s[start + 6]) {
    case 0:
      // No value yet (the STRING record brings it), but the column is checked now: it is kept in the cell's number.
      grid.put(rw, col, undefined);
      return rw * MAX_COLUMNS + col;
    case 1:
      grid.put(rw, col, s[start + 8] !== 0);
      break;
    case 2:
      grid.put(rw, col, null);
      break;
    case 3:
      grid.put(rw, col, '');
      break;
  }
  return -1;
}

/** MERGEDCELLS: the merges one column wide and several rows tall, kept to fill down (see `fillMergesDown`). */
function mergedCells(s: Buffer, start: number, end: number, grid: Grid): void {
  const n = s.readUInt16LE(start);
  for (let k = 0, q = start + 2; k < n && q + 8 <= end; k++, q += 8) {
    const first = s.readUInt16LE(q);
    const last = s.readUInt16LE(q + 2);
    const c = s.readUInt16LE(q + 4);
    if (c === s.readUInt16LE(q + 6) && last > first) grid.merges.push(c + 1, first + 1, last + 1);
  }
}

/** The rows that hold something, in order, with their line numbers; hidden ones said; merges filled down. */
function keptRows(grid: Grid, name: string, place: string, giveUp?: (rows: Cell[][]) => boolean): SheetRows & { given: boolean } {
  const rows: Cell[][] = [];
  const lines: number[] = [];
  const warnings: Problem[] = [];
  const hiddenLines: number[] = [];
  for (let rw = 0; rw < grid.rows.length; rw++) {
    const row = grid.rows[rw];
    if (row === undefined || row.every((c) => isBlank(c))) continue;
    rows.push(row);
    lines.push(rw + 1);
    if (grid.hidden.has(rw)) hiddenLines.push(rw + 1);
    if (giveUp?.(rows) === true) return { name, rows, lines, warnings, given: true };
  }
  fillMergesDown(rows, lines, grid.merges);
  if (hiddenLines.length > 0) warnings.push(linesWarning('hidden_rows_read', place, hiddenLines));
  return { name, rows, lines, warnings, given: false };
}
