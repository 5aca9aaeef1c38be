/**
 * Generates templates/report.xlsx, the look of the Excel aged-balance report (`ar aging --xlsx`).
 *
 *   node scripts/make-report-template.ts
 *
 * The template holds no data, only the look; `ar` writes the labels and the figures. A user may
 * restyle a copy in Excel (fonts, fills, borders, number formats, widths, frozen panes, filter,
 * print setup) and point the config's "reportTemplate" at it. Per sheet (found by its English name,
 * else by position: Summary, Customers, Open items, Problems):
 *
 * - row 1: the style of the header row, per column (the texts only say what each column is);
 *   the row's height is kept too;
 * - row 2: the style of data cells, per column: number format, font, alignment, fill, border;
 * - row 3: the style of TOTAL rows, per column;
 * - the column widths;
 * - the sheet view (a frozen header row or not) and whether the header row carries an autofilter;
 * - the page setup: orientation, paper, fit to width, margins, rows repeated on each page.
 *
 * Columns are roles. Customers: id, name, currency, bucket (every bucket column takes this one's
 * look, however many buckets there are), unapplied, total, last contact. Summary: label, text,
 * amount, share, count, date (the summary is a form, not a table: each cell takes the look of its
 * role; row 1 styles the section headers and, in column A, the title bar). Open items and Problems:
 * one template column per report column.
 */
import ExcelJS from 'exceljs';

const wb = new ExcelJS.Workbook();
wb.creator = 'ar';
wb.created = new Date(Date.UTC(2026, 0, 1));
wb.modified = new Date(Date.UTC(2026, 0, 1));

const font = { name: 'Calibri', size: 11 };
const header: Partial<ExcelJS.Style> = {
  font: { ...font, bold: true, color: { argb: 'FFFFFFFF' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } },
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  border: {
    top: { style: 'thin', color: { argb: 'FF000000' } },
    bottom: { style: 'thin', color: { argb: 'FF000000' } },
    left: { style: 'thin', color: { argb: 'FF000000' } },
    right: { style: 'thin', color: { argb: 'FF000000' } },
  },
};

type Kind = 'text' | 'money' | 'date' | 'int' | 'pct';
const NUM_FMT: Record<Kind, string> = { text: '@', money: '#,##0.00', date: 'dd/mm/yyyy', int: '0', pct: '0.0%' };
const ALIGN: Partial<Record<Kind, Partial<ExcelJS.Alignment>>> = { date: { horizontal: 'center' } };

const dataStyle = (k: Kind): Partial<ExcelJS.Style> => ({ font, numFmt: NUM_FMT[k], ...(ALIGN[k] ? { alignment: ALIGN[k] } : {}) });
const totalStyle = (k: Kind): Partial<ExcelJS.Style> => ({
  ...dataStyle(k),
  font: { ...font, bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } },
  border: { top: { style: 'thin', color: { argb: 'FF000000' } }, bottom: { style: 'double', color: { argb: 'FF000000' } } },
});
const sample: Record<Kind, ExcelJS.CellValue> = { text: 'text', money: 1234.5, date: new Date(Date.UTC(2026, 0, 31)), int: 12, pct: 0.25 };

function sheet(name: string, table: boolean, columns: { role: string; width: number; kind: Kind }[]): void {
  const ws = wb.addWorksheet(name, {
    views: table ? [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2' }] : [{ state: 'normal' }],
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      ...(table ? { printTitlesRow: '1:1' } : {}),
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  ws.columns = columns.map((c) => ({ width: c.width }));
  const [h, s, t] = [ws.getRow(1), ws.getRow(2), ws.getRow(3)];
  columns.forEach((c, i) => {
    Object.assign(h.getCell(i + 1), { value: c.role, style: header });
    Object.assign(s.getCell(i + 1), { value: sample[c.kind], style: dataStyle(c.kind) });
    Object.assign(t.getCell(i + 1), { value: c.kind === 'text' ? 'TOTAL' : sample[c.kind], style: totalStyle(c.kind) });
  });
  h.height = 30;
  if (table) ws.autoFilter = `A1:${String.fromCharCode(64 + columns.length)}1`;
}

sheet('Summary', false, [
  { role: 'label', width: 34, kind: 'text' },
  { role: 'text', width: 36, kind: 'text' },
  { role: 'amount', width: 16, kind: 'money' },
  { role: 'share', width: 10, kind: 'pct' },
  { role: 'count', width: 10, kind: 'int' },
  { role: 'date', width: 12, kind: 'date' },
]);
sheet('Customers', true, [
  { role: 'id', width: 12, kind: 'text' },
  { role: 'name', width: 34, kind: 'text' },
  { role: 'currency', width: 9, kind: 'text' },
  { role: 'bucket (each)', width: 14, kind: 'money' },
  { role: 'unapplied', width: 14, kind: 'money' },
  { role: 'total', width: 16, kind: 'money' },
  { role: 'last contact', width: 13, kind: 'date' },
]);
sheet('Open items', true, [
  { role: 'id', width: 12, kind: 'text' },
  { role: 'name', width: 30, kind: 'text' },
  { role: 'currency', width: 9, kind: 'text' },
  { role: 'number', width: 16, kind: 'text' },
  { role: 'kind', width: 14, kind: 'text' },
  { role: 'issue date', width: 12, kind: 'date' },
  { role: 'due date', width: 12, kind: 'date' },
  { role: 'amount', width: 14, kind: 'money' },
  { role: 'open', width: 14, kind: 'money' },
  { role: 'days past due', width: 10, kind: 'int' },
  { role: 'bucket', width: 14, kind: 'text' },
  { role: 'status', width: 14, kind: 'text' },
]);
sheet('Problems', true, [
  { role: 'severity', width: 13, kind: 'text' },
  { role: 'file', width: 24, kind: 'text' },
  { role: 'line', width: 8, kind: 'int' },
  { role: 'column', width: 18, kind: 'text' },
  { role: 'value', width: 24, kind: 'text' },
  { role: 'message', width: 90, kind: 'text' },
]);

await wb.xlsx.writeFile(new URL('../templates/report.xlsx', import.meta.url).pathname);
process.stdout.write('templates/report.xlsx written\n');
