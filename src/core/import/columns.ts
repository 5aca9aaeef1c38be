import { ymdFromDay, type Day } from '../dates.ts';
import type { Cents } from '../money.ts';
import { amountFromNumber, decideMark, markEvidence, newMarkEvidence, parseAmount, type DecimalMark } from './amounts.ts';
import { dateOrderEvidence, decideDateOrder, dayFromSerialNumber, isAmbiguousDate, isYearLast, parseDateText, type DateOrder } from './dates-text.ts';
import { cellText, isDateCell, type Cell } from './table.ts';

/** Why a cell was refused; the message catalogue turns the code into words. */
export type CellError = 'not_a_date' | 'date_order_conflict' | 'date_maybe_swapped' | 'not_an_amount' | 'too_many_decimals' | 'too_large' | 'decimal_mark_conflict';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CellError };

/** How a column reads its dates, decided once from all its values. */
export interface DateColumn {
  readonly order: DateOrder;
  /** True when no value settled the order and the file's locale decided it. */
  readonly assumed: boolean;
  /** True when some values are ambiguous (03/04) under that assumption. */
  readonly hasAmbiguous: boolean;
  readonly date1904: boolean;
  /**
   * True when the column mixes dates typed by the spreadsheet with dates left as text that only
   * read one way (25/04/2026): what Excel leaves after opening a file in the other day/month order.
   * The typed ones it could read were read the wrong way round whenever their day is 12 or less.
   */
  readonly typedMaybeSwapped?: boolean;
}

/**
 * Decides how a date column is read: its own values first, then the other date columns of the file
 * (`fileOrder`), then the locale.
 */
export function decideDateColumn(cells: Iterable<Cell>, fallback: DateOrder, fileOrder: DateOrder | null, date1904: boolean): DateColumn {
  // One pass, nothing kept: a million-row column is read without holding its texts.
  let hasAmbiguous = false;
  let typed = 0;
  const texts = (function* (): Generator<string> {
    for (const c of cells) {
      if (typeof c === 'string') {
        if (!hasAmbiguous && isAmbiguousDate(c)) hasAmbiguous = true;
        yield c;
      } else if (isDateCell(c)) typed++;
    }
  })();
  const d = decideDateOrder(texts);
  if (d.order !== null) return { order: d.order, assumed: false, hasAmbiguous, date1904, ...(typed > 0 ? { typedMaybeSwapped: true } : {}) };
  return { order: fileOrder ?? fallback, assumed: fileOrder === null, hasAmbiguous, date1904 };
}

/** Reads one date cell of a column. */
export function readDate(cell: Cell, col: DateColumn): Parsed<Day> {
  if (isDateCell(cell)) {
    if (col.typedMaybeSwapped) {
      const { m, d } = ymdFromDay(cell.day);
      // Refused, never silently swapped back: a day over 12 could not have come from a swap.
      if (d <= 12 && d !== m) return { ok: false, error: 'date_maybe_swapped' };
    }
    return { ok: true, value: cell.day };
  }
  if (typeof cell === 'number') {
    const d = dayFromSerialNumber(cell, col.date1904);
    return d === null ? { ok: false, error: 'not_a_date' } : { ok: true, value: d };
  }
  const text = cellText(cell);
  const e = dateOrderEvidence(text);
  if (e !== null && e !== col.order && !col.assumed) return { ok: false, error: 'date_order_conflict' };
  if (col.order === 'ymd' && isYearLast(text)) return { ok: false, error: 'date_order_conflict' };
  const d = parseDateText(text, e ?? col.order, col.date1904);
  return d === null ? { ok: false, error: 'not_a_date' } : { ok: true, value: d };
}

/** How an amount column reads its text, decided once from all its values. */
export interface AmountColumn {
  readonly mark: DecimalMark;
  readonly conflicting: boolean;
}

/**
 * A column's decimal mark from all its cells (the k-th its row k); `assumed` when it is the locale's and some read two
 * ways (`markAssumedWarning`).
 */
export function decideAmountColumn(cells: Iterable<Cell>, continental: boolean): ReturnType<typeof decideMark> {
  const ev = newMarkEvidence();
  let k = -1;
  for (const c of cells) {
    k++;
    if (typeof c === 'string') markEvidence(c, ev, k);
  }
  return decideMark(ev, continental);
}

/** Reads one amount cell of a column; also returns the currency written beside it, if any. */
export function readAmount(cell: Cell, col: AmountColumn): Parsed<{ cents: Cents; currency: string | null }> {
  if (typeof cell === 'number') {
    const r = amountFromNumber(cell);
    return r.ok ? { ok: true, value: { cents: r.cents, currency: null } } : { ok: false, error: r.reason };
  }
  if (typeof cell !== 'string') return { ok: false, error: 'not_an_amount' };
  const r = parseAmount(cell, col.mark);
  if (r.ok) return { ok: true, value: { cents: r.cents, currency: r.currency } };
  // With a mixed column, a value proving the other mark is refused rather than misread.
  if (col.conflicting && parseAmount(cell, col.mark === ',' ? '.' : ',').ok) return { ok: false, error: 'decimal_mark_conflict' };
  return { ok: false, error: r.reason };
}

/** Identifiers stay text: a number typed by Excel is written back without a decimal part when whole. */
export function readId(cell: Cell): string {
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(cell);
  return cellText(cell).trim();
}

/** Currency codes: ISO 4217 letters, or a symbol. Returns null when not recognised. */
export function readCurrency(cell: Cell): string | null {
  const t = cellText(cell).trim().toUpperCase();
  if (t === '€' || t === 'EURO' || t === 'EUROS') return 'EUR';
  if (t === '$' || t === 'US$') return 'USD';
  if (t === '£') return 'GBP';
  if (/^[A-Z]{3}$/.test(t)) return t;
  const name = t
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
  return CURRENCY_NAMES.get(name) ?? null;
}

/**
 * The side of an account an amount is on, as a `Sens` column writes it (a FEC's, an accounting export's): a debit 1
 * (`D`, `Débit`, `Debet`, `+1`), a credit -1 (`C`, `Crédit`, `-1`); 0 when the text is neither.
 */
export function readSide(text: string): 1 | -1 | 0 {
  const t = text.trim();
  // A FEC's every line has one (`D`, `C`): its accents are taken out only when it has some.
  const s = (/[^\x00-\x7f]/.test(t) ? t.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : t).toUpperCase();
  if (/^(D|DEBIT|DEBET|\+1|1)$/.test(s)) return 1;
  return /^(C|CREDIT|-1)$/.test(s) ? -1 : 0;
}

/** Currencies by their names, as software writes them in English, French and Dutch (QuickBooks' `United States Dollar`). */
const CURRENCY_NAMES = new Map<string, string>(
  (
    [
      ['EUR', ['euro', 'euros']],
      ['USD', ['us dollar', 'us dollars', 'u.s. dollar', 'united states dollar', 'american dollar', 'dollar us', 'dollars us', 'dollar americain', 'dollar des etats-unis', 'amerikaanse dollar']],
      ['GBP', ['pound sterling', 'british pound', 'uk pound', 'livre sterling', 'livres sterling', 'britse pond', 'pond sterling']],
      ['CHF', ['swiss franc', 'swiss francs', 'franc suisse', 'francs suisses', 'zwitserse frank']],
      ['CAD', ['canadian dollar', 'dollar canadien']],
      ['JPY', ['japanese yen', 'yen', 'yen japonais']],
    ] as const
  ).flatMap(([code, names]) => names.map((n) => [n, code] as [string, string])),
);
