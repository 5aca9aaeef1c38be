import { Workbook } from './exceljs.ts';
import { ymdFromDay, type Day } from '../core/dates.ts';
import { sheetText } from './sheet-text.ts';
import type { StatementModel } from '../model/documents.ts';

/**
 * Writes a statement model (src/render/statement.ts) as a small workbook. Text cells stay string cells
 * (no formula or hyperlink can be smuggled in through data: see `sheetText`); dates are dates, amounts
 * numbers with two decimals.
 */
export async function statementXlsx(model: StatementModel, creator: string, asOf: Day): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = sheetText(creator);
  const asDate = (d: Day) => {
    const { y, m, d: dd } = ymdFromDay(d);
    return new Date(Date.UTC(y, m - 1, dd));
  };
  wb.created = asDate(asOf);
  wb.modified = asDate(asOf);
  const ws = wb.addWorksheet(model.sheet.slice(0, 31));
  // A total under a table of items is its sum, as a formula an accountant can audit.
  let first = 0;
  for (const r of model.rows) {
    const at = ws.rowCount + 1;
    if (r.style === 'head') first = at + 1;
    const sums = r.style === 'total' && first > 0 && at > first && r.cells[0]?.kind === 'text' && ws.getRow(first).getCell(1).value !== null;
    const row = ws.addRow(
      r.cells.map((c, i) => {
        if (c.kind === 'money' && sums) {
          const col = String.fromCharCode(65 + i);
          return { formula: `SUM(${col}${first}:${col}${at - 1})`, result: c.value / 100 };
        }
        return c.kind === 'text' ? sheetText(c.value) : c.kind === 'date' ? asDate(c.value) : c.kind === 'money' ? c.value / 100 : c.kind === 'int' ? c.value : null;
      }),
    );
    if (r.style === 'total') first = 0;
    r.cells.forEach((c, i) => {
      if (c.kind === 'date') row.getCell(i + 1).numFmt = 'dd/mm/yyyy';
      if (c.kind === 'money') row.getCell(i + 1).numFmt = '#,##0.00';
    });
    if (r.style === 'title' || r.style === 'head' || r.style === 'total' || r.style === 'section') row.font = { bold: true };
    if (r.style === 'label') row.getCell(1).font = { bold: true };
  }
  ws.columns.forEach((col, i) => (col.width = model.widths[i] ?? 12));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
