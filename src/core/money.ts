/**
 * Money as integer cents. Every amount in `ar` is a whole number of cents of one currency;
 * floating point only ever appears at the edges (parsing an Excel number) and is rounded there.
 */

declare const CENTS: unique symbol;

/**
 * An integer number of cents (minor units) of one currency. A branded number: a bare number or a float
 * is not one until a named conversion says so (`cents`, `centsFromUnits`, the parsers of amounts), so
 * that an amount in units, a count or a day cannot pass for money. Arithmetic on cents gives a number:
 * a sum is said to be cents again with `cents(a + b)`.
 */
export type Cents = number & { readonly [CENTS]: true };

/**
 * Says that a whole number is an amount in cents: a sum or difference of cents, a count of them read
 * from a ledger, a zero. It does not round: give it whole numbers.
 * @example cents(1200 + 34) // 12.34 EUR
 */
export function cents(n: number): Cents {
  return n as Cents;
}

/**
 * Rounds half away from zero, the rounding of French and Belgian invoicing.
 * @example roundHalfAwayFromZero(2.5) === 3; roundHalfAwayFromZero(-2.5) === -3
 */
function roundHalfAwayFromZero(x: number): number {
  const r = Math.round(Math.abs(x));
  // Math.round rounds .5 up; on the absolute value that is "away from zero".
  return x < 0 ? -r : r;
}

/**
 * Converts a binary floating-point amount in units (as Excel stores it) to cents, absorbing
 * representation noise such as 0.1 + 0.2 = 0.30000000000000004.
 * @example centsFromUnits(1234.56) === 123456
 */
export function centsFromUnits(units: number): Cents {
  return cents(roundHalfAwayFromZero(Number((units * 100).toFixed(4))));
}

/**
 * Formats cents as a plain decimal string with two decimals and a point, for programs.
 * @example formatCentsPlain(-123456) === "-1234.56"
 */
export function formatCentsPlain(c: number): string {
  const neg = c < 0;
  const abs = Math.abs(c);
  const units = Math.floor(abs / 100);
  const rest = abs - units * 100;
  return `${neg ? '-' : ''}${units}.${rest < 10 ? '0' : ''}${rest}`;
}

/**
 * Multiplies an amount by a rational factor num/den and rounds half away from zero,
 * in exact integer arithmetic (BigInt) so that no cent is lost on large products.
 * @example mulDivRound(1000, 1, 3) === 333
 */
export function mulDivRound(amount: number, num: bigint | number, den: bigint | number): Cents {
  const a = BigInt(amount);
  const n = BigInt(num);
  const d = BigInt(den);
  if (d === 0n) throw new RangeError('division by zero');
  const p = a * n;
  const sign = p < 0n !== d < 0n ? -1n : 1n;
  const pa = p < 0n ? -p : p;
  const da = d < 0n ? -d : d;
  const q = (pa * 2n + da) / (da * 2n);
  return cents(Number(sign * q));
}

declare const CURRENCY: unique symbol;

/**
 * An ISO 4217 currency code (`EUR`, `USD`): the currency of an amount. A branded string: a column's
 * text, a name or an id is not a currency until `currencyCode` has read it as one, so that amounts of
 * different currencies are never added by a mix-up of strings (docs/accounting.md §3.5).
 */
export type Currency = string & { readonly [CURRENCY]: true };

/**
 * A currency code as `ar` keeps it: three letters, upper case. The readers of amounts (symbols such as
 * `€` are read as their code before) and the config's `currency` give it; `EUR` when none is given.
 * @example currencyCode('eur') === 'EUR'
 */
export function currencyCode(code: string): Currency {
  return code.trim().toUpperCase() as Currency;
}
