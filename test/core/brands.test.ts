import { describe, expect, it } from 'vitest';
import { addDays, type Day, day, dayFromIso } from '../../src/core/dates.ts';
import { type Cents, type Currency, cents, centsFromUnits, currencyCode } from '../../src/core/money.ts';

/**
 * Money, days and currencies are branded types: a bare number, a float or a string is not one until a
 * named conversion says so. The `@ts-expect-error` lines are the test: `npm run typecheck` fails if one
 * of them compiles (the brand would be gone).
 */
describe('the brands of Cents, Day and Currency', () => {
  it('refuses a bare number or string where cents, a day or a currency is meant', () => {
    // @ts-expect-error a number is not cents
    const bare: Cents = 1234;
    // @ts-expect-error a float is not cents either
    const float: Cents = 12.34;
    // @ts-expect-error a day is not an amount
    const mixed: Cents = day(20757);
    // @ts-expect-error a number is not a day
    const date: Day = 20757;
    // @ts-expect-error an amount is not a day
    const when: Day = cents(20757);
    // @ts-expect-error a string is not a currency
    const code: Currency = 'EUR';
    expect([bare, float, mixed, date, when, code]).toHaveLength(6);
  });

  it('passes through the named conversions, unchanged', () => {
    expect(cents(1234)).toBe(1234);
    expect(centsFromUnits(12.34)).toBe(1234);
    expect(day(20757)).toBe(dayFromIso('2026-10-31'));
    expect(addDays(dayFromIso('2026-10-31')!, 1)).toBe(dayFromIso('2026-11-01'));
    expect(currencyCode(' eur ')).toBe('EUR');
    // Arithmetic gives a number, said to be cents again where it makes a record.
    const sum: number = cents(100) + cents(250);
    expect(cents(sum)).toBe(350);
  });
});
