import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { dayFromYmd } from '../../src/core/dates.ts';
import type { Cell } from '../../src/core/import/table.ts';
import { openXlsx, type SheetRows } from '../../src/io/xlsx-read.ts';
import { checkXlsxArchive } from '../../src/io/zip-check.ts';
import { arInProcess, tempDir } from './run.ts';

/**
 * What the tests of the workbook readers share (test/io/xls-read.test.ts, test/io/ods-read.test.ts): a workbook as
 * read, the oracle (the .xlsx reader on the .xlsx LibreOffice made of the same source), `ar aging` of a copy, and
 * what every reader must read of the corpus's `xls-features` source.
 */

/** A workbook as read: its date system and its sheets, what read-table uses of them. */
export interface Read {
  date1904: boolean;
  sheets: Pick<SheetRows, 'name' | 'rows' | 'lines' | 'warnings'>[];
}

export const pick = ({ name, rows, lines, warnings }: SheetRows): Read['sheets'][number] => ({ name, rows, lines, warnings });

/** The .xlsx reader's reading of a workbook's bytes: the oracle of the others. */
export async function oracle(bytes: Uint8Array): Promise<Read> {
  const book = openXlsx('book', await checkXlsxArchive('book', bytes));
  return { date1904: book.date1904, sheets: book.sheets.map((s) => pick(s.read())) };
}

export const date = (y: number, m: number, d: number): Cell => ({ day: dayFromYmd(y, m, d) });

/** `ar aging` of a copy of `source` named `ledger.<ext>`, as JSON, the file's name made alike for every format. */
export async function agingOfCopy(source: string, ext: string, spec = '') {
  const dir = tempDir(`ar-${ext}-`);
  copyFileSync(source, join(dir, `ledger.${ext}`));
  const r = await arInProcess(['aging', `ledger.${ext}${spec}`, '--as-of', '2026-11-30', '--format', 'json'], { cwd: dir });
  return { ...r, stdout: r.stdout.replaceAll(`ledger.${ext}`, 'ledger.EXT'), stderr: r.stderr.replaceAll(`ledger.${ext}`, 'ledger.EXT') };
}

/**
 * The corpus's `xls-features` source as every reader must read it: booleans, a text and a date merged down one
 * column (not across) repeated, blank rows left out and counted, the hidden row said, its second sheet's name.
 */
export function expectFeatures(sheets: Read['sheets']): void {
  const [f, r] = sheets;
  expect(f!.rows.slice(2).map((x) => x[6] ?? null)).toEqual([false, true, null, true, null, null, null, null]);
  expect(f!.rows.slice(2, 5).map((x) => x[1])).toEqual(['C001', 'C001', 'C001']);
  expect(f!.rows.slice(6, 8).map((x) => [x[2], x[4]])).toEqual([
    ['Cœur de Bœuf SARL', date(2026, 1, 30)],
    ['Cœur de Bœuf SARL', date(2026, 1, 30)],
  ]);
  expect(f!.lines).toEqual([1, 3, 4, 5, 6, 9, 10, 11, 12, 13]);
  expect(f!.warnings).toEqual([{ severity: 'warning', code: 'hidden_rows_read', file: 'book#Factures', line: 5, params: { count: 1, lines: '5' } }]);
  expect(r!.name).toBe('Règlements');
}

/** Changes the sizes an entry declares, in the zip directory and its local header. */
export function declareSize(zip: Buffer, part: string, size: number): Buffer {
  const b = Buffer.from(zip);
  const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = b.readUInt32LE(end + 16);
  for (let i = 0; i < b.readUInt16LE(end + 10); i++) {
    const n = b.readUInt16LE(p + 28);
    if (b.toString('utf8', p + 46, p + 46 + n) === part) {
      b.writeUInt32LE(size, p + 24);
      const local = b.readUInt32LE(p + 42);
      if (!(b.readUInt16LE(local + 6) & 8)) b.writeUInt32LE(size, local + 22);
      return b;
    }
    p += 46 + n + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
  }
  throw new Error(`no ${part}`);
}
