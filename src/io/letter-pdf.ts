import { readFileSync } from '../fs.ts';
import { packageFile } from '../resources.ts';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { InputError } from '../errors.ts';
import type { LetterModel } from '../model/documents.ts';

/**
 * Lays a letter (src/render/letter.ts) out on A4 pages with pdfkit, in DejaVu Sans, embedded (a subset
 * of the glyphs used). DejaVu covers the Latin, Greek and Cyrillic scripts and most symbols; a
 * character it has no glyph for (Chinese, say) is refused with one line naming it and where it is,
 * rather than printed as an empty box on a letter that goes to court.
 */

const REGULAR = packageFile('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD = packageFile('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** Every text of the letter, with where it is (for the message when a character cannot be printed). */
function texts(l: LetterModel): [string, string][] {
  return [
    ...l.sender.map((t) => ['sender', t] as [string, string]),
    ...l.recipient.map((t) => ['recipient', t] as [string, string]),
    ['date', l.placeDate],
    ['subject', l.subject],
    ['intro', l.intro],
    ...l.table.rows.flatMap((r) => r.map((t) => ['invoice', t] as [string, string])),
    ...l.interest.flatMap((i) => [i.invoice, ...i.lines].map((t) => ['interest', t] as [string, string])),
    ...l.legal.map((t) => ['legal', t] as [string, string]),
    ['notice', l.notice],
    ...l.payment.map((t) => ['payment', t] as [string, string]),
    ...l.signature.map((t) => ['signature', t] as [string, string]),
    ['footer', l.footer],
  ];
}

/** Throws when a character of the letter has no glyph in the font. */
function checkGlyphs(l: LetterModel, file: string): void {
  checkPrintable(texts(l), file);
}

/** Throws, naming the character, its text and where it is, when the font has no glyph for a character of these texts. */
export function checkPrintable(all: readonly (readonly [string, string])[], file: string): void {
  const font = fontkit.create(readFileSync(REGULAR));
  for (const [where, text] of all) {
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x20 || font.hasGlyphForCodePoint(cp)) continue;
      throw new InputError('letter_glyph_missing', { file, value: text, char: ch, code: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`, where, font: font.familyName });
    }
  }
}

/** The letter as a PDF (A4, 2.5 cm margins); `file` names it in an error. */
export async function letterPdf(l: LetterModel, file: string, created: Date): Promise<Buffer> {
  checkGlyphs(l, file);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 70, right: 70 },
    info: { Title: l.title, Author: l.sender[0] ?? '', CreationDate: created },
    lang: l.lang,
    autoFirstPage: true,
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.registerFont('R', REGULAR);
  doc.registerFont('B', BOLD);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;

  // Letterhead, then the recipient in the window of a French/Belgian envelope (right half).
  doc
    .font('B')
    .fontSize(12)
    .text(l.sender[0] ?? '', left, doc.page.margins.top);
  doc.font('R').fontSize(9);
  for (const s of l.sender.slice(1)) doc.text(s);
  const top = Math.max(doc.y + 20, 150);
  doc
    .font('R')
    .fontSize(10)
    .text(l.delivery, left + width / 2, top, { width: width / 2 });
  doc.moveDown(0.5);
  doc.font('B').text(l.recipient[0] ?? '', { width: width / 2 });
  doc.font('R');
  for (const r of l.recipient.slice(1)) doc.text(r, { width: width / 2 });
  doc.moveDown(1.5);
  doc.text(l.placeDate, { width: width / 2 });
  doc.x = left;
  doc.moveDown(2);
  doc.font('B').fontSize(11).text(l.subject, left, doc.y, { width });
  doc.moveDown();
  doc.font('R').fontSize(10).text(l.salutation, { width });
  doc.moveDown(0.5);
  doc.text(l.intro, { width });
  doc.moveDown(0.5);

  invoiceTable(doc, l.table, left, width);

  if (l.interest.length > 0) {
    doc.font('B').fontSize(10).text(l.interestTitle, left, doc.y, { width });
    doc.font('R').fontSize(9);
    for (const i of l.interest) {
      doc.moveDown(0.3);
      doc.font('B').text(i.invoice, { width });
      doc.font('R');
      for (const line of i.lines) doc.text(line, left + 10, doc.y, { width: width - 10 });
      doc.x = left;
    }
    doc.moveDown();
  }
  doc.font('R').fontSize(10);
  for (const p of l.legal) {
    doc.text(p, left, doc.y, { width, align: 'justify' });
    doc.moveDown(0.5);
  }
  doc.font('B').text(l.notice, left, doc.y, { width, align: 'justify' });
  doc.moveDown(0.5);
  doc.font('R');
  for (const p of l.payment) doc.text(p, left, doc.y, { width });
  doc.moveDown();
  doc.text(l.closing, { width });
  doc.moveDown(2);
  for (const s of l.signature) doc.text(s, left + width / 2, doc.y, { width: width / 2 });

  // The firm's identity at the foot of every page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('R')
      .fontSize(7.5)
      .fillColor('#444444')
      .text(l.footer, left, doc.page.height - 40, { width, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** The invoices: number, date, due date, open amount, interest, indemnity, a rule under each row. */
function invoiceTable(doc: PDFKit.PDFDocument, table: LetterModel['table'], left: number, width: number): void {
  const cols = [0.28, 0.13, 0.13, 0.16, 0.15, 0.15].map((f) => f * width);
  const row = (cells: readonly string[], bold: boolean): void => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
    const y = doc.y;
    let x = left;
    let h = 0;
    doc.font(bold ? 'B' : 'R').fontSize(9);
    cells.forEach((c, i) => {
      const w = cols[i]!;
      const opts = { width: w - 4, align: i >= 3 ? ('right' as const) : ('left' as const) };
      h = Math.max(h, doc.heightOfString(c, opts));
      doc.text(c, x, y, opts);
      x += w;
    });
    doc.y = y + h + 3;
    doc
      .moveTo(left, doc.y - 1)
      .lineTo(left + width, doc.y - 1)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke();
  };
  row(table.head, true);
  for (const r of table.rows) row(r, false);
  row(table.total, true);
  doc.x = left;
  doc.moveDown();
}
