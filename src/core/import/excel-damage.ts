import { referenceKey } from '../compare.ts';
import type { Customer, Invoice, Payment, Problem } from '../types.ts';

/**
 * What Excel does to a ledger that passes through it, found across the files of one load.
 *
 * Excel reads a code made of digits as a number: `0042` becomes 42, and the file it saves says `42`
 * (a typed number in XLSX, plain text in CSV). The same customer or invoice then has two spellings
 * that differ only by leading zeros. `ar` keeps identifiers as text and never merges two of them
 * on a guess: it warns, naming both spellings and where each was read.
 */

interface Seen {
  readonly id: string;
  readonly file: string;
  readonly line: number;
}

const DIGITS = /^\d+$/;
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

/**
 * Warnings for identifiers that lost their leading zeros: customer codes across the customers file,
 * the invoices and the payments; invoice numbers named by payments and credit notes.
 * @example a customers file with "0042" and an invoice of customer "42" → one warning, on the invoice.
 */
export function lostLeadingZeros(invoices: readonly Invoice[], payments: readonly Payment[], customers: Iterable<Customer>): Problem[] {
  const problems: Problem[] = [];
  const warn = (what: 'customer' | 'invoice', damaged: Seen, kept: Seen): void => {
    problems.push({
      severity: 'warning', code: 'id_leading_zeros', file: damaged.file, line: damaged.line, value: damaged.id,
      params: { what, other: kept.id, where: `${kept.file}:${kept.line}` },
    });
  };

  // Customer codes made of digits: the first place each spelling appears, the customers file first.
  const codes = new Map<string, Seen>();
  const note = (id: string | null, file: string, line: number): void => {
    if (id !== null && !codes.has(id) && DIGITS.test(id)) codes.set(id, { id, file, line });
  };
  for (const c of customers) note(c.id, c.file, c.line);
  for (const i of invoices) note(i.customerId, i.file, i.line);
  for (const p of payments) note(p.customerId, p.file, p.line);
  for (const group of damagedGroups(codes.values())) {
    const [kept, ...damaged] = group;
    for (const d of damaged) warn('customer', d, kept!);
  }

  // Invoice numbers named by a payment or a credit note that match no invoice but for leading zeros.
  // Built on first use: only a reference made of digits needs them.
  let numbers: Map<string, Seen> | null = null;
  let byValue: Map<string, Seen> | null = null;
  const reported = new Set<string>();
  const check = (ref: string, file: string, line: number): void => {
    const key = referenceKey(ref);
    if (!DIGITS.test(key) || reported.has(key)) return;
    if (numbers === null) {
      numbers = new Map();
      for (const i of invoices) if (!i.isCreditNote) numbers.set(referenceKey(i.number), { id: i.number, file: i.file, line: i.line });
    }
    if (numbers.has(key)) return;
    if (byValue === null) {
      byValue = new Map();
      for (const s of numbers.values()) if (DIGITS.test(s.id)) byValue.set(stripZeros(s.id), s);
    }
    const match = byValue.get(stripZeros(key));
    if (match) {
      reported.add(key);
      warn('invoice', { id: ref, file, line }, match);
    }
  };
  for (const p of payments) for (const r of p.refs) check(r, p.file, p.line);
  for (const i of invoices) if (i.creditedInvoice !== null) check(i.creditedInvoice, i.file, i.line);
  return problems;
}
