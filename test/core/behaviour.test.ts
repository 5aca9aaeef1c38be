import { cents } from '../../src/core/money.ts';
import { describe, expect, it } from 'vitest';
import { ageOpenItems } from '../../src/core/aging.ts';
import { allocatePayments } from '../../src/core/allocate.ts';
import { gradeOf, paymentBehaviour } from '../../src/core/behaviour.ts';
import type { Customer } from '../../src/core/types.ts';
import { d, inv, pay } from '../helpers/build.ts';

const customer = (id: string, creditLimit: number | null): Customer => ({
  id,
  name: id,
  emails: [],
  cc: [],
  language: 'fr',
  terms: null,
  creditLimit: creditLimit === null ? null : cents(creditLimit),
  doNotRemind: false,
  file: 'c.csv',
  line: 1,
});

describe('paymentBehaviour (docs/accounting.md §5.6) and the risk grade', () => {
  // EARLY pays 5 days before the due date; LATE paid 2026 invoices 40 days late and owes one 100 days late, over its limit.
  const invoices = [
    inv('E1', 'EARLY', '2026-01-10', '2026-02-09', 100000),
    inv('E2', 'EARLY', '2026-06-10', '2026-07-10', 300000),
    inv('L1', 'LATE', '2025-12-01', '2025-12-31', 100000),
    inv('L2', 'LATE', '2026-06-01', '2026-07-01', 100000),
    inv('L3', 'LATE', '2026-06-23', '2026-07-23', 200000),
  ];
  const payments = [
    pay('1', 'EARLY', '2026-02-04', 100000, ['E1']),
    pay('2', 'EARLY', '2026-07-05', 300000, ['E2']),
    pay('3', 'LATE', '2026-01-10', 100000, ['L1']),
    pay('4', 'LATE', '2026-08-10', 100000, ['L2']),
  ];
  const allocation = allocatePayments(invoices, payments, d('2026-10-31'));
  const rows = paymentBehaviour(
    allocation,
    ageOpenItems(allocation),
    new Map([
      ['LATE', customer('LATE', 150000)],
      ['EARLY', customer('EARLY', null)],
    ]),
  );

  it('weights days late and days to pay by amount, over the invoices settled in 12 months', () => {
    const early = rows.find((r) => r.customerId === 'EARLY')!;
    // E1: 25 days to pay, E2: 25 days → 25; never late.
    expect(early).toMatchObject({ avgDaysLate: 0, avgDaysToPay: 25, paidLateShare: 0, invoicesSettled: 2, grade: 'A', flags: [] });
    const late = rows.find((r) => r.customerId === 'LATE')!;
    // L1: 10 days late (100.00), L2: 40 days late (100.00) → 25; to pay: 40 and 70 → 55.
    expect(late).toMatchObject({ avgDaysLate: 25, avgDaysToPay: 55, paidLateShare: 1, invoicesSettled: 2 });
    // Last 6 months (L2: 40) against the 6 before (L1: 10): +30 days, worsening.
    expect(late.trend).toBe(30);
  });
  it('grades the customer 100 days late over its limit E, and sorts the worst first', () => {
    const late = rows[0]!;
    expect(late.customerId).toBe('LATE');
    // 100 % overdue (2) + days late 25 (1) + over 90 days (2) + over limit (1) + worsening (1) = 7 → E.
    expect(late).toMatchObject({ open: 200000, overdue: 200000, creditLimit: 150000, points: 7, grade: 'E', flags: ['over_limit', 'worsening', 'over_90'] });
    expect(late.creditUse).toBeCloseTo(200000 / 150000, 12);
  });
  it('maps points to grades', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 9].map(gradeOf)).toEqual(['A', 'B', 'B', 'C', 'C', 'D', 'D', 'E', 'E']);
  });
});
