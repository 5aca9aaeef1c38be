import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { AFRelationship, PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { embeddedFiles, facturXml, PdfError } from '../../src/io/pdf-attachments.ts';
import { FACTURX_XML, makeFacturX } from '../../scripts/make-facturx.ts';
import { ROOT } from '../helpers/run.ts';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof PdfError) return e.reason;
    throw e;
  }
  return 'no error';
}

/** A small PDF written by hand, object by object, with a classic cross-reference table. */
function handPdf(objects: string[], trailerExtra = ''): Uint8Array {
  let body = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe('reading the attachments of a PDF without rendering it', () => {
  it('finds factur-x.xml in the committed fixture, as scripts/make-facturx.ts writes it', () => {
    const pdf = readFileSync(join(ROOT, 'fixtures/einvoices/FA-2026-0104-facturx.pdf'));
    const files = embeddedFiles(pdf);
    expect(files.map((f) => [f.name, f.relationship])).toEqual([['factur-x.xml', 'Alternative']]);
    expect(text(files[0]!.data)).toBe(FACTURX_XML);
  });

  it('reads what pdf-lib writes with and without object streams', async () => {
    for (const objectStreams of [true, false]) {
      const found = facturXml(await makeFacturX({ objectStreams }));
      expect(found.xml && text(found.xml)).toBe(FACTURX_XML);
    }
  });

  it('prefers factur-x.xml, knows the ZUGFeRD 2.x names, and lists the attachments when none is an invoice', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    await doc.attach(new TextEncoder().encode('a,b\n'), 'notes.csv', { mimeType: 'text/csv' });
    await doc.attach(new TextEncoder().encode('<x/>'), 'zugferd-invoice.xml', { mimeType: 'text/xml', afRelationship: AFRelationship.Alternative });
    const zugferd = facturXml(await doc.save());
    expect(zugferd.xml && text(zugferd.xml)).toBe('<x/>');
    expect(zugferd).toMatchObject({ name: 'zugferd-invoice.xml' });

    const other = await PDFDocument.create();
    other.addPage();
    await other.attach(new TextEncoder().encode('a,b\n'), 'notes.csv', { mimeType: 'text/csv' });
    expect(facturXml(await other.save())).toEqual({ xml: null, attachments: ['notes.csv'] });
    const none = await PDFDocument.create();
    none.addPage();
    expect(facturXml(await none.save())).toEqual({ xml: null, attachments: [] });
  });

  it('reads an uncompressed attachment and a file spec written inline, with an octal-escaped name', () => {
    const xml = '<rsm:CrossIndustryInvoice/>';
    const pdf = handPdf([
      '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [ (factur\\055x\\056xml) << /Type /Filespec /F (factur\\055x\\056xml) /AFRelationship /Data /EF << /F 3 0 R >> >> ] >> >> >>',
      '<< /Type /Pages /Kids [] /Count 0 >>',
      `<< /Type /EmbeddedFile /Length ${xml.length} >>\nstream\n${xml}\nendstream`,
    ]);
    expect(embeddedFiles(pdf).map((f) => [f.name, f.relationship, text(f.data)])).toEqual([['factur-x.xml', 'Data', xml]]);
  });

  it('finds the stream end when /Length is an indirect reference or wrong', () => {
    const data = deflateSync(Buffer.from('<hello/>'));
    const pdf = handPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Filespec /UF <FEFF0066006100630074007500720028> /F (factur-x.xml) /EF << /F 3 0 R >> >>',
      `<< /Type /EmbeddedFile /Filter /FlateDecode /Length 4 0 R >>\nstream\n${data.toString('latin1')}\nendstream`,
      '999',
    ]);
    // The UTF-16 /UF (here "factur(") wins over /F: the name is what the file says.
    expect(embeddedFiles(pdf).map((f) => [f.name, text(f.data)])).toEqual([['factur(', '<hello/>']]);
  });

  it('refuses what is not a PDF, an encrypted PDF, a broken one, and a stream that inflates without end', () => {
    expect(reason(() => embeddedFiles(Buffer.from('<?xml version="1.0"?><x/>')))).toBe('not_pdf');
    expect(reason(() => embeddedFiles(Buffer.from('%PDF-1.4\nrien\n%%EOF\n')))).toBe('corrupt');
    const encrypted = handPdf(['<< /Type /Catalog >>', '<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>'], '/Encrypt 2 0 R ');
    expect(reason(() => embeddedFiles(encrypted))).toBe('encrypted');
    const bomb = deflateSync(Buffer.alloc(40 * 1024 * 1024));
    const bombPdf = handPdf([
      '<< /Type /Filespec /F (factur-x.xml) /EF << /F 2 0 R >> >>',
      `<< /Type /EmbeddedFile /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n${bomb.toString('latin1')}\nendstream`,
    ]);
    expect(reason(() => embeddedFiles(bombPdf)[0]!.data)).toBe('too_large');
    const lzw = handPdf(['<< /Type /Filespec /F (factur-x.xml) /EF << /F 2 0 R >> >>', '<< /Filter /LZWDecode /Length 3 >>\nstream\nabc\nendstream']);
    expect(reason(() => embeddedFiles(lzw)[0]!.data)).toBe('unsupported_filter');
  });

  it('reads the attachment of a PDF cut short, as long as the attachment itself is whole', async () => {
    const pdf = await makeFacturX({ objectStreams: false });
    const cut = pdf.subarray(0, pdf.length - 200);
    const found = facturXml(cut);
    expect(found.xml && text(found.xml)).toBe(FACTURX_XML);
  });
});
