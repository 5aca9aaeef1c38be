import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatePayments } from '../../src/core/allocate.ts';
import { compareIds, referenceKey } from '../../src/core/compare.ts';
import { dayFromYmd, type Day } from '../../src/core/dates.ts';
import type { Invoice, Payment, Problem } from '../../src/core/types.ts';

/**
 * docs/accounting.md §3 read literally, over objects, with plain sorts: the model the allocation engine is held to.
 * Every order it relies on is written out here, ties included (a tie keeps the order of creation).
 */
function modelAllocation(invoices: readonly Invoice[], payments: readonly Payment[], asOf: Day) {
  interface Debit { kind: 'invoice' | 'refund'; number: string; account: string; issue: number; due: number; open: number; settled: number | null; writtenOff: boolean; seq: number }
  interface Credit { account: string; date: number; id: string; left: number; seq: number }
  const accountOf = (customerId: string, currency: string) => `${customerId}\u0000${currency}`;
  const accounts = new Set<string>();
  const debits: Debit[] = [];
  const pool: Credit[] = [];
  const warnings: Problem[] = [];
  // A reference names the last invoice (never a credit note) of that number.
  const byNumber = new Map<string, number>();
  invoices.forEach((x, i) => {
    if (!x.isCreditNote) byNumber.set(referenceKey(x.number), i);
  });
  const debitOf = new Map<number, Debit>();
  invoices.forEach((x, i) => {
    if (x.issueDate > asOf) return;
    accounts.add(accountOf(x.customerId, x.currency));
    if (x.isCreditNote) return;
    const d: Debit = {
      kind: 'invoice', number: x.number, account: accountOf(x.customerId, x.currency), issue: x.issueDate, due: x.dueDate,
      open: x.amount, settled: x.amount === 0 ? x.issueDate : null, writtenOff: x.status === 'written_off', seq: debits.length,
    };
    debits.push(d);
    debitOf.set(i, d);
  });
  const settle = (d: Debit, amount: number, date: number) => {
    d.open -= amount;
    if (d.open === 0) d.settled = Math.max(date, d.issue);
  };
  /** What is left of a credit once applied to the invoice a reference names. */
  const applyNamed = (customerId: string, currency: string, ref: string | null, left: number, date: number, what: 'credit_note' | 'payment', where: { file: string; line: number }): number => {
    if (ref === null || referenceKey(ref) === '') return left;
    const i = byNumber.get(referenceKey(ref));
    const warn = (code: string, params: Record<string, string>) => warnings.push({ severity: 'warning', code, file: where.file, line: where.line, value: ref, params: { what, ...params } } as Problem);
    if (i === undefined) return warn('unknown_reference', {}), left;
    const d = debitOf.get(i);
    if (d === undefined) return left; // not issued yet
    const target = invoices[i]!;
    if (target.customerId !== customerId) return warn('reference_other_customer', { customer: target.customerId, expected: customerId }), left;
    if (target.currency !== currency) return warn('reference_other_currency', { currency: target.currency, expected: currency }), left;
    const used = Math.min(left, Math.max(0, d.open));
    if (used > 0) settle(d, used, date);
    return used > 0 ? left - used : left;
  };

  // Step 1: credit notes by issue date, then number, then ledger order.
  const notes = invoices.map((x, i) => ({ x, i })).filter(({ x }) => x.isCreditNote && x.issueDate <= asOf);
  notes.sort((a, b) => a.x.issueDate - b.x.issueDate || compareIds(a.x.number, b.x.number) || a.i - b.i);
  for (const { x } of notes) {
    const left = applyNamed(x.customerId, x.currency, x.creditedInvoice, -x.amount, x.issueDate, 'credit_note', x);
    if (left !== 0) pool.push({ account: accountOf(x.customerId, x.currency), date: x.issueDate, id: x.number, left, seq: pool.length });
  }
  // Step 2: payments by date, then id, then ledger order; a negative one is owed again.
  const dated = payments.map((x, p) => ({ x, p })).filter(({ x }) => x.date <= asOf && x.customerId !== null);
  dated.sort((a, b) => a.x.date - b.x.date || compareIds(a.x.id, b.x.id) || a.p - b.p);
  for (const { x } of dated) {
    const account = accountOf(x.customerId!, x.currency);
    accounts.add(account);
    if (x.amount < 0) {
      debits.push({ kind: 'refund', number: x.id, account, issue: x.date, due: x.date, open: -x.amount, settled: null, writtenOff: false, seq: debits.length });
      continue;
    }
    let left = x.amount;
    for (const ref of x.refs) {
      if (left === 0) break;
      left = applyNamed(x.customerId!, x.currency, ref, left, x.date, 'payment', x);
    }
    if (left !== 0) pool.push({ account, date: x.date, id: x.id, left, seq: pool.length });
  }
  // Step 3: per account, the pool by date then id, to the debits by due date, issue date, number.
  const order = [...accounts].map((k) => k.split('\u0000') as [string, string]);
  order.sort((a, b) => compareIds(a[0], b[0]) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return {
    accounts: order.map(([customerId, currency]) => {
      const account = accountOf(customerId, currency);
      const mine = debits.filter((d) => d.account === account);
      mine.sort((a, b) => a.due - b.due || a.issue - b.issue || compareIds(a.number, b.number) || a.seq - b.seq);
      const credits = pool.filter((c) => c.account === account);
      credits.sort((a, b) => a.date - b.date || compareIds(a.id, b.id) || a.seq - b.seq);
      let unapplied = 0;
      for (const c of credits) {
        let left = c.left;
        for (const d of mine) {
          if (!(left > 0)) break;
          if (d.open <= 0 || d.writtenOff) continue;
          const used = Math.min(left, d.open);
          settle(d, used, c.date);
          left -= used;
        }
        unapplied -= left;
      }
      return { customerId, currency, unapplied, debits: mine.map((d) => [d.kind, d.number, d.open, d.settled]) };
    }),
    warnings,
  };
}

/**
 * Identifiers that make natural order work: numbers with and without leading zeros, several prefixes,
 * letters after digits, bare numbers, digits too many for a double, and the same text twice.
 */
const ID = fc.constantFrom(
  'F1', 'F2', 'F9', 'F10', 'F010', 'F01', 'F1A', 'F1B', 'f3', 'AV1', 'AV10', 'AV2', 'FA2026-9', 'FA2026-10', 'FA2025-11', 'FA2026-009',
  '9', '10', '010', '0000611365', '611364', 'x', 'P1', 'P2', 'P10', 'P010', '12345678901234567890', '12345678901234567891', 'F 2',
);
const CUSTOMER = fc.constantFrom('C1', 'C2', 'C10', 'C01', 'c1');
const day0 = dayFromYmd(2026, 1, 1);

const ledgerArb = fc
  .record({
    invoices: fc.array(
      fc.record({
        number: ID, c: CUSTOMER, cur: fc.constantFrom('EUR', 'EUR', 'USD'), issue: fc.integer({ min: 0, max: 6 }), terms: fc.constantFrom(0, 0, 2, 5),
        amount: fc.integer({ min: -6000, max: 20000 }), credits: fc.option(ID), status: fc.constantFrom('normal', 'normal', 'normal', 'disputed', 'written_off'),
      }),
      { maxLength: 40 },
    ),
    payments: fc.array(
      fc.record({
        id: ID, c: fc.option(CUSTOMER, { freq: 8 }), cur: fc.constantFrom('EUR', 'EUR', 'USD'), date: fc.integer({ min: 0, max: 8 }),
        amount: fc.integer({ min: -4000, max: 25000 }), refs: fc.array(fc.oneof(ID, fc.constantFrom('', ' f1 ', 'F404')), { maxLength: 3 }),
      }),
      { maxLength: 40 },
    ),
    // Ledgers most often number their rows in order: ids that rise with the rows, ties included.
    rising: fc.boolean(),
  })
  .map(({ invoices, payments, rising }) => {
    if (rising) {
      invoices.sort((a, b) => compareIds(a.number, b.number));
      payments.sort((a, b) => compareIds(a.id, b.id));
    }
    return { invoices, payments };
  })
  .map(({ invoices, payments }) => ({
    invoices: invoices.map((x, i): Invoice => ({
      number: x.number, customerId: x.c, customerName: null, issueDate: (day0 + x.issue) as Day, dueDate: (day0 + x.issue + x.terms) as Day, dueDateDerived: false,
      amount: x.amount, currency: x.cur, isCreditNote: x.amount < 0, creditedInvoice: x.amount < 0 ? x.credits : null,
      status: x.status as Invoice['status'], file: 'f.csv', line: i + 2,
    })),
    payments: payments.map((x, p): Payment => ({
      id: x.id, customerId: x.c, date: (day0 + x.date) as Day, amount: x.amount, currency: x.cur, refs: x.refs, method: null, file: 'p.csv', line: p + 2,
    })),
  }));

function allocation(invoices: readonly Invoice[], payments: readonly Payment[], asOf: Day) {
  const a = allocatePayments(invoices, payments, asOf);
  return {
    accounts: a.accounts.map((x) => ({ customerId: x.customerId, currency: x.currency, unapplied: x.unapplied, debits: x.debits.map((d) => [d.kind, d.number, d.open, d.settledOn]) })),
    warnings: a.warnings,
  };
}

describe('the order of allocation (docs/accounting.md §3)', () => {
  it('allocates as docs/accounting.md §3 read literally does: same debits in the same order, open amounts, settlement dates, unapplied credit, warnings', () => {
    fc.assert(
      fc.property(ledgerArb, fc.integer({ min: -1, max: 12 }), ({ invoices, payments }, asOfDay) => {
        const asOf = (day0 + asOfDay) as Day;
        expect(allocation(invoices, payments, asOf)).toEqual(modelAllocation(invoices, payments, asOf));
      }),
      { numRuns: 1500, seed: 20261201 },
    );
  });

  it('orders days that lie centuries apart, before 1970 too, as days a week apart', () => {
    // Days far apart are sorted another way than days close together (in two passes of their bits).
    const far = (day: Day) => (day0 + (day - day0) * 40_000 - 200_000) as Day;
    fc.assert(
      fc.property(ledgerArb, fc.integer({ min: -1, max: 12 }), ({ invoices, payments }, asOfDay) => {
        const inv = invoices.map((x) => ({ ...x, issueDate: far(x.issueDate), dueDate: far(x.dueDate) }));
        const pay = payments.map((x) => ({ ...x, date: far(x.date) }));
        const asOf = far((day0 + asOfDay) as Day);
        expect(allocation(inv, pay, asOf)).toEqual(modelAllocation(inv, pay, asOf));
      }),
      { numRuns: 300, seed: 20261202 },
    );
  });

  it('breaks ties of due and issue dates by number in natural order, then by order of creation', () => {
    const f = (number: string, amount = 1000, extra: Partial<Invoice> = {}): Invoice => ({
      number, customerId: 'C1', customerName: null, issueDate: day0, dueDate: (day0 + 30) as Day, dueDateDerived: false, amount,
      currency: 'EUR', isCreditNote: false, creditedInvoice: null, status: 'normal', file: 'f.csv', line: 2, ...extra,
    });
    const refund = (id: string): Payment => ({ id, customerId: 'C1', date: (day0 + 30) as Day, amount: -1000, currency: 'EUR', refs: [], method: null, file: 'p.csv', line: 2 });
    // A refund of the invoices' due date is issued that day too: it goes after invoices issued earlier.
    const a = allocatePayments([f('F10'), f('F9'), f('F09'), f('F9', 500), f('F1', 1000, { issueDate: (day0 + 30) as Day })], [refund('F1'), refund('10')], (day0 + 40) as Day);
    expect(a.accounts[0]!.debits.map((d) => [d.number, d.amount])).toEqual([['F09', 1000], ['F9', 1000], ['F9', 500], ['F10', 1000], ['10', 1000], ['F1', 1000], ['F1', 1000]]);
    expect(a.accounts[0]!.debits.map((d) => d.kind)).toEqual(['invoice', 'invoice', 'invoice', 'invoice', 'refund', 'invoice', 'refund']);
  });
});
