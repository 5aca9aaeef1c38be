import { referenceKey } from '../compare.ts';
import { decodeUtf8, encodeUtf8Into } from './encodings.ts';

/**
 * A hash table of identifiers (FNV-1a over their bytes), giving each distinct key a dense id. Keys come
 * as the bytes of a file (ASCII: the shape of nearly every identifier, read with no string made) or as
 * text (any other cell); both meet in one canonical form, the UTF-8 bytes of the key, so that `FA-1`
 * read from a CSV's bytes and `FA-1` read from a workbook's cell are one key.
 *
 * Folded tables compare keys as `referenceKey` does (surrounding spaces and case ignored, docs/accounting.md
 * §1.5): their canonical form is the upper-case text. Keys are copied into the table's own bytes, so that
 * it outlives the file it was read from.
 *
 * @example
 * const keys = new KeyTable(16, true);
 * keys.addText('fa-1') === keys.addText(' FA-1 ')  // → true: one key
 */
export class KeyTable {
  /** Open addressing: slot i holds a key's hash at 2i and its id at 2i + 1 (-1: empty), side by side in memory. */
  private slots: Int32Array;
  private mask: number;
  /** The keys' canonical bytes, one after another; key id → its range. */
  private arena: Uint8Array;
  private used = 0;
  private starts: Int32Array;
  private ends: Int32Array;
  /** Each key's hash, compared before its bytes, and kept for rehashing. */
  private hashes: Int32Array;
  count = 0;
  /** Whether the last `add…` added its key. */
  added = false;
  readonly fold: boolean;
  private scratch = new Uint8Array(64);

  constructor(expected: number, fold: boolean) {
    let size = 1024;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size * 2).fill(-1);
    this.mask = size - 1;
    const keys = Math.max(16, expected);
    this.starts = new Int32Array(keys);
    this.ends = new Int32Array(keys);
    this.hashes = new Int32Array(keys);
    this.arena = new Uint8Array(keys * 12);
    this.fold = fold;
  }

  private hash(d: ArrayLike<number>, s: number, e: number): number {
    let h = 0x811c9dc5;
    const fold = this.fold;
    for (let i = s; i < e; i++) {
      let c = d[i]!;
      if (fold && c >= 97 && c <= 122) c -= 32;
      h = Math.imul(h ^ c, 0x01000193);
    }
    return h | 0;
  }

  private same(id: number, d: ArrayLike<number>, s: number, e: number): boolean {
    const a = this.starts[id]!;
    if (this.ends[id]! - a !== e - s) return false;
    const k = this.arena;
    const fold = this.fold;
    for (let i = 0; i < e - s; i++) {
      let y = d[s + i]!;
      if (fold && y >= 97 && y <= 122) y -= 32;
      if (k[a + i] !== y) return false;
    }
    return true;
  }

  private slotOf(h: number, d: ArrayLike<number>, s: number, e: number): number {
    const slots = this.slots;
    let i = h & this.mask;
    for (;;) {
      const id = slots[2 * i + 1]!;
      if (id === -1 || (slots[2 * i] === h && this.same(id, d, s, e))) return i;
      i = (i + 1) & this.mask;
    }
  }

  /**
   * The canonical bytes of a text that is not plain ASCII (or must be folded beyond ASCII), in
   * `scratch`; returns their length.
   */
  private canonical(text: string): number {
    const key = this.fold ? referenceKey(text) : text;
    const need = key.length * 3;
    if (need > this.scratch.length) this.scratch = new Uint8Array(need);
    return encodeUtf8Into(key, this.scratch);
  }

  /** The id of the ASCII key `d[s..e)` (already trimmed), or -1. */
  find(d: ArrayLike<number>, s: number, e: number): number {
    return this.slots[2 * this.slotOf(this.hash(d, s, e), d, s, e) + 1]!;
  }

  /** The id of a key given as text, or -1. */
  findText(text: string): number {
    const t = text.trim();
    if (isAsciiText(t)) return this.find(charCodes(t), 0, t.length);
    const n = this.canonical(t);
    return this.find(this.scratch, 0, n);
  }

  /** The id of the ASCII key `d[s..e)` (already trimmed), added when new; `added` tells which. */
  add(d: ArrayLike<number>, s: number, e: number): number {
    const h = this.hash(d, s, e);
    const i = this.slotOf(h, d, s, e);
    const found = this.slots[2 * i + 1]!;
    if (found !== -1) {
      this.added = false;
      return found;
    }
    return this.insert(i, h, d, s, e);
  }

  /** The id of a key given as text (trimmed here), added when new; `added` tells which. */
  addText(text: string): number {
    const t = text.trim();
    if (isAsciiText(t)) return this.add(charCodes(t), 0, t.length);
    const n = this.canonical(t);
    // The scratch bytes are canonical: no folding left to do, but ASCII letters in them are upper already.
    return this.add(this.scratch, 0, n);
  }

  private insert(slot: number, h: number, d: ArrayLike<number>, s: number, e: number): number {
    const id = this.count++;
    if (id === this.starts.length) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.hashes = grow(this.hashes);
    }
    if (this.used + (e - s) > this.arena.length) {
      const b = new Uint8Array(Math.max(this.arena.length * 2, this.used + (e - s)));
      b.set(this.arena.subarray(0, this.used));
      this.arena = b;
    }
    const k = this.arena;
    const fold = this.fold;
    for (let i = s, j = this.used; i < e; i++, j++) {
      let c = d[i]!;
      if (fold && c >= 97 && c <= 122) c -= 32;
      k[j] = c;
    }
    this.starts[id] = this.used;
    this.used += e - s;
    this.ends[id] = this.used;
    this.hashes[id] = h;
    this.slots[2 * slot] = h;
    this.slots[2 * slot + 1] = id;
    this.added = true;
    if (this.count * 2 > this.mask + 1) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(size * 2).fill(-1);
    this.mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      const h = this.hashes[id]!;
      let i = h & this.mask;
      while (slots[2 * i + 1] !== -1) i = (i + 1) & this.mask;
      slots[2 * i] = h;
      slots[2 * i + 1] = id;
    }
    this.slots = slots;
  }

  /** The canonical text of key `id` (upper case for a folded table). */
  text(id: number): string {
    return decodeUtf8(this.arena, this.starts[id]!, this.ends[id]!);
  }
}

/** Whether every character of a text is ASCII. */
export function isAsciiText(t: string): boolean {
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** The character codes of an ASCII text, as a byte-like array (one reused buffer). */
let codes = new Uint8Array(64);
function charCodes(t: string): Uint8Array {
  if (t.length > codes.length) codes = new Uint8Array(t.length * 2);
  for (let i = 0; i < t.length; i++) codes[i] = t.charCodeAt(i);
  return codes;
}
