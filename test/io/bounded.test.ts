import { describe, expect, it } from 'vitest';
import { camt, pdfManyAttachments, pdfNoEndstream, pdfObjectStreams, pdfUnclosed, ublWith, workbookParts, writeZip } from '../../scripts/hostile.ts';
import { camtStatement } from '../../src/core/import/camt.ts';
import { CAMT_LIMITS, EINVOICE_LIMITS, XmlError, XmlParser } from '../../src/core/import/xml.ts';
import { InputError } from '../../src/errors.ts';
import { embeddedFiles, facturXml, PdfError } from '../../src/io/pdf-attachments.ts';
import { parseXml as parseEInvoice } from '../../src/io/read-einvoice.ts';
import { parseCsvBytes } from '../../src/io/read-table.ts';
import { parseXml, readCamtFile } from '../../src/io/read-xml.ts';
import { readTable } from '../../src/io/read-table.ts';
import { tempDir, writeFiles } from '../helpers/run.ts';

/**
 * Every reader bounded (SECURITY.md, "Every reader bounded"): each shape of file that hung a reader
 * or swelled it past a gigabyte, at a size that keeps this file fast, with a time limit that the old
 * readers missed by orders of magnitude (their figures are in SECURITY.md; scripts/hostile.ts gives
 * the full-size ones).
 */

const timed = <T>(f: () => T): { value: T | Error; ms: number } => {
  const t0 = performance.now();
  try {
    return { value: f(), ms: performance.now() - t0 };
  } catch (e) {
    return { value: e as Error, ms: performance.now() - t0 };
  }
};

describe('the PDF reader: one forward scan, one budget', () => {
  it('reads 2 MB of never-closed strings in linear time (100 KB took 45 s: every object scanned to the end of the file)', () => {
    const r = timed(() => embeddedFiles(pdfUnclosed(2_000_000)));
    expect(r.value).toBeInstanceOf(PdfError);
    expect((r.value as PdfError).reason).toBe('corrupt');
    expect(r.ms).toBeLessThan(1000);
  });

  it('reads 2 MB of streams without endstream in linear time (searched once, not once per object)', () => {
    const r = timed(() => embeddedFiles(pdfNoEndstream(2_000_000)));
    expect(r.value).toBeInstanceOf(PdfError);
    expect(r.ms).toBeLessThan(1000);
  });

  it('inflates only the invoice: 400 attachments of 31 MB each (12.5 GB before) are listed, never decoded', () => {
    const pdf = pdfManyAttachments(400, 31);
    const r = timed(() => facturXml(pdf));
    const found = r.value as { xml: Uint8Array; name: string };
    expect(found.name).toBe('factur-x.xml');
    expect(new TextDecoder().decode(found.xml)).toContain('<ram:DuePayableAmount>600.00</ram:DuePayableAmount>');
    expect(r.ms).toBeLessThan(2000);
    expect(embeddedFiles(pdf)).toHaveLength(401);
  });

  it('refuses a file whose streams inflate to more than 64 MB in all (20 object streams of 31 MB took 13 s; 2,000, 22 min)', () => {
    const r = timed(() => facturXml(pdfObjectStreams(20, 31)));
    expect(r.value).toMatchObject({ reason: 'too_large', message: 'its streams inflate to more than 64 MB in all, the limit of one file' });
    expect(r.ms).toBeLessThan(3000);
  });

  it('refuses objects nested too deep, and too many values, without a stack overflow', () => {
    const deep = Buffer.from(`%PDF-1.7\n1 0 obj\n${'['.repeat(100_000)}\nendobj\n`, 'latin1');
    expect(timed(() => embeddedFiles(deep)).value).toMatchObject({ reason: 'corrupt' });
    const many = Buffer.from(`%PDF-1.7\n1 0 obj\n[${'.5 '.repeat(4_100_000)}]\nendobj\n`, 'latin1');
    expect(timed(() => embeddedFiles(many)).value).toMatchObject({ reason: 'too_large', message: 'more than 4,000,000 values (numbers, names, strings) in the file' });
  });
});

describe('the XML reader: limits on attributes, text, references, depth and elements', () => {
  const refused = (xml: string, limits = EINVOICE_LIMITS): XmlError => {
    const r = timed(() => new XmlParser({ limits }).parse(xml));
    expect(r.ms).toBeLessThan(2000);
    expect(r.value).toBeInstanceOf(XmlError);
    return r.value as XmlError;
  };

  it('refuses an attribute over 64 KiB where it starts (a 100 MB one took 45 s and 3.9 GB)', () => {
    expect(refused(`<r>\n  <a x="${'A'.repeat(70_000)}"/></r>`)).toMatchObject({ kind: 'limit', line: 2, col: 6, detail: 'attribute "x" is longer than the limit of 65,536' });
  });

  it('refuses more than a million references (50 MB of &amp; took 24 s and 2.9 GB), and decodes fewer in linear time', () => {
    expect(refused(`<r>${'&amp;'.repeat(1_000_001)}</r>`)).toMatchObject({ kind: 'limit', detail: 'more than 1,000,000 entity and character references' });
    const r = timed(() => new XmlParser({ limits: EINVOICE_LIMITS }).parse(`<r>${'&#x41;'.repeat(900_000)}</r>`));
    expect((r.value as { text: string }).text).toHaveLength(900_000);
    expect(r.ms).toBeLessThan(1500);
  });

  it('refuses text past the limit, elements nested too deep and too many elements, naming the line', () => {
    expect(refused(`<r><t>${'x'.repeat(1_100_000)}</t></r>`, CAMT_LIMITS)).toMatchObject({ kind: 'limit', detail: 'the text of <t> is longer than the limit of 1,048,576' });
    expect(refused(`<r>\n${'<n>'.repeat(200)}`)).toMatchObject({ kind: 'limit', line: 2, col: 382, detail: 'elements nested more than 128 deep' });
    expect(refused(`<r>${'<a/>'.repeat(1_000_001)}</r>`)).toMatchObject({ kind: 'limit', detail: 'more than 1,000,000 elements' });
    expect(refused('<r>\n<a>\n</r>')).toMatchObject({ kind: 'syntax', line: 3, detail: 'end tag </r> where </a> (opened line 2) was expected' });
  });

  it('refuses an e-invoice above 32 MB before parsing it (a 314 MB file took 93 s and 11 GB)', () => {
    const r = timed(() => parseEInvoice(new Uint8Array(33 * 1024 * 1024)));
    expect(r.value).toEqual({ error: 'xml_too_large_einvoice', params: { mb: 32 }, line: 0 });
    expect(r.ms).toBeLessThan(100);
  });

  it('matches elements by namespace: <evil:PayableAmount> never stands for the UBL one', () => {
    const xml = ublWith('').replace('<cac:LegalMonetaryTotal>', '<cac:LegalMonetaryTotal xmlns:evil="urn:evil"><evil:PayableAmount currencyID="EUR">1.00</evil:PayableAmount>');
    const root = (parseEInvoice(new TextEncoder().encode(xml)) as { root: Parameters<typeof camtStatement>[0] }).root;
    const payable = root.children.find((c) => c.name === 'LegalMonetaryTotal')!.children.filter((c) => c.name === 'PayableAmount');
    expect(payable.map((p) => [p.ns, p.text])).toEqual([
      ['urn:evil', '1.00'],
      ['urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2', '1200.00'],
    ]);
    // A CAMT entry's foreign <Amt> is not its amount either.
    const statement = camt(2000).xml.toString('utf8').replace('<Amt Ccy="EUR">', '<evil:Amt xmlns:evil="urn:evil" Ccy="EUR">1.00</evil:Amt><Amt Ccy="EUR">');
    const s = camtStatement(parseXml('c.xml', statement), 'c.xml');
    expect(s.transactions[0]!.amount).toBe(10100);
  });
});

describe('CAMT.053 read as a stream of entries', () => {
  it('keeps a few dozen elements in memory however many entries (a 200 MB statement ran out of heap)', () => {
    const dir = tempDir();
    const small = camt(200_000);
    const large = camt(4_000_000);
    const f = writeFiles(dir, { 's.xml': small.xml, 'l.xml': large.xml });
    const peak = (file: string, expected: { entries: number; cents: number }): number => {
      const stats = { peakElements: 0 };
      const s = readCamtFile(file, 'x.xml', 'EUR', stats);
      expect(s.transactions).toHaveLength(expected.entries);
      expect(s.transactions.reduce((t, x) => t + x.amount, 0)).toBe(expected.cents);
      return stats.peakElements;
    };
    const p1 = peak(f['s.xml']!, small);
    const p2 = peak(f['l.xml']!, large);
    expect(large.entries).toBeGreaterThan(15 * small.entries);
    expect(p2).toBe(p1);
    expect(p2).toBeLessThan(60);
  });

  it('reads a UTF-16 statement as the XML it is, and names the file and the encoding it does not know', () => {
    const text = camt(5000).xml.toString('utf8');
    const dir = tempDir();
    const f = writeFiles(dir, {
      'le.xml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'k.xml': text.replace('encoding="UTF-8"', 'encoding="x-klingon"').replace('numéro', 'num\u00e9ro'),
    });
    expect(readCamtFile(f['le.xml']!, 'le.xml', 'EUR').transactions.length).toBeGreaterThan(3);
    const latin = Buffer.from(text.replace('encoding="UTF-8"', 'encoding="x-klingon"'), 'latin1');
    const k = writeFiles(dir, { 'k.xml': Buffer.concat([latin, Buffer.from([0xe9])]) });
    expect(timed(() => readCamtFile(k['k.xml']!, 'k.xml', 'EUR')).value).toMatchObject({ code: 'xml_encoding_unknown', params: { file: 'k.xml', value: 'x-klingon' } });
  });

  it('refuses an entry past the limits with one line naming file, line and limit', () => {
    const dir = tempDir();
    const f = writeFiles(dir, {
      'c.xml': camt(3000)
        .xml.toString('utf8')
        .replace('<Ustrd>', `<Ustrd>${'x'.repeat(1_100_000)}`),
    });
    const e = timed(() => readCamtFile(f['c.xml']!, 'c.xml', 'EUR')).value;
    expect(e).toBeInstanceOf(InputError);
    expect(e).toMatchObject({ code: 'xml_limit', params: { file: 'c.xml', line: 24, detail: 'the text of <Ustrd> is longer than the limit of 1,048,576' } });
  });
});

describe('CSV: escaped quotes as cheap as plain text', () => {
  it('reads a 20 MB field of "" escapes in linear time and memory (50 MB took 12.8 s and 1.5 GB)', () => {
    const head = 'Numéro;Client;Date;Montant TTC;Libellé\nF1;C1;01/10/2026;100,00;"';
    const bytes = Buffer.concat([Buffer.from(head), Buffer.alloc(20 * 1024 * 1024, '"'), Buffer.from('"\n')]);
    const r = timed(() => parseCsvBytes('q.csv', bytes).row(1)[4]!);
    expect(r.value).toBe('"'.repeat(10 * 1024 * 1024));
    expect(r.ms).toBeLessThan(1500);
  });
});

describe('XLSX: what a workbook may hold', () => {
  const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const sheet = (cells: string) => () => [
    Buffer.from(
      `<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Numéro</t></is></c><c r="B1" t="inlineStr"><is><t>Date</t></is></c><c r="C1" t="inlineStr"><is><t>Montant</t></is></c></row><row r="2">${cells}</row></sheetData></worksheet>`,
    ),
  ];
  const refusal = async (name: string, parts: ReturnType<typeof workbookParts>): Promise<unknown> => {
    const dir = tempDir();
    writeZip(`${dir}/${name}`, parts);
    try {
      await readTable(`${dir}/${name}`, 'invoices');
    } catch (e) {
      return e;
    }
    return null;
  };

  it("refuses a cell longer than Excel's 32,767 characters, naming it", async () => {
    const e = await refusal('long.xlsx', workbookParts(sheet(`<c r="A2" t="inlineStr"><is><t>${'x'.repeat(40_000)}</t></is></c><c r="B2"><v>46000</v></c><c r="C2"><v>1</v></c>`)));
    expect(e).toMatchObject({ code: 'xlsx_unreadable', params: { file: 'long.xlsx', detail: 'xl/worksheets/sheet1.xml has a cell of 40,000 characters (A2), more than the 32,767 of an Excel cell' } });
  });

  it('keeps at most 2 million shared strings (10 million took a gigabyte)', async () => {
    const shared = () => [Buffer.from(`<?xml version="1.0"?><sst ${NS}>`), ...Array.from({ length: 201 }, () => Buffer.from('<si><t>s</t></si>'.repeat(10_000))), Buffer.from('</sst>')];
    const t0 = performance.now();
    const e = await refusal('sst.xlsx', workbookParts(sheet('<c r="A2" t="s"><v>0</v></c>'), shared));
    expect(e).toMatchObject({ code: 'xlsx_unreadable', params: { detail: 'xl/sharedStrings.xml has more than 2,000,000 strings, the limit of a workbook read by ar' } });
    expect(performance.now() - t0).toBeLessThan(10_000);
  }, 20_000);
});
