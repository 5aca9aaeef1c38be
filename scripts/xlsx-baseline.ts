/**
 * The XLSX baseline of the benchmark: exceljs's streaming reader alone, reading every row of every
 * sheet of a workbook and doing nothing with them. `ar aging` on the same workbook is compared to it.
 *
 *   node scripts/xlsx-baseline.ts ledger.xlsx
 */
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: node scripts/xlsx-baseline.ts file.xlsx\n');
  process.exit(1);
}
const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(path), {
  sharedStrings: 'cache',
  styles: 'cache',
  worksheets: 'emit',
  hyperlinks: 'ignore',
  entries: 'ignore',
});
let rows = 0;
for await (const ws of reader) for await (const _row of ws) rows++;
process.stdout.write(`${rows}\n`);
