import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.ts';
import { OdsSyntaxError, openOds } from '../../src/io/ods-read.ts';
import { checkXlsxArchive } from '../../src/io/zip-check.ts';
import { arInProcess, ROOT, tempDir } from '../helpers/run.ts';
import { agingOfCopy, date, declareSize, expectFeatures, oracle, pick, type Read } from '../helpers/workbooks.ts';

/**
 * The .ods reader (src/io/ods-read.ts). The oracle: LibreOffice's .ods and .xlsx of the same source
 * (test/corpus/README.md says how each was made), read by this reader and by the .xlsx reader, must give the same
 * sheets, rows, cells (types and values), lines and warnings. What LibreOffice does not write (text:s, a time, a
 * prefix of its own, repeats with values…) and hostile files are built here, part by part.
 */

const CORPUS = join(ROOT, 'test/corpus');
const ODS = join(CORPUS, 'ods');

async function ours(bytes: Uint8Array): Promise<Read> {
  const book = openOds('book', await checkXlsxArchive('book', bytes));
  return { date1904: book.date1904, sheets: book.sheets.map((s) => pick(s.read())) };
}

describe('an .ods written by LibreOffice reads as the .xlsx of the same source', () => {
  const pairs: [string, string][] = [
    ['libreoffice-grand-livre.ods', 'xlsx/libreoffice-grand-livre.xlsx'],
    ['libreoffice-xls-1904.ods', 'xls/libreoffice-xls-1904.xlsx'],
    ['libreoffice-factures-2000.ods', 'xls/libreoffice-factures-2000.xlsx'],
  ];
  for (const [ods, xlsx] of pairs) {
    it(`reads ${ods} cell for cell as ${xlsx}`, async () => {
      const want = await oracle(readFileSync(join(CORPUS, xlsx)));
      expect(want.sheets.flatMap((s) => s.rows).length).toBeGreaterThan(3);
      expect(await ours(readFileSync(join(ODS, ods)))).toEqual(want);
    });
  }

  it('reads libreoffice-xls-features.ods as its .xlsx, but for 1 January 1900, which an .ods names and an .xlsx cannot', async () => {
    const got = await ours(readFileSync(join(ODS, 'libreoffice-xls-features.ods')));
    const want = await oracle(readFileSync(join(CORPUS, 'xls/libreoffice-xls-features.xlsx')));
    // The .ods says the day (office:date-value="1900-01-01"); in the .xlsx LibreOffice writes its own serial of that
    // day, which is Excel's 2 January (Excel counts a 29 February 1900 that LibreOffice does not): the .xlsx reader
    // reads Excel's. The two formats truly differ there, and only there.
    const last = (r: Read) => r.sheets[0]!.rows.at(-1)!;
    expect([last(got)[3], last(want)[3]]).toEqual([date(1900, 1, 1), date(1900, 1, 2)]);
    last(got)[3] = date(1900, 1, 2);
    expect(got).toEqual(want);
  });

  const features = async () => (await ours(readFileSync(join(ODS, 'libreoffice-xls-features.ods')))).sheets;

  it('reads numbers, dates (1900 and 1904), long and accented texts', async () => {
    const [f] = await features();
    expect(f!.rows.map((r) => r[5]).slice(2)).toEqual([1234.56, -200, 42, 12.34, 99999999.99, -0.05, 123456789, -1073741824]);
    expect(f!.rows.at(-2)!.slice(8)).toEqual([0.1, 1e-7]);
    expect(f!.rows[2]!.slice(3, 5)).toEqual([date(2026, 9, 1), date(2026, 10, 1)]);
    expect(f!.rows[0]).toEqual(['Factures 2026 — Société Générale de Bâtiment (Œuvres & Façades)']);
    expect((f!.rows[4]![7] as string).length).toBeGreaterThan(7000);
    const y1904 = await ours(readFileSync(join(ODS, 'libreoffice-xls-1904.ods')));
    expect(y1904.date1904).toBe(true);
    expect(y1904.sheets[0]!.rows.map((r) => r[2])).toEqual(['Date facture', date(2026, 9, 1), date(2026, 10, 31), date(1904, 1, 2)]);
  });

  it('reads a formula’s cached value: a number, a string, an error as empty, a boolean, an empty string', async () => {
    const [f] = await features();
    expect(f!.rows[2]!.slice(8)).toEqual([2469.12, 'FA-0001-C001']);
    expect(f!.rows[3]!.slice(8)).toEqual([null, false]);
    expect(f!.rows[5]!.slice(8)).toEqual(['', 'Répété '.repeat(40)]);
  });

  it('reads booleans, repeats a text or a date merged down one column (not across), says the hidden rows, skips blank repeats', async () => {
    // Row 2 blank, rows 7–8 one blank row repeated twice: left out, and counted.
    expectFeatures(await features());
  });
});

describe('ar on an .ods', () => {
  const aging = (fixture: string, ext: string, spec = '') => agingOfCopy(join(CORPUS, fixture), ext, spec);

  it('gives the aged balance the .xlsx gives, the payments read from the workbook’s other sheet', async () => {
    const ods = await aging('ods/libreoffice-xls-features.ods', 'ods');
    expect(ods).toEqual(await aging('xls/libreoffice-xls-features.xlsx', 'xlsx'));
    expect(ods.code).toBe(0);
    expect(ods.stdout).toContain('the workbook\'s sheet \\"Règlements\\" is read as the payments');
    const j = JSON.parse(ods.stdout) as { import: { invoices: { read: number }; payments: { read: number } }; currencies: { EUR: { total: string } } };
    expect([j.import.invoices.read, j.import.payments.read, j.currencies.EUR.total]).toEqual([8, 3, '-850285259.00']);
    expect(await aging('ods/libreoffice-grand-livre.ods', 'ods')).toEqual(await aging('xlsx/libreoffice-grand-livre.xlsx', 'xlsx'));
    expect(await aging('ods/libreoffice-factures-2000.ods', 'ods')).toEqual(await aging('xls/libreoffice-factures-2000.xlsx', 'xlsx'));
  });

  it('reads the sheet named after #, and the whole workbook once for both ledgers', async () => {
    const dir = tempDir('ar-ods-');
    const path = join(dir, 'calc.ods');
    copyFileSync(join(ODS, 'libreoffice-grand-livre.ods'), path);
    const pay = await readTable(`${path}#Règlements`, 'payments');
    expect([pay.file, pay.rowCount, pay.line(1), pay.row(1)]).toEqual(['calc.ods#Règlements', 3, 2, [date(2026, 10, 5), '0042', 1000, 'FA2026-0001']]);
    const inv = await readTable(path, 'invoices', { wholeWorkbook: true });
    expect(inv.file).toBe('calc.ods#Factures');
    await expect(readTable(`${path}#Ventes`, 'invoices')).rejects.toMatchObject({ code: 'sheet_not_found', params: { sheets: 'Factures, Règlements' } });
  });
});

// ---------------------------------------------------------------------------------------------
// Spreadsheets built part by part

const MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';
const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"';
const content = (tables: string, prolog = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>${prolog}<office:document-content ${NS} office:version="1.3"><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`;
const sheet = (name: string, rows: string) => `<table:table table:name="${name}"><table:table-column table:number-columns-repeated="1024"/>${rows}</table:table>`;
const row = (cells: string | string[], attrs = '') => `<table:table-row${attrs}>${[cells].flat().join('')}</table:table-row>`;
const covered = (n: number) => `<table:covered-table-cell table:number-columns-repeated="${n}"/>`;
const num = (v: number, attrs = '') => `<table:table-cell office:value-type="float" office:value="${v}"${attrs}><text:p>${v}</text:p></table:table-cell>`;
const str = (p: string, attrs = '') => `<table:table-cell office:value-type="string"${attrs}><text:p>${p}</text:p></table:table-cell>`;
const blank = (n: number) => `<table:table-cell table:number-columns-repeated="${n}"/>`;

/** An .ods of these parts: `mimetype` first and stored, as OpenDocument requires, unless left out. */
async function ods(parts: { content?: string | Buffer; manifest?: string; mimetype?: string | null }): Promise<Buffer> {
  const zip = new JSZip();
  if (parts.mimetype !== null) zip.file('mimetype', parts.mimetype ?? MIMETYPE, { compression: 'STORE' });
  if (parts.content !== undefined) zip.file('content.xml', parts.content);
  zip.file(
    'META-INF/manifest.xml',
    parts.manifest ??
      '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const rowsOf = async (xml: string) => (await ours(await ods({ content: xml }))).sheets[0]!;

describe('what LibreOffice writes rarely, or other producers write', () => {
  it('reads text:s, text:tab, text:line-break, spans, links, paragraphs joined by a line break, white space collapsed', async () => {
    const cell = (p: string) => `<table:table-cell office:value-type="string">${p}</table:table-cell>`;
    const s = await rowsOf(
      content(
        sheet(
          'T',
          row(
            cell('<text:p>a<text:s/>b<text:s text:c="3"/>c</text:p>') +
              cell('<text:p>x<text:tab/>y<text:line-break/>z</text:p>') +
              cell('<text:p><text:span text:style-name="T1">Dupont</text:span> &amp; <text:a xlink:href="http://x">Fils</text:a></text:p>') +
              cell('<text:p>ligne 1</text:p><text:p>ligne 2</text:p>') +
              cell('<text:p>\n   mis   en\n  page </text:p>') +
              cell('<office:annotation><text:p>un commentaire</text:p></office:annotation><text:p>valeur</text:p>'),
          ),
        ),
      ),
    );
    expect(s.rows).toEqual([['a b   c', 'x\ty\nz', 'Dupont & Fils', 'ligne 1\nligne 2', 'mis en page ', 'valeur']]);
  });

  it('reads percentages, currencies, times (a fraction of a day), a date with a time (its day), a cell with text and no type, a string value', async () => {
    const s = await rowsOf(
      content(
        sheet(
          'T',
          row(
            '<table:table-cell office:value-type="percentage" office:value="0.2"><text:p>20 %</text:p></table:table-cell>' +
              '<table:table-cell office:value-type="currency" office:currency="EUR" office:value="-12.5"><text:p>-12,50 €</text:p></table:table-cell>' +
              '<table:table-cell office:value-type="time" office:time-value="PT18H00M00S"><text:p>18:00</text:p></table:table-cell>' +
              '<table:table-cell office:value-type="date" office:date-value="2026-10-31T23:30:00"><text:p>31/10/2026 23:30</text:p></table:table-cell>' +
              '<table:table-cell><text:p>sans type</text:p></table:table-cell>' +
              '<table:table-cell office:value-type="string" office:string-value="la valeur"><text:p>le texte</text:p></table:table-cell>' +
              '<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>VRAI</text:p></table:table-cell>',
          ),
        ),
      ),
    );
    expect(s.rows).toEqual([[0.2, -12.5, 0.75, date(2026, 10, 31), 'sans type', 'la valeur', true]]);
  });

  it('reads the office namespace by the prefix the document gives it, not by its usual name', async () => {
    const xml = content(sheet('T', row('<table:table-cell o:value-type="float" o:value="7" calcext:value-type="float"><text:p>sept</text:p></table:table-cell>')))
      .replace('xmlns:office=', 'xmlns:o=')
      .replace(/(<\/?| )office:/g, '$1o:');
    expect((await rowsOf(xml)).rows).toEqual([[7]]);
  });

  it('repeats a row or a cell of values as many times as it says, each row its own; blank repeats cost nothing', async () => {
    const s = await rowsOf(
      content(
        sheet(
          'T',
          row([str('Ligne'), blank(16383)]) +
            row([blank(3), num(5, ' table:number-columns-repeated="2"'), blank(16379)], ' table:number-rows-repeated="3"') +
            row(blank(16384), ' table:number-rows-repeated="1000000"') +
            row([str('Fin', ' table:number-rows-spanned="2"'), blank(1)]) +
            row([covered(1), num(1)]) +
            row(blank(1024), ' table:number-rows-repeated="48571"') +
            // Blank by value (a formula's empty string, spaces): not a row either, however many.
            row(['<table:table-cell table:formula="of:=&quot;&quot;"><text:p/></table:table-cell>', str('<text:s text:c="3"/>')], ' table:number-rows-repeated="500000"'),
        ),
      ),
    );
    expect(s.rows).toEqual([['Ligne'], [null, null, null, 5, 5], [null, null, null, 5, 5], [null, null, null, 5, 5], ['Fin'], ['Fin', 1]]);
    expect(s.rows[1]).not.toBe(s.rows[2]);
    expect(s.lines).toEqual([1, 2, 3, 4, 1000005, 1000006]);
  });

  it('says rows hidden by a filter as rows hidden by hand, and not a merge of a number nor one across columns', async () => {
    const s = await rowsOf(
      content(
        sheet(
          'T',
          row([num(10, ' table:number-rows-spanned="2"'), str('titre', ' table:number-columns-spanned="2" table:number-rows-spanned="2"'), covered(1)]) +
            row([covered(3), str('x')], ' table:visibility="filter"') +
            row(str('y'), ' table:visibility="collapse" table:number-rows-repeated="2"'),
        ),
      ),
    );
    expect(s.rows).toEqual([[10, 'titre'], [null, null, null, 'x'], ['y'], ['y']]);
    expect(s.warnings).toEqual([{ severity: 'warning', code: 'hidden_rows_read', file: 'book#T', line: 2, params: { count: 3, lines: '2, 3, 4' } }]);
  });

  it('reads an .ods whose mimetype is not its first entry, by its content.xml, through ar', async () => {
    const dir = tempDir('ar-ods-');
    const head = [str('N° facture'), str('Code client'), str('Date facture'), str('Montant TTC')];
    const inv = [str('F1'), str('C1'), '<table:table-cell office:value-type="date" office:date-value="2026-09-01"/>', num(100)];
    writeFileSync(join(dir, 'sans.ods'), await ods({ mimetype: null, content: content(sheet('Factures', row(head) + row(inv))) }));
    const r = await arInProcess(['aging', 'sans.ods', '--as-of', '2026-11-30', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { currencies: { EUR: { total: string } } }).currencies.EUR.total).toBe('100.00');
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile files

describe('hostile .ods files: a clear one-line error, at once', () => {
  async function run(name: string, bytes: Uint8Array) {
    const dir = tempDir('ar-ods-');
    writeFileSync(join(dir, name), bytes);
    const t0 = performance.now();
    const r = await arInProcess(['aging', name, '--as-of', '2026-11-30', '--format', 'json'], { cwd: dir });
    return { ...r, ms: performance.now() - t0 };
  }

  /** One line on stderr, exit 2, nothing on stdout, in well under a couple of seconds. */
  function expectClearError(r: { code: number; stdout: string; stderr: string; ms: number }, line: string) {
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
    expect(r.ms).toBeLessThan(3_000);
  }

  async function refused(bytes: Buffer, detail: string) {
    const t0 = performance.now();
    const error = await ours(bytes).then(
      () => null,
      (e: unknown) => e,
    );
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(OdsSyntaxError);
    expect((error as Error).message).toBe(detail);
  }

  it('refuses a row of values repeated a million times, without making them', async () => {
    const million = await ods({ content: content(sheet('F', row(num(1), ' table:number-rows-repeated="1048576"'))) });
    await refused(million, 'content.xml has a row of values repeated 1,048,576 times (row 1), more than the 100,000 read by ar');
    expectClearError(
      await run('million.ods', million),
      'ar: million.ods: not a readable .ods spreadsheet (content.xml has a row of values repeated 1,048,576 times (row 1), more than the 100,000 read by ar)',
    );
    // Past the sheet's last row, however few times repeated.
    const past = await ods({ content: content(sheet('F', row(blank(1), ' table:number-rows-repeated="1048570"') + row(num(1), ' table:number-rows-repeated="10"'))) });
    await refused(past, 'content.xml has a row of values beyond row 1,048,576, the last of a sheet');
  });

  it('refuses a cell of values repeated over 16,384 columns and many rows past a sheet’s cells, and past column XFD', async () => {
    const wide = await ods({ content: content(sheet('F', row(num(1, ' table:number-columns-repeated="16384"'), ' table:number-rows-repeated="5000"'))) });
    await refused(wide, 'content.xml has more than 10,000,000 cells in a sheet (row 611), the limit of a sheet read by ar');
    expectClearError(await run('wide.ods', wide), 'ar: wide.ods: not a readable .ods spreadsheet (content.xml has more than 10,000,000 cells in a sheet (row 611), the limit of a sheet read by ar)');
    await refused(await ods({ content: content(sheet('F', row(num(1, ' table:number-columns-repeated="16385"')))) }), 'content.xml has a cell beyond column XFD (row 1)');
  });

  it('refuses a text longer than a cell, even made of text:s', async () => {
    await refused(await ods({ content: content(sheet('F', row(str('<text:s text:c="999999999"/>')))) }), 'content.xml has a text:s of "999999999" spaces, more than a cell holds');
    await refused(
      await ods({ content: content(sheet('F', row(str('a'.repeat(20_000)) + str(`${'b'.repeat(20_000)}</text:p><text:p>${'b'.repeat(20_000)}`)))) }),
      'content.xml has a cell of more than 32,767 characters, the most of an Excel cell',
    );
  });

  it('refuses a content.xml that is not XML, or an encrypted manifest, as protected by a password', async () => {
    const secret =
      'ar: secret.ods: this spreadsheet is protected by a password; open it, remove the password (LibreOffice: File › Save As…, "Save with password" unticked), save it, and give that file';
    expectClearError(await run('secret.ods', await ods({ content: Buffer.from([0x9c, 0x13, 0xfe, 0x00, 0x42, 0x3c, 0x61]) })), secret);
    const manifest =
      '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>';
    expectClearError(await run('secret.ods', await ods({ content: content(''), manifest })), secret);
    const fr = await arInProcess(['aging', 'secret.ods', '--as-of', '2026-11-30', '--lang', 'fr'], { cwd: tempDir('ar-ods-') });
    expect(fr.stderr).toMatch(/^ar: secret\.ods : /);
  });

  it('refuses a DTD as in an .xlsx, before parsing anything', async () => {
    const lol = await ods({ content: content(sheet('F', row(str('&lol9;'))), '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol9 "&lol;&lol;">]>') });
    expectClearError(await run('lol.ods', lol), 'ar: lol.ods: content.xml declares a DTD (<!DOCTYPE>), which no workbook does: refused (XML entity expansion)');
  });

  it('refuses a zip bomb by its declared size, and one that lies about it, with the .ods’s wording', async () => {
    const good = await ods({ content: content(sheet('F', row(str('N° facture')) + Array.from({ length: 200 }, () => row(num(1))).join(''))) });
    expect((await ours(good)).sheets[0]!.rows).toHaveLength(201);
    expectClearError(
      await run('bombe.ods', declareSize(good, 'content.xml', 0xfffffff0)),
      'ar: bombe.ods: content.xml would inflate to more than 128 MB, the limit of a workbook read by ar: refused (a zip bomb, or more than a full sheet of a ledger; a larger ledger reads as CSV)',
    );
    expectClearError(await run('bombe.ods', declareSize(good, 'content.xml', 100)), 'ar: bombe.ods: not a readable .ods spreadsheet (content.xml inflates to more than its declared size)');
  });

  it('refuses an .ods without content.xml, malformed XML, a text document, in one line', async () => {
    expectClearError(await run('vide.ods', await ods({})), 'ar: vide.ods: not a readable .ods spreadsheet (the archive has no content.xml)');
    expectClearError(
      await run('cut.ods', await ods({ content: content(sheet('F', row(str('x')))).replace('</office:spreadsheet></office:body></office:document-content>', '') })),
      'ar: cut.ods: not a readable .ods spreadsheet (content.xml ends inside an element (cut short))',
    );
    expectClearError(
      await run('lettre.ods', await ods({ mimetype: 'application/vnd.oasis.opendocument.text', content: content('') })),
      'ar: lettre.ods: not a readable .ods spreadsheet (an OpenDocument file of another kind ("application/vnd.oasis.opendocument.text"), not a spreadsheet)',
    );
    await refused(await ods({ content: content(sheet('F', row(num(1, ' table:number-columns-repeated="-3"')))) }), 'content.xml has a number-columns-repeated of "-3", not a count');
    await refused(await ods({ content: content(sheet('F', row('<table:table-cell office:value-type="money" office:value="1"/>'))) }), 'content.xml has a cell of an unknown value type "money"');
  });

  it('survives bytes flipped anywhere in content.xml: a result or its own one-line error, never another', async () => {
    const xml = (await checkXlsxArchive('x', readFileSync(join(ODS, 'libreoffice-grand-livre.ods')))).get('content.xml')!;
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 200; k++) {
      const b = Buffer.from(xml);
      for (let i = 0; i < 4; i++) b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
      try {
        const book = openOds('book', new Map([['content.xml', b]]));
        for (const s of book.sheets) s.read();
      } catch (e) {
        if (!(e instanceof OdsSyntaxError) && (e as { code?: string }).code !== 'ods_encrypted') throw e;
      }
    }
  });
});
