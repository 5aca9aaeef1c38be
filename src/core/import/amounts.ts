import { centsFromUnits, formatCentsPlain, cents as toCents, type Cents } from '../money.ts';
import type { Problem } from '../types.ts';

/**
 * Amounts as spreadsheets and accounting software write them: `1 234,56 €`, `1.234,56`, `1,234.56`,
 * `1'234.56`, `-12,50`, `(12.50)`, `12,50-`, `1,200.00 CR` (a credit; `DR` a debit), `EUR 12.50`, `12,5`, `,50`; and
 * zero as Excel's accounting format shows it, a dash (` -   € `).
 */

export type DecimalMark = ',' | '.';

const CURRENCY_TOKENS: readonly [RegExp, string][] = [
  [/€/g, 'EUR'],
  [/\bEUR\b/gi, 'EUR'],
  [/\bEUROS?\b/gi, 'EUR'],
  [/\$/g, 'USD'],
  [/\bUSD\b/gi, 'USD'],
  [/£/g, 'GBP'],
  [/\bGBP\b/gi, 'GBP'],
  [/\bCHF\b/gi, 'CHF'],
];

const SPACES = /[\s\u00a0\u202f\u2007\u2009'’]/g;
/** A credit or a debit written after an amount: `CR`, `DR` (`Cr`, `Dr`). */
const SIDE = /\d(cr|dr)$/i;

interface Stripped {
  readonly body: string;
  readonly negative: boolean;
  readonly currency: string | null;
}

/** True for plain `123`, `-123`, `123.4`, `123,45`: the shape of nearly every cell, parsed without regexes. */
function isPlain(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 16) return false;
  let i = s.charCodeAt(0) === 45 ? 1 : 0; // '-'
  if (i === n) return false;
  let digits = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else break;
  }
  if (digits === 0) return false;
  if (i === n) return true;
  const sep = s.charCodeAt(i);
  if (sep !== 44 && sep !== 46) return false;
  const rest = n - i - 1;
  if (rest < 1 || rest > 2) return false;
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Removes currency, sign and grouping spaces; returns null when the text cannot be an amount. */
function strip(text: string): Stripped | null {
  if (isPlain(text)) {
    const negative = text.charCodeAt(0) === 45;
    return { body: negative ? text.slice(1) : text, negative, currency: null };
  }
  let s = text.trim();
  let currency: string | null = null;
  for (const [re, code] of CURRENCY_TOKENS) {
    if (re.test(s)) {
      currency = code;
      s = s.replace(re, '');
    }
    re.lastIndex = 0;
  }
  s = s.replace(SPACES, '');
  // Excel's accounting format writes zero as a dash (`-`, ` -   € `): exported as shown, it is 0.
  if (s === '-' || s === '\u2212' || s === '\u2013') return { body: '0', negative: false, currency };
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-') || s.startsWith('\u2212')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) {
    s = s.slice(1);
  }
  if (s.endsWith('-') || s.endsWith('\u2212')) {
    if (negative) return null;
    negative = true;
    s = s.slice(0, -1);
  }
  // A side written after the amount, as ledgers' reports do (`1,200.00 CR`): a credit below zero, a debit above.
  const side = SIDE.exec(s);
  if (side !== null) {
    if (negative) return null;
    negative = side[1]!.toLowerCase() === 'cr';
    s = s.slice(0, -2);
  }
  if (s === '' || !/^[\d.,]+$/.test(s)) return null;
  return { body: s, negative, currency };
}

/** What one value says of the column's decimal mark: ',' or '.', or null when it cannot tell. */
export function decimalEvidence(text: string): DecimalMark | null {
  const st = strip(text);
  if (!st) return null;
  const s = st.body;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) return lastComma > lastDot ? ',' : '.';
  const sep = lastComma >= 0 ? ',' : lastDot >= 0 ? '.' : null;
  if (sep === null) return null;
  const count = s.split(sep).length - 1;
  if (count > 1) return sep === ',' ? '.' : ','; // repeated: a thousands separator
  const after = s.length - s.lastIndexOf(sep) - 1;
  if (after !== 3) return sep; // "12,5", "12,50": only a decimal mark does that
  // "1,234" is 1234 or 1.234: undecided; but "0,123" or ",123" can only be decimals.
  const before = s.slice(0, s.lastIndexOf(sep));
  if (before === '' || before === '0') return sep;
  return null;
}

/**
 * Whether a value reads two ways, a thousand or one and a bit (`1,500`, `12.000`): one mark, three digits after it,
 * something else than a nought before. Its column's other values decide, else the file's locale, said.
 */
export function readsTwoWays(text: string): boolean {
  const st = strip(text);
  return st !== null && (st.body.includes(',') || st.body.includes('.')) && decimalEvidence(text) === null;
}

/**
 * What an amount column's values say of its decimal mark: how many prove each (`decimalEvidence`), and those that
 * read two ways (`readsTwoWays`: how many, and the first's text and row).
 */
export interface MarkEvidence {
  comma: number;
  dot: number;
  twoWays: number;
  example: string;
  row: number;
}

export function newMarkEvidence(): MarkEvidence {
  return { comma: 0, dot: 0, twoWays: 0, example: '', row: -1 };
}

/** Counts what value `text` (of row `row`) says of its column's decimal mark into `ev`. */
export function markEvidence(text: string, ev: MarkEvidence, row: number): void {
  const m = decimalEvidence(text);
  if (m === ',') ev.comma++;
  else if (m === '.') ev.dot++;
  else if (readsTwoWays(text) && ev.twoWays++ === 0) {
    ev.example = text.trim();
    ev.row = row;
  }
}

/**
 * How a column reads its amounts, decided from all its values: the mark most values prove, `conflicting` when some
 * prove the other; else the file's locale, and `assumed` then lists the values that read two ways (none: nothing
 * was assumed that matters).
 */
export function decideMark(ev: MarkEvidence, continental: boolean): { mark: DecimalMark; conflicting: boolean; assumed: MarkEvidence | null } {
  if (ev.comma === 0 && ev.dot === 0) return { mark: continental ? ',' : '.', conflicting: false, assumed: ev.twoWays > 0 ? ev : null };
  return { mark: ev.comma >= ev.dot ? ',' : '.', conflicting: ev.comma > 0 && ev.dot > 0, assumed: null };
}

/**
 * The warning that a column's decimal mark is the file's locale's while some of its values read two ways (a figure
 * assumed, said): at the first of them, read with that mark and with the other (plain amounts, `1.50` and
 * `1500.00`; none when it is no amount that way). Null when nothing was assumed. `line`: a row's line in its file.
 */
export function markAssumedWarning(decided: { mark: DecimalMark; assumed: MarkEvidence | null }, file: string, line: (row: number) => number, column: string | undefined): Problem | null {
  const ev = decided.assumed;
  if (ev === null) return null;
  const plain = (mark: DecimalMark): string => {
    const r = parseAmount(ev.example, mark);
    return r.ok ? formatCentsPlain(r.cents) : '';
  };
  const other: DecimalMark = decided.mark === ',' ? '.' : ',';
  return {
    severity: 'warning',
    code: 'decimal_mark_assumed',
    file,
    line: line(ev.row),
    ...(column !== undefined ? { column } : {}),
    value: ev.example,
    params: { count: ev.twoWays, mark: decided.mark, read: plain(decided.mark), other: plain(other) },
  };
}

/**
 * Decides a column's decimal mark from all its values: the mark most values prove; else the file's locale.
 */
export function decideDecimalMark(values: Iterable<string>, continental: boolean): ReturnType<typeof decideMark> {
  const ev = newMarkEvidence();
  let row = 0;
  for (const v of values) markEvidence(v, ev, row++);
  return decideMark(ev, continental);
}

export type AmountResult =
  | { readonly ok: true; readonly cents: Cents; readonly currency: string | null }
  | { readonly ok: false; readonly reason: 'not_an_amount' | 'too_many_decimals' | 'too_large' };

const MAX_UNITS = 1e13; // ten thousand billion: beyond that, cents lose integer precision in doubles

/**
 * Parses an amount written with the given decimal mark.
 * @example parseAmount("1 234,56 €", ",") → { ok: true, cents: 123456, currency: "EUR" }
 * @example parseAmount("(12.50)", ".") → { ok: true, cents: -1250, currency: null }
 */
export function parseAmount(text: string, mark: DecimalMark): AmountResult {
  const st = strip(text);
  if (!st) return { ok: false, reason: 'not_an_amount' };
  const thousands = mark === ',' ? '.' : ',';
  let s = st.body;
  const parts = s.split(mark);
  if (parts.length > 2) return { ok: false, reason: 'not_an_amount' };
  let intPart = parts[0]!;
  const frac = parts[1] ?? '';
  if (frac.includes(thousands)) return { ok: false, reason: 'not_an_amount' };
  if (intPart.includes(thousands)) {
    // Grouping must be by threes: 1.234.567 but not 12.34.
    const groups = intPart.split(thousands);
    if (groups[0] === '' || groups[0]!.length > 3 || groups.slice(1).some((g) => g.length !== 3)) {
      return { ok: false, reason: 'not_an_amount' };
    }
    intPart = groups.join('');
  }
  if (intPart === '' && frac === '') return { ok: false, reason: 'not_an_amount' };
  if (parts.length === 2 && frac === '') return { ok: false, reason: 'not_an_amount' };
  let fracDigits = frac;
  if (fracDigits.length > 2) {
    if (/^\d{2}0+$/.test(fracDigits)) fracDigits = fracDigits.slice(0, 2);
    else return { ok: false, reason: 'too_many_decimals' };
  }
  s = intPart === '' ? '0' : intPart;
  if (s.length > 13) return { ok: false, reason: 'too_large' };
  const cents = Number(s) * 100 + Number(fracDigits.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return { ok: false, reason: 'too_large' };
  return { ok: true, cents: toCents(st.negative ? -cents : cents), currency: st.currency };
}

/** An amount typed as a number by the spreadsheet. */
export function amountFromNumber(n: number): AmountResult {
  if (!Number.isFinite(n) || Math.abs(n) >= MAX_UNITS) return { ok: false, reason: 'too_large' };
  return { ok: true, cents: centsFromUnits(n), currency: null };
}
