/**
 * The two encodings ledgers come in, a cell at a time, in plain loops: UTF-8 and windows-1252 (what
 * French and Belgian Excel and accounting software write); and two older ones Excel still writes, told apart
 * from windows-1252 and converted once (`singleByteEncoding`). Cells are short and nearly all ASCII: making
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

/**
 * The high half (0x80–0xFF) of the two older encodings Excel still writes on "Save as": "CSV (MS-DOS)" in the MS-DOS
 * code page 850, "CSV (Macintosh)" in Mac OS Roman. Their accented letters are where windows-1252 has punctuation
 * and capitals: `Soci‚t‚` is `Société` in code page 850.
 */
const CP850_HIGH = [
  0xc7, 0xfc, 0xe9, 0xe2, 0xe4, 0xe0, 0xe5, 0xe7, 0xea, 0xeb, 0xe8, 0xef, 0xee, 0xec, 0xc4, 0xc5, 0xc9, 0xe6, 0xc6, 0xf4, 0xf6, 0xf2, 0xfb, 0xf9, 0xff, 0xd6, 0xdc, 0xf8, 0xa3, 0xd8, 0xd7, 0x192, 0xe1,
  0xed, 0xf3, 0xfa, 0xf1, 0xd1, 0xaa, 0xba, 0xbf, 0xae, 0xac, 0xbd, 0xbc, 0xa1, 0xab, 0xbb, 0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0xc1, 0xc2, 0xc0, 0xa9, 0x2563, 0x2551, 0x2557, 0x255d, 0xa2, 0xa5,
  0x2510, 0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0xe3, 0xc3, 0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0xa4, 0xf0, 0xd0, 0xca, 0xcb, 0xc8, 0x131, 0xcd, 0xce, 0xcf, 0x2518,
  0x250c, 0x2588, 0x2584, 0xa6, 0xcc, 0x2580, 0xd3, 0xdf, 0xd4, 0xd2, 0xf5, 0xd5, 0xb5, 0xfe, 0xde, 0xda, 0xdb, 0xd9, 0xfd, 0xdd, 0xaf, 0xb4, 0xad, 0xb1, 0x2017, 0xbe, 0xb6, 0xa7, 0xf7, 0xb8, 0xb0,
  0xa8, 0xb7, 0xb9, 0xb3, 0xb2, 0x25a0, 0xa0,
];
const MAC_HIGH = [
  0xc4, 0xc5, 0xc7, 0xc9, 0xd1, 0xd6, 0xdc, 0xe1, 0xe0, 0xe2, 0xe4, 0xe3, 0xe5, 0xe7, 0xe9, 0xe8, 0xea, 0xeb, 0xed, 0xec, 0xee, 0xef, 0xf1, 0xf3, 0xf2, 0xf4, 0xf6, 0xf5, 0xfa, 0xf9, 0xfb, 0xfc,
  0x2020, 0xb0, 0xa2, 0xa3, 0xa7, 0x2022, 0xb6, 0xdf, 0xae, 0xa9, 0x2122, 0xb4, 0xa8, 0x2260, 0xc6, 0xd8, 0x221e, 0xb1, 0x2264, 0x2265, 0xa5, 0xb5, 0x2202, 0x2211, 0x220f, 0x3c0, 0x222b, 0xaa, 0xba,
  0x3a9, 0xe6, 0xf8, 0xbf, 0xa1, 0xac, 0x221a, 0x192, 0x2248, 0x2206, 0xab, 0xbb, 0x2026, 0xa0, 0xc0, 0xc3, 0xd5, 0x152, 0x153, 0x2013, 0x2014, 0x201c, 0x201d, 0x2018, 0x2019, 0xf7, 0x25ca, 0xff,
  0x178, 0x2044, 0x20ac, 0x2039, 0x203a, 0xfb01, 0xfb02, 0x2021, 0xb7, 0x201a, 0x201e, 0x2030, 0xc2, 0xca, 0xc1, 0xcb, 0xc8, 0xcd, 0xce, 0xcf, 0xcc, 0xd3, 0xd4, 0xf8ff, 0xd2, 0xda, 0xdb, 0xd9, 0x131,
  0x2c6, 0x2dc, 0xaf, 0x2d8, 0x2d9, 0x2da, 0xb8, 0x2dd, 0x2db, 0x2c7,
];

/** A single-byte encoding a ledger comes in. */
export type SingleByte = 'windows-1252' | 'cp850' | 'macintosh';

/** The character of high byte `b` (0x80–0xFF) in each single-byte encoding. */
function highChar(encoding: SingleByte, b: number): number {
  if (encoding === 'cp850') return CP850_HIGH[b - 0x80]!;
  if (encoding === 'macintosh') return MAC_HIGH[b - 0x80]!;
  return b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
}

const SINGLE_BYTES: readonly SingleByte[] = ['windows-1252', 'cp850', 'macintosh'];
/** Per encoding, per high byte: 1 when it is a lower-case letter there, -1 otherwise (made when first needed). */
let lowerCase: Int8Array[] | null = null;

/**
 * The single-byte encoding of bytes that are not UTF-8: windows-1252 (Excel's CSV, most software's), unless the MS-DOS
 * code page 850 or Mac OS Roman reads far more of its high bytes after a lower-case letter as lower-case letters (a
 * word goes on in lower case: `Soci‚t‚` in windows-1252 is `Société` in code page 850), in its first megabyte.
 */
export function singleByteEncoding(d: Uint8Array): SingleByte {
  lowerCase ??= SINGLE_BYTES.map((encoding) => Int8Array.from({ length: 128 }, (_, k) => (/\p{Ll}/u.test(String.fromCharCode(highChar(encoding, 0x80 + k))) ? 1 : -1)));
  const score = [0, 0, 0];
  const n = Math.min(d.length, 1 << 20);
  for (let i = 1; i < n; i++) {
    const b = d[i]!;
    const before = d[i - 1]!;
    if (b < 0x80 || before < 0x61 || before > 0x7a) continue;
    for (let k = 0; k < 3; k++) score[k]! += lowerCase[k]![b - 0x80]!;
  }
  // Another encoding only when it reads clearly better: a few letters either way are windows-1252's.
  const best = score[1]! >= score[2]! ? 1 : 2;
  return score[best]! > 2 && score[best]! >= score[0]! + 4 ? SINGLE_BYTES[best]! : 'windows-1252';
}

/** The text of bytes in a single-byte encoding (a whole file, converted once, as UTF-16's is). */
export function decodeSingleByte(d: Uint8Array, encoding: SingleByte): string {
  const units = new Uint16Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const b = d[i]!;
    units[i] = b < 0x80 ? b : highChar(encoding, b);
  }
  let out = '';
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode.apply(null, units.subarray(i, i + 4096) as unknown as number[]);
  return out;
}

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
