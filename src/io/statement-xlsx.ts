import ExcelJS from 'exceljs';
import type { CustomerAging } from '../core/aging.ts';
import { ymdFromDay, type Day } from '../core/dates.ts';
import { sheetText } from '../render/csv.ts';

/**
 * The customer's statement (relevé de compte) attached to a reminder: its open items as of the
 * date, in a small workbook. Text cells stay string cells (no formula or hyperlink can be smuggled in
 * through data: see `sheetText`).
 */
export async function statementXlsx(
  c: CustomerAging,
  labels: { title: string; number: string; issue: string; due: string; amount: string; open: string; daysLate: string; total: string },
  firmName: string,
  asOf: Day,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = sheetText(firmName);
  const date = (d: Day) => {
    const { y, m, d: dd } = ymdFromDay(d);
    return new Date(Date.UTC(y, m - 1, dd));
  };
  wb.created = date(asOf);
  wb.modified = date(asOf);
  const ws = wb.addWorksheet(labels.title.slice(0, 31));
  ws.addRow([sheetText(`${labels.title} — ${firmName}`)]).font = { bold: true };
  ws.addRow([date(asOf)]).getCell(1).numFmt = 'dd/mm/yyyy';
  ws.addRow([]);
  const head = ws.addRow([labels.number, labels.issue, labels.due, `${labels.amount} (${c.currency})`, `${labels.open} (${c.currency})`, labels.daysLate]);
  head.font = { bold: true };
  const first = ws.rowCount + 1;
  for (const it of c.items) {
    const r = ws.addRow([sheetText(it.debit.number), date(it.debit.issueDate), date(it.debit.dueDate), it.debit.amount / 100, it.debit.open / 100, Math.max(0, it.daysPastDue)]);
    r.getCell(2).numFmt = 'dd/mm/yyyy';
    r.getCell(3).numFmt = 'dd/mm/yyyy';
    r.getCell(4).numFmt = '#,##0.00';
    r.getCell(5).numFmt = '#,##0.00';
  }
  const last = ws.rowCount;
  const open = c.items.reduce((s, i) => s + i.debit.open, 0);
  const total = ws.addRow([labels.total, null, null, null, { formula: `SUM(E${first}:E${last})`, result: open / 100 }]);
  total.font = { bold: true };
  total.getCell(5).numFmt = '#,##0.00';
  ws.columns.forEach((col, i) => (col.width = [18, 12, 12, 16, 16, 10][i] ?? 12));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
