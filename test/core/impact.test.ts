import { cents } from '../../src/core/money.ts';
import { describe, expect, it } from 'vitest';
import { ageOpenItems, bucketDefs } from '../../src/core/aging.ts';
import { allocatePayments } from '../../src/core/allocate.ts';
import { expectedCreditLoss, lossRatesFromHistory, provisionRates, unpaidInvoiceImpact, type Impact } from '../../src/core/impact.ts';
import { parseRate, readRate } from '../../src/core/rational.ts';
import { d, inv } from '../helpers/build.ts';

const r = (s: string) => parseRate(s)!;
const base = { unpaid: cents(1200000), revenue: cents(120000000), margin: r('5%') };
const ok = (x: Impact | string): Impact => {
  if (typeof x === 'string') throw new Error(x);
  return x;
};

describe('unpaidInvoiceImpact (docs/accounting.md §7)', () => {
  it('takes 240,000 of extra revenue to absorb 12,000 at 5 %: 2.4 months, margin 4 %', () => {
    expect(ok(unpaidInvoiceImpact(base))).toEqual({
      unpaid: 1200000,
      vatRecovered: 0,
      insurerPays: 0,
      expectedRecovery: 0,
      loss: 1200000,
      revenue: 120000000,
      marginBefore: 0.05,
      marginAfter: 0.04,
      extraRevenue: 24000000,
      monthsOfRevenue: 2.4,
      costOfWaiting: null,
    });
  });
  it('leaves out recoverable VAT: 12,000 TTC at 20 % is a loss of 10,000', () => {
    const x = ok(unpaidInvoiceImpact({ ...base, vat: r('20%') }));
    expect([x.loss, x.vatRecovered, x.extraRevenue, x.monthsOfRevenue]).toEqual([1000000, 200000, 20000000, 2]);
    expect(x.marginAfter).toBeCloseTo((60000 - 10000) / 1200000, 15);
  });
  it('takes off what a credit insurer pays after its deductible: 90 % of (12,000 − 1,500) = 9,450', () => {
    const x = ok(unpaidInvoiceImpact({ ...base, insured: r('90%'), deductible: cents(150000) }));
    expect([x.insurerPays, x.loss, x.extraRevenue]).toEqual([945000, 255000, 5100000]);
    expect(x.marginAfter).toBeCloseTo(0.047875, 15);
  });
  it('takes off the expected recovery: 30 % of 12,000', () => {
    const x = ok(unpaidInvoiceImpact({ ...base, recovery: r('30%') }));
    expect([x.expectedRecovery, x.loss, x.extraRevenue]).toEqual([360000, 840000, 16800000]);
  });
  it('applies VAT, then insurance, then recovery, in that order', () => {
    // 12,000 → 10,000 excl. VAT → insurer 90 % × 8,500 = 7,650 → 2,350 → recovery 30 % = 705 → 1,645.
    const x = ok(unpaidInvoiceImpact({ ...base, vat: r('20%'), insured: r('90%'), deductible: cents(150000), recovery: r('30%') }));
    expect([x.vatRecovered, x.insurerPays, x.expectedRecovery, x.loss, x.extraRevenue]).toEqual([200000, 765000, 70500, 164500, 3290000]);
  });
  it('prices the cost of waiting: 12,000 × 45 days × 8 % / 365 = 118.36', () => {
    expect(ok(unpaidInvoiceImpact({ ...base, costOfCredit: r('8%'), daysLate: 45 })).costOfWaiting).toBe(11836);
  });
  it('refuses a margin of 0 or below, a revenue of 0, nothing unpaid', () => {
    expect(unpaidInvoiceImpact({ ...base, margin: r('0%') })).toBe('margin_not_positive');
    expect(unpaidInvoiceImpact({ ...base, margin: r('-2%') })).toBe('margin_not_positive');
    expect(unpaidInvoiceImpact({ ...base, revenue: cents(0) })).toBe('revenue_not_positive');
    expect(unpaidInvoiceImpact({ ...base, unpaid: cents(0) })).toBe('unpaid_not_positive');
  });
  it('reads rates as percentages or fractions, exactly', () => {
    expect(parseRate('5%')).toEqual({ num: 1n, den: 20n });
    expect(parseRate('4,5 %')).toEqual({ num: 9n, den: 200n });
    expect(parseRate('0.05')).toEqual({ num: 1n, den: 20n });
    expect(parseRate('cinq')).toBeNull();
  });
  it('refuses a bare number above 1 rather than guess between 5 % and 500 %', () => {
    expect(readRate('5%')).toEqual({ num: 1n, den: 20n });
    expect(readRate('0.05')).toEqual({ num: 1n, den: 20n });
    expect(readRate('1')).toEqual({ num: 1n, den: 1n });
    expect(readRate('150%')).toEqual({ num: 3n, den: 2n });
    expect(readRate('5')).toBe('bare_number_above_one');
    expect(readRate('90')).toBe('bare_number_above_one');
    expect(readRate('1,5')).toBe('bare_number_above_one');
    expect(readRate('cinq')).toBe('not_a_rate');
  });
});

describe('expected credit loss (docs/accounting.md §8)', () => {
  const invoices = [
    inv('F1', 'C1', '2026-10-01', '2026-11-30', 100000), // not due
    inv('F2', 'C1', '2026-06-01', '2026-07-01', 50000), // 91+
    inv('F3', 'C2', '2025-01-01', '2025-01-31', 50000, { status: 'written_off' }), // 91+, written off
  ];
  const aged = ageOpenItems(allocatePayments(invoices, [], d('2026-10-31')));
  it('sums each bucket times its loss rate', () => {
    const e = expectedCreditLoss(aged, 'EUR', { not_due: 0.01, '1-30': 0.02, '31-60': 0.05, '61-90': 0.1, '91+': 0.5 });
    expect(e.lines.map((l) => [l.bucket, l.open, l.expectedLoss])).toEqual([
      ['not_due', 100000, 1000],
      ['1-30', 0, 0],
      ['31-60', 0, 0],
      ['61-90', 0, 0],
      ['91+', 50000, 25000],
    ]);
    expect(e.total).toBe(26000);
  });
  it('gives every bucket of any bounds a rate: its own, else the default of its age', () => {
    expect(provisionRates(bucketDefs([30, 60, 90], 'due'), {})).toEqual({ not_due: 0.005, '1-30': 0.02, '31-60': 0.05, '61-90': 0.15, '91+': 0.4 });
    expect(provisionRates(bucketDefs([30, 60, 90, 120], 'due'), { '121+': 0.6 })).toEqual({ not_due: 0.005, '1-30': 0.02, '31-60': 0.05, '61-90': 0.15, '91-120': 0.4, '121+': 0.6 });
    expect(provisionRates(bucketDefs([45], 'due'), {})).toEqual({ not_due: 0.005, '1-45': 0.02, '46+': 0.05 });
  });
  it('estimates rates from the ledger’s written-off invoices: 500 of 1,000 over 90 days', () => {
    expect(lossRatesFromHistory(aged, 'EUR')).toEqual({ not_due: 0, '1-30': 0, '31-60': 0, '61-90': 0, '91+': 0.5 });
  });
});
