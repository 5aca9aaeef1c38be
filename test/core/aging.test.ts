import { describe, expect, it } from 'vitest';
import { ageOpenItems, bucketDefs, bucketIndex } from '../../src/core/aging.ts';
import { allocatePayments } from '../../src/core/allocate.ts';
import { d, inv, pay } from '../helpers/build.ts';

describe('bucketDefs and bucketIndex (docs/accounting.md §4)', () => {
  it('has not-yet-due then 1–30, 31–60, 61–90, over 90 by default', () => {
    expect(bucketDefs([30, 60, 90], 'due')).toEqual([
      { key: 'not_due', from: null, to: 0 },
      { key: '1-30', from: 1, to: 30 },
      { key: '31-60', from: 31, to: 60 },
      { key: '61-90', from: 61, to: 90 },
      { key: '91+', from: 91, to: null },
    ]);
  });
  it('puts each boundary day in the right bucket', () => {
    const at = (age: number) => bucketIndex(age, [30, 60, 90], 'due');
    expect([-5, 0, 1, 30, 31, 60, 61, 90, 91, 400].map(at)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });
  it('starts at 0–30 with the issue-date basis', () => {
    expect(bucketDefs([30, 60, 90], 'issue').map((b) => b.key)).toEqual(['0-30', '31-60', '61-90', '91+']);
    expect([0, 30, 31, 91].map((a) => bucketIndex(a, [30, 60, 90], 'issue'))).toEqual([0, 0, 1, 3]);
  });
  it('follows custom boundaries', () => {
    expect(bucketDefs([30, 60, 90, 120], 'due').map((b) => b.key)).toEqual(['not_due', '1-30', '31-60', '61-90', '91-120', '121+']);
  });
});

describe('ageOpenItems (docs/accounting.md §4)', () => {
  const invoices = [
    inv('F1', 'C1', '2026-06-01', '2026-07-01', 100000), // 122 days past due on 31/10 → 91+
    inv('F2', 'C1', '2026-09-01', '2026-10-01', 50000), // 30 → 1-30
    inv('F3', 'C1', '2026-10-15', '2026-11-14', 20000), // not yet due
    inv('F4', 'C2', '2026-08-01', '2026-08-31', 30000), // 61 → 61-90
    inv('F5', 'C2', '2026-08-15', '2026-09-30', 10000, { status: 'disputed' }), // 31 → 31-60
    inv('F6', 'C3', '2025-01-01', '2025-01-31', 7000, { status: 'written_off' }),
    inv('F7', 'C4', '2026-10-01', '2026-10-31', 5000), // 0 → not yet due
  ];
  const payments = [pay('P1', 'C1', '2026-10-20', 30000, ['F1']), pay('P2', 'C4', '2026-10-30', 8000, ['F7'])];
  const aged = ageOpenItems(allocatePayments(invoices, payments, d('2026-10-31')));

  it('stands each open item whole in one bucket, with its open amount', () => {
    const eur = aged.currencies[0]!;
    const c1 = eur.customers.find((c) => c.customerId === 'C1')!;
    expect(c1.buckets).toEqual([20000, 50000, 0, 0, 70000]);
    expect(c1.items.map((i) => [i.debit.number, i.daysPastDue])).toEqual([
      ['F1', 122],
      ['F2', 30],
      ['F3', -14],
    ]);
  });
  it('sorts customers by net balance, largest first, with totals per bucket', () => {
    const eur = aged.currencies[0]!;
    expect(eur.customers.map((c) => [c.customerId, c.total])).toEqual([
      ['C1', 140000],
      ['C2', 40000],
      ['C3', 0],
      ['C4', -3000],
    ]);
    expect(eur.buckets).toEqual([20000, 50000, 10000, 30000, 70000]);
    expect(eur.unapplied).toBe(-3000);
    expect(eur.total).toBe(20000 + 50000 + 10000 + 30000 + 70000 - 3000);
  });
  it('keeps written-off invoices out of the balance, on their own line', () => {
    const eur = aged.currencies[0]!;
    const c3 = eur.customers.find((c) => c.customerId === 'C3')!;
    expect(c3.items).toEqual([]);
    expect(c3.writtenOff).toBe(7000);
    expect(eur.writtenOff).toBe(7000);
  });
  it('counts disputed invoices in the balance and reports them', () => {
    expect(aged.currencies[0]!.disputed).toBe(10000);
  });
  it('ages by issue date with --basis issue', () => {
    const byIssue = ageOpenItems(allocatePayments(invoices, payments, d('2026-10-31')), { basis: 'issue' });
    const c1 = byIssue.currencies[0]!.customers.find((c) => c.customerId === 'C1')!;
    // F1 issued 152 days before → 91+; F2 60 → 31-60; F3 16 → 0-30.
    expect(c1.buckets).toEqual([20000, 50000, 0, 70000]);
  });
});
