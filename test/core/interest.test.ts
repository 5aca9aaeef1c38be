import { addDays } from '../../src/core/dates.ts';
import { cents } from '../../src/core/money.ts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { interestByPortions, rateOf, type RateTable } from '../../src/core/interest.ts';
import { d } from '../helpers/build.ts';

const FR: RateTable = { rates: { '2024-H1': 14.5, '2024-H2': 14.25, '2025-H1': 13.15, '2025-H2': 12.15, '2026-H1': 12.15, '2026-H2': 12.15 } };
const BE: RateTable = { rates: { '2025-H1': 11.5, '2025-H2': 10.5, '2026-H1': 10.5, '2026-H2': 10.5 } };
const at = (open: number, due: string, asOf: string, table: RateTable, settlements: { date: string; amount: number }[] = []) =>
  interestByPortions({ open: cents(open), settlements: settlements.map((s) => ({ date: d(s.date), amount: cents(s.amount) })), runsFrom: addDays(d(due), 1), asOf: d(asOf), table });

describe('interestByPortions (docs/accounting.md §6)', () => {
  it('computes the example of the contract: 10,000.00 due 2025-03-15, 4,000.00 paid 2025-09-30, as of 2026-11-30 → 1,542.57 in France', () => {
    const r = at(600000, '2025-03-15', '2026-11-30', FR, [{ date: '2025-09-30', amount: 400000 }]);
    // 10,000 × (13.15 % × 107 + 12.15 % × 92) / 365 + 6,000 × 12.15 % × 426 / 365 = 691.74 + 850.83
    expect(r.interest).toBe(154257);
    expect(r.periods.map((p) => [p.from, p.to, p.days, p.base, p.rate, p.interest])).toEqual([
      [d('2025-03-16'), d('2025-06-30'), 107, 1000000, 13.15, 38549],
      [d('2025-07-01'), d('2025-09-30'), 92, 1000000, 12.15, 30625],
      [d('2025-10-01'), d('2026-11-30'), 426, 600000, 12.15, 85083],
    ]);
    expect(r.periods.reduce((s, p) => s + p.interest, 0)).toBe(r.interest);
    expect(r.assumed).toEqual([]);
    // What computing on today's open amount alone gave, the paid portion's interest lost: 1,265.88.
    expect(at(600000, '2025-03-15', '2026-11-30', FR).interest).toBe(126588);
  });
  it('gives the same debit in Belgium at the reference rates: 11.5 % then 10.5 %', () => {
    const r = at(600000, '2025-03-15', '2026-11-30', BE, [{ date: '2025-09-30', amount: 400000 }]);
    // 10,000 × (11.5 % × 107 + 10.5 % × 92) / 365 + 6,000 × 10.5 % × 426 / 365 = 337.12 + 264.66 + 735.29 = 1,337.07
    expect(r.interest).toBe(133707);
    expect(r.interest - at(600000, '2025-03-15', '2026-11-30', BE).interest).toBe(24071);
  });
  it('charges an invoice paid late in full until the day it was paid, and nothing for a payment on time', () => {
    const late = at(0, '2025-01-31', '2026-11-30', FR, [{ date: '2025-03-02', amount: 100000 }]);
    expect(late).toMatchObject({ interest: 1081, days: 30 }); // 1,000.00 × 13.15 % × 30 / 365 = 10.81
    expect(at(0, '2025-01-31', '2026-11-30', FR, [{ date: '2025-01-31', amount: 100000 }])).toMatchObject({ interest: 0, periods: [] });
  });
  it('takes each half-year at its own rate, and says which half-year was not in the table', () => {
    // 10,000.00 from 2024-06-21 to 2024-07-10: 9 days at 14.50 % + 10 days at 14.25 % = 74.79
    expect(at(1000000, '2024-06-21', '2024-07-10', FR)).toMatchObject({ interest: 7479, days: 19, assumed: [] });
    const past = at(100000, '2026-06-30', '2027-01-10', FR);
    expect(past.assumed).toEqual(['2027-H1']);
    expect(past.periods.map((p) => [p.rate, p.assumed])).toEqual([
      [12.15, false],
      [12.15, true],
    ]);
    expect(rateOf(FR, '2023-H2')).toEqual({ rate: 1450, assumed: true });
  });
  it('holds the rate of the half-year interest began in, for public procurement', () => {
    const pub: RateTable = { rates: { '2024-H2': 12.25, '2025-H1': 11.15 }, fixedAtStart: true };
    const r = at(100000, '2024-12-01', '2025-01-30', pub);
    expect(r.periods.map((p) => [p.days, p.rate])).toEqual([[60, 12.25]]);
    expect(r.interest).toBe(2014); // 1,000.00 × 12.25 % × 60 / 365 = 20.14
  });
  it('reads a yearly table (Belgian legal rate) for both halves of the year', () => {
    expect(at(36500, '2025-12-31', '2026-01-10', { rates: { '2025': 4.5, '2026': 4.5 } }).interest).toBe(45); // 365.00 × 4.5 % × 10 / 365
  });
  it('runs over centuries in linear time: every assumed half-year once, in order (as of 9999-12-31 took 100 s a reminder run)', () => {
    // Twenty invoices of a ledger (a hundred milliseconds each before, a few now).
    const t0 = performance.now();
    const table = { rates: { '2026-H1': 12.15 } };
    for (let k = 0; k < 19; k++) at(100000 + k, '2026-06-30', '9999-12-31', table);
    const r = at(123456, '2026-06-30', '9999-12-31', table);
    expect(performance.now() - t0).toBeLessThan(1000);
    // 2026-H2 to 9999-H2: one line (one rate, one amount), every half-year assumed, each named once.
    expect(r.periods).toHaveLength(1);
    expect(r.assumed).toHaveLength(2 * (9999 - 2026) + 1);
    expect([r.assumed[0], r.assumed[1], r.assumed.at(-1)]).toEqual(['2026-H2', '2027-H1', '9999-H2']);
    // Lines of many rates get their cents by the largest remainders, whatever their number.
    const rates = Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`${2000 + Math.floor(i / 2)}-H${(i % 2) + 1}`, 1 + (i % 7) / 100]));
    const many = at(99999, '1999-12-31', '3999-12-31', { rates });
    expect(many.periods.length).toBeGreaterThan(3000);
    expect(many.periods.reduce((sum, p) => sum + p.interest, 0)).toBe(many.interest);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('the shipped rate tables', () => {
  const shipped = JSON.parse(readFileSync(new URL('../../data/late-payment-rates.json', import.meta.url), 'utf8')) as Record<
    string,
    Record<string, { rates: Record<string, { rate: number; source: string; ecb?: number }> }>
  >;
  it('carry every published half-year from 2019 with its source', () => {
    for (const [country, tables] of Object.entries(shipped)) {
      if (country.startsWith('_')) continue;
      for (const [kind, t] of Object.entries(tables)) {
        const keys = Object.keys(t.rates);
        expect(keys[0], `${country} ${kind}`).toMatch(/^2019(-H1)?$/);
        for (const [k, v] of Object.entries(t.rates)) expect(v.source.length, `${country} ${kind} ${k}`).toBeGreaterThan(20);
      }
    }
  });
  it('agree with the rates the contract names, and with their rule (ECB + 10, + 8, + 8 rounded up to the half point)', () => {
    const r = (c: string, k: string, h: string) => shipped[c]![k]!.rates[h]!.rate;
    expect(['2023-H1', '2023-H2', '2024-H1', '2024-H2', '2025-H1', '2025-H2', '2026-H1'].map((h) => r('FR', 'commercial', h))).toEqual([12.5, 14, 14.5, 14.25, 13.15, 12.15, 12.15]);
    expect(['2023-H1', '2023-H2', '2024-H1', '2024-H2', '2025-H1', '2025-H2', '2026-H1'].map((h) => r('BE', 'commercial', h))).toEqual([10.5, 12, 12.5, 12.5, 11.5, 10.5, 10.5]);
    expect(r('FR', 'commercial', '2019-H1')).toBe(10);
    expect(r('FR', 'legal', '2026-H1')).toBe(2.62);
    expect(r('BE', 'legal', '2023')).toBe(5.25);
    for (const [h, v] of Object.entries(shipped.FR!.commercial!.rates)) {
      expect(v.rate, h).toBeCloseTo(v.ecb! + 10, 9);
      expect(shipped.FR!.public!.rates[h]!.rate, h).toBeCloseTo(v.ecb! + 8, 9);
      expect(shipped.BE!.commercial!.rates[h]!.rate, h).toBe(Math.ceil((v.ecb! + 8) * 2 - 1e-9) / 2);
    }
  });
});

describe('interestByPortions: the arithmetic is exact', () => {
  it('rounds the exact sum of base × rate × days / 365 once, and shares it by the largest remainder, whatever the amounts', () => {
    fc.assert(
      fc.property(
        // Up to ten trillion euros, paid in up to six portions, at up to 25 % a year, fixed or by half-year.
        fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 10_000_000_000_000, max: 1_000_000_000_000_000 })),
        fc.array(fc.record({ after: fc.integer({ min: 0, max: 900 }), share: fc.integer({ min: 1, max: 1000 }) }), { maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 2500 }), { minLength: 6, maxLength: 6 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1200 }),
        (amount, portions, rates, fixedAtStart, asOfAfter) => {
          const runsFrom = d('2024-01-10');
          const keys = ['2024-H1', '2024-H2', '2025-H1', '2025-H2', '2026-H1', '2026-H2'];
          const table: RateTable = { rates: Object.fromEntries(keys.map((k, i) => [k, rates[i]! / 100])), fixedAtStart };
          let left = amount;
          const settlements = portions.map((p) => {
            const paid = Math.min(left, Math.floor((amount / 1000) * p.share));
            left -= paid;
            return { date: addDays(runsFrom, p.after), amount: cents(paid) };
          });
          const r = interestByPortions({ open: cents(left), settlements, runsFrom, asOf: addDays(runsFrom, asOfAfter), table });
          const DEN = 365n * 10000n;
          const exact = r.periods.map((p) => BigInt(p.base) * BigInt(Math.round(p.rate * 100)) * BigInt(p.days));
          const total = exact.reduce((a, b) => a + b, 0n);
          const rounded = (total * 2n + DEN) / (DEN * 2n);
          expect(BigInt(r.interest)).toBe(rounded);
          // Each line its floor, and a cent more for the largest remainders (the first on a tie) until the lines add up.
          const shares = exact.map((x) => x / DEN);
          const byRemainder = exact.map((x, i) => ({ i, rest: x % DEN })).sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
          const extra = Number(rounded - shares.reduce((a, b) => a + b, 0n));
          for (let k = 0; k < extra; k++) shares[byRemainder[k]!.i]!++;
          expect(r.periods.map((p) => BigInt(p.interest))).toEqual(shares);
        },
      ),
      { numRuns: 400 },
    );
  });
});
