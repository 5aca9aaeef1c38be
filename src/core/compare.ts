/**
 * Natural order of identifiers: digit runs compare as numbers, so payment "9" comes before "10"
 * and invoice "F2026-9" before "F2026-10"; ties fall back to plain code-unit order so the order is total.
 * @example compareIds("F-9", "F-10") < 0
 */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  let i = 0;
  let j = 0;
  while (i < la && j < lb) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const da = ca >= 48 && ca <= 57;
    const db = cb >= 48 && cb <= 57;
    if (da && db) {
      // Skip leading zeros, then compare run lengths, then digits.
      let si = i;
      while (si < la && a.charCodeAt(si) === 48) si++;
      let sj = j;
      while (sj < lb && b.charCodeAt(sj) === 48) sj++;
      let ei = si;
      while (ei < la && isDigit(a.charCodeAt(ei))) ei++;
      let ej = sj;
      while (ej < lb && isDigit(b.charCodeAt(ej))) ej++;
      const lenA = ei - si;
      const lenB = ej - sj;
      if (lenA !== lenB) return lenA - lenB;
      for (let k = 0; k < lenA; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (d !== 0) return d;
      }
      i = ei;
      j = ej;
    } else {
      if (ca !== cb) return ca - cb;
      i++;
      j++;
    }
  }
  if (la - i !== lb - j) return la - i - (lb - j);
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The key under which an invoice reference matches an invoice number: case and surrounding spaces ignored (docs/accounting.md §1.5). */
export function referenceKey(text: string): string {
  // Most references are already trimmed upper-case ASCII: skip the copies then (hot path at 1M rows).
  return NEEDS_FOLDING.test(text) ? text.trim().toUpperCase() : text;
}

const NEEDS_FOLDING = /^\s|\s$|[a-z\u0080-\uffff]/;

/**
 * Customers by their names, compared as ids are (`referenceKey`), for a file that names customers by
 * name where another gives codes (docs/accounting.md §9.1): a name two customers share is neither's
 * (null), a blank name no one's.
 * @example byName([['Dupont SA', 1], ['X', 2], ['x ', 3]]).get('DUPONT SA') === 1, and .get('X') === null
 */
export function byName<C>(names: Iterable<readonly [string, C]>): Map<string, C | null> {
  const out = new Map<string, C | null>();
  for (const [name, c] of names) {
    const key = referenceKey(name);
    if (key === '') continue;
    out.set(key, out.has(key) && out.get(key) !== c ? null : c);
  }
  return out;
}

/**
 * Sorts by a day, then by an identifier in natural order (`compareIds`), fast when there are many
 * ties: identifiers shaped `prefix + digits` (P123, 0000611365, FA2026-00042) are compared as their
 * prefix and their number, without walking the characters each time. Returns a new array.
 * @example sortByDayThenId(payments, (p) => p.date, (p) => p.id)
 */
export function sortByDayThenId<T>(items: readonly T[], dayOf: (x: T) => number, idOf: (x: T) => string): T[] {
  const n = items.length;
  const days = new Float64Array(n);
  const nums = new Float64Array(n);
  const prefixes: (string | null)[] = new Array<string | null>(n);
  const ids: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const x = items[i]!;
    days[i] = dayOf(x);
    const s = idOf(x);
    ids[i] = s;
    let j = s.length;
    while (j > 0 && isDigit(s.charCodeAt(j - 1))) j--;
    if (j < s.length && s.length - j <= 15) {
      prefixes[i] = j === 0 ? '' : s.slice(0, j);
      nums[i] = Number(s.slice(j));
    } else {
      prefixes[i] = null;
    }
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    const d = days[a]! - days[b]!;
    if (d !== 0) return d;
    const pa = prefixes[a]!;
    const pb = prefixes[b]!;
    if (pa !== null && pa === pb) {
      const dn = nums[a]! - nums[b]!;
      if (dn !== 0) return dn;
    }
    return compareIds(ids[a]!, ids[b]!);
  });
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = items[order[i]!]!;
  return out;
}
