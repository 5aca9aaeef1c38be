import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.ts';
import { openXls, XlsSyntaxError } from '../../src/io/xls-read.ts';
import { arInProcess, ROOT, tempDir } from '../helpers/run.ts';
import { agingOfCopy, date, expectFeatures, oracle, pick, type Read } from '../helpers/workbooks.ts';

/**
 * The .xls reader (src/io/xls-read.ts). The oracle: LibreOffice's .xls and .xlsx of the same source
 * (test/corpus/README.md says how each was made), read by this reader and by the .xlsx reader, must give the
 * same sheets, rows, cells (types and values), lines and warnings. Records LibreOffice does not write (LABEL,
 * RSTRING, FILEPASS, BIFF5, a chart sheet…) and hostile files are built here, record by record.
 */

const XLS = join(ROOT, 'test/corpus/xls');

function ours(bytes: Uint8Array): Read {
  const book = openXls('book', bytes);
  return { date1904: book.date1904, sheets: book.sheets.map((s) => pick(s.read())) };
}

describe('an .xls written by LibreOffice reads as the .xlsx of the same source', () => {
  const pairs: [string, string][] = [
    ['libreoffice-grand-livre.xls', '../xlsx/libreoffice-grand-livre.xlsx'],
    ['libreoffice-xls-features.xls', 'libreoffice-xls-features.xlsx'],
    ['libreoffice-xls-1904.xls', 'libreoffice-xls-1904.xlsx'],
    ['libreoffice-factures-2000.xls', 'libreoffice-factures-2000.xlsx'],
  ];
  for (const [xls, xlsx] of pairs) {
    it(`reads ${xls} cell for cell as ${xlsx}`, async () => {
      const want = await oracle(readFileSync(join(XLS, xlsx)));
      expect(want.sheets.flatMap((s) => s.rows).length).toBeGreaterThan(3);
      expect(ours(readFileSync(join(XLS, xls)))).toEqual(want);
    });
  }

  const features = () => ours(readFileSync(join(XLS, 'libreoffice-xls-features.xls'))).sheets;

  it('reads numbers as an .xlsx does: RK integers and cents, negatives, doubles (NUMBER)', () => {
    const [f] = features();
    const col = (i: number) => f!.rows.map((r) => r[i]);
    expect(col(5).slice(2)).toEqual([1234.56, -200, 42, 12.34, 99999999.99, -0.05, 123456789, -1073741824]);
    expect(f!.rows.at(-2)!.slice(8)).toEqual([0.1, 1e-7]);
    expect(f!.rows.at(-1)!.slice(8)).toEqual([536870911, 3.5]);
  });

  it('reads dates by their XF’s format, the 1900 and the 1904 systems', () => {
    const [f] = features();
    expect(f!.rows[2]!.slice(3, 5)).toEqual([date(2026, 9, 1), date(2026, 10, 1)]);
    // LibreOffice's serial of 1 January 1900 is Excel's of the 2nd (it has no 29 February 1900): both readers read Excel's.
    expect(f!.rows.at(-1)!.slice(3, 5)).toEqual([date(1900, 1, 2), date(1900, 3, 1)]);
    const y1904 = ours(readFileSync(join(XLS, 'libreoffice-xls-1904.xls')));
    expect(y1904.date1904).toBe(true);
    expect(y1904.sheets[0]!.rows.map((r) => r[2])).toEqual(['Date facture', date(2026, 9, 1), date(2026, 10, 31), date(1904, 1, 2)]);
  });

  it('reads strings: accents and € (one byte or UTF-16), texts over 255 characters and over a record (CONTINUE)', () => {
    const [f] = features();
    expect(f!.rows[0]).toEqual(['Factures 2026 — Société Générale de Bâtiment (Œuvres & Façades)']);
    expect(f!.rows[5]!.slice(2, 3)).toEqual(['L’Atelier d’Hervé — menuiserie']);
    const note = (r: number) => f!.rows[r]![7] as string;
    expect(note(2).length).toBeGreaterThan(255);
    expect(note(2)).toMatch(/^Conditions particulières : paiement à 30 jours .* 40 € pour frais de recouvrement\. $/);
    // In UTF-16 (for its '—'), more than the 8,224 bytes of a record.
    expect(note(4).length * 2).toBeGreaterThan(8224);
    expect(note(4)).toMatch(/^Ligne 001 du relevé détaillé — livraison n° 1000, .* Ligne 090 du relevé détaillé — livraison n° 1089, quantité 267, prix unitaire 111\.25 ;$/);
    // 2,000 distinct names in a table of shared strings spread over several CONTINUE records, in one byte and in UTF-16.
    const many = ours(readFileSync(join(XLS, 'libreoffice-factures-2000.xls'))).sheets[0]!;
    expect(many.rows.slice(1).map((r) => r[2])).toEqual(Array.from({ length: 2000 }, (_, k) => `${['Dupont', 'Lefèvre', 'Müller', 'Œillet — SA', 'Garçon'][(k + 1) % 5]} ${k + 1}`));
  });

  it('reads a formula’s cached result: a number (not a date), a string (STRING), a boolean, an error as empty, an empty string', () => {
    const [f] = features();
    expect(f!.rows[2]!.slice(8)).toEqual([2469.12, 'FA-0001-C001']);
    expect(f!.rows[3]!.slice(8)).toEqual([null, false]);
    expect(f!.rows[5]!.slice(8)).toEqual(['', 'Répété '.repeat(40)]);
  });

  it('reads booleans, repeats a text or a date merged down one column (not across), and says the hidden rows', () => {
    expectFeatures(features());
  });
});

describe('ar on an .xls', () => {
  const aging = (fixture: string, ext: string, spec = '') => agingOfCopy(join(XLS, fixture), ext, spec);

  it('gives the aged balance the .xlsx gives, the payments read from the workbook’s other sheet', async () => {
    const xls = await aging('libreoffice-xls-features.xls', 'xls');
    expect(xls).toEqual(await aging('libreoffice-xls-features.xlsx', 'xlsx'));
    expect(xls.code).toBe(0);
    expect(xls.stdout).toContain('the workbook\'s sheet \\"Règlements\\" is read as the payments');
    const j = JSON.parse(xls.stdout) as { import: { invoices: { read: number }; payments: { read: number } }; currencies: { EUR: { total: string } } };
    expect([j.import.invoices.read, j.import.payments.read, j.currencies.EUR.total]).toEqual([8, 3, '-850285259.00']);
    expect(await aging('libreoffice-grand-livre.xls', 'xls')).toEqual(await aging('../xlsx/libreoffice-grand-livre.xlsx', 'xlsx'));
  });

  it('reads the sheet named after #, and the whole workbook once for both ledgers', async () => {
    const dir = tempDir('ar-xls-');
    const path = join(dir, 'ancien.xls');
    copyFileSync(join(XLS, 'libreoffice-grand-livre.xls'), path);
    const pay = await readTable(`${path}#Règlements`, 'payments');
    expect([pay.file, pay.rowCount, pay.line(1), pay.row(1)]).toEqual(['ancien.xls#Règlements', 3, 2, [date(2026, 10, 5), '0042', 1000, 'FA2026-0001']]);
    const inv = await readTable(path, 'invoices', { wholeWorkbook: true });
    expect(inv.file).toBe('ancien.xls#Factures');
    await expect(readTable(`${path}#Ventes`, 'invoices')).rejects.toMatchObject({ code: 'sheet_not_found', params: { sheets: 'Factures, Règlements' } });
  });
});

// ---------------------------------------------------------------------------------------------
// Workbooks built record by record

const u16 = (n: number) => Buffer.from([n & 0xff, (n >>> 8) & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const f64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(n);
  return b;
};
const cat = (...parts: (Buffer | number[])[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));
const rec = (type: number, ...data: (Buffer | number[])[]) => {
  const d = cat(...data);
  return cat(u16(type), u16(d.length), d);
};
const wide = (s: string) => /[^\x00-\xff]/.test(s);
/** An XLUnicodeString's flag and characters. */
const chars = (s: string) => cat([wide(s) ? 1 : 0], Buffer.from(s, wide(s) ? 'utf16le' : 'latin1'));
const xstr = (s: string) => cat(u16(s.length), chars(s));
const cell = (rw: number, col: number, xf = 0) => cat(u16(rw), u16(col), u16(xf));
/** An RK number: a 30-bit integer, or a double's high 30 bits (its low 34 must be zero), ×100 when flagged. */
const rk = (v: number, opts: { int?: boolean; x100?: boolean } = {}) => {
  if (opts.int) return u32(((v << 2) | 2 | (opts.x100 ? 1 : 0)) >>> 0);
  const d = f64(v);
  return u32((d.readUInt32LE(4) & ~3) | (opts.x100 ? 1 : 0));
};

const BOF = (dt: number, version = 0x0600) => rec(0x0809, u16(version), u16(dt), Buffer.alloc(12));
const EOF = rec(0x000a);
const XF = (fmt: number) => rec(0x00e0, u16(0), u16(fmt), Buffer.alloc(16));
/** XF 0 general, 1 built-in date (14), 2 a custom date, 3 an amount, 4 a time escaped (a number). */
const STYLES = [rec(0x041e, u16(164), xstr('dd/mm/yyyy')), rec(0x041e, u16(165), xstr('0.0\\h')), XF(0), XF(14), XF(164), XF(4), XF(165)];

interface SheetSpec {
  name: string;
  records: Buffer[];
  /** BOUNDSHEET's type: 0 a worksheet, 2 a chart. */
  dt?: number;
  /** The substream's BOF type: 0x10 a worksheet, 0x20 a chart. */
  bof?: number;
}

/** A Workbook stream: globals (BOF, `globals`, one BOUNDSHEET a sheet, EOF), then each sheet's substream. */
function biff8(sheets: SheetSpec[], globals: Buffer[] = STYLES, version = 0x0600): Buffer {
  const bound = (offset: number, s: SheetSpec) => rec(0x0085, u32(offset), [0, s.dt ?? 0, s.name.length], chars(s.name));
  const head = (offsets: number[]) => cat(BOF(5, version), ...globals, ...sheets.map((s, i) => bound(offsets[i] ?? 0, s)), EOF);
  const subs = sheets.map((s) => cat(BOF(s.bof ?? 0x10, version), ...s.records, EOF));
  const offsets: number[] = [];
  let at = head([]).length;
  for (const s of subs) {
    offsets.push(at);
    at += s.length;
  }
  return cat(head(offsets), ...subs);
}

const END = 0xfffffffe;
const FREE = 0xffffffff;

/**
 * A compound file (version 3, 512-byte sectors) holding `streams` in that order, each padded to 4,096 bytes at
 * least (as Excel pads its Workbook), so that none is in the mini stream; the directory's entries are chained
 * by their right siblings.
 */
function compoundFile(streams: [string, Buffer][]): Buffer {
  const S = 512;
  const data = streams.map(([, d]) => Math.max(8, Math.ceil(d.length / S)));
  const dirSectors = Math.ceil((streams.length + 1) / 4);
  let fatSectors = 1;
  while (fatSectors * 128 < data.reduce((a, b) => a + b, 0) + dirSectors + fatSectors) fatSectors++;
  const fat: number[] = [];
  const starts: number[] = [];
  for (const n of data) {
    starts.push(fat.length);
    for (let k = 0; k < n; k++) fat.push(k === n - 1 ? END : fat.length + 1);
  }
  const dirStart = fat.length;
  for (let k = 0; k < dirSectors; k++) fat.push(k === dirSectors - 1 ? END : fat.length + 1);
  const fatStart = fat.length;
  for (let k = 0; k < fatSectors; k++) fat.push(0xfffffffd);
  while (fat.length < fatSectors * 128) fat.push(FREE);
  const entry = (name: string, type: number, right: number, child: number, start: number, size: number) => {
    const e = Buffer.alloc(128);
    e.write(name, 0, 'utf16le');
    e.writeUInt16LE((name.length + 1) * 2, 64);
    e[66] = type;
    e[67] = 1;
    e.writeUInt32LE(FREE, 68);
    e.writeUInt32LE(right, 72);
    e.writeUInt32LE(child, 76);
    e.writeUInt32LE(start, 116);
    e.writeUInt32LE(size, 120);
    return e;
  };
  const dir = Buffer.alloc(dirSectors * S);
  entry('Root Entry', 5, FREE, 1, END, 0).copy(dir, 0);
  streams.forEach(([name, d], i) => entry(name, 2, i + 2 <= streams.length ? i + 2 : FREE, FREE, starts[i]!, Math.max(d.length, 4096)).copy(dir, (i + 1) * 128));
  const header = Buffer.alloc(S);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(fatSectors, 44);
  header.writeUInt32LE(dirStart, 48);
  header.writeUInt32LE(4096, 56);
  header.writeUInt32LE(END, 60);
  header.writeUInt32LE(END, 68);
  for (let k = 0; k < 109; k++) header.writeUInt32LE(k < fatSectors ? fatStart + k : FREE, 76 + 4 * k);
  const body = streams.map(([, d], i) => {
    const b = Buffer.alloc(data[i]! * S);
    d.copy(b);
    return b;
  });
  return cat(header, ...body, dir, cat(...fat.map(u32)));
}

const xls = (sheets: SheetSpec[], globals?: Buffer[], version?: number, stream = 'Workbook') => compoundFile([[stream, biff8(sheets, globals, version)]]);

/** An SST record of these strings, declaring `count`. */
const sst = (strings: Buffer[], count = strings.length) => [rec(0x00fc, u32(count), u32(count), ...strings)];

/** A sheet's one cell, the number 1. */
const ok = [rec(0x0203, cell(0, 0), f64(1))];

describe('records LibreOffice does not write, read as Excel writes them', () => {
  it('reads LABEL and RSTRING strings, BOOLERR booleans and errors, RK numbers of every kind', () => {
    const book = ours(
      xls([
        {
          name: 'Feuil1',
          records: [
            rec(0x0204, cell(0, 0), xstr('Libellé')),
            rec(0x00d6, cell(0, 1), xstr('Œuvre riche'), u16(1), u16(0), u16(1)),
            rec(0x0205, cell(0, 2), [1, 0]),
            rec(0x0205, cell(0, 3), [0x07, 1]),
            rec(0x027e, cell(1, 0), rk(42, { int: true })),
            rec(0x027e, cell(1, 1), rk(1234, { int: true, x100: true })),
            rec(0x027e, cell(1, 2), rk(-5, { int: true, x100: true })),
            rec(0x027e, cell(1, 3), rk(-536870912, { int: true })),
            rec(0x00bd, u16(2), u16(0), u16(0), rk(1.5), u16(0), rk(2 ** 40, { x100: true }), u16(0), rk(-0.25), u16(2)),
          ],
        },
      ]),
    );
    expect(book.sheets[0]!.rows).toEqual([
      ['Libellé', 'Œuvre riche', true, null],
      [42, 12.34, -0.05, -536870912],
      [1.5, 10995116277.76, -0.25],
    ]);
    expect(book.sheets[0]!.lines).toEqual([1, 2, 3]);
  });

  it('makes dates of numbers whose format is a date (built-in or custom), not of an amount, a time escaped, nor a formula', () => {
    const book = ours(
      xls([
        {
          name: 'Dates',
          records: [
            rec(0x0203, cell(0, 0, 1), f64(46296)),
            rec(0x0203, cell(0, 1, 2), f64(46296.75)),
            rec(0x027e, cell(0, 2, 2), rk(45000, { int: true })),
            rec(0x0203, cell(0, 3, 3), f64(46296)),
            rec(0x0203, cell(0, 4, 4), f64(46296)),
            rec(0x0203, cell(0, 5, 1), f64(3e6)),
            rec(0x0006, cell(0, 6, 1), f64(46296), u16(0), u32(0), u16(0)),
          ],
        },
      ]),
    );
    expect(book.sheets[0]!.rows).toEqual([[date(2026, 10, 1), date(2026, 10, 1), date(2023, 3, 15), 46296, 46296, 3e6, 46296]]);
    const in1904 = ours(xls([{ name: 'D', records: [rec(0x0203, cell(0, 0, 1), f64(44834))] }], [rec(0x0022, u16(1)), ...STYLES]));
    expect(in1904).toMatchObject({ date1904: true, sheets: [{ rows: [[date(2026, 10, 1)]] }] });
  });

  it('reads shared strings split over CONTINUE records, the flag read again at each; rich runs and phonetic blocks skipped', () => {
    const long = 'é'.repeat(5000);
    const tail = '€'.repeat(3000);
    const strings = [
      // Rich (4 bytes a run) and phonetic (ExtRst) parts after the characters.
      cat(u16(5), [0x0c], u16(2), u32(6), Buffer.from('Riche', 'latin1'), Buffer.alloc(8, 0xee), Buffer.alloc(6, 0xdd)),
      // 8,000 characters: 5,000 in one byte here, then 3,000 in UTF-16 in the CONTINUE record, which restates the flag.
      cat(u16(8000), [0], Buffer.from(long, 'latin1')),
    ];
    const first = rec(0x00fc, u32(3), u32(3), ...strings);
    const cont = rec(0x003c, [1], Buffer.from(tail, 'utf16le'), xstr('après'));
    const book = ours(xls([{ name: 'S', records: [0, 1, 2].map((i) => rec(0x00fd, cell(i, 0), u32(i))) }], [...STYLES, first, cont]));
    expect(book.sheets[0]!.rows).toEqual([['Riche'], [long + tail], ['après']]);
  });

  it('reads a formula’s string from its STRING record, continued; booleans, errors and empty strings from the formula', () => {
    const fml = (rw: number, type: number, v = 0) => rec(0x0006, cell(rw, 0), [type, 0, v, 0, 0, 0, 0xff, 0xff], u16(0), u32(0), u16(0));
    const text = 'x'.repeat(9000);
    const book = ours(
      xls([
        {
          name: 'F',
          records: [
            fml(0, 0),
            rec(0x04bc, Buffer.alloc(10)),
            rec(0x0207, u16(9000), [0], Buffer.from(text.slice(0, 8000), 'latin1')),
            rec(0x003c, [0], Buffer.from(text.slice(8000), 'latin1')),
            fml(1, 1, 1),
            fml(2, 2, 0x07),
            rec(0x0203, cell(2, 1), f64(1)),
            fml(3, 3),
            rec(0x0203, cell(3, 1), f64(2)),
          ],
        },
      ]),
    );
    expect(book.sheets[0]!.rows).toEqual([[text], [true], [null, 1], ['', 2]]);
  });

  it('lists worksheets only, in order, and passes over a chart within a sheet', () => {
    const chart = [BOF(0x20), rec(0x0203, cell(0, 0), f64(99)), EOF];
    const book = ours(
      xls([
        { name: 'Factures', records: [rec(0x0203, cell(0, 0), f64(1)), ...chart, rec(0x0203, cell(1, 0), f64(2))] },
        { name: 'Graphique', dt: 2, bof: 0x20, records: [rec(0x0203, cell(0, 0), f64(3))] },
        { name: 'Œuvres', records: [rec(0x0203, cell(4, 0), f64(4))] },
      ]),
    );
    expect(book.sheets).toEqual([
      { name: 'Factures', rows: [[1], [2]], lines: [1, 2], warnings: [] },
      { name: 'Œuvres', rows: [[4]], lines: [5], warnings: [] },
    ]);
  });
});

describe('what is refused, in one line', () => {
  async function run(name: string, bytes: Uint8Array) {
    const dir = tempDir('ar-xls-');
    writeFileSync(join(dir, name), bytes);
    const t0 = performance.now();
    const r = await arInProcess(['aging', name, '--as-of', '2026-11-30', '--format', 'json'], { cwd: dir });
    return { ...r, ms: performance.now() - t0 };
  }

  /** One line on stderr, exit 2, nothing on stdout, in well under a second. */
  function expectClearError(r: { code: number; stdout: string; stderr: string; ms: number }, line: string | RegExp) {
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
    expect(r.stderr.split('\n')).toHaveLength(2);
    if (typeof line === 'string') expect(r.stderr).toBe(`${line}\n`);
    else expect(r.stderr).toMatch(line);
    expect(r.ms).toBeLessThan(2_000);
  }

  it('refuses an encrypted .xls (FILEPASS) and an .xlsx with a password as protected by a password', async () => {
    expect(ours(xls([{ name: 'F', records: ok }])).sheets[0]!.rows).toEqual([[1]]);
    const filepass = xls([{ name: 'F', records: ok }], [rec(0x002f, u16(1), Buffer.alloc(52)), ...STYLES]);
    expectClearError(await run('secret.xls', filepass), /^ar: secret\.xls: this workbook is protected by a password; /);
    expectClearError(await run('secret.xlsx', readFileSync(join(ROOT, 'test/corpus/xlsx/excel-encrypted-xlsx-populate.xlsx'))), /^ar: secret\.xlsx: this workbook is protected by a password; /);
  });

  it('refuses BIFF5 and older (Excel 5.0/95), as it says', async () => {
    const refusal = 'ar: old.xls: an .xls of Excel 5.0/95 or older (BIFF5 or before), which ar does not read; save it as .xlsx or CSV';
    expectClearError(await run('old.xls', xls([{ name: 'F', records: ok }], STYLES, 0x0500, 'Book')), refusal);
    expectClearError(await run('old.xls', compoundFile([['Book', cat(rec(0x0409, u16(0), u16(0x10)), EOF)]])), refusal);
  });

  it('refuses an OLE file that is no workbook, and a cell beyond column IV', async () => {
    expectClearError(
      await run('lettre.xls', compoundFile([['WordDocument', Buffer.alloc(100)]])),
      'ar: lettre.xls: not a readable .xls workbook (the compound file holds no Workbook stream: not an Excel workbook)',
    );
    expectClearError(
      await run('large.xls', xls([{ name: 'F', records: [rec(0x0203, cell(0, 256), f64(1))] }])),
      'ar: large.xls: not a readable .xls workbook (a cell beyond column IV (row 1), the last of an .xls)',
    );
  });
});

/** The compound file's parts in a file written as `compoundFile` or LibreOffice writes them (version 3, one FAT sector at least). */
function layout(b: Buffer) {
  const fatSector = (i: number) => b.readUInt32LE(76 + 4 * Math.floor(i / 128));
  const fatAt = (i: number) => (fatSector(i) + 1) * 512 + (i % 128) * 4;
  const dir = (b.readUInt32LE(48) + 1) * 512;
  let wb = -1;
  for (let k = 0; k < 4; k++) if (b.toString('utf16le', dir + k * 128, dir + k * 128 + 16) === 'Workbook') wb = dir + k * 128;
  const start = b.readUInt32LE(wb + 116);
  return { fatAt, wbEntry: wb, start, second: b.readUInt32LE(fatAt(start)) };
}

describe('hostile .xls files: a clear one-line error, at once', () => {
  const good = readFileSync(join(XLS, 'libreoffice-xls-features.xls'));

  function refused(bytes: Buffer, detail: string | RegExp) {
    const t0 = performance.now();
    let error: unknown = null;
    try {
      ours(bytes);
    } catch (e) {
      error = e;
    }
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(XlsSyntaxError);
    expect((error as Error).message).toMatch(typeof detail === 'string' ? new RegExp(`^${detail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : detail);
  }

  it('refuses a FAT chain that loops, and a sector out of range', () => {
    const l = layout(good);
    expect(ours(good).sheets).toHaveLength(2);
    const loop = Buffer.from(good);
    loop.writeUInt32LE(l.start, l.fatAt(l.second));
    refused(loop, 'the chain of the Workbook stream loops');
    const far = Buffer.from(good);
    far.writeUInt32LE(0x00ffffff, l.fatAt(l.start));
    refused(far, 'the Workbook stream needs sector 16777215, beyond the 48 sectors of the file (cut short, or damaged)');
    const self = Buffer.from(good);
    self.writeUInt32LE(self.readUInt32LE(48), l.fatAt(self.readUInt32LE(48)));
    refused(self, 'the chain of the directory loops');
  });

  it('refuses a Workbook stream of 2 GB, and one larger than the file, before allocating it', () => {
    const l = layout(good);
    const huge = Buffer.from(good);
    huge.writeUInt32LE(0x80000000, l.wbEntry + 120);
    refused(huge, 'the Workbook stream is 2,048 MB, more than the 128 MB of a workbook read by ar: refused (a larger ledger reads as CSV)');
    const large = Buffer.from(good);
    large.writeUInt32LE(good.length * 2, l.wbEntry + 120);
    refused(large, 'the Workbook stream is larger than the file holds (cut short, or damaged)');
  });

  it('refuses a file cut short anywhere, never with an error of its own reading', () => {
    for (let n = 0; n < good.length; n += 97) refused(good.subarray(0, n), /cut short|no Workbook stream|damaged|ends without/);
  });

  it('refuses a table of 10 million shared strings, and a text longer than a cell', async () => {
    refused(
      xls([{ name: 'F', records: [rec(0x00fd, cell(0, 0), u32(0))] }], [...STYLES, ...sst([xstr('a')], 10_000_000)]),
      'the table of shared strings declares 10,000,000 strings, more than the 2,000,000 of a workbook read by ar',
    );
    refused(xls([{ name: 'F', records: [rec(0x0204, cell(0, 0), u16(40_000), [0], Buffer.alloc(8000, 0x61))] }]), 'sheet "F" has a text of 40,000 characters, more than the 32,767 of an Excel cell');
    // A cell naming a shared string the table does not have is damage, not a blank cell.
    refused(xls([{ name: 'F', records: [rec(0x00fd, cell(0, 0), u32(5))] }], [...STYLES, ...sst([xstr('a')], 1)]), 'sheet "F" names shared string 5, beyond the 1 of the workbook (damaged)');
    const dir = tempDir('ar-xls-');
    writeFileSync(join(dir, 'sst.xls'), xls([{ name: 'F', records: ok }], [...STYLES, ...sst([], 10_000_000)]));
    const r = await arInProcess(['aging', 'sst.xls', '--as-of', '2026-11-30'], { cwd: dir });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ar: sst.xls: not a readable .xls workbook (the table of shared strings declares 10,000,000 strings, more than the 2,000,000 of a workbook read by ar)\n',
    });
  });

  it('survives bytes flipped anywhere: a result or its own one-line error, never another', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 300; k++) {
      const b = Buffer.from(good);
      for (let i = 0; i < 4; i++) b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
      try {
        ours(b);
      } catch (e) {
        if (!(e instanceof XlsSyntaxError) && (e as { code?: string }).code !== 'xlsx_encrypted' && (e as { code?: string }).code !== 'xls_not_supported') throw e;
      }
    }
  });
});
