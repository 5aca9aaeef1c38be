import { describe, expect, it } from 'vitest';
import { lateInterest } from '../../src/core/interest.ts';
import { d } from '../helpers/build.ts';

const RATES = { FR: { '2024-H1': 14.5, '2024-H2': 14.25, '2025-H1': 13.15 }, BE: { '2024-H1': 12.5, '2024-H2': 12.5 } };

describe('lateInterest (docs/accounting.md §6.1)', () => {
  it('runs from the day after the due date, actual/365, rounded half away from zero per invoice', () => {
    // 1,000.00 × 13.15 % × 30 / 365 = 10.8082… → 10.81
    expect(lateInterest(100000, d('2025-01-31'), d('2025-03-02'), 'FR', RATES)).toEqual({ interest: 1081, days: 30, assumed: [], rate: 13.15 });
  });
  it('takes each half-year at its own rate', () => {
    // 10,000.00 from 2024-06-21 to 2024-07-10: 9 days at 14.50 % + 10 days at 14.25 %
    // = 10,000 × (14.50 × 9 + 14.25 × 10) / 36,500 = 10,000 × 273 / 36,500 = 74.79…
    const r = lateInterest(1000000, d('2024-06-21'), d('2024-07-10'), 'FR', RATES);
    expect(r).toMatchObject({ interest: 7479, days: 19 });
  });
  it('uses the Belgian reference rate for Belgium and an agreed rate when given', () => {
    expect(lateInterest(36500, d('2024-01-01'), d('2024-01-11'), 'BE', RATES).interest).toBe(125); // 365.00 × 12.5 % × 10 / 365 = 1.25
    expect(lateInterest(36500, d('2024-01-01'), d('2024-01-11'), 'FR', RATES, 10).interest).toBe(100);
  });
  it('owes nothing before the due date and says when the table had no rate for a half-year', () => {
    expect(lateInterest(100000, d('2025-01-31'), d('2025-01-31'), 'FR', RATES).interest).toBe(0);
    expect(lateInterest(100000, d('2025-06-30'), d('2025-07-10'), 'FR', RATES).assumed).toEqual(['2025-H2']);
  });
});
