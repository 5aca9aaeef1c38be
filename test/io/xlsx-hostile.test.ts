import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkXlsxArchive } from '../../src/io/zip-check.ts';
import { arInProcess, BIN, ROOT, tempDir, writeFiles } from '../helpers/run.ts';
import { declareSize } from '../helpers/workbooks.ts';
import { row, sheetXml, workbook } from '../helpers/xlsx.ts';

/**
 * Workbooks made to hurt: zip bombs, entity expansion, damaged archives, formulas, a million empty
 * rows, the 1904 date system. Each ends in a result or in one clear line and exit 2, in bounded
 * time and memory.
 */

const HEAD = row(1, 'N° facture', 'Code client', 'Date facture', 'Échéance', 'Montant TTC');
const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
/** The Excel serial of a date, in the 1900 or the 1904 system. */
const serial = (iso: string, date1904 = false) => day(iso) + (date1904 ? 24107 : 25569);

async function aging(files: Record<string, Uint8Array | string>, args: string[] = []) {
  const dir = tempDir('ar-xlsx-');
  const paths = writeFiles(dir, files);
  const r = await arInProcess(['aging', paths[Object.keys(files)[0]!]!, '--as-of', '2026-10-31', '--format', 'json', ...args], { cwd: dir });
  return { ...r, json: r.code === 0 ? (JSON.parse(r.stdout) as AgingJson) : null };
}

interface AgingJson {
  currencies: Record<string, { total: string; customers: { id: string; invoices: { number: string; issueDate: string; dueDate: string; amount: string; open: string }[] }[] }>;
  import: { invoices: { read: number; used: number; rejected: number; amounts: { used: Record<string, string> } }; problems: { line: number; column: string; value: string; message: string }[] };
  warnings: { code: string; message: string }[];
}

const invoices = (j: AgingJson | null) => j!.currencies.EUR?.customers.flatMap((c) => c.invoices) ?? [];

/** One line on stderr, naming the file, exit 2, nothing on stdout. */
function expectClearError(r: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
  expect(r.stderr.split('\n')).toHaveLength(2);
  expect(r.stderr).toMatch(pattern);
}

describe('hostile workbooks', () => {
  it('refuses a zip bomb by its declared size, before inflating anything', async () => {
    const wb = await workbook({ sheets: [{ name: 'Factures', xml: sheetXml(HEAD + row(2, 'F1', 'C1', { date: serial('2026-09-01') }, null, 10)) }] });
    const r = await aging({ 'bombe.xlsx': declareSize(wb, 'xl/worksheets/sheet1.xml', 0xfffffff0) });
    expectClearError(
      r,
      /^ar: bombe\.xlsx: xl\/worksheets\/sheet1\.xml would inflate to more than 128 MB, the limit of a workbook read by ar: refused \(a zip bomb, or more than a full sheet of a ledger; a larger ledger reads as CSV\)\n$/,
    );
  });

  it('refuses a zip bomb that lies about its size: inflating stops at the declared size', async () => {
    // 200 MB of a repeated row deflate to about 200 KB; the directory says 1 KB.
    const rows = Buffer.alloc(200 * 1024 * 1024, '<row r="9"/>');
    const zip = await workbook({ sheets: [{ name: 'Factures', xml: sheetXml(HEAD) }] });
    const honest = await checkXlsxArchive('ok.xlsx', zip).then(() => 'ok');
    expect(honest).toBe('ok');
    const t0 = performance.now();
    const bomb = await bombWithEntry(zip, 'xl/worksheets/sheet1.xml', rows, 1024);
    await expect(checkXlsxArchive('bombe.xlsx', bomb)).rejects.toMatchObject({ code: 'xlsx_unreadable', params: { detail: 'xl/worksheets/sheet1.xml inflates to more than its declared size' } });
    expect(performance.now() - t0).toBeLessThan(5_000);
    // Shared strings (kept in memory by exceljs) have a lower bound of their own.
    await expect(
      checkXlsxArchive('s.xlsx', declareSize(await workbook({ sheets: [{ name: 'F', xml: sheetXml(HEAD) }], sharedStrings: '<sst/>' }), 'xl/sharedStrings.xml', 100 * 1024 * 1024)),
    ).rejects.toMatchObject({ code: 'xlsx_too_large', params: { part: 'xl/sharedStrings.xml', mb: 64 } });
  });

  it('refuses XML entity expansion ("billion laughs") in shared strings or a sheet, without expanding it', async () => {
    const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;
    const sst = `<?xml version="1.0" encoding="UTF-8"?>${laughs}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>`;
    const inSst = await workbook({ sheets: [{ name: 'Factures', xml: sheetXml(HEAD + row(2, 'F1', 'C1', { date: serial('2026-09-01') }, null, 10)) }], sharedStrings: sst });
    expectClearError(await aging({ 'lol.xlsx': inSst }), /^ar: lol\.xlsx: xl\/sharedStrings\.xml declares a DTD \(<!DOCTYPE>\), which no workbook does: refused \(XML entity expansion\)\n$/);
    const inSheet = await workbook({
      sheets: [{ name: 'Factures', xml: sheetXml(HEAD + row(2, 'F1', 'C1', { date: serial('2026-09-01') }, null, 10), '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>') }],
    });
    expectClearError(await aging({ 'xxe.xlsx': inSheet }), /xl\/worksheets\/sheet1\.xml declares a DTD/);
  });

  it('refuses a damaged archive in one line: cut short, a flipped byte, an entry out of place', async () => {
    const good = await workbook({
      sheets: [{ name: 'Factures', xml: sheetXml(HEAD + Array.from({ length: 50 }, (_, i) => row(i + 2, `F${i}`, 'C1', { date: serial('2026-09-01') }, null, 10)).join('')) }],
    });
    expect((await aging({ 'ok.xlsx': good })).code).toBe(0);
    expectClearError(
      await aging({ 'cut.xlsx': good.subarray(0, Math.floor(good.length / 2)) }),
      /^ar: cut\.xlsx: not a readable \.xlsx workbook \(no zip directory: the file is cut short or is not a zip archive\)\n$/,
    );
    const flipped = Buffer.from(good);
    const sheetAt = flipped.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length + 40;
    flipped[sheetAt] = flipped[sheetAt]! ^ 0xff;
    expectClearError(
      await aging({ 'flip.xlsx': flipped }),
      /^ar: flip\.xlsx: not a readable \.xlsx workbook \(xl\/worksheets\/sheet1\.xml (is damaged \(CRC mismatch\)|cannot be inflated .*|inflates to more than its declared size|is shorter than its declared size)\)\n$/,
    );
    const shifted = Buffer.concat([Buffer.from(good.subarray(0, 30)), Buffer.alloc(7), Buffer.from(good.subarray(30))]);
    expectClearError(await aging({ 'shift.xlsx': shifted }), /^ar: shift\.xlsx: not a readable \.xlsx workbook \(.+\)\n$/);
    // Found by the fuzzer: NUL bytes inserted in an archive used to leave exceljs waiting forever (exit 0, no output).
    const r = spawnSync(process.execPath, [BIN, 'aging', join(ROOT, 'fixtures/errors/xlsx-nul-bytes-inserted.xlsx')], { encoding: 'utf8', timeout: 30_000 });
    expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 2, stderr: 'ar: xlsx-nul-bytes-inserted.xlsx: not a readable .xlsx workbook (the zip directory is damaged)\n' });
  });

  it('reads the values Excel saved for formulas, 0 included, evaluates nothing, and names a formula with no saved value', async () => {
    const wb = await workbook({
      sheets: [
        {
          name: 'Factures',
          xml: sheetXml(
            HEAD +
              row(2, 'F1', 'C1', { date: serial('2026-09-01') }, { f: 'C2+30', v: String(serial('2026-10-01')), date: true }, { f: '100+20', v: '120' }) +
              // exceljs drops a saved 0 from the cell's value: it used to be read as an empty amount.
              row(3, 'F2', 'C1', { date: serial('2026-09-01') }, null, { f: 'E2-E2', v: '0' }) +
              // The saved value is the truth, not the formula: 1+1 saved as 5 reads 5.
              row(4, 'F3', 'C1', { date: serial('2026-09-01') }, null, { f: '1+1', v: '5' }) +
              row(5, { f: '"F"&"4"', v: 'F4', t: 'str' }, 'C1', { date: serial('2026-09-01') }, null, { f: 'WEBSERVICE("http://example.invalid/")', v: '7' }) +
              // Never opened in a spreadsheet: no saved value.
              row(6, 'F5', 'C1', { date: serial('2026-09-01') }, { f: 'C6+30' }, 10),
          ),
        },
      ],
    });
    const r = await aging({ 'formules.xlsx': wb }, ['--skip-invalid']);
    expect(r.code).toBe(0);
    // F2, of 0.00, is used (not rejected as empty) and has nothing open.
    expect(r.json!.import.invoices).toMatchObject({ read: 5, used: 4, rejected: 1, amounts: { used: { EUR: '132.00' } } });
    expect(invoices(r.json).map((i) => [i.number, i.dueDate, i.amount])).toEqual([
      ['F1', '2026-10-01', '120.00'],
      ['F3', '2026-10-01', '5.00'],
      ['F4', '2026-10-01', '7.00'],
    ]);
    expect(r.json!.import.problems.map((p) => p.message)).toEqual(['formules.xlsx#Factures:6: column "Échéance": value "=C6+30" is not a date']);
  });

  it('reads a workbook in the 1904 date system: typed dates and serials that formulas left as numbers', async () => {
    const sheets = (date1904: boolean) => [
      {
        name: 'Factures',
        xml: sheetXml(HEAD + row(2, 'F1', 'C1', { date: serial('2026-09-01', date1904) }, { f: 'C2+30', v: String(serial('2026-10-01', date1904)) }, 10)),
      },
    ];
    for (const date1904 of [true, false]) {
      const r = await aging({ 'mac.xlsx': await workbook({ sheets: sheets(date1904), date1904 }) });
      expect(r.code).toBe(0);
      expect(invoices(r.json).map((i) => [i.issueDate, i.dueDate])).toEqual([['2026-09-01', '2026-10-01']]);
    }
  });

  it('reads a sheet formatted down to row 1,000,000 in bounded time and memory, and says where it stopped', async () => {
    const emptyRows = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `<row r="${i + from}" s="1" customFormat="1"><c r="A${i + from}" s="1"/><c r="E${i + from}" s="1"/></row>`).join('');
    const empty = emptyRows(4, 1_000_000);
    const xml = sheetXml(
      HEAD +
        row(2, 'F1', 'C1', { date: serial('2026-09-01') }, null, 10) +
        row(3, 'F2', 'C1', { date: serial('2026-09-02') }, null, 20) +
        empty +
        row(1_000_004, 'F3', 'C1', { date: serial('2026-09-03') }, null, 30),
    );
    const dir = tempDir('ar-xlsx-');
    // A sheet of empty rows before the ledger must not stop the reading of the workbook either.
    const p = writeFiles(dir, {
      'vide.xlsx': await workbook({
        sheets: [
          { name: 'Mise en forme', xml: sheetXml(emptyRows(1, 150_000)) },
          { name: 'Factures', xml },
        ],
      }),
    });
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--max-old-space-size=160', BIN, 'aging', p['vide.xlsx']!, '--as-of', '2026-10-31', '--format', 'json'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, LANG: 'en_US.UTF-8' },
    });
    const seconds = (performance.now() - t0) / 1000;
    expect({ code: r.status, signal: r.signal }).toEqual({ code: 0, signal: null });
    expect(seconds).toBeLessThan(20);
    const j = JSON.parse(r.stdout) as AgingJson;
    expect(invoices(j).map((i) => i.number)).toEqual(['F1', 'F2']);
    expect(j.warnings.filter((w) => w.code !== 'due_by_default_terms').map((w) => w.message)).toEqual([
      'vide.xlsx#Factures:100003: reading stopped here, after 100000 empty rows in a row; anything below them was not read (delete the empty rows)',
    ]);
  }, 60_000);
});

/** A copy of `zip` whose entry `part` holds `content` (deflated) but declares `declared` bytes. */
async function bombWithEntry(zip: Buffer, part: string, content: Buffer, declared: number): Promise<Buffer> {
  const JSZip = (await import('jszip')).default;
  const z = await JSZip.loadAsync(zip);
  z.file(part, deflateRawSync(content).toString('latin1'), { binary: true });
  // jszip would deflate it again: store the already deflated bytes, then mark them deflated.
  const stored = await z.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  const b = Buffer.from(stored);
  const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = b.readUInt32LE(end + 16);
  for (let i = 0; i < b.readUInt16LE(end + 10); i++) {
    const n = b.readUInt16LE(p + 28);
    if (b.toString('utf8', p + 46, p + 46 + n) === part) {
      const local = b.readUInt32LE(p + 42);
      b.writeUInt16LE(8, p + 10);
      b.writeUInt16LE(8, local + 8);
      b.writeUInt32LE(declared, p + 24);
      b.writeUInt32LE(declared, local + 22);
    }
    p += 46 + n + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
  }
  return b;
}
