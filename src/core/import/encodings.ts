/**
 * The two encodings ledgers come in, a cell at a time, in plain loops: UTF-8 and windows-1252 (what
 * French and Belgian Excel and accounting software write). Cells are short and nearly all ASCII: making
 * a `TextEncoder` or `TextDecoder` (Node loads its encoding module for the first one, and ICU's converter
 * for windows-1252) costs more than a small file's every cell (measured: about 1 ms of start-up).
 */

/** Writes the UTF-8 bytes of `text` into `out` (at least 3 bytes per UTF-16 unit of room); returns how many. */
export function encodeUtf8Into(text: string, out: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
      continue;
    }
    // A surrogate pair is one code point; a lone surrogate is U+FFFD, as TextEncoder writes it.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out[n++] = 0xf0 | (cp >> 18);
        out[n++] = 0x80 | ((cp >> 12) & 0x3f);
        out[n++] = 0x80 | ((cp >> 6) & 0x3f);
        out[n++] = 0x80 | (cp & 0x3f);
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    out[n++] = 0xe0 | (c >> 12);
    out[n++] = 0x80 | ((c >> 6) & 0x3f);
    out[n++] = 0x80 | (c & 0x3f);
  }
  return n;
}

/** The UTF-8 bytes of `text`. */
export function utf8Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  return out.subarray(0, encodeUtf8Into(text, out));
}

let decoder: InstanceType<typeof TextDecoder> | null = null;

/** The text of the UTF-8 bytes `d[s..e)`: ASCII read as it is, anything else by a decoder made when first needed. */
export function decodeUtf8(d: Uint8Array, s: number, e: number): string {
  for (let i = s; i < e; i++) {
    if (d[i]! >= 0x80) return (decoder ??= new TextDecoder()).decode(d.subarray(s, e));
  }
  return latin1(d, s, e);
}

/**
 * Windows-1252 as the WHATWG Encoding Standard reads it: ISO-8859-1, except the bytes 0x80–0x9F, most of
 * which are punctuation and letters (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ); the five it
 * leaves unassigned stand for themselves.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** The text of the windows-1252 bytes `d[s..e)`. */
export function decodeWindows1252(d: Uint8Array, s: number, e: number): string {
  let out = '';
  let from = s;
  for (let i = s; i < e; i++) {
    const b = d[i]!;
    if (b < 0x80 || b > 0x9f) continue;
    if (i > from) out += latin1(d, from, i);
    out += String.fromCharCode(CP1252_HIGH[b - 0x80]!);
    from = i + 1;
  }
  return from === s ? latin1(d, s, e) : out + latin1(d, from, e);
}

/**
 * The text of bytes read one byte, one character (ISO-8859-1): ASCII bytes as they are. In slices, so that
 * a field of megabytes never passes millions of arguments to one call (a stack overflow).
 */
export function latin1(d: Uint8Array, s: number, e: number): string {
  if (e - s <= 4096) return String.fromCharCode.apply(null, view(d, s, e) as unknown as number[]);
  let out = '';
  for (let i = s; i < e; i += 4096) out += String.fromCharCode.apply(null, view(d, i, Math.min(e, i + 4096)) as unknown as number[]);
  return out;
}

/** Bytes `d[s..e)` as a plain view: a Node Buffer's `subarray` makes a Buffer, twice the cost for a short field. */
function view(d: Uint8Array, s: number, e: number): Uint8Array {
  return new Uint8Array(d.buffer, d.byteOffset + s, e - s);
}
