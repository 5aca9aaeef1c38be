import { referenceKey } from '../compare.ts';
import type { Problem } from '../types.ts';

/**
 * What Excel does to a ledger that passes through it, found across the files of one load.
 *
 * Excel reads a code made of digits as a number: `0042` becomes 42, and the file it saves says `42`
 * (a typed number in XLSX, plain text in CSV). The same customer or invoice then has two spellings
 * that differ only by leading zeros. `ar` keeps identifiers as text and never merges two of them
 * on a guess: it warns, naming both spellings and where each was read. So for the customers whose ids
 * differ only by accents, punctuation or spaces, as people spell one name in two files.
 */

export interface Seen {
  readonly id: string;
  readonly file: string;
  readonly line: number;
}

const DIGITS = /^\d+$/;
const PLAIN = /^[A-Za-z0-9]*$/;

/** An id's letters and digits, lower case, without accents: `DUPONT S.A.R.L.` and `Dupont SARL` are `dupontsarl`. */
function lettersOf(id: string): string {
  if (PLAIN.test(id)) return id.toLowerCase();
  return id
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
const stripZeros = (id: string): string => id.replace(/^0+(?=\d)/, '');

/** Groups the numeric spellings of ids by their value; returns the groups with more than one spelling, one of them with a leading zero. */
function damagedGroups(seen: Iterable<Seen>): Seen[][] {
  const byValue = new Map<string, Map<string, Seen>>();
  for (const s of seen) {
    if (!DIGITS.test(s.id)) continue;
    const key = stripZeros(s.id);
    let spellings = byValue.get(key);
    if (!spellings) byValue.set(key, (spellings = new Map()));
    if (!spellings.has(s.id)) spellings.set(s.id, s);
  }
  const out: Seen[][] = [];
  for (const spellings of byValue.values()) {
    if (spellings.size < 2) continue;
    const list = [...spellings.values()];
    if (list.some((s) => s.id.startsWith('0'))) out.push(list.sort((a, b) => b.id.length - a.id.length));
  }
  return out;
}

/** Where identifiers were met, for `leadingZeroWarnings`. */
export interface IdSightings {
  /** Customer ids as met: the customers file, then the invoices, then the payments (the first sighting of each counts). */
  readonly customers: Iterable<Seen>;
  /** References to invoices, as written: the payments', then the credit notes', in file order. */
  readonly references: Iterable<Seen>;
  /** Invoice numbers (never credit notes), read only when a reference made of digits needs them. */
  readonly invoiceNumbers: () => Iterable<Seen>;
}

/** The warnings of `lostLeadingZeros`, from where the identifiers were met. */
export function leadingZeroWarnings(sightings: IdSightings): Problem[] {
  const problems: Problem[] = [];
  const warn = (what: 'customer' | 'invoice', damaged: Seen, kept: Seen): void => {
    problems.push({
      severity: 'warning',
      code: 'id_leading_zeros',
      file: damaged.file,
      line: damaged.line,
      value: damaged.id,
      params: { what, other: kept.id, where: `${kept.file}:${kept.line}` },
    });
  };

  // Customer codes made of digits: the first place each spelling appears, the customers file first.
  const codes = new Map<string, Seen>();
  // Every customer, by its key (case and surrounding spaces aside, as ids match): the first place it appears.
  const customers = new Map<string, Seen>();
  for (const s of sightings.customers) {
    if (!codes.has(s.id) && DIGITS.test(s.id)) codes.set(s.id, s);
    const key = referenceKey(s.id);
    if (!customers.has(key)) customers.set(key, s);
  }
  for (const group of damagedGroups(codes.values())) {
    const [kept, ...damaged] = group;
    for (const d of damaged) warn('customer', d, kept!);
  }
  // Customers whose ids differ only by accents, punctuation or spaces (`Dupont SARL`, `DUPONT S.A.R.L.`): two, said.
  // Ids of letters and digits alone differ from one another by more (case is no difference): only an id with an
  // accent, a space or a mark can be another's spelling, and most ledgers have none (a code per customer).
  if ([...customers.values()].some((s) => !PLAIN.test(s.id))) {
    const byLetters = new Map<string, Seen>();
    for (const s of customers.values()) {
      const letters = lettersOf(s.id);
      if (letters === '' || DIGITS.test(letters)) continue;
      const kept = byLetters.get(letters);
      if (kept === undefined) byLetters.set(letters, s);
      else problems.push({ severity: 'warning', code: 'id_spelling', file: s.file, line: s.line, value: s.id, params: { other: kept.id, where: `${kept.file}:${kept.line}` } });
    }
  }

  // Invoice numbers named by a payment or a credit note that match no invoice but for leading zeros.
  // Built on first use: only a reference made of digits needs them.
  let numbers: Map<string, Seen> | null = null;
  let byValue: Map<string, Seen> | null = null;
  const reported = new Set<string>();
  for (const ref of sightings.references) {
    const key = referenceKey(ref.id);
    if (!DIGITS.test(key) || reported.has(key)) continue;
    if (numbers === null) {
      numbers = new Map();
      for (const n of sightings.invoiceNumbers()) numbers.set(referenceKey(n.id), n);
    }
    if (numbers.has(key)) continue;
    if (byValue === null) {
      byValue = new Map();
      for (const s of numbers.values()) if (DIGITS.test(s.id)) byValue.set(stripZeros(s.id), s);
    }
    const match = byValue.get(stripZeros(key));
    if (match) {
      reported.add(key);
      warn('invoice', ref, match);
    }
  }
  return problems;
}
