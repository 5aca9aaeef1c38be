/**
 * The identifiers of a ledger's rows — invoice numbers, payment ids — by row. Accounting software
 * numbers its documents `prefix + digits`, rising with the rows (FA2026-00001, FA2026-00002…): such
 * ids are held as their numbers alone, and the text of one is made only when it is asked for (an open
 * item shown, a warning). A million invoices and a million payments then hold no two million strings
 * (measured: npm run bench), and the allocation orders them by their numbers.
 */
export interface Ids {
  readonly length: number;
  /** The id of row i, as the ledger writes it. */
  at(i: number): string;
  /** Set when every id is `prefix + digits`, the numbers rising strictly with the rows. */
  readonly rising?: RisingNumbers;
}

export interface RisingNumbers {
  /** The text before the digits, the same for every row, never ending in a digit. */
  readonly prefix: string;
  /** Each row's digits as a number (at most 15 digits: exact), strictly rising. */
  readonly num: Float64Array;
  /** How many digits each row writes (leading zeros included). */
  readonly digits: Uint8Array;
}

/** The ids of an array of strings. */
export function idList(list: readonly string[]): Ids {
  return { length: list.length, at: (i) => list[i]! };
}

/** The ids `prefix + digits` of rising numbers (see `RisingNumbers`). */
export function risingIds(rising: RisingNumbers): Ids {
  const { prefix, num, digits } = rising;
  return {
    length: num.length,
    rising,
    at(i) {
      const s = String(num[i]!);
      const pad = digits[i]! - s.length;
      return pad > 0 ? prefix + zeros(pad) + s : prefix + s;
    },
  };
}

/** Leading zeros, made once for each width (numbers are at most 15 digits). */
const ZEROS = Array.from({ length: 16 }, (_, n) => '0'.repeat(n));
function zeros(n: number): string {
  return ZEROS[n] ?? '0'.repeat(n);
}
