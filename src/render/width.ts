/**
 * The width of text on a terminal, in columns, and the cutting of text to a width without splitting
 * what a terminal draws as one character.
 *
 * A terminal draws a text as a row of clusters: a base character and what attaches to it. Most take
 * one column; East Asian wide and full-width characters and emoji take two; combining marks, zero-width
 * characters, variation selectors and skin-tone modifiers take none and stay with the character before
 * them; an emoji joined to the previous one by U+200D (ZWJ: 👩‍💻) is drawn inside it; two regional
 * indicators make one flag (🇫🇷), two columns. A variation selector 16 (U+FE0F) asks for the emoji
 * form of a character otherwise narrow (❤ → ❤️): two columns. The colour codes `ar` writes (SGR:
 * ESC [ … m) take none. Unicode's own properties (`\p{…}`) say which characters are marks and which
 * are emoji; the East Asian wide ranges are below (Unicode 15.1, EastAsianWidth.txt, W and F).
 * @example displayWidth('Société') === 7; displayWidth('東京') === 4; displayWidth('👩‍💻') === 2
 */

const SGR = /\u001b\[[0-9;]*m/y;

/** East Asian Wide and Fullwidth ranges outside emoji (those come from `\p{Emoji_Presentation}`), sorted. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x16ff0, 0x16ff1],
  [0x17000, 0x18cd5],
  [0x18d00, 0x18d08],
  [0x1aff0, 0x1b2fb],
  [0x1f200, 0x1f202],
  [0x1f210, 0x1f23b],
  [0x1f240, 0x1f248],
  [0x1f250, 0x1f251],
  [0x1f260, 0x1f265],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

// Ranges of combining and variation code points, listed on purpose: each one is zero wide.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the class lists code points that join, not characters to match whole
const ZERO = /[\p{Mn}\p{Me}\p{Cf}\u1160-\u11ff\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;
const EMOJI_WIDE = /\p{Emoji_Presentation}/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const ZWJ = 0x200d;
const VS16 = 0xfe0f;

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

const isRegional = (cp: number): boolean => cp >= 0x1f1e6 && cp <= 0x1f1ff;
const isModifier = (cp: number): boolean => cp >= 0x1f3fb && cp <= 0x1f3ff;

/** A cluster of a text: its characters, the columns it takes, whether it is a colour code. */
interface Cluster {
  readonly text: string;
  readonly width: number;
  readonly code: boolean;
}

/** The clusters of a text, in order. */
function* clusters(s: string): Generator<Cluster> {
  let i = 0;
  while (i < s.length) {
    if (s.charCodeAt(i) === 0x1b) {
      SGR.lastIndex = i;
      const m = SGR.exec(s);
      if (m !== null) {
        yield { text: m[0], width: 0, code: true };
        i += m[0].length;
        continue;
      }
    }
    const start = i;
    const cp = s.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    let width = baseWidth(cp);
    const pictographic = cp >= 0xa9 && PICTOGRAPHIC.test(String.fromCodePoint(cp));
    let regional = isRegional(cp);
    // What attaches to the base: marks, selectors, modifiers, a joined emoji, the second half of a flag.
    while (i < s.length) {
      const next = s.codePointAt(i)!;
      const size = next > 0xffff ? 2 : 1;
      if (next === VS16) {
        if (pictographic) width = 2;
      } else if (next === ZWJ) {
        const after = s.codePointAt(i + 1);
        if (pictographic && after !== undefined && PICTOGRAPHIC.test(String.fromCodePoint(after))) {
          i += 1 + (after > 0xffff ? 2 : 1);
          continue;
        }
      } else if (regional && isRegional(next)) {
        regional = false;
        width = 2;
      } else if (isModifier(next) && pictographic) {
        width = 2;
      } else if (!(next >= 0x300 && ZERO.test(String.fromCodePoint(next)))) {
        break;
      }
      i += size;
    }
    yield { text: s.slice(start, i), width, code: false };
  }
}

/** The columns of one base character: 0 for a mark or a zero-width character on its own, 2 if wide. */
function baseWidth(cp: number): number {
  if (cp < 0x300) return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? 0 : 1;
  const ch = String.fromCodePoint(cp);
  if (ZERO.test(ch)) return 0;
  if (isWide(cp)) return 2;
  if (isRegional(cp)) return 1;
  if (cp >= 0x231a && EMOJI_WIDE.test(ch)) return 2;
  return 1;
}

/** The columns a text takes on a terminal (the widest of its lines is not measured: give one line). */
export function displayWidth(text: string): number {
  let w = 0;
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x300 || c === 0x1b) {
      plain = false;
      break;
    }
    if (c >= 0x20 && (c < 0x7f || c >= 0xa0)) w++;
  }
  if (plain) return w;
  w = 0;
  for (const c of clusters(text)) w += c.width;
  return w;
}

/**
 * The text cut to at most `width` columns, ending with `…` when something was cut; never in the
 * middle of a cluster. Colour codes are all kept, so that a colour opened before the cut is closed.
 * @example truncateToWidth('Constructions Mercier SAS', 14) === 'Constructions…'
 */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  let cut = false;
  for (const c of clusters(text)) {
    if (c.code) {
      out += c.text;
      continue;
    }
    if (cut) continue;
    if (used + c.width > width - 1) {
      // `Not yet…`, not `Not yet …`.
      out = `${out.replace(/ +$/, '')}…`;
      cut = true;
      continue;
    }
    out += c.text;
    used += c.width;
  }
  return out;
}

/**
 * Words in lines of at most `width` columns; a word longer than that stands alone on its line. French
 * puts a space before `:` `;` `?` `!` `»` and after `«`: a line is never cut there. Lines already in
 * the text are kept.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of glued(para.split(' ').filter((w) => w !== ''))) {
      if (line === '') line = word;
      else if (displayWidth(line) + 1 + displayWidth(word) <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

function glued(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const last = out.length - 1;
    if (last >= 0 && (/^[:;?!»]/.test(w) || out[last]!.endsWith('«'))) out[last] += ` ${w}`;
    else out.push(w);
  }
  return out;
}
