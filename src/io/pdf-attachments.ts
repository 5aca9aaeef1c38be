import { constants, inflateSync } from 'node:zlib';

/**
 * The files embedded in a PDF (its attachments: a Factur-X PDF carries its invoice as `factur-x.xml`),
 * read without rendering anything: the objects of the file are scanned and parsed (including those
 * packed in object streams), the file specifications (`/EF`) found, their streams inflated.
 *
 * Why our own reader rather than pdf-lib: this needs a tenth of a PDF parser (no page, font or
 * content stream is ever read), costs no dependency (pdf-lib is 24 MB installed, unmaintained since
 * 2021, and takes ~75 ms to load), and every limit is ours: inflated data is capped, nesting is
 * bounded, encrypted files are refused, nothing is executed.
 *
 * Reads: PDF 1.0 to 2.0 as a forward scan of its `N G obj` (the cross-reference table is not needed,
 * so a file with a broken one still reads; later definitions of an object win), object streams, every
 * file specification (a dictionary with `/EF`, wherever it hangs) with its `/UF` or `/F` name and
 * `/AFRelationship`, streams without a filter or in FlateDecode. Does not read: other filters (LZW, ASCII85, DCT…) nor a
 * FlateDecode predictor (an `unsupported_filter` error), encrypted files (refused), anything of the
 * pages, incremental updates as such (the last object of a number wins).
 *
 * Limits: 100 MB a file; 32 MB a decoded stream and 64 MB for all those of a file; 4,000,000 values
 * parsed, 10,000 object streams and 1,000,000 objects packed in them; nesting 64 deep.
 *
 * Checked by: the corpus of test/corpus/pdf (LibreOffice, PDFKit and pdf-lib files), against
 * poppler's pdfdetach, in test/corpus.test.ts; hostile files in test/io/pdf-attachments.test.ts.
 */

/** The most a decoded stream may grow to (an embedded invoice is a few hundred KB; a zip bomb is not). */
const MAX_STREAM = 32 * 1024 * 1024;
/** The most all the streams decoded from one file may grow to, together (object streams and the invoice). */
const MAX_INFLATE_TOTAL = 64 * 1024 * 1024;
/** The largest PDF read (an invoice with its scans is a few MB). */
export const MAX_PDF_BYTES = 100 * 1024 * 1024;
/** Values (numbers, names, strings…) parsed in one file, object streams included; and object streams and their entries. */
const MAX_VALUES = 4_000_000;
const MAX_OBJECT_STREAMS = 10_000;
const MAX_PACKED_OBJECTS = 1_000_000;
const MAX_DEPTH = 64;

/**
 * What reading one file may still spend: inflated bytes and parsed values. Shared by every lexer and
 * every decoded stream of the file, so that no shape of file (many streams, many attachments, many
 * small objects) makes the work grow past it.
 */
class Budget {
  inflate = MAX_INFLATE_TOTAL;
  values = MAX_VALUES;
}

export interface EmbeddedFile {
  /** The file name (`/UF`, else `/F`). */
  readonly name: string;
  /** `/AFRelationship` (Alternative, Data, Source…), when given. */
  readonly relationship: string | null;
  /** The decoded data, inflated when first read (only the invoice's is, by `facturXml`). */
  readonly data: Uint8Array;
}

export class PdfError extends Error {
  readonly reason: 'not_pdf' | 'encrypted' | 'unsupported_filter' | 'too_large' | 'corrupt';
  constructor(reason: PdfError['reason'], detail: string) {
    super(detail);
    this.reason = reason;
  }
}

interface PdfName {
  readonly t: 'name';
  readonly v: string;
}
/** A string as written (the bytes between its delimiters): decoded only when read (`stringBytes`). */
interface PdfString {
  readonly t: 'str';
  readonly raw: Uint8Array;
  readonly hex: boolean;
}
interface PdfRef {
  readonly t: 'ref';
  readonly n: number;
}
interface PdfDict {
  readonly t: 'dict';
  readonly v: Map<string, PdfValue>;
}
interface PdfArray {
  readonly t: 'arr';
  readonly v: PdfValue[];
}
type PdfValue = null | boolean | number | PdfName | PdfString | PdfRef | PdfDict | PdfArray;

interface PdfObject {
  readonly value: PdfValue;
  /** Offsets of the raw stream data in the file, when the object is a stream. */
  readonly stream: { start: number; end: number } | null;
  /** Where it was defined: a later definition (an incremental update) replaces an earlier one. */
  readonly pos: number;
}

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

/** A reader of PDF objects over the file's bytes. */
class Lexer {
  readonly b: Uint8Array;
  i: number;
  private readonly budget: Budget;
  constructor(b: Uint8Array, budget: Budget, i = 0) {
    this.b = b;
    this.i = i;
    this.budget = budget;
  }
  skipSpace(): void {
    const b = this.b;
    while (this.i < b.length) {
      const c = b[this.i]!;
      if (WS.has(c)) this.i++;
      else if (c === 0x25) {
        while (this.i < b.length && b[this.i] !== 0x0a && b[this.i] !== 0x0d) this.i++;
      } else break;
    }
  }
  private word(): string {
    const start = this.i;
    while (this.i < this.b.length && !WS.has(this.b[this.i]!) && !DELIM.has(this.b[this.i]!)) this.i++;
    return latin1(this.b.subarray(start, this.i));
  }
  value(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) throw new PdfError('corrupt', 'objects nested too deep');
    if (--this.budget.values < 0) throw new PdfError('too_large', `more than ${MAX_VALUES.toLocaleString('en-US')} values (numbers, names, strings) in the file`);
    this.skipSpace();
    const b = this.b;
    if (this.i >= b.length) throw new PdfError('corrupt', 'unexpected end of file');
    const c = b[this.i]!;
    if (c === 0x3c && b[this.i + 1] === 0x3c) {
      this.i += 2;
      const v = new Map<string, PdfValue>();
      for (;;) {
        this.skipSpace();
        if (this.i >= b.length) throw new PdfError('corrupt', 'unexpected end of file in a dictionary');
        if (b[this.i] === 0x3e && b[this.i + 1] === 0x3e) {
          this.i += 2;
          return { t: 'dict', v };
        }
        const key = this.value(depth + 1);
        if (key === null || typeof key !== 'object' || key.t !== 'name') throw new PdfError('corrupt', 'a dictionary key is not a name');
        v.set(key.v, this.value(depth + 1));
      }
    }
    if (c === 0x5b) {
      this.i++;
      const v: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (this.i >= b.length) throw new PdfError('corrupt', 'unexpected end of file in an array');
        if (b[this.i] === 0x5d) {
          this.i++;
          return { t: 'arr', v };
        }
        v.push(this.value(depth + 1));
      }
    }
    if (c === 0x3c) return this.hexString();
    if (c === 0x28) return this.literalString();
    if (c === 0x2f) {
      this.i++;
      const raw = this.word();
      return { t: 'name', v: raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) };
    }
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      const w = this.word();
      const n = Number(w);
      if (!Number.isFinite(n)) throw new PdfError('corrupt', `"${w}" is not a number`);
      // `12 0 R` is a reference to object 12.
      if (/^\d+$/.test(w)) {
        const save = this.i;
        this.skipSpace();
        const g = this.word();
        if (/^\d+$/.test(g)) {
          this.skipSpace();
          if (this.b[this.i] === 0x52 && (this.i + 1 >= b.length || WS.has(b[this.i + 1]!) || DELIM.has(b[this.i + 1]!))) {
            this.i++;
            return { t: 'ref', n };
          }
        }
        this.i = save;
      }
      return n;
    }
    const w = this.word();
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    throw new PdfError('corrupt', `unexpected "${w || String.fromCharCode(c)}"`);
  }
  private hexString(): PdfString {
    const start = ++this.i;
    const end = this.b.indexOf(0x3e, start);
    if (end < 0) {
      this.i = this.b.length;
      throw new PdfError('corrupt', 'a hex string is not closed');
    }
    this.i = end + 1;
    return { t: 'str', raw: this.b.subarray(start, end), hex: true };
  }
  /** A literal string's extent, in one pass: balanced parentheses, backslash escapes. */
  private literalString(): PdfString {
    const b = this.b;
    const start = ++this.i;
    let nesting = 1;
    let i = start;
    while (i < b.length) {
      const c = b[i++]!;
      if (c === 0x5c) i++;
      else if (c === 0x28) nesting++;
      else if (c === 0x29 && --nesting === 0) {
        this.i = i;
        return { t: 'str', raw: b.subarray(start, i - 1), hex: false };
      }
    }
    // Never closed: the string runs to the end of the file, and the scan goes on from there (nowhere).
    this.i = b.length;
    throw new PdfError('corrupt', 'a string is not closed');
  }
}

/** The bytes a string stands for: hex digits paired, or a literal's escapes decoded. */
function stringBytes(s: PdfString): Uint8Array {
  const raw = s.raw;
  if (s.hex) {
    const out = new Uint8Array((raw.length + 1) >> 1);
    let n = 0;
    let high = -1;
    for (const c of raw) {
      const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
      if (d < 0) continue;
      if (high < 0) high = d;
      else {
        out[n++] = (high << 4) | d;
        high = -1;
      }
    }
    if (high >= 0) out[n++] = high << 4;
    return out.subarray(0, n);
  }
  const out = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; ) {
    const c = raw[i++]!;
    if (c !== 0x5c) {
      out[n++] = c;
      continue;
    }
    const e = raw[i++];
    if (e === undefined) break;
    const simple = ESCAPES[e];
    if (simple !== undefined) out[n++] = simple;
    else if (e >= 0x30 && e <= 0x37) {
      let v = e - 0x30;
      for (let k = 0; k < 2 && raw[i]! >= 0x30 && raw[i]! <= 0x37; k++) v = v * 8 + (raw[i++]! - 0x30);
      out[n++] = v & 0xff;
    } else if (e === 0x0d) {
      if (raw[i] === 0x0a) i++;
    } else if (e !== 0x0a) out[n++] = e;
  }
  return out.subarray(0, n);
}

const ESCAPES: Record<number, number> = { 110: 0x0a, 114: 0x0d, 116: 0x09, 98: 0x08, 102: 0x0c, 40: 0x28, 41: 0x29, 92: 0x5c };

function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

/** A PDF text string: UTF-16BE (with its BOM), UTF-8 (with its BOM, PDF 2.0), else PDFDocEncoding (read as Latin-1). */
function textString(s: PdfString): string {
  const v = stringBytes(s);
  if (v.length >= 2 && v[0] === 0xfe && v[1] === 0xff) return new TextDecoder('utf-16be').decode(v.subarray(2));
  if (v.length >= 3 && v[0] === 0xef && v[1] === 0xbb && v[2] === 0xbf) return new TextDecoder('utf-8').decode(v.subarray(3));
  return latin1(v);
}

/**
 * Every `N G obj` of the file, in one forward scan, with its stream's place; later definitions win.
 * The scan never goes back: after an object (or a broken one) it goes on where the object's reading
 * stopped, so that no byte is read twice whatever the file holds (an unclosed string ends the scan).
 * A stream's end is its /Length when `endstream` follows it, else the next `endstream`, which is
 * searched once for all the objects before it.
 */
function scanObjects(b: Uint8Array, text: string, budget: Budget): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const re = /(?<![0-9])(\d+)[\0\t\n\f\r ]+(\d+)[\0\t\n\f\r ]+obj(?![A-Za-z])/g;
  // The next `endstream` at or after `from`: -1 once there is none after some point (then none later).
  let memoFrom = -1;
  let memoAt = -1;
  const nextEndstream = (from: number): number => {
    if (memoFrom >= 0 && from >= memoFrom && (memoAt < 0 || memoAt >= from)) return memoAt;
    memoFrom = from;
    memoAt = buf.indexOf('endstream', from, 'latin1');
    return memoAt;
  };
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const n = Number(m[1]);
    const lexer = new Lexer(b, budget, m.index + m[0].length);
    let value: PdfValue;
    try {
      value = lexer.value();
    } catch (e) {
      if (e instanceof PdfError && e.reason === 'too_large') throw e;
      // Not an object after all (or a broken one): the scan goes on where its reading stopped.
      re.lastIndex = Math.max(lexer.i, m.index + m[0].length);
      continue;
    }
    lexer.skipSpace();
    let stream: PdfObject['stream'] = null;
    if (text.startsWith('stream', lexer.i)) {
      let start = lexer.i + 6;
      if (b[start] === 0x0d && b[start + 1] === 0x0a) start += 2;
      else if (b[start] === 0x0a || b[start] === 0x0d) start += 1;
      const dict = value !== null && typeof value === 'object' && value.t === 'dict' ? value.v : null;
      const length = dict?.get('Length');
      let end = -1;
      if (typeof length === 'number' && Number.isInteger(length) && length >= 0 && start + length <= b.length) {
        // Trust /Length only when `endstream` follows it.
        const after = new Lexer(b, budget, start + length);
        after.skipSpace();
        if (text.startsWith('endstream', after.i)) end = start + length;
      }
      if (end < 0) {
        const k = nextEndstream(start);
        if (k < 0) {
          // No `endstream` anywhere after: the stream is lost, the scan goes on after its dictionary.
          re.lastIndex = start;
          continue;
        }
        end = k;
        if (b[end - 1] === 0x0a) end--;
        if (b[end - 1] === 0x0d) end--;
      }
      stream = { start, end };
      re.lastIndex = Math.max(end, start);
    } else {
      re.lastIndex = lexer.i;
    }
    objects.set(n, { value, stream, pos: m.index });
  }
  return objects;
}

function asDict(v: PdfValue | undefined): Map<string, PdfValue> | null {
  return v !== null && v !== undefined && typeof v === 'object' && v.t === 'dict' ? v.v : null;
}

function resolve(objects: Map<number, PdfObject>, v: PdfValue | undefined): PdfValue | undefined {
  let x = v;
  for (let hops = 0; x !== null && typeof x === 'object' && x.t === 'ref' && hops < 16; hops++) x = objects.get(x.n)?.value;
  return x;
}

/** The decoded data of a stream object: no filter, or FlateDecode (without predictor). */
function decodeStream(b: Uint8Array, objects: Map<number, PdfObject>, obj: PdfObject, budget: Budget): Uint8Array {
  const dict = asDict(obj.value) ?? new Map<string, PdfValue>();
  const raw = b.subarray(obj.stream!.start, obj.stream!.end);
  const filter = resolve(objects, dict.get('Filter'));
  const filters: string[] = [];
  if (filter !== null && filter !== undefined && typeof filter === 'object') {
    if (filter.t === 'name') filters.push(filter.v);
    else if (filter.t === 'arr') for (const f of filter.v) if (f !== null && typeof f === 'object' && f.t === 'name') filters.push(f.v);
  }
  const parms = asDict(resolve(objects, dict.get('DecodeParms')) as PdfValue | undefined);
  const predictor = parms?.get('Predictor');
  let data: Uint8Array = raw;
  for (const f of filters) {
    if (f !== 'FlateDecode' && f !== 'Fl') throw new PdfError('unsupported_filter', `stream filter ${f} is not supported`);
    if (typeof predictor === 'number' && predictor > 1) throw new PdfError('unsupported_filter', `FlateDecode predictor ${predictor} is not supported`);
    const max = Math.min(MAX_STREAM, budget.inflate);
    try {
      data = inflateSync(data, { maxOutputLength: Math.max(1, max), finishFlush: constants.Z_SYNC_FLUSH });
    } catch (e) {
      if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new PdfError(
          'too_large',
          max < MAX_STREAM ? `its streams inflate to more than ${MAX_INFLATE_TOTAL / 1024 / 1024} MB in all, the limit of one file` : `a stream inflates to more than ${MAX_STREAM / 1024 / 1024} MB`,
        );
      }
      throw new PdfError('corrupt', 'a compressed stream is damaged');
    }
    budget.inflate -= data.length;
  }
  return data;
}

/**
 * Adds the objects packed in object streams (PDF 1.5+), unless defined again later in the file. Each
 * entry is read within its own bytes (up to the next entry's offset), so that a broken entry cannot
 * make the others read to the end of the stream; streams and entries are counted against caps.
 */
function unpackObjectStreams(b: Uint8Array, objects: Map<number, PdfObject>, budget: Budget): void {
  let streams = 0;
  let packed = 0;
  for (const obj of [...objects.values()]) {
    const dict = asDict(obj.value);
    if (obj.stream === null || dict === null) continue;
    const type = dict.get('Type');
    if (!(type !== null && typeof type === 'object' && type.t === 'name' && type.v === 'ObjStm')) continue;
    const count = dict.get('N');
    const firstOffset = dict.get('First');
    if (typeof count !== 'number' || typeof firstOffset !== 'number' || firstOffset < 0) continue;
    if (++streams > MAX_OBJECT_STREAMS) throw new PdfError('too_large', `more than ${MAX_OBJECT_STREAMS.toLocaleString('en-US')} object streams`);
    const data = decodeStream(b, objects, obj, budget);
    const header = new Lexer(data.subarray(0, Math.min(data.length, firstOffset)), budget);
    const entries: [number, number][] = [];
    for (let k = 0; k < count; k++) {
      let num: PdfValue;
      let off: PdfValue;
      try {
        num = header.value();
        off = header.value();
      } catch (e) {
        if (e instanceof PdfError && e.reason === 'too_large') throw e;
        break;
      }
      if (typeof num !== 'number' || typeof off !== 'number' || off < 0) break;
      if (++packed > MAX_PACKED_OBJECTS) throw new PdfError('too_large', `more than ${MAX_PACKED_OBJECTS.toLocaleString('en-US')} objects in object streams`);
      entries.push([num, off]);
    }
    // Each entry ends where the next one (by offset) starts.
    const starts = [...new Set(entries.map(([, off]) => firstOffset + off))].sort((x, y) => x - y);
    const endOf = new Map<number, number>();
    starts.forEach((st, i) => endOf.set(st, starts[i + 1] ?? data.length));
    const parsed = new Map<number, PdfValue | undefined>();
    for (const [num, off] of entries) {
      const existing = objects.get(num);
      if (existing !== undefined && existing.pos > obj.pos) continue;
      const st = firstOffset + off;
      if (!parsed.has(st)) {
        try {
          parsed.set(st, st < data.length ? new Lexer(data.subarray(0, endOf.get(st)!), budget, st).value() : undefined);
        } catch (e) {
          if (e instanceof PdfError && e.reason === 'too_large') throw e;
          parsed.set(st, undefined); // a broken entry: the other objects are still read
        }
      }
      const value = parsed.get(st);
      if (value !== undefined) objects.set(num, { value, stream: null, pos: obj.pos });
    }
  }
}

/** True when a trailer (classic, or an xref stream's dictionary) names an /Encrypt dictionary. */
function isEncrypted(b: Uint8Array, text: string, objects: Map<number, PdfObject>, budget: Budget): boolean {
  for (const obj of objects.values()) {
    const dict = asDict(obj.value);
    const type = dict?.get('Type');
    if (dict && type !== null && typeof type === 'object' && type?.t === 'name' && type.v === 'XRef' && dict.has('Encrypt')) return true;
  }
  const re = /trailer[\0\t\n\f\r ]*<</g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const lexer = new Lexer(b, budget, m.index + 7);
    try {
      const trailer = asDict(lexer.value());
      if (trailer?.has('Encrypt')) return true;
    } catch (e) {
      if (e instanceof PdfError && e.reason === 'too_large') throw e;
      // a damaged trailer says nothing
    }
    // Forward only: the next trailer is searched after what this one's reading went through.
    re.lastIndex = Math.max(re.lastIndex, lexer.i);
  }
  return false;
}

/** Every dictionary with an /EF entry (a file specification), wherever it is: in its own object or inline. */
function fileSpecs(objects: Map<number, PdfObject>): Map<string, PdfValue>[] {
  const out: Map<string, PdfValue>[] = [];
  const walk = (v: PdfValue, depth: number): void => {
    if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return;
    if (v.t === 'dict') {
      if (v.v.has('EF')) out.push(v.v);
      for (const x of v.v.values()) walk(x, depth + 1);
    } else if (v.t === 'arr') {
      for (const x of v.v) walk(x, depth + 1);
    }
  };
  for (const obj of objects.values()) walk(obj.value, 0);
  return out;
}

/**
 * The embedded files of a PDF, in the order their file specifications appear. Their data is inflated
 * only when read, within the file's budget (`MAX_INFLATE_TOTAL`).
 * @throws PdfError when the bytes are not a PDF, are too large, are encrypted, or (on reading `data`)
 * an attachment cannot be decoded.
 */
export function embeddedFiles(bytes: Uint8Array): EmbeddedFile[] {
  const head = latin1(bytes.subarray(0, Math.min(bytes.length, 1024)));
  if (!head.includes('%PDF-')) throw new PdfError('not_pdf', 'no %PDF- header');
  if (bytes.length > MAX_PDF_BYTES) throw new PdfError('too_large', `larger than ${MAX_PDF_BYTES / 1024 / 1024} MB, the limit of a PDF read by ar`);
  const budget = new Budget();
  const text = latin1(bytes);
  const objects = scanObjects(bytes, text, budget);
  if (objects.size === 0) throw new PdfError('corrupt', 'no PDF object found');
  unpackObjectStreams(bytes, objects, budget);
  if (isEncrypted(bytes, text, objects, budget)) throw new PdfError('encrypted', 'encrypted');
  const out: EmbeddedFile[] = [];
  const seen = new Set<PdfObject>();
  for (const spec of fileSpecs(objects)) {
    const ef = asDict(resolve(objects, spec.get('EF')));
    const ref = ef?.get('UF') ?? ef?.get('F');
    if (ref === null || ref === undefined || typeof ref !== 'object' || ref.t !== 'ref') continue;
    const obj = objects.get(ref.n);
    if (obj === undefined || obj.stream === null || seen.has(obj)) continue;
    seen.add(obj);
    const nameValue = resolve(objects, spec.get('UF')) ?? resolve(objects, spec.get('F'));
    const name = nameValue !== null && typeof nameValue === 'object' && nameValue?.t === 'str' ? textString(nameValue) : '';
    const rel = resolve(objects, spec.get('AFRelationship'));
    let data: Uint8Array | null = null;
    out.push({
      name,
      relationship: rel !== null && typeof rel === 'object' && rel?.t === 'name' ? rel.v : null,
      get data(): Uint8Array {
        data ??= decodeStream(bytes, objects, obj, budget);
        return data;
      },
    });
  }
  return out;
}

/** The names a Factur-X / ZUGFeRD 2.x PDF gives its invoice XML, in order of preference. */
const INVOICE_XML_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'] as const;

/**
 * The invoice XML of a Factur-X / ZUGFeRD PDF, or null with the names of the attachments it has.
 * Only the invoice's attachment is inflated: the others are listed by name, never decoded.
 */
export function facturXml(bytes: Uint8Array): { xml: Uint8Array; name: string } | { xml: null; attachments: string[] } {
  const files = embeddedFiles(bytes);
  for (const wanted of INVOICE_XML_NAMES) {
    const f = files.find((x) => x.name.trim().toLowerCase() === wanted);
    if (f) return { xml: f.data, name: f.name };
  }
  return { xml: null, attachments: files.map((f) => f.name) };
}
