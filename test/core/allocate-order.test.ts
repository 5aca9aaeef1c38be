import { day } from '../../src/core/dates.ts';
import { cents, currencyCode } from '../../src/core/money.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatePayments } from '../../src/core/allocate.ts';
import { allocationModel } from '../../src/core/allocation-model.ts';
import { compareIds } from '../../src/core/compare.ts';
import { dayFromYmd, type Day } from '../../src/core/dates.ts';
import type { Invoice, Payment } from '../../src/core/types.ts';

/**
 * Identifiers that make natural order work: numbers with and without leading zeros, several prefixes,
 * letters after digits, bare numbers, digits too many for a double, and the same text twice.
 */
const ID = fc.constantFrom(
  'F1',
  'F2',
  'F9',
  'F10',
  'F010',
  'F01',
  'F1A',
  'F1B',
  'f3',
  'AV1',
  'AV10',
  'AV2',
  'FA2026-9',
  'FA2026-10',
  'FA2025-11',
  'FA2026-009',
  '9',
  '10',
  '010',
  '0000611365',
  '611364',
  'x',
  'P1',
  'P2',
  'P10',
  'P010',
  '12345678901234567890',
  '12345678901234567891',
  'F 2',
);
const CUSTOMER = fc.constantFrom('C1', 'C2', 'C10', 'C01', 'c1');
const day0 = dayFromYmd(2026, 1, 1);

const ledgerArb = fc
  .record({
    invoices: fc.array(
      fc.record({
        number: ID,
        c: CUSTOMER,
        cur: fc.constantFrom('EUR', 'EUR', 'USD'),
        issue: fc.integer({ min: 0, max: 6 }),
        terms: fc.constantFrom(0, 0, 2, 5),
        // Amounts from a few values too, so that a credit often equals an open item exactly (§3.3a).
        amount: fc.oneof(fc.integer({ min: -6000, max: 20000 }), fc.constantFrom(1000, 2000, 5000, -1000)),
        credits: fc.option(ID),
        status: fc.constantFrom('normal', 'normal', 'normal', 'disputed', 'written_off'),
      }),
      { maxLength: 40 },
    ),
    payments: fc.array(
      fc.record({
        id: ID,
        c: fc.option(CUSTOMER, { freq: 8 }),
        cur: fc.constantFrom('EUR', 'EUR', 'USD'),
        date: fc.integer({ min: 0, max: 8 }),
        amount: fc.oneof(fc.integer({ min: -4000, max: 25000 }), fc.constantFrom(1000, 2000, 3000, 5000)),
        refs: fc.array(fc.oneof(ID, fc.constantFrom('', ' f1 ', 'F404')), { maxLength: 3 }),
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
    invoices: invoices.map(
      (x, i): Invoice => ({
        number: x.number,
        customerId: x.c,
        customerName: null,
        issueDate: day(day0 + x.issue),
        dueDate: day(day0 + x.issue + x.terms),
        dueDateDerived: false,
        amount: cents(x.amount),
        currency: currencyCode(x.cur),
        isCreditNote: x.amount < 0,
        creditedInvoice: x.amount < 0 ? x.credits : null,
        status: x.status as Invoice['status'],
        file: 'f.csv',
        line: i + 2,
      }),
    ),
    payments: payments.map(
      (x, p): Payment => ({
        id: x.id,
        customerId: x.c,
        date: day(day0 + x.date),
        amount: cents(x.amount),
        currency: currencyCode(x.cur),
        refs: x.refs,
        method: null,
        file: 'p.csv',
        line: p + 2,
      }),
    ),
  }));

function allocation(invoices: readonly Invoice[], payments: readonly Payment[], asOf: Day) {
  const a = allocatePayments(invoices, payments, asOf);
  return {
    accounts: a.accounts.map((x) => ({ customerId: x.customerId, currency: x.currency, unapplied: x.unapplied, debits: x.debits.map((d) => [d.kind, d.number, d.open, d.settledOn]) })),
    warnings: a.warnings,
  };
}

const modelAllocation = allocationModel;

describe('the order of allocation (docs/accounting.md §3)', () => {
  it('allocates as §3 read literally does (src/core/allocation-model.ts): same debits in the same order, open amounts, settlement dates, unapplied credit, warnings', () => {
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
      number,
      customerId: 'C1',
      customerName: null,
      issueDate: day0,
      dueDate: day(day0 + 30),
      dueDateDerived: false,
      amount: cents(amount),
      currency: currencyCode('EUR'),
      isCreditNote: false,
      creditedInvoice: null,
      status: 'normal',
      file: 'f.csv',
      line: 2,
      ...extra,
    });
    const refund = (id: string): Payment => ({ id, customerId: 'C1', date: day(day0 + 30), amount: cents(-1000), currency: currencyCode('EUR'), refs: [], method: null, file: 'p.csv', line: 2 });
    // A refund of the invoices' due date is issued that day too: it goes after invoices issued earlier.
    const a = allocatePayments([f('F10'), f('F9'), f('F09'), f('F9', 500), f('F1', 1000, { issueDate: (day0 + 30) as Day })], [refund('F1'), refund('10')], (day0 + 40) as Day);
    expect(a.accounts[0]!.debits.map((d) => [d.number, d.amount])).toEqual([
      ['F09', 1000],
      ['F9', 1000],
      ['F9', 500],
      ['F10', 1000],
      ['10', 1000],
      ['F1', 1000],
      ['F1', 1000],
    ]);
    expect(a.accounts[0]!.debits.map((d) => d.kind)).toEqual(['invoice', 'invoice', 'invoice', 'invoice', 'refund', 'invoice', 'refund']);
  });
});
