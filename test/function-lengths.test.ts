import { describe, expect, it } from 'vitest';
import { functionLengths } from '../scripts/function-lengths.ts';

/**
 * Functions a reader can hold: none in src/ is longer than 100 lines (from its first line to its
 * last, nested functions counted in it), but these, each for its reason. `node scripts/function-lengths.ts`
 * lists the longest.
 */
const LONGEST = 100;
const ALLOWED: Readonly<Record<string, string>> = {
  'src/io/xlsx-read.ts readSheet': "the sheet's scan: one loop over the bytes of the XML, every cell's attributes read in place (the hot path of a workbook)",
  'src/core/import/csv.ts tokenizeCsv': "the tokenizer: one loop over the bytes, a field's end kept as one offset (the hot path of a CSV ledger)",
  'src/core/import/ledger.ts importInvoices': 'the general importer of invoices, being tuned for speed',
  'src/core/import/ledger.ts readPaymentRows': 'the payments read straight from their bytes, being tuned for speed',
  'src/core/ledger.ts finish': "the ledger's columns put together once every row is in, being tuned for speed",
  'src/core/allocate-arrays.ts makePlan': "the allocation's orders sorted once per ledger, being tuned for speed",
};

describe('function lengths', () => {
  const lengths = functionLengths();
  const key = (l: { where: string; name: string }) => `${l.where.replace(/:\d+$/, '')} ${l.name}`;

  it(`has no function over ${LONGEST} lines but the ones said`, () => {
    const over = lengths.filter((l) => l.lines > LONGEST && !(key(l) in ALLOWED)).map((l) => `${l.lines} ${l.name} ${l.where}`);
    expect(over).toEqual([]);
  });

  it('says no exception that is no longer one', () => {
    const stillLong = new Set(lengths.filter((l) => l.lines > LONGEST).map(key));
    expect(Object.keys(ALLOWED).filter((k) => !stillLong.has(k))).toEqual([]);
  });
});
