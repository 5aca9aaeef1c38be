import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, detectDelimiter, FieldCursor, lineOf, tokenizeCsv, type CsvCells } from '../../src/core/import/csv.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

function records(text: string, delimiter = ','): { rows: string[][]; lines: number[] } {
  const bytes = enc.encode(text);
  const c: CsvCells = tokenizeCsv(bytes, delimiter.charCodeAt(0));
  const rows: string[][] = [];
  const f = new FieldCursor(bytes, c);
  for (let r = 0; r < c.rowCount; r++) {
    const row: string[] = [];
    for (let k = c.rowFirst[r]!; k < c.rowFirst[r + 1]!; k++) {
      f.at(r, k);
      const t = dec.decode(bytes.subarray(f.s, f.e));
      row.push(f.escaped ? t.replaceAll('""', '"') : t);
    }
    rows.push(row);
  }
  return { rows, lines: Array.from({ length: c.rowCount }, (_, r) => lineOf(c, r)) };
}

function failure(text: string): string {
  try {
    records(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return `${e.reason}@${e.line}`;
    throw e;
  }
  return 'ok';
}

/** csv-parse with the options the project used before the tokenizer: the oracle. */
function oracle(text: string, delimiter = ','): string[][] | { error: string } {
  try {
    return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    return { error: (e as { code: string }).code };
  }
}

describe('CSV tokenizer', () => {
  it('reads quoted fields, doubled quotes, delimiters and line breaks inside quotes', () => {
    expect(records('a;"b;c";"d""e"\n"multi\nline";x\n', ';')).toEqual({
      rows: [
        ['a', 'b;c', 'd"e'],
        ['multi\nline', 'x'],
      ],
      lines: [1, 2],
    });
  });

  it('numbers rows by the line they start on, with CRLF, LF and lone CR endings', () => {
    expect(records('h\r\n"a\r\nb"\r\nc\rd\ne').lines).toEqual([1, 2, 4, 5, 6]);
  });

  it('keeps empty lines as blank rows and opens no row after a final line ending', () => {
    expect(records('a,b\n\n\nc\n').rows).toEqual([['a', 'b'], [''], [''], ['c']]);
    expect(records('').rows).toEqual([]);
    expect(records('a,').rows).toEqual([['a', '']]);
  });

  it('takes a quote inside an unquoted field as a character', () => {
    expect(records('12" pipes,3\n').rows).toEqual([['12" pipes', '3']]);
  });

  it('refuses an unclosed quote, at the line it opens, and text after a closing quote', () => {
    expect(failure('a\nb,"open\n\nstill')).toBe('quote_not_closed@2');
    expect(failure('"a"x,b\n')).toBe('invalid_closing_quote@1');
  });

  it('gives the same records as csv-parse on every input csv-parse accepts, and fails where it fails', () => {
    const piece = fc.constantFrom('a', 'b', ' ', ',', ';', '"', '""', '\n', '\r\n', 'é', '€', '12,50', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), (parts, eol) => {
        // One line-ending style per input: csv-parse splits on the first style it meets only.
        const text = parts.map((p) => (p === '\n' || p === '\r\n' ? eol : p)).join('');
        const expected = oracle(text);
        const got = failure(text) === 'ok' ? records(text).rows : null;
        if (!('error' in expected)) {
          expect(got).toEqual(expected);
        } else if (expected.error === 'CSV_QUOTE_NOT_CLOSED' || expected.error === 'CSV_INVALID_CLOSING_QUOTE') {
          expect(got).toBeNull();
        }
        // CSV_INVALID_OPENING_QUOTE: a quote inside an unquoted field, which the tokenizer reads as a character.
      }),
      { numRuns: 3000 },
    );
  });

  it('grows its arrays when the rest of a large file has more rows than its first megabyte suggests', () => {
    const long = `${'x'.repeat(1000)},y\n`.repeat(1100); // about 1.1 MB of long lines
    const short = 'a,b\n'.repeat(300_000); // then many short ones
    const c = tokenizeCsv(enc.encode(long + short), 44);
    expect(c.rowCount).toBe(1100 + 300_000);
    expect(lineOf(c, c.rowCount - 1)).toBe(1100 + 300_000);
    const last = c.rowFirst[c.rowCount - 1]!;
    expect(c.fieldEnd[last]! - c.rowStart[c.rowCount - 1]!).toBe(1);
    // Nothing lost where the arrays grew: every row is one line of two fields, each where it should be.
    let wrong = 0;
    let offset = 0;
    for (let r = 0; r < c.rowCount; r++) {
      const k = c.rowFirst[r]!;
      const width = r < 1100 ? 1000 : 1;
      if (lineOf(c, r) !== r + 1 || c.rowFirst[r + 1]! - k !== 2) wrong++;
      else if (c.rowStart[r] !== offset || c.fieldEnd[k] !== offset + width || c.fieldEnd[k + 1] !== offset + width + 2) wrong++;
      offset += width + 3;
    }
    expect(wrong).toBe(0);
  });

  it('cuts a small file of one-byte fields and lines, every row and field where it should be', () => {
    const rows = ['1,2,3,4,5,6,7,8,9', ...Array.from({ length: 3000 }, (_, i) => String(i % 10))];
    const bytes = enc.encode(`${rows.join('\n')}\n`);
    const c = tokenizeCsv(bytes, 44);
    expect(c.rowCount).toBe(rows.length);
    const seen: string[] = [];
    const f = new FieldCursor(bytes, c);
    for (let r = 0; r < c.rowCount; r++) {
      const cells: string[] = [];
      for (let k = c.rowFirst[r]!; k < c.rowFirst[r + 1]!; k++) {
        f.at(r, k);
        cells.push(String.fromCharCode(...bytes.subarray(f.s, f.e)));
      }
      seen.push(cells.join(','));
      expect(lineOf(c, r)).toBe(r + 1);
    }
    expect(seen).toEqual(rows);
  });

  it('finds the delimiter from the most consistent count per line, title rows aside', () => {
    expect(detectDelimiter('Grand livre\nN°;Client;Montant\nF1;C1;"1,5"\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2\n')).toBe('|');
    expect(detectDelimiter('a,b\n1,2\n')).toBe(',');
  });
});
