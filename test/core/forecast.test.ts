import { day } from '../../src/core/dates.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateArrays } from '../../src/core/allocate-arrays.ts';
import { backtestForecast, lastMonthEnds, monthEndsBetween } from '../../src/core/backtest.ts';
import { addMonths, isoFromDay, type Day } from '../../src/core/dates.ts';
import { apportion, forecastMonths, forecastReceipts, forecastWeeks, type KnownPromise, type ProvisionMatrix } from '../../src/core/forecast.ts';
import { provisionRates } from '../../src/core/impact.ts';
import { bucketDefs } from '../../src/core/aging.ts';
import { ledgerOf } from '../../src/core/ledger.ts';
import type { Invoice, Payment } from '../../src/core/types.ts';
import { d, inv, pay } from '../helpers/build.ts';

const PROVISION: ProvisionMatrix = { bounds: [30, 60, 90], basis: 'due', rates: provisionRates(bucketDefs([30, 60, 90], 'due'), {}) };
const D = d('2026-10-31');

/** A customer invoiced on the 1st of each month, 30 days' terms, each invoice paid `late` days after its due date (negative: early). */
function history(customer: string, late: number, months = 20, amount = 100000, until: Day = D): { invoices: Invoice[]; payments: Payment[] } {
  const invoices: Invoice[] = [];
  const payments: Payment[] = [];
  for (let k = 0; k < months; k++) {
    const issue = addMonths(d('2025-01-01'), k);
    const number = `${customer}-${k}`;
    invoices.push(inv(number, customer, isoFromDay(issue), isoFromDay(issue + 30), amount));
    const paid = issue + 30 + late;
    if (paid <= until) payments.push(pay(`P${customer}-${k}`, customer, isoFromDay(paid), amount, [number]));
  }
  return { invoices, payments };
}

const weekOf = (asOf: number, at: number): number => Math.floor((at - asOf - 1) / 7);

function forecast(invoices: Invoice[], payments: Payment[], promises: KnownPromise[] = [], asOf: number = D) {
  const ledger = ledgerOf(invoices, payments);
  return forecastReceipts(ledger, allocateArrays(ledger, day(asOf)), { weeks: 13, months: 3, promises, provision: PROVISION });
}

describe('the periods of a forecast', () => {
  it('runs week 1 from the day after D to seven days after it, and so on', () => {
    const w = forecastWeeks(D, 13);
    expect(w.map((p) => [isoFromDay(p.from), isoFromDay(p.to)]).slice(0, 2)).toEqual([
      ['2026-11-01', '2026-11-07'],
      ['2026-11-08', '2026-11-14'],
    ]);
    expect(w[12]!.to - D).toBe(91);
  });
  it('takes calendar months when D is a month end, else D + k months', () => {
    expect(forecastMonths(d('2026-10-31'), 3).map((p) => `${isoFromDay(p.from)}/${isoFromDay(p.to)}`)).toEqual(['2026-11-01/2026-11-30', '2026-12-01/2026-12-31', '2027-01-01/2027-01-31']);
    expect(forecastMonths(d('2026-12-06'), 2).map((p) => `${isoFromDay(p.from)}/${isoFromDay(p.to)}`)).toEqual(['2026-12-07/2027-01-06', '2027-01-07/2027-02-06']);
  });
  it('splits amounts without losing a cent', () => {
    expect(apportion([1.5, 1.5, 0], 3)).toEqual([2, 1, 0]);
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 20 }), (xs) => {
        const total = Math.round(xs.reduce((s, x) => s + x, 0));
        const parts = apportion(xs, total);
        return parts.reduce((s, x) => s + x, 0) === total && parts.every((x) => Number.isInteger(x) && x >= 0);
      }),
    );
  });
});

describe('forecastReceipts: when each open item will be paid', () => {
  it('expects an invoice of a customer who always pays 20 days late 20 days after its due date', () => {
    const h = history('LATE', 20);
    const due = D + 10;
    h.invoices.push(inv('OPEN', 'LATE', isoFromDay(due - 30), isoFromDay(due), 500000));
    const c = forecast(h.invoices, h.payments).currencies[0]!;
    const customer = c.customers.find((x) => x.customerId === 'LATE')!;
    const week = weekOf(D, due + 20);
    expect(customer.weeks[week]).toBe(customer.open);
    expect(c.weeks.reduce((s, x) => s + x, 0)).toBe(customer.open);
  });

  it('expects an early payer before the due date', () => {
    const h = history('EARLY', -7);
    const due = D + 21;
    h.invoices.push(inv('OPEN', 'EARLY', isoFromDay(due - 30), isoFromDay(due), 500000));
    const customer = forecast(h.invoices, h.payments).currencies[0]!.customers[0]!;
    expect(customer.weeks[weekOf(D, due - 7)]).toBe(500000);
  });

  it('lets a customer with no history borrow from the customers like it (same terms and size)', () => {
    const a = history('LATE', 20);
    const b = history('PUNCTUAL', 0, 20, 5_000_000);
    const due = D + 10;
    const invoices = [...a.invoices, ...b.invoices, inv('NEW-1', 'NEW', isoFromDay(due - 30), isoFromDay(due), 100000)];
    const c = forecast(invoices, [...a.payments, ...b.payments]).currencies[0]!;
    const fresh = c.customers.find((x) => x.customerId === 'NEW')!;
    expect(fresh.history).toBe(0);
    // Like LATE (invoices of 1,000.00) more than like PUNCTUAL (50,000.00), which weighs most in the
    // whole ledger's history by amount: more expected 20 days late than on the due date.
    expect(fresh.weeks[weekOf(D, due + 20)]).toBeGreaterThan(fresh.weeks[weekOf(D, due)]!);
    // A customer of PUNCTUAL's size borrows from PUNCTUAL instead.
    const big = forecast([...invoices, inv('BIG-1', 'BIG', isoFromDay(due - 30), isoFromDay(due), 5_000_000)], [...a.payments, ...b.payments]).currencies[0]!.customers.find(
      (x) => x.customerId === 'BIG',
    )!;
    expect(big.weeks[weekOf(D, due)]!).toBeGreaterThan(big.open / 2);
  });

  it('puts an item under a running promise of the journal on the promised date, and ignores a lapsed one or one recorded after D', () => {
    const h = history('LATE', 20);
    const due = D + 10;
    h.invoices.push(inv('OPEN', 'LATE', isoFromDay(due - 30), isoFromDay(due), 500000));
    const until = D + 40;
    const promised = forecast(h.invoices, h.payments, [{ invoice: 'open', customerId: null, target: 'invoice', until: day(until), createdOn: day(D - 1) }]).currencies[0]!;
    expect(promised.weeks[weekOf(D, until)]).toBe(500000);
    expect(promised.promised).toBe(500000);
    const lapsed = forecast(h.invoices, h.payments, [{ invoice: 'OPEN', customerId: null, target: 'invoice', until: day(D - 1), createdOn: day(D - 20) }]).currencies[0]!;
    expect(lapsed.weeks[weekOf(D, due + 20)]).toBe(500000);
    const later = forecast(h.invoices, h.payments, [{ invoice: 'OPEN', customerId: null, target: 'invoice', until: day(until), createdOn: day(D + 1) }]).currencies[0]!;
    expect(later.promised).toBe(0);
    // A customer's promise holds everything it owes.
    const whole = forecast(h.invoices, h.payments, [{ invoice: null, customerId: 'late', target: 'customer', until: day(until), createdOn: null }]).currencies[0]!;
    expect(whole.weeks[weekOf(D, until)]).toBe(whole.open);
  });

  it('holds a disputed item back, and leaves written-off ones out', () => {
    const h = history('LATE', 20);
    h.invoices.push(inv('DISPUTED', 'LATE', '2026-10-01', '2026-10-31', 300000, { status: 'disputed' }), inv('LOST', 'LATE', '2025-01-15', '2025-02-14', 200000, { status: 'written_off' }));
    const c = forecast(h.invoices, h.payments).currencies[0]!;
    expect(c.heldBack).toBe(300000);
    expect(c.open).toBe(300000);
    expect(c.weeks.every((x) => x === 0)).toBe(true);
  });

  it('counts an item older than anything history saw paid as a probable loss at its provision rate, not as cash', () => {
    const h = history('LATE', 20);
    h.invoices.push(inv('OLD', 'LATE', '2026-03-01', '2026-03-31', 1000000));
    const c = forecast(h.invoices, h.payments).currencies[0]!;
    expect(c.doubtful).toBe(1000000);
    // Over 90 days past due: 40 % by default (docs/accounting.md §8).
    expect(c.probableLoss).toBe(400000);
    expect(c.weeks.reduce((s, x) => s + x, 0)).toBe(0);
  });

  it('knows only what was known at D: a later payment changes nothing', () => {
    const h = history('LATE', 20);
    h.invoices.push(inv('OPEN', 'LATE', '2026-10-10', '2026-11-09', 500000));
    const before = forecast(h.invoices, h.payments);
    const after = forecast(h.invoices, [...h.payments, pay('LATER', 'LATE', '2026-11-03', 500000, ['OPEN'])]);
    expect(after).toEqual(before);
  });

  it('accounts for every cent: the weeks, what comes after, what is held back and what is doubtful add up to the open items', () => {
    const arb = fc.record({
      invoices: fc.array(
        fc.record({
          c: fc.integer({ min: 0, max: 4 }),
          issue: fc.integer({ min: 0, max: 600 }),
          terms: fc.constantFrom(0, 30, 60),
          amount: fc.integer({ min: 1, max: 10_000_000 }),
          disputed: fc.boolean(),
        }),
        { minLength: 1, maxLength: 40 },
      ),
      payments: fc.array(fc.record({ c: fc.integer({ min: 0, max: 4 }), day: fc.integer({ min: 0, max: 700 }), amount: fc.integer({ min: 1, max: 10_000_000 }) }), { maxLength: 40 }),
    });
    fc.assert(
      fc.property(arb, ({ invoices, payments }) => {
        const start = d('2025-01-01');
        const is = invoices.map((x, i) =>
          inv(`F${i}`, `C${x.c}`, isoFromDay(start + x.issue), isoFromDay(start + x.issue + x.terms), x.amount, x.disputed && i % 3 === 0 ? { status: 'disputed' } : {}),
        );
        const ps = payments.map((x, i) => pay(`P${i}`, `C${x.c}`, isoFromDay(start + x.day), x.amount));
        const f = forecast(is, ps, [], start + 500);
        for (const c of f.currencies) {
          for (const x of [c, ...c.customers]) {
            const weeks = x.weeks.reduce((s, v) => s + v, 0) + x.afterWeeks;
            const months = x.months.reduce((s, v) => s + v, 0) + x.afterMonths;
            if (weeks + x.heldBack + x.doubtful !== x.open || months + x.heldBack + x.doubtful !== x.open) return false;
            if ([...x.weeks, ...x.months].some((v) => !Number.isInteger(v) || v < 0)) return false;
          }
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });
});

describe('backtestForecast', () => {
  // Two customers who pay steadily late, invoiced every month: the due dates are the wrong guess.
  const a = history('A', 24, 22, 100000, d('2026-11-20'));
  const b = history('B', 10, 22, 250000, d('2026-11-20'));
  const ledger = ledgerOf([...a.invoices, ...b.invoices], [...a.payments, ...b.payments]);
  const end = d('2026-11-20');

  it('replays the month ends before the end and scores only the weeks already known', () => {
    expect(lastMonthEnds(end, 2).map(isoFromDay)).toEqual(['2026-09-30', '2026-10-31']);
    expect(monthEndsBetween(d('2026-01-15'), d('2026-03-31')).map(isoFromDay)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
    const bt = backtestForecast(ledger, { origins: lastMonthEnds(end, 12), evaluatedTo: end, weeks: 13, promises: [], provision: PROVISION });
    const last = bt.currencies[0]!.origins.at(-1)!;
    expect(isoFromDay(last.date)).toBe('2026-10-31');
    // 2026-10-31 + 14 ≤ 2026-11-20 < 2026-10-31 + 21: two weeks known.
    expect(last.actual.filter((x) => x !== null)).toHaveLength(2);
  });

  it('measures what the items open at D brought in, and finds the forecast better than the due dates', () => {
    const bt = backtestForecast(ledger, { origins: lastMonthEnds(end, 12), evaluatedTo: end, weeks: 13, promises: [], provision: PROVISION });
    const c = bt.currencies[0]!;
    // Every origin's actual receipts are the payments of the invoices open then.
    for (const o of c.origins) {
      const paid = [...a.payments, ...b.payments].filter((p) => p.date > o.date && p.date <= o.date + 91 && p.date <= end);
      const open = [...a.invoices, ...b.invoices].filter((i) => i.issueDate <= o.date && ![...a.payments, ...b.payments].some((p) => p.refs[0] === i.number && p.date <= o.date));
      const expected = paid
        .filter((p) => open.some((i) => i.number === p.refs[0]) && Math.floor((p.date - o.date - 1) / 7) < o.actual.filter((x) => x !== null).length)
        .reduce((s, p) => s + p.amount, 0);
      expect(o.actual.reduce<number>((s, x) => s + (x ?? 0), 0)).toBe(expected);
    }
    expect(c.total.forecastWape!).toBeLessThan(0.8 * c.total.naiveWape!);
  });
});
