/**
 * Generates templates/report.xlsx, the look of the Excel aged-balance report (`ar aging --xlsx`).
 * Each sheet of the template gives: the column widths, the style of the header row (row 1), the
 * style and number format of each column (row 2), the frozen panes and the print setup. Labels
 * and data come from `ar`. A user may restyle a copy in Excel and point the config's "reportTemplate" at it.
 *
 *   node scripts/make-report-template.ts
 */
import ExcelJS from 'exceljs';

const wb = new ExcelJS.Workbook();
wb.creator = 'ar';
wb.created = new Date(Date.UTC(2026, 0, 1));
wb.modified = new Date(Date.UTC(2026, 0, 1));

const header: Partial<ExcelJS.Style> = {
  font: { bold: true, color: { argb: 'FFFFFFFF' }, name: 'Calibri', size: 11 },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } },
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  border: { bottom: { style: 'thin', color: { argb: 'FF000000' } } },
};
const text: Partial<ExcelJS.Style> = { font: { name: 'Calibri', size: 11 }, numFmt: '@' };
const money: Partial<ExcelJS.Style> = { font: { name: 'Calibri', size: 11 }, numFmt: '#,##0.00;[Red]-#,##0.00' };
const date: Partial<ExcelJS.Style> = { font: { name: 'Calibri', size: 11 }, numFmt: 'dd/mm/yyyy', alignment: { horizontal: 'center' } };
const int: Partial<ExcelJS.Style> = { font: { name: 'Calibri', size: 11 }, numFmt: '0' };
const pct: Partial<ExcelJS.Style> = { font: { name: 'Calibri', size: 11 }, numFmt: '0.0%' };

function sheet(name: string, columns: { width: number; style: Partial<ExcelJS.Style> }[]): void {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: {
      orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  ws.columns = columns.map((c) => ({ width: c.width }));
  const h = ws.getRow(1);
  const s = ws.getRow(2);
  columns.forEach((c, i) => {
    const hc = h.getCell(i + 1);
    hc.value = `header ${i + 1}`;
    hc.style = header;
    const sc = s.getCell(i + 1);
    sc.value = c.style === text ? 'text' : c.style === date ? new Date(Date.UTC(2026, 0, 1)) : 0;
    sc.style = c.style;
  });
  h.height = 30;
}

// Summary: label, amount, share (the layout is built by ar; the template gives the styles).
sheet('Summary', [{ width: 44, style: text }, { width: 18, style: money }, { width: 10, style: pct }, { width: 30, style: text }]);
// Customers: id, name, currency, buckets (up to 8), unapplied, total, last contact.
sheet('Customers', [
  { width: 12, style: text }, { width: 34, style: text }, { width: 8, style: text },
  ...Array.from({ length: 10 }, () => ({ width: 15, style: money })), { width: 14, style: date },
]);
// Open items: customer id, name, currency, number, kind, issue, due, amount, open, days past due, bucket, status.
sheet('Open items', [
  { width: 12, style: text }, { width: 30, style: text }, { width: 8, style: text }, { width: 16, style: text }, { width: 16, style: text },
  { width: 12, style: date }, { width: 12, style: date }, { width: 14, style: money }, { width: 14, style: money }, { width: 10, style: int },
  { width: 14, style: text }, { width: 14, style: text },
]);
// Problems: severity, file, line, column, value, message.
sheet('Problems', [{ width: 10, style: text }, { width: 24, style: text }, { width: 8, style: int }, { width: 18, style: text }, { width: 24, style: text }, { width: 90, style: text }]);

await wb.xlsx.writeFile(new URL('../templates/report.xlsx', import.meta.url).pathname);
process.stdout.write('templates/report.xlsx written\n');
