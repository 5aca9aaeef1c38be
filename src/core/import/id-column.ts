import type { Ids } from '../ids.ts';
import { isAsciiText, KeyTable } from './keys.ts';
import { decodeUtf8, utf8Bytes } from './encodings.ts';

/**
 * The identifiers of a ledger's rows (invoice numbers, payment ids), as read. Accounting software
 * numbers its documents `prefix + digits`, rising with the rows (FA2026-00001, FA2026-00002…): while
 * they do, the column holds their numbers alone (no string, no bytes per row: src/core/ids.ts); at the
 * first id that does not rise, it keeps every id's bytes instead.
 */
export class IdColumn {
  count = 0;
  /** While rising: the prefix (ASCII), each row's number and how many digits it is written with. */
  private rising = true;
  private prefix: string | null = null;
  private nums = new Float64Array(1024);
  private digits = new Uint8Array(1024);
  /** Otherwise: each row's UTF-8 bytes. */
  private arena: Uint8Array | null = null;
  private used = 0;
  private starts: Int32Array | null = null;

  /**
   * The number `prefix + digits` of the ASCII id `d[s..e)` when it keeps the column rising (its digits
   * count in `lastDigits`), else -1.
   */
  private risingValue(d: ArrayLike<number>, s: number, e: number): number {
    if (!this.rising) return -1;
    let j = e;
    while (j > s) {
      const c = d[j - 1]!;
      if (c < 48 || c > 57) break;
      j--;
    }
    if (j === e || e - j > 15) return -1;
    const prefix = this.prefix;
    if (prefix !== null) {
      if (j - s !== prefix.length) return -1;
      for (let k = 0; k < j - s; k++) if (d[s + k] !== prefix.charCodeAt(k)) return -1;
    }
    let v = 0;
    for (let k = j; k < e; k++) v = v * 10 + (d[k]! - 48);
    if (this.count > 0 && v <= this.nums[this.count - 1]!) return -1;
    this.lastDigits = e - j;
    return v;
  }
  private lastDigits = 0;

  /** Whether the ASCII id `d[s..e)` would keep the column rising. */
  wouldRise(d: ArrayLike<number>, s: number, e: number): boolean {
    return this.risingValue(d, s, e) >= 0;
  }

  /** Adds the ASCII id `d[s..e)`, already trimmed. */
  add(d: ArrayLike<number>, s: number, e: number): void {
    const v = this.risingValue(d, s, e);
    if (v >= 0) {
      if (this.prefix === null) {
        let p = '';
        for (let k = s; k < e - this.lastDigits; k++) p += String.fromCharCode(d[k]!);
        this.prefix = p;
      }
      this.pushNumber(v, this.lastDigits);
      return;
    }
    this.stopRising();
    this.pushBytes(d, s, e);
  }

  /** Adds an id given as text (trimmed here). */
  addText(text: string): void {
    const t = text.trim();
    if (isAsciiText(t)) {
      const b = asciiBytes(t);
      this.add(b, 0, t.length);
      return;
    }
    this.stopRising();
    const bytes = utf8Bytes(t);
    this.pushBytes(bytes, 0, bytes.length);
  }

  private pushNumber(v: number, digits: number): void {
    if (this.count === this.nums.length) {
      const n = new Float64Array(this.count * 2);
      n.set(this.nums);
      this.nums = n;
      const g = new Uint8Array(this.count * 2);
      g.set(this.digits);
      this.digits = g;
    }
    this.nums[this.count] = v;
    this.digits[this.count] = digits;
    this.count++;
  }

  private pushBytes(d: ArrayLike<number>, s: number, e: number): void {
    let starts = this.starts!;
    if (this.count + 1 >= starts.length) {
      const b = new Int32Array(starts.length * 2);
      b.set(starts);
      this.starts = starts = b;
    }
    if (this.used + (e - s) > this.arena!.length) {
      const b = new Uint8Array(Math.max(this.arena!.length * 2, this.used + (e - s)));
      b.set(this.arena!.subarray(0, this.used));
      this.arena = b;
    }
    const a = this.arena!;
    for (let i = s; i < e; i++) a[this.used++] = d[i]!;
    this.count++;
    starts[this.count] = this.used;
  }

  /** Leaves the rising form: every id so far written out as bytes. */
  private stopRising(): void {
    if (!this.rising) return;
    this.rising = false;
    const n = this.count;
    this.arena = new Uint8Array(Math.max(1024, n * 12));
    this.starts = new Int32Array(Math.max(1024, n + 2));
    this.count = 0;
    this.used = 0;
    for (let i = 0; i < n; i++) {
      const b = utf8Bytes(risingText(this.prefix ?? '', this.nums[i]!, this.digits[i]!));
      this.pushBytes(b, 0, b.length);
    }
  }

  /** The id of row i. */
  at(i: number): string {
    if (this.rising) return risingText(this.prefix ?? '', this.nums[i]!, this.digits[i]!);
    const s = this.starts!;
    return decodeUtf8(this.arena!, s[i]!, s[i + 1]!);
  }

  /** The bytes of row i's id (not rising): for a key table. */
  bytesOf(i: number): Uint8Array {
    const s = this.starts!;
    return this.arena!.subarray(s[i]!, s[i + 1]!);
  }

  get isRising(): boolean {
    return this.rising;
  }

  /**
   * The row whose id is the ASCII key `d[s..e)` among `rows` that pass `accept`, folded as references are
   * (case ignored), by binary search while the column rises; -1 when none. Only for a rising column.
   */
  findRising(d: ArrayLike<number>, s: number, e: number, kinds: Uint8Array, kind: number): number {
    const prefix = this.prefix ?? '';
    let j = e;
    while (j > s && d[j - 1]! >= 48 && d[j - 1]! <= 57) j--;
    if (j === e || e - j > 15 || j - s !== prefix.length) return -1;
    for (let k = 0; k < prefix.length; k++) {
      let x = d[s + k]!;
      if (x >= 97 && x <= 122) x -= 32;
      let y = prefix.charCodeAt(k);
      if (y >= 97 && y <= 122) y -= 32;
      if (x !== y) return -1;
    }
    let v = 0;
    for (let k = j; k < e; k++) v = v * 10 + (d[k]! - 48);
    const nums = this.nums;
    let lo = 0;
    let hi = this.count - 1;
    // Numbers rise nearly evenly (one per document): a first guess in proportion finds most at once.
    let mid = hi > 0 && nums[hi]! > nums[0]! ? Math.round(((v - nums[0]!) / (nums[hi]! - nums[0]!)) * hi) : 0;
    if (mid < 0) mid = 0;
    else if (mid > hi) mid = hi;
    while (lo <= hi) {
      const x = nums[mid]!;
      if (x < v) lo = mid + 1;
      else if (x > v) hi = mid - 1;
      else return this.digits[mid] === e - j && kinds[mid] === kind ? mid : -1;
      mid = (lo + hi) >>> 1;
    }
    return -1;
  }

  /** The column as `Ids` (rising numbers, or texts made on demand). */
  ids(): Ids {
    const n = this.count;
    if (this.rising) {
      const prefix = this.prefix ?? '';
      const num = this.nums.subarray(0, n);
      const digits = this.digits.subarray(0, n);
      return { length: n, rising: { prefix, num, digits }, at: (i) => risingText(prefix, num[i]!, digits[i]!) };
    }
    return { length: n, at: (i) => this.at(i) };
  }
}

/**
 * Ids unique within each kind of row (an invoice number among invoices, a credit note's among credit
 * notes; a payment id among payments), over an IdColumn, and found again by key (a reference names an
 * invoice). Folded keys ignore case and surrounding spaces, as references do (docs/accounting.md §1.5).
 * While the column rises no two ids can be alike and a key is found by binary search: the tables are
 * built only when it stops rising.
 */
export class UniqueIds {
  private readonly column: IdColumn;
  private readonly fold: boolean;
  private kinds = new Uint8Array(1024);
  /** Per kind: a key table and the row of each key. */
  private tables: { keys: KeyTable; rows: number[] }[] | null = null;
  private readonly kindCount: number;

  constructor(column: IdColumn, fold: boolean, kindCount: number) {
    this.column = column;
    this.fold = fold;
    this.kindCount = kindCount;
  }

  private build(): { keys: KeyTable; rows: number[] }[] {
    if (this.tables !== null) return this.tables;
    const tables = Array.from({ length: this.kindCount }, () => ({ keys: new KeyTable(Math.max(16, this.column.count), this.fold), rows: [] as number[] }));
    this.tables = tables;
    for (let row = 0; row < this.column.count; row++) this.put(row);
    return tables;
  }

  private put(row: number): void {
    const t = this.tables![this.kinds[row]!]!;
    let id: number;
    if (this.column.isRising) id = t.keys.addText(this.column.at(row));
    else {
      // A key's bytes as they are, unless a folded table must fold more than ASCII.
      const b = this.column.bytesOf(row);
      id = this.fold && !isAsciiBytes(b) ? t.keys.addText(this.column.at(row)) : t.keys.add(b, 0, b.length);
    }
    t.rows[id] = row; // a reference names the last of a number (the importers reject a second one)
  }

  /** The row of an earlier id of `kind` equal to the ASCII key `d[s..e)` (before it is added), or -1. */
  earlier(kind: number, d: ArrayLike<number>, s: number, e: number): number {
    if (this.column.wouldRise(d, s, e)) return -1;
    const t = this.build()[kind]!;
    const id = t.keys.find(d, s, e);
    return id < 0 ? -1 : t.rows[id]!;
  }

  /** As `earlier`, for an id given as text. */
  earlierText(kind: number, text: string): number {
    const tr = text.trim();
    if (isAsciiText(tr)) {
      const b = asciiBytes(tr);
      return this.earlier(kind, b, 0, tr.length);
    }
    const t = this.build()[kind]!;
    const id = t.keys.findText(tr);
    return id < 0 ? -1 : t.rows[id]!;
  }

  /** Registers the row just added to the column, of `kind`. */
  register(kind: number): void {
    const row = this.column.count - 1;
    if (row >= this.kinds.length) {
      const k = new Uint8Array(Math.max(this.kinds.length * 2, row + 1));
      k.set(this.kinds);
      this.kinds = k;
    }
    this.kinds[row] = kind;
    if (this.tables !== null) this.put(row);
    else if (!this.column.isRising) this.build();
  }

  /** The row of `kind` whose id is the ASCII key `d[s..e)`, or -1. */
  find(kind: number, d: ArrayLike<number>, s: number, e: number): number {
    if (this.tables === null && this.column.isRising) return this.column.findRising(d, s, e, this.kinds, kind);
    const t = this.build()[kind]!;
    const id = t.keys.find(d, s, e);
    return id < 0 ? -1 : t.rows[id]!;
  }

  /** The row of `kind` whose id is the given text, or -1. */
  findText(kind: number, text: string): number {
    const tr = text.trim();
    if (isAsciiText(tr)) {
      const b = asciiBytes(tr);
      return this.find(kind, b, 0, tr.length);
    }
    if (this.tables === null && this.column.isRising) return -1;
    const t = this.build()[kind]!;
    const id = t.keys.findText(tr);
    return id < 0 ? -1 : t.rows[id]!;
  }
}

function isAsciiBytes(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return false;
  return true;
}

/** The bytes of an ASCII text (a buffer reused from one call to the next). */
let ascii = new Uint8Array(64);
function asciiBytes(t: string): Uint8Array {
  if (t.length > ascii.length) ascii = new Uint8Array(t.length * 2);
  for (let i = 0; i < t.length; i++) ascii[i] = t.charCodeAt(i);
  return ascii;
}

/** Leading zeros, made once for each width (numbers are at most 15 digits). */
const ZEROS = Array.from({ length: 16 }, (_, n) => '0'.repeat(n));

function risingText(prefix: string, num: number, digits: number): string {
  const s = String(num);
  const pad = digits - s.length;
  return pad > 0 ? prefix + (ZEROS[pad] ?? '0'.repeat(pad)) + s : prefix + s;
}
