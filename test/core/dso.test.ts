import { cents, currencyCode } from '../../src/core/money.ts';
import { describe, expect, it } from 'vitest';
import { countbackDso, dsoFigures, receivableAt, receivablesAt, salesBetween, trendDates } from '../../src/core/dso.ts';
import { isoFromDay } from '../../src/core/dates.ts';
import { d, inv, pay } from '../helpers/build.ts';
import { ledgerOf, type Ledger } from '../../src/core/ledger.ts';
import { allocateLedger } from '../../src/core/allocate.ts';
import type { Day } from '../../src/core/dates.ts';

/** The figures as a command has them: from the allocation as of the date. */
const figuresAt = (ledger: Ledger, asOf: Day, period: number) => dsoFigures(ledger, allocateLedger(ledger, asOf).arrays, period);

/** Sales: 100.00 on 10/02/2026 (due 12/03) and 100.00 on 10/03/2026 (due 09/04); 50.00 paid on 20/03. */
const invoices = [inv('F1', 'C1', '2026-02-10', '2026-03-12', 10000), inv('F2', 'C1', '2026-03-10', '2026-04-09', 10000)];
const payments = [pay('P1', 'C1', '2026-03-20', 5000)];

describe('DSO (SPEC 5)', () => {
  const [f] = figuresAt(ledgerOf(invoices, payments), d('2026-03-31'), 90);
  it('standard: AR / sales of the window × N = 150 / 200 × 90 = 67.5', () => {
    expect(f).toMatchObject({ currency: 'EUR', ar: 15000, sales: 20000, dso: 67.5 });
  });
  it('best possible: not-yet-due AR / sales × N = 100 / 200 × 90 = 45; days delinquent 22.5', () => {
    expect(f).toMatchObject({ notDue: 10000, bestPossible: 45, averageDaysDelinquent: 22.5 });
  });
  it('CEI = (AR start + sales − AR end) / (AR start + sales − not-due end) × 100 = (0 + 200 − 150) / (0 + 200 − 100) × 100 = 50', () => {
    expect(f).toMatchObject({ arAtStart: 0, cei: 50 });
  });
  it('countback across months of unequal length: March (31 days) used whole, then half of February (28 days)', () => {
    // AR 150: March sales 100 < 150 → 31 days, 50 left; February 100 ≥ 50 → 50/100 × 28 = 14. DSO = 45.
    expect(f!.countback).toBe(45);
    // As of 28/02 with AR 150: February (28 days) whole, then 50/100 of January (31 days) = 28 + 15.5.
    const sales = (s: number) => cents(isoFromDay(s).startsWith('2026-02') || isoFromDay(s).startsWith('2026-01') ? 10000 : 0);
    expect(countbackDso(cents(15000), (s) => sales(s), d('2026-02-28')).dso).toBe(43.5);
  });
  it('counts the month of a mid-month date to date', () => {
    const r = countbackDso(cents(15000), () => cents(10000), d('2026-03-15'));
    expect(r.steps[0]).toMatchObject({ month: '2026-03', days: 15, counted: 15 });
    expect(r.dso).toBe(15 + 14);
  });
  it('counts a written-off invoice in the sales of its window (every invoice issued), though not in AR', () => {
    const lost = inv('F3', 'C2', '2026-03-15', '2026-04-14', 10000, { status: 'written_off' });
    const [g] = figuresAt(ledgerOf([...invoices, lost], payments), d('2026-03-31'), 90);
    // AR 150 (F3 is outside the balance), sales 300: 150 / 300 × 90 = 45.
    expect(g).toMatchObject({ ar: 15000, sales: 30000, dso: 45 });
  });
  it('trends over the 12 month ends up to the date', () => {
    expect(trendDates(d('2026-10-15')).map(isoFromDay)).toEqual([
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-15',
    ]);
  });
});

describe('AR and sales by day, whatever the dates span', () => {
  it('sums rows dated far apart (a placeholder 31/12/9999), in many currencies, as the allocation does, in time and memory of the rows', () => {
    const codes = Array.from({ length: 60 }, (_, i) => `C${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`);
    const invoices = codes.flatMap((cur, i) => [
      inv(`A${i}`, `K${i}`, '0001-01-01', '0001-01-31', 1000 + i, { currency: currencyCode(cur) }),
      inv(`B${i}`, `K${i}`, '9999-12-31', '9999-12-31', 2000, { currency: currencyCode(cur) }),
    ]);
    // One currency of the usual shape beside them: many rows over a few months.
    for (let k = 0; k < 200; k++) invoices.push(inv(`E${k}`, `E${k % 7}`, isoFromDay(d('2026-01-01') + (k % 90)), isoFromDay(d('2026-03-01') + (k % 90)), 100 + k));
    const payments = [pay('P1', 'E1', '2026-02-01', 500), pay('P2', 'K3', '5000-06-30', 400, [], { currency: currencyCode('CAD') })];
    const ledger = ledgerOf(invoices, payments);
    const dates = [d('0001-01-01'), d('2026-02-15'), d('2026-12-31'), d('9999-12-31')];
    const t0 = performance.now();
    const fast = receivablesAt(ledger, dates);
    // A day-by-day array over eight thousand years, per currency, took 9.7 s and 3.5 GB for this ledger.
    expect(performance.now() - t0).toBeLessThan(1000);
    dates.forEach((date, k) => {
      expect(fast[k]).toEqual(new Map([...receivableAt(ledger, date)].map(([currency, r]) => [currency, r.ar])));
    });
    expect(salesBetween(ledger, 'CAD', d('0001-01-01'), d('9999-12-30'))).toBe(1003);
    expect(salesBetween(ledger, 'CAD', d('0001-01-02'), d('9999-12-31'))).toBe(2000);
    const euro = invoices.filter((x) => x.number.startsWith('E') && x.issueDate >= d('2026-01-10') && x.issueDate <= d('2026-02-20'));
    expect(salesBetween(ledger, 'EUR', d('2026-01-10'), d('2026-02-20'))).toBe(euro.reduce((s, x) => s + x.amount, 0));
  });
});
