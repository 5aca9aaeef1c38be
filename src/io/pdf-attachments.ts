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
 */

/** The most a decoded stream may grow to (an embedded invoice is a few hundred KB; a zip bomb is not). */
const MAX_STREAM = 32 * 1024 * 1024;
const MAX_DEPTH = 64;

export interface EmbeddedFile {
  /** The file name (`/UF`, else `/F`). */
  readonly name: string;
  /** `/AFRelationship` (Alternative, Data, Source…), when given. */
  readonly relationship: string | null;
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
interface PdfString {
  readonly t: 'str';
  readonly v: Uint8Array;
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
  constructor(b: Uint8Array, i = 0) {
    this.b = b;
    this.i = i;
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
    this.skipSpace();
    const b = this.b;
    if (this.i >= b.length) throw new PdfError('corrupt', 'unexpected end of file');
    const c = b[this.i]!;
    if (c === 0x3c && b[this.i + 1] === 0x3c) {
      this.i += 2;
      const v = new Map<string, PdfValue>();
      for (;;) {
        this.skipSpace();
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
    this.i++;
    const end = this.b.indexOf(0x3e, this.i);
    if (end < 0) throw new PdfError('corrupt', 'a hex string is not closed');
    let hex = latin1(this.b.subarray(this.i, end)).replace(/[^0-9A-Fa-f]/g, '');
    this.i = end + 1;
    if (hex.length % 2 === 1) hex += '0';
    const out = new Uint8Array(hex.length / 2);
    for (let k = 0; k < out.length; k++) out[k] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
    return { t: 'str', v: out };
  }
  private literalString(): PdfString {
    const b = this.b;
    this.i++;
    const out: number[] = [];
    let nesting = 1;
    while (this.i < b.length) {
      const c = b[this.i++]!;
      if (c === 0x5c) {
        const e = b[this.i++];
        if (e === undefined) break;
        const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (simple[e] !== undefined) out.push(simple[e]!);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let k = 0; k < 2 && b[this.i]! >= 0x30 && b[this.i]! <= 0x37; k++) v = v * 8 + (b[this.i++]! - 0x30);
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          if (b[this.i] === 0x0a) this.i++;
        } else if (e !== 0x0a) out.push(e);
      } else if (c === 0x28) {
        nesting++;
        out.push(c);
      } else if (c === 0x29) {
        if (--nesting === 0) return { t: 'str', v: Uint8Array.from(out) };
        out.push(c);
      } else out.push(c);
    }
    throw new PdfError('corrupt', 'a string is not closed');
  }
}

function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

/** A PDF text string: UTF-16BE (with its BOM), UTF-8 (with its BOM, PDF 2.0), else PDFDocEncoding (read as Latin-1). */
function textString(s: PdfString): string {
  const v = s.v;
  if (v.length >= 2 && v[0] === 0xfe && v[1] === 0xff) return new TextDecoder('utf-16be').decode(v.subarray(2));
  if (v.length >= 3 && v[0] === 0xef && v[1] === 0xbb && v[2] === 0xbf) return new TextDecoder('utf-8').decode(v.subarray(3));
  return latin1(v);
}

function indexOfBytes(b: Uint8Array, needle: string, from: number): number {
  const first = needle.charCodeAt(0);
  for (let k = b.indexOf(first, from); k >= 0 && k <= b.length - needle.length; k = b.indexOf(first, k + 1)) {
    let ok = true;
    for (let j = 1; j < needle.length; j++) {
      if (b[k + j] !== needle.charCodeAt(j)) {
        ok = false;
        break;
      }
    }
    if (ok) return k;
  }
  return -1;
}

/** Every `N G obj` of the file, in file order, with its stream's place; later definitions win. */
function scanObjects(b: Uint8Array, text: string): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  const re = /(?<![0-9])(\d+)[\0\t\n\f\r ]+(\d+)[\0\t\n\f\r ]+obj(?![A-Za-z])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const n = Number(m[1]);
    const lexer = new Lexer(b, m.index + m[0].length);
    let value: PdfValue;
    try {
      value = lexer.value();
    } catch {
      continue; // not an object after all (or a broken one): the scan goes on after its header
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
      if (typeof length === 'number' && length >= 0 && start + length <= b.length) {
        // Trust /Length only when `endstream` follows it.
        const after = new Lexer(b, start + length);
        after.skipSpace();
        if (text.startsWith('endstream', after.i)) end = start + length;
      }
      if (end < 0) {
        const k = indexOfBytes(b, 'endstream', start);
        if (k < 0) continue;
        end = k;
        if (b[end - 1] === 0x0a) end--;
        if (b[end - 1] === 0x0d) end--;
      }
      stream = { start, end };
      re.lastIndex = end;
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
function decodeStream(b: Uint8Array, objects: Map<number, PdfObject>, obj: PdfObject): Uint8Array {
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
    try {
      data = inflateSync(data, { maxOutputLength: MAX_STREAM, finishFlush: constants.Z_SYNC_FLUSH });
    } catch (e) {
      if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new PdfError('too_large', 'a stream inflates to more than 32 MB');
      throw new PdfError('corrupt', 'a compressed stream is damaged');
    }
  }
  return data;
}

/** Adds the objects packed in object streams (PDF 1.5+), unless defined again later in the file. */
function unpackObjectStreams(b: Uint8Array, objects: Map<number, PdfObject>): void {
  for (const obj of [...objects.values()]) {
    const dict = asDict(obj.value);
    if (obj.stream === null || dict === null) continue;
    const type = dict.get('Type');
    if (!(type !== null && typeof type === 'object' && type.t === 'name' && type.v === 'ObjStm')) continue;
    const count = dict.get('N');
    const firstOffset = dict.get('First');
    if (typeof count !== 'number' || typeof firstOffset !== 'number') continue;
    const data = decodeStream(b, objects, obj);
    const header = new Lexer(data);
    const entries: [number, number][] = [];
    for (let k = 0; k < count; k++) {
      const num = header.value();
      const off = header.value();
      if (typeof num !== 'number' || typeof off !== 'number') break;
      entries.push([num, off]);
    }
    for (const [num, off] of entries) {
      const existing = objects.get(num);
      if (existing !== undefined && existing.pos > obj.pos) continue;
      try {
        objects.set(num, { value: new Lexer(data, firstOffset + off).value(), stream: null, pos: obj.pos });
      } catch {
        // A broken entry: the other objects are still read.
      }
    }
  }
}

/** True when a trailer (classic, or an xref stream's dictionary) names an /Encrypt dictionary. */
function isEncrypted(b: Uint8Array, text: string, objects: Map<number, PdfObject>): boolean {
  for (const obj of objects.values()) {
    const dict = asDict(obj.value);
    const type = dict?.get('Type');
    if (dict && type !== null && typeof type === 'object' && type?.t === 'name' && type.v === 'XRef' && dict.has('Encrypt')) return true;
  }
  const re = /trailer[\0\t\n\f\r ]*<</g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    try {
      const trailer = asDict(new Lexer(b, m.index + 7).value());
      if (trailer?.has('Encrypt')) return true;
    } catch {
      // a damaged trailer says nothing
    }
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
 * The embedded files of a PDF, in the order their file specifications appear.
 * @throws PdfError when the bytes are not a PDF, are encrypted, or an attachment cannot be decoded.
 */
export function embeddedFiles(bytes: Uint8Array): EmbeddedFile[] {
  const head = latin1(bytes.subarray(0, Math.min(bytes.length, 1024)));
  if (!head.includes('%PDF-')) throw new PdfError('not_pdf', 'no %PDF- header');
  const text = latin1(bytes);
  const objects = scanObjects(bytes, text);
  if (objects.size === 0) throw new PdfError('corrupt', 'no PDF object found');
  unpackObjectStreams(bytes, objects);
  if (isEncrypted(bytes, text, objects)) throw new PdfError('encrypted', 'encrypted');
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
    out.push({
      name,
      relationship: rel !== null && typeof rel === 'object' && rel?.t === 'name' ? rel.v : null,
      data: decodeStream(bytes, objects, obj),
    });
  }
  return out;
}

/** The names a Factur-X / ZUGFeRD 2.x PDF gives its invoice XML, in order of preference. */
export const INVOICE_XML_NAMES = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'] as const;

/** The invoice XML of a Factur-X / ZUGFeRD PDF, or null with the names of the attachments it has. */
export function facturXml(bytes: Uint8Array): { xml: Uint8Array; name: string } | { xml: null; attachments: string[] } {
  const files = embeddedFiles(bytes);
  for (const wanted of INVOICE_XML_NAMES) {
    const f = files.find((x) => x.name.trim().toLowerCase() === wanted);
    if (f) return { xml: f.data, name: f.name };
  }
  return { xml: null, attachments: files.map((f) => f.name) };
}
