import ExcelJS from 'exceljs';
import { ymdFromDay, type Day } from '../core/dates.ts';
import { sheetText } from '../render/csv.ts';
import type { StatementModel } from '../render/statement.ts';

/**
 * Writes a statement model (src/render/statement.ts) as a small workbook. Text cells stay string cells
 * (no formula or hyperlink can be smuggled in through data: see `sheetText`); dates are dates, amounts
 * numbers with two decimals.
 */
export async function statementXlsx(model: StatementModel, creator: string, asOf: Day): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = sheetText(creator);
  const asDate = (d: Day) => {
    const { y, m, d: dd } = ymdFromDay(d);
    return new Date(Date.UTC(y, m - 1, dd));
  };
  wb.created = asDate(asOf);
  wb.modified = asDate(asOf);
  const ws = wb.addWorksheet(model.sheet.slice(0, 31));
  for (const r of model.rows) {
    const row = ws.addRow(r.cells.map((c) => (c.kind === 'text' ? sheetText(c.value) : c.kind === 'date' ? asDate(c.value) : c.kind === 'money' ? c.value / 100 : c.kind === 'int' ? c.value : null)));
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
