/**
 * Rates as exact fractions: "5%" is 5/100, "4,5 %" is 45/1000, "0.05" is 5/100. Money multiplied by
 * a rate stays exact (BigInt) and is rounded once, half away from zero.
 */
export interface Rate {
  readonly num: bigint;
  readonly den: bigint;
}

/**
 * Parses a rate written as a percentage (`5%`, `4,5 %`) or a fraction (`0.05`); null when it is not one.
 * @example parseRate("5%") → { num: 5n, den: 100n }
 */
export function parseRate(text: string): Rate | null {
  const t = text.trim().replace(/\s+/g, '').replace(',', '.');
  const m = /^(-?\d+(?:\.\d+)?)(%?)$/.exec(t);
  if (!m) return null;
  const [whole, frac = ''] = m[1]!.split('.');
  const scale = 10n ** BigInt(frac.length);
  let num = BigInt(`${whole}${frac}`.replace(/^(-?)0+(?=\d)/, '$1'));
  let den = scale * (m[2] === '%' ? 100n : 1n);
  const g = gcd(num < 0n ? -num : num, den);
  if (g > 1n) {
    num /= g;
    den /= g;
  }
  return { num, den };
}

/**
 * The one rule `ar` reads a rate by, on the command line, at a prompt and in the config: `5%` (or
 * `4,5 %`) is a percentage; a bare number is a fraction, `0.05` being 5 %. A bare number above 1 (`5`,
 * `90`) is refused rather than guessed: 5 % or 500 %? Ranges (a margin below 100 % …) are the caller's.
 * @example readRate("5%") and readRate("0.05") → { num: 1n, den: 20n }; readRate("5") → 'bare_number_above_one'
 */
export function readRate(text: string): Rate | 'not_a_rate' | 'bare_number_above_one' {
  const r = parseRate(text);
  if (r === null) return 'not_a_rate';
  if (!text.includes('%') && r.num > r.den) return 'bare_number_above_one';
  return r;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

export function rateToNumber(r: Rate): number {
  return Number(r.num) / Number(r.den);
}
