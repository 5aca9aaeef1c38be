import { Workbook } from './exceljs.ts';
import PDFDocument from 'pdfkit';
import { sheetText } from './sheet-text.ts';
import type { DossierModel } from '../model/documents.ts';
import { packageFile } from '../resources.ts';

/**
 * Writes a collection dossier (src/render/dossier.ts): a workbook, one sheet for the facts and one per
 * table, text as string cells, amounts as numbers and days as dates; and a PDF summary of the same, in DejaVu
 * Sans, its days and amounts as the reader writes them.
 */

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function dossierXlsx(model: DossierModel, creator: string, created: Date): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = sheetText(creator);
  wb.created = created;
  wb.modified = created;
  const facts = wb.addWorksheet(model.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  facts.addRow([sheetText(model.title)]).font = { bold: true };
  for (const [k, v] of model.facts) {
    const r = facts.addRow([sheetText(k), sheetText(v)]);
    r.getCell(1).font = { bold: true };
  }
  facts.columns.forEach((c, i) => (c.width = i === 0 ? 26 : 90));
  for (const t of model.tables) {
    const ws = wb.addWorksheet(t.name.slice(0, 31));
    ws.addRow(t.head.map(sheetText)).font = { bold: true };
    for (const row of t.rows) {
      const r = ws.addRow(
        row.map((v, i) => (typeof v !== 'string' ? v : v === '' ? null : t.money.includes(i) ? Number(v) : t.dates.includes(i) && ISO_DAY.test(v) ? new Date(`${v}T00:00:00Z`) : sheetText(v))),
      );
      for (const i of t.money) r.getCell(i + 1).numFmt = '#,##0.00';
      for (const i of t.dates) r.getCell(i + 1).numFmt = 'dd/mm/yyyy';
    }
    ws.columns.forEach((c) => (c.width = 18));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function dossierPdf(model: DossierModel, created: Date, file: string): Promise<Buffer> {
  const { checkPrintable } = await import('./letter-pdf.ts');
  checkPrintable([...model.facts.map(([k, v]) => [k, v] as const), ...model.tables.flatMap((t) => t.shown.flatMap((r) => r.map((c) => [t.name, c] as const)))], file);
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margins: { top: 40, bottom: 40, left: 40, right: 40 }, info: { Title: model.title, CreationDate: created } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('R', packageFile('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
  doc.registerFont('B', packageFile('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'));
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font('B').fontSize(14).text(model.title, left, doc.page.margins.top, { width });
  doc.moveDown();
  for (const [k, v] of model.facts) {
    doc.font('B').fontSize(9).text(`${k} : `, left, doc.y, { continued: true, width }).font('R').text(v);
  }
  for (const t of model.tables) {
    doc.moveDown();
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.font('B').fontSize(11).text(t.name, left, doc.y, { width });
    doc.moveDown(0.3);
    const w = width / t.head.length;
    const row = (cells: readonly (string | number)[], bold: boolean): void => {
      if (doc.y > doc.page.height - doc.page.margins.bottom - 30) doc.addPage();
      const y = doc.y;
      let h = 0;
      doc.font(bold ? 'B' : 'R').fontSize(7.5);
      cells.forEach((c, i) => {
        const text = String(c);
        h = Math.max(h, doc.heightOfString(text, { width: w - 4 }));
        doc.text(text, left + i * w, y, { width: w - 4 });
      });
      doc.y = y + h + 2;
    };
    row(t.head, true);
    for (const r of t.shown) row(r, false);
    doc.x = left;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
