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

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

export function rateToNumber(r: Rate): number {
  return Number(r.num) / Number(r.den);
}

/** A rate from a number (config files hold 0.05): exact to 1e-9. */
export function rateFromNumber(x: number): Rate {
  return parseRate(String(Number(x.toFixed(9)))) ?? { num: 0n, den: 1n };
}
