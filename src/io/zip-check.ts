import { crc32, createInflateRaw } from 'node:zlib';
import { InputError } from '../errors.ts';

/**
 * Opens an .xlsx archive (or an .ods, a zip as well), checking it as it goes, and gives its XML parts
 * inflated: the sheet readers (xlsx-read.ts, ods-read.ts) read them from here, so every entry is inflated once. A damaged archive, a zip bomb
 * (inflating without bound) and XML with a DTD (the door to entity expansion, "billion laughs") are
 * refused before anything is parsed.
 *
 * Every entry of the central directory is checked against its local header, inflated (into a buffer
 * of its declared size, never more) and counted: its actual size must match the declared one and
 * its CRC must hold; the declared and the actual sizes must both stay under the limits. XML parts
 * must not declare a DTD (a workbook never does; Office Open XML forbids it).
 */

export interface ZipLimits {
  /** Entries in the archive. */
  readonly entries: number;
  /** Inflated bytes of the whole archive. */
  readonly totalBytes: number;
  /** Inflated bytes of one part that is not a worksheet (shared strings, styles…: parsed whole, and kept). */
  readonly partBytes: number;
}

const MiB = 1024 * 1024;

/**
 * The defaults, sized so that reading a workbook stays under the memory budget of SECURITY.md (1 GB):
 * its parts are kept inflated while the sheets are read, and the rows read take about four times the
 * XML they come from (measured: a 150 MB sheet of 1.1 million rows peaks at 920 MB). 128 MB of XML is
 * about half a million rows of a ledger; a larger ledger reads as CSV, in far less memory.
 */
const XLSX_LIMITS: ZipLimits = { entries: 10_000, totalBytes: 128 * MiB, partBytes: 64 * MiB };

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;

interface Entry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
  readonly offset: number;
}

/** A part of cells, bound by the archive's total only: an .xlsx's worksheet, or an .ods's `content.xml` (all its sheets). */
const isWorksheet = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/i.test(name) || name === 'content.xml';

/**
 * The inflated XML parts of an archive (`.xml`, `.rels`), and an OpenDocument's `mimetype` (a few bytes, which say
 * an .ods), by entry name; other entries are checked, then dropped.
 */
export type XlsxParts = ReadonlyMap<string, Buffer>;

/** Throws an InputError (exit 2) naming what is wrong; else gives the archive's XML parts. */
export async function checkXlsxArchive(file: string, b: Uint8Array, limits: ZipLimits = XLSX_LIMITS): Promise<XlsxParts> {
  const damaged = (detail: string): never => {
    throw new InputError('xlsx_unreadable', { file, detail });
  };
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (p: number) => (p + 2 <= b.length ? view.getUint16(p, true) : damaged('the archive is cut short'));
  const u32 = (p: number) => (p + 4 <= b.length ? view.getUint32(p, true) : damaged('the archive is cut short'));

  // The end-of-central-directory record: in the last 64 KiB (its comment is at most 65,535 bytes).
  let end = -1;
  for (let p = b.length - 22; p >= 0 && p >= b.length - 22 - 0xffff; p--) {
    if (view.getUint32(p, true) === SIG_END) {
      end = p;
      break;
    }
  }
  if (end < 0) damaged('no zip directory: the file is cut short or is not a zip archive');
  const count = u16(end + 10);
  const cdSize = u32(end + 12);
  const cdOffset = u32(end + 16);
  if (u16(end + 4) !== 0 || u16(end + 6) !== 0 || u16(end + 8) !== count) damaged('a multi-part zip archive');
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) damaged('a ZIP64 archive, which a workbook of this size never needs');
  if (count > limits.entries) damaged(`${count} entries in the archive`);
  if (cdOffset + cdSize > end) damaged('the zip directory points outside the file');

  const entries: Entry[] = [];
  let p = cdOffset;
  let declared = 0;
  for (let i = 0; i < count; i++) {
    if (u32(p) !== SIG_CENTRAL) damaged('the zip directory is damaged');
    const nameLength = u16(p + 28);
    const name = new TextDecoder('utf-8').decode(b.subarray(p + 46, p + 46 + nameLength));
    const e: Entry = { name, flags: u16(p + 8), method: u16(p + 10), crc: u32(p + 16), compressed: u32(p + 20), size: u32(p + 24), offset: u32(p + 42) };
    p += 46 + nameLength + u16(p + 30) + u16(p + 32);
    if (p > end) damaged('the zip directory is damaged');
    if (e.flags & 1) damaged(`${name} is encrypted`);
    if (e.method !== 0 && e.method !== 8) damaged(`${name} uses a compression method other than deflate`);
    if (e.size === 0xffffffff || e.compressed === 0xffffffff || e.offset === 0xffffffff) damaged('a ZIP64 archive, which a workbook of this size never needs');
    declared += e.size;
    tooLarge(file, name, e.size, declared, limits);
    entries.push(e);
  }

  let inflated = 0;
  const parts = new Map<string, Buffer>();
  for (const e of entries) {
    if (u32(e.offset) !== SIG_LOCAL) damaged(`the entry ${e.name} is not where the zip directory says`);
    const start = e.offset + 30 + u16(e.offset + 26) + u16(e.offset + 28);
    if (start + e.compressed > cdOffset) damaged(`the entry ${e.name} runs past the end of the data`);
    // Without a data descriptor, the local header must say what the directory says (unzipper reads the local one).
    if (!(e.flags & 8) && (u32(e.offset + 18) !== e.compressed || u32(e.offset + 22) !== e.size || u16(e.offset + 8) !== e.method)) {
      damaged(`the entry ${e.name} does not match the zip directory`);
    }
    const data = b.subarray(start, start + e.compressed);
    const xml = /\.(xml|rels|vml)$/i.test(e.name);
    const got = await inflateEntry(file, e, data, xml, limits, inflated);
    inflated += got.length;
    if ((xml && !e.name.endsWith('/')) || e.name === 'mimetype') parts.set(e.name, got);
  }
  return parts;
}

function tooLarge(file: string, part: string, size: number, total: number, limits: ZipLimits): void {
  if (total > limits.totalBytes || (!isWorksheet(part) && size > limits.partBytes)) {
    throw new InputError('xlsx_too_large', { file, part, mb: Math.round((isWorksheet(part) || total > limits.totalBytes ? limits.totalBytes : limits.partBytes) / MiB) });
  }
}

const BANG = Buffer.from('<!');
const DTD = [Buffer.from('<!DOCTYPE'), Buffer.from('<!ENTITY')];

/** Whether XML bytes hold `<!DOCTYPE` or `<!ENTITY`: one scan for `<!` (rare: comments, CDATA), then a look. */
function declaresDtd(b: Buffer): boolean {
  for (let p = b.indexOf(BANG); p >= 0; p = b.indexOf(BANG, p + 2)) {
    if (DTD.some((d) => b.compare(d, 0, d.length, p, Math.min(b.length, p + d.length)) === 0)) return true;
  }
  return false;
}

/** Inflates one entry into a buffer of its declared size, counting and checking as it goes. */
function inflateEntry(file: string, e: Entry, data: Uint8Array, xml: boolean, limits: ZipLimits, before: number): Promise<Buffer> {
  // The declared size is under the limits (checked above); untouched pages of the buffer cost nothing.
  const out = Buffer.allocUnsafe(e.size);
  let size = 0;
  let crc = 0;
  const check = (chunk: Buffer): void => {
    if (size + chunk.length > e.size) throw new InputError('xlsx_unreadable', { file, detail: `${e.name} inflates to more than its declared size` });
    tooLarge(file, e.name, size + chunk.length, before + size + chunk.length, limits);
    chunk.copy(out, size);
    size += chunk.length;
    crc = crc32(chunk, crc);
  };
  const finish = (): Buffer => {
    if (size !== e.size) throw new InputError('xlsx_unreadable', { file, detail: `${e.name} is shorter than its declared size` });
    if (crc >>> 0 !== e.crc) throw new InputError('xlsx_unreadable', { file, detail: `${e.name} is damaged (CRC mismatch)` });
    // Once, on the whole part: a DTD cut across two chunks is found as well.
    // An OpenDocument's manifest is searched for a word (ods-read.ts), never parsed: OpenOffice 2 and 3 gave it a DTD.
    if (xml && e.name !== 'META-INF/manifest.xml' && declaresDtd(out)) throw new InputError('xlsx_dtd', { file, part: e.name });
    return out;
  };
  if (e.method === 0) {
    check(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return Promise.resolve(finish());
  }
  return new Promise((resolvePromise, reject) => {
    const z = createInflateRaw({ chunkSize: 256 * 1024 });
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      z.destroy();
      reject(err instanceof InputError ? err : new InputError('xlsx_unreadable', { file, detail: `${e.name} cannot be inflated (${(err as Error).message})` }));
    };
    z.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        check(chunk);
      } catch (err) {
        fail(err);
      }
    });
    z.on('error', fail);
    z.on('end', () => {
      if (failed) return;
      try {
        resolvePromise(finish());
      } catch (err) {
        fail(err);
      }
    });
    z.end(data);
  });
}
