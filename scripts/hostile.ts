/**
 * The hostile files of the parsers' budget (SECURITY.md, "Every reader bounded"), generated at full size,
 * and `ar` run on each with its time and peak memory measured: the figures of SECURITY.md come from here.
 * The tests (test/io/bounded.test.ts, test/cli/bounded.test.ts) hold the same limits on smaller files
 * and prove the readers linear; this script is run by hand:
 *
 *   node scripts/hostile.ts [--out dir] [--only name,name] [--list] [--keep]
 *
 * Each case prints: name, input size, seconds, peak RSS (from /usr/bin/time when present), exit code and
 * the first line ar wrote. The budget is 10 s and 1 GB each (2 cores, Node 24).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;

// ── Files ────────────────────────────────────────────────────────────────────────────────────────

/** An UBL invoice (fixtures/einvoices/FA-2026-0101.xml) with `extra` put just after the root's start tag. */
export function ublWith(extra: string, attr = ''): string {
  const xml = readFileSync(join(ROOT, 'fixtures/einvoices/FA-2026-0101.xml'), 'utf8');
  return xml.replace('<cbc:CustomizationID>', `${extra}<cbc:CustomizationID${attr}>`);
}

/** The Factur-X fixture with objects appended as an incremental update (they are found by the object scan). */
export function facturxWith(objects: (Uint8Array | string)[]): Buffer {
  const base = readFileSync(join(ROOT, 'fixtures/einvoices/FA-2026-0104-facturx.pdf'));
  const parts: Buffer[] = [base, Buffer.from('\n')];
  for (const o of objects) parts.push(typeof o === 'string' ? Buffer.from(o, 'latin1') : Buffer.from(o));
  return Buffer.concat(parts);
}

/** A stream object: `data` deflated `times` times, which inflates to `data`. */
export function flateObject(num: number, dict: string, data: Uint8Array, times: number): Buffer {
  let z: Uint8Array = data;
  for (let k = 0; k < times; k++) z = deflateSync(z, { level: 9 });
  const filter = times === 1 ? '/FlateDecode' : `[${' /FlateDecode'.repeat(times)} ]`;
  return Buffer.concat([Buffer.from(`${num} 0 obj\n<< ${dict} /Filter ${filter} /Length ${z.length} >>\nstream\n`, 'latin1'), Buffer.from(z), Buffer.from('\nendstream\nendobj\n', 'latin1')]);
}

/** `count` attachments, each inflating to `mb` MB of zeros, listed before the invoice's own. */
export function pdfManyAttachments(count: number, mb: number): Buffer {
  const zeros = new Uint8Array(mb * MB);
  const objs: (Buffer | string)[] = [];
  const one = flateObject(0, '/Type /EmbeddedFile', zeros, 2);
  for (let k = 0; k < count; k++) {
    const spec = 1000 + 2 * k;
    objs.push(`${spec} 0 obj\n<< /Type /Filespec /F (extra-${k}.bin) /UF (extra-${k}.bin) /EF << /F ${spec + 1} 0 R >> >>\nendobj\n`);
    objs.push(Buffer.concat([Buffer.from(`${spec + 1}`), one.subarray(1)]));
  }
  return facturxWith(objs);
}

/** `count` object streams, each inflating to `mb` MB (twice deflated). */
export function pdfObjectStreams(count: number, mb: number): Buffer {
  const body = new Uint8Array(mb * MB).fill(0x20);
  body.set(Buffer.from('5000 0 '), 0);
  const one = flateObject(0, '/Type /ObjStm /N 1 /First 7', body, 2);
  const objs: Buffer[] = [];
  for (let k = 0; k < count; k++) objs.push(Buffer.concat([Buffer.from(`${3000 + k}`), one.subarray(1)]));
  return facturxWith(objs);
}

/** `1 0 obj (` lines: every literal string opened and never closed. */
export function pdfUnclosed(bytes: number): Buffer {
  const line = '1 0 obj (\n';
  return Buffer.from(`%PDF-1.7\n${line.repeat(Math.ceil(bytes / line.length))}`, 'latin1');
}

/** `N 0 obj << /Length 999999 >> stream` with no endstream anywhere. */
export function pdfNoEndstream(bytes: number): Buffer {
  const parts: string[] = ['%PDF-1.7\n'];
  let size = 9;
  for (let k = 1; size < bytes; k++) {
    const s = `${k} 0 obj << /Length 99999999 >> stream\nxx\n`;
    parts.push(s);
    size += s.length;
  }
  return Buffer.from(parts.join(''), 'latin1');
}

/** A CAMT.053 of honest entries, about `bytes` long. */
export function camt(bytes: number): { xml: Buffer; entries: number; cents: number } {
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>YEAR</MsgId><CreDtTm>2026-11-01T08:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>1</Id>
      <Acct><Id><IBAN>BE68539007547034</IBAN></Id><Ccy>EUR</Ccy></Acct>
`;
  const tail = '    </Stmt>\n  </BkToCstmrStmt>\n</Document>\n';
  const parts: string[] = [head];
  let size = head.length + tail.length;
  let entries = 0;
  let cents = 0;
  while (size < bytes) {
    entries++;
    const amount = 100 + (entries % 9000);
    cents += amount * 100;
    const day = 1 + (entries % 28);
    const e = `      <Ntry>
        <NtryRef>N${entries}</NtryRef>
        <Amt Ccy="EUR">${amount}.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2026-10-${String(day).padStart(2, '0')}</Dt></BookgDt>
        <ValDt><Dt>2026-10-${String(day).padStart(2, '0')}</Dt></ValDt>
        <AcctSvcrRef>SVC-${entries}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Refs><EndToEndId>E2E-${entries}</EndToEndId></Refs>
            <RltdPties>
              <Dbtr><Nm>Client num&#233;ro ${entries % 500} &amp; Fils</Nm></Dbtr>
              <DbtrAcct><Id><IBAN>BE14063123456783</IBAN></Id></DbtrAcct>
            </RltdPties>
            <RmtInf><Ustrd>Paiement facture FX-${entries} merci</Ustrd></RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
`;
    parts.push(e);
    size += e.length;
  }
  parts.push(tail);
  return { xml: Buffer.from(parts.join(''), 'utf8'), entries, cents };
}

/** A minimal zip (stored central directory, deflated entries) written to `path`; entries are given as chunk generators. */
export function writeZip(path: string, entries: { name: string; chunks: () => Iterable<Uint8Array> }[]): void {
  const fd = openSync(path, 'w');
  let offset = 0;
  const central: Buffer[] = [];
  const put = (b: Uint8Array): void => {
    writeSync(fd, b);
    offset += b.length;
  };
  for (const e of entries) {
    // Each chunk deflated on its own with a sync flush (no final block), then one empty final block:
    // the concatenation is one valid raw deflate stream, and the entry is never whole in memory.
    let crc = 0;
    let size = 0;
    const parts: Buffer[] = [];
    for (const c of e.chunks()) {
      crc = crc32(c, crc);
      size += c.length;
      parts.push(deflateRawSync(c, { level: 6, finishFlush: constants.Z_SYNC_FLUSH }));
    }
    parts.push(deflateRawSync(Buffer.alloc(0)));
    const z = Buffer.concat(parts);
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(z.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const at = offset;
    put(local);
    put(name);
    put(z);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc >>> 0, 16);
    c.writeUInt32LE(z.length, 20);
    c.writeUInt32LE(size >>> 0, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(at, 42);
    central.push(c, name);
  }
  const cdStart = offset;
  for (const c of central) put(c);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(offset - cdStart, 12);
  end.writeUInt32LE(cdStart, 16);
  put(end);
  closeSync(fd);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

/** The parts of a workbook with one sheet (`sheet`) and, when given, a shared-strings part. */
export function workbookParts(sheet: () => Iterable<Uint8Array>, shared?: () => Iterable<Uint8Array>): { name: string; chunks: () => Iterable<Uint8Array> }[] {
  const s = (t: string) => () => [Buffer.from(t)];
  return [
    {
      name: '[Content_Types].xml',
      chunks: s(
        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      chunks: s(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      chunks: s(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>${shared ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : ''}</Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      chunks: s(
        `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Factures" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    ...(shared ? [{ name: 'xl/sharedStrings.xml', chunks: shared }] : []),
    { name: 'xl/worksheets/sheet1.xml', chunks: sheet },
  ];
}

/** A sheet of invoices about `mb` MB once inflated (honest: the declared size is the real one). */
export function* bigSheet(mb: number): Iterable<Uint8Array> {
  yield Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Numéro</t></is></c><c r="B1" t="inlineStr"><is><t>Client</t></is></c><c r="C1" t="inlineStr"><is><t>Date</t></is></c><c r="D1" t="inlineStr"><is><t>Montant TTC</t></is></c></row>`,
  );
  let size = 0;
  const block: string[] = [];
  for (let r = 2; size < mb * MB; r++) {
    const row = `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>F${r}</t></is></c><c r="B${r}" t="inlineStr"><is><t>C${r % 100}</t></is></c><c r="C${r}"><v>46000</v></c><c r="D${r}"><v>10</v></c></row>`;
    block.push(row);
    size += row.length;
    if (block.length === 10000) {
      yield Buffer.from(block.join(''));
      block.length = 0;
    }
  }
  yield Buffer.from(`${block.join('')}</sheetData></worksheet>`);
}

// ── Cases ────────────────────────────────────────────────────────────────────────────────────────

interface Case {
  readonly name: string;
  readonly what: string;
  /** Writes the input(s) in `dir`; returns the arguments of ar. */
  readonly make: (dir: string) => string[];
}

const INVOICES = join(ROOT, 'fixtures/factures.csv');
const AS_OF = ['--as-of', '2026-12-31'];

const write = (dir: string, name: string, data: string | Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

export const CASES: Case[] = [
  { name: 'pdf-unclosed-100k', what: 'a 100 KB PDF of `1 0 obj (` lines', make: (d) => ['aging', write(d, 'u.pdf', pdfUnclosed(100_000)), ...AS_OF] },
  { name: 'pdf-unclosed-1m', what: 'a 1 MB PDF of `1 0 obj (` lines', make: (d) => ['aging', write(d, 'u.pdf', pdfUnclosed(1_000_000)), ...AS_OF] },
  { name: 'pdf-no-endstream-1m', what: 'a 1 MB PDF of streams without endstream', make: (d) => ['aging', write(d, 'n.pdf', pdfNoEndstream(1_000_000)), ...AS_OF] },
  { name: 'pdf-30-attachments', what: 'a Factur-X PDF with 30 attachments of 31 MB each', make: (d) => ['aging', write(d, 'a.pdf', pdfManyAttachments(30, 31)), ...AS_OF] },
  { name: 'pdf-400-attachments', what: 'a Factur-X PDF with 400 attachments of 31 MB each', make: (d) => ['aging', write(d, 'a.pdf', pdfManyAttachments(400, 31)), ...AS_OF] },
  { name: 'pdf-20-objstm', what: '20 object streams of 31 MB, twice deflated', make: (d) => ['aging', write(d, 'o.pdf', pdfObjectStreams(20, 31)), ...AS_OF] },
  { name: 'pdf-2000-objstm', what: '2,000 object streams of 31 MB, twice deflated', make: (d) => ['aging', write(d, 'o.pdf', pdfObjectStreams(2000, 31)), ...AS_OF] },
  { name: 'xml-attr-100m', what: 'an e-invoice with a 100 MB attribute', make: (d) => ['aging', write(d, 'attr.xml', ublWith('', ` x="${'A'.repeat(100 * MB)}"`)), ...AS_OF] },
  { name: 'xml-amp-50m', what: '50 MB of `&amp;` in an e-invoice value', make: (d) => ['aging', write(d, 'amp.xml', ublWith(`<cbc:Note>${'&amp;'.repeat(10 * MB)}</cbc:Note>`)), ...AS_OF] },
  { name: 'xml-charref-60m', what: '60 MB of `&#x41;` in an e-invoice value', make: (d) => ['aging', write(d, 'ref.xml', ublWith(`<cbc:Note>${'&#x41;'.repeat(10 * MB)}</cbc:Note>`)), ...AS_OF] },
  { name: 'xml-314m', what: 'a 314 MB e-invoice', make: (d) => ['aging', write(d, 'big.xml', ublWith('<cbc:Note>x</cbc:Note>\n'.repeat(Math.ceil((314 * MB) / 23)))), ...AS_OF] },
  {
    name: 'camt-50m',
    what: 'a 50 MB CAMT.053 of honest entries',
    make: (d) => ['aging', INVOICES, '--payments', write(d, 'camt50.xml', camt(50 * MB).xml), ...AS_OF, '--format', 'json'],
  },
  {
    name: 'camt-200m',
    what: 'a 200 MB CAMT.053 of honest entries',
    make: (d) => ['aging', INVOICES, '--payments', write(d, 'camt200.xml', camt(200 * MB).xml), ...AS_OF, '--format', 'json'],
  },
  {
    name: 'csv-escapes-50m',
    what: 'a 50 MB CSV field of `""` escapes',
    make: (d) => {
      const head = 'Numéro;Client;Date;Montant TTC;Libellé\nF1;C1;01/10/2026;100,00;"';
      return ['aging', write(d, 'q.csv', Buffer.concat([Buffer.from(head), Buffer.alloc(50 * MB, '"'), Buffer.from('"\n')])), ...AS_OF];
    },
  },
  {
    name: 'csv-plain-50m',
    what: 'the same field unescaped (the baseline)',
    make: (d) => {
      const head = 'Numéro;Client;Date;Montant TTC;Libellé\nF1;C1;01/10/2026;100,00;"';
      return ['aging', write(d, 'p.csv', Buffer.concat([Buffer.from(head), Buffer.alloc(50 * MB, 'x'), Buffer.from('"\n')])), ...AS_OF];
    },
  },
  {
    name: 'xlsx-1000m',
    what: 'an XLSX whose sheet honestly inflates to 1,000 MB',
    make: (d) => {
      const p = join(d, 'big.xlsx');
      writeZip(
        p,
        workbookParts(() => bigSheet(1000)),
      );
      return ['aging', p, ...AS_OF];
    },
  },
  {
    name: 'xlsx-10m-shared',
    what: 'an XLSX of 10 M shared strings',
    make: (d) => {
      const p = join(d, 'shared.xlsx');
      const shared = function* (): Iterable<Uint8Array> {
        yield Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="10000000" uniqueCount="10000000">`);
        for (let b = 0; b < 1000; b++) yield Buffer.from('<si><t>s</t></si>'.repeat(10000));
        yield Buffer.from('</sst>');
      };
      writeZip(
        p,
        workbookParts(() => bigSheet(1), shared),
      );
      return ['aging', p, ...AS_OF];
    },
  },
  {
    name: 'xml-foreign-ns',
    what: 'a foreign-namespace <evil:PayableAmount> before the UBL one',
    make: (d) => {
      const xml = readFileSync(join(ROOT, 'fixtures/einvoices/FA-2026-0101.xml'), 'utf8').replace(
        '<cac:LegalMonetaryTotal>',
        '<cac:LegalMonetaryTotal xmlns:evil="urn:evil"><evil:PayableAmount currencyID="EUR">1.00</evil:PayableAmount>',
      );
      return ['aging', write(d, 'ns.xml', xml), ...AS_OF, '--format', 'csv'];
    },
  },
  {
    name: 'xml-doctype-comment',
    what: '<!DOCTYPE [<!-- <a --> <!ENTITY …>]>',
    make: (d) => [
      'aging',
      write(d, 'dt.xml', ublWith('').replace('<Invoice', '<!DOCTYPE Invoice [<!-- <a --> <!ENTITY x "boom">]>\n<Invoice').replace('<cbc:ID>FA-2026-0101', '<cbc:ID>&x;FA-2026-0101')),
      ...AS_OF,
    ],
  },
  {
    name: 'config-proto',
    what: '"lateInterestRates": {"__proto__": {"2027-H1": 99}}',
    make: (d) => {
      write(d, 'ar.config.json', '{"lateInterestRates": {"__proto__": {"2027-H1": 99}}}');
      return ['aging', INVOICES, '--config', join(d, 'ar.config.json'), ...AS_OF];
    },
  },
];

function measure(args: string[]): { seconds: number; rssMb: number | null; code: number | null; first: string } {
  const hasTime = existsSync('/usr/bin/time');
  const cmd = hasTime ? '/usr/bin/time' : process.execPath;
  const argv = hasTime ? ['-f', '%e %M', process.execPath, join(ROOT, 'bin/ar.js'), ...args] : [join(ROOT, 'bin/ar.js'), ...args];
  const t0 = Date.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 180_000, maxBuffer: 256 * MB, env: { ...process.env, LANG: 'C' } });
  const seconds = (Date.now() - t0) / 1000;
  const err = r.stderr ?? '';
  const lines = err.trimEnd().split('\n');
  let rssMb: number | null = null;
  if (hasTime) {
    const m = /^([\d.]+) (\d+)$/.exec(lines[lines.length - 1] ?? '');
    if (m) {
      rssMb = Math.round(Number(m[2]) / 1024);
      lines.pop();
    }
  }
  const out = (r.stdout ?? '').trim();
  const first = (lines.find((l) => l.trim() !== '') ?? out.split('\n')[0] ?? '').slice(0, 200);
  return { seconds, rssMb, code: r.status, first: r.signal ? `killed by ${r.signal}` : first };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const opt = (k: string): string | undefined => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (argv.includes('--list')) {
    for (const c of CASES) process.stdout.write(`${c.name}\t${c.what}\n`);
    process.exit(0);
  }
  const only = opt('--only')?.split(',');
  const given = opt('--out');
  const out = given ?? mkdtempSync(join(tmpdir(), 'ar-hostile-'));
  mkdirSync(out, { recursive: true });
  for (const c of CASES) {
    if (only && !only.includes(c.name)) continue;
    const dir = join(out, c.name);
    mkdirSync(dir, { recursive: true });
    const args = c.make(dir);
    const input = args
      .filter((a) => a.startsWith(dir))
      .map((a) => statSync(a).size)
      .reduce((a, b) => a + b, 0);
    const m = measure(args);
    process.stdout.write(`${c.name}\t${(input / MB).toFixed(2)} MB\t${m.seconds.toFixed(2)} s\t${m.rssMb ?? '?'} MB\texit ${m.code}\t${m.first}\n`);
    if (!argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
  // A folder of its own, made for the run: removed with its cases (a folder given with --out stays).
  if (given === undefined && !argv.includes('--keep')) rmSync(out, { recursive: true, force: true });
}
