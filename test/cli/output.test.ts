import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { arInProcess, ROOT, tempDir, writeFiles } from '../helpers/run.ts';

/**
 * Output people can read: tables that fit the terminal, warnings grouped, detail where it is asked
 * for, files that open as they should. Each behaviour through the command line, in process.
 */

const LEDGERS = ['fixtures/factures.csv', '--payments', 'fixtures/reglements.csv', '--customers', 'fixtures/clients.csv', '--as-of', '2026-10-31'];
const widest = (text: string): number => Math.max(...text.split('\n').map((l) => [...l].length));

describe('tables fit the terminal', () => {
  it('draws the aged balance whole into a pipe or a file, and fits it to 80, 100 and 200 columns, in both languages', async () => {
    for (const lang of ['en', 'fr']) {
      const piped = await arInProcess(['aging', ...LEDGERS, '--lang', lang]);
      // The whole table, as wide as it is: 134 columns in English, 125 in French (measured on the sample firm).
      expect(widest(piped.stdout), lang).toBeGreaterThan(120);
      for (const width of [80, 100, 200]) {
        const r = await arInProcess(['aging', ...LEDGERS, '--lang', lang], { columns: width });
        expect(widest(r.stdout), `${lang} ${width}`).toBeLessThanOrEqual(width);
        if (width === 200) expect(r.stdout, 'a wide terminal shows the whole table').toBe(piped.stdout);
      }
    }
    // At 80 columns: names cut, headers and amounts shortened, and said; at 100 the cents are kept.
    const at80 = (await arInProcess(['aging', ...LEDGERS], { columns: 80 })).stdout;
    expect(at80).toContain('C013  Constructions Mer…    4,503  1,625  6,435  4,865   9,857        -   27,285');
    expect(at80).toContain('(At 80 columns: amounts without cents. The whole table: a wider terminal, or … |\nless -S.)');
    const at100 = (await arInProcess(['aging', ...LEDGERS], { columns: 100 })).stdout;
    expect(at100).toContain('C013  Constructions Mercie…   4,502.91  1,624.74  6,435.31  4,865.43   9,856.75        -   27,285.14');
    const fr80 = (await arInProcess(['aging', ...LEDGERS, '--lang', 'fr'], { columns: 80 })).stdout;
    expect(fr80).toContain('Code  Client            Non échu   1–30  31–60  61–90    > 90  Non imp.    Total');
  });

  it('lays out one block per customer when even the shortened table cannot fit', async () => {
    const r = await arInProcess(['aging', ...LEDGERS], { columns: 40 });
    expect(widest(r.stdout)).toBeLessThanOrEqual(40);
    expect(r.stdout).toContain('C013 — Constructions Mercier SAS\n  Not yet due     4,502.91\n  1–30 days       1,624.74\n');
    expect(r.stdout).toContain('(At 40 columns: one block per row. The');
  });

  it('fits every table: a customer, the customers, DSO, impact', async () => {
    const runs = [
      ['aging', ...LEDGERS, '--customer', 'C013'],
      ['customers', ...LEDGERS],
      ['dso', ...LEDGERS],
      ['impact', '--portfolio', '--invoices', 'fixtures/factures.csv', '--payments', 'fixtures/reglements.csv', '--as-of', '2026-10-31', '--margin', '5%'],
    ];
    for (const args of runs) {
      for (const lang of ['en', 'fr']) {
        for (const width of [80, 100, 200]) {
          const r = await arInProcess([...args, '--lang', lang], { columns: width });
          expect(r.code, args.join(' ')).toBe(0);
          expect(widest(r.stdout), `${args[0]} ${lang} ${width}`).toBeLessThanOrEqual(width);
        }
      }
    }
    // ar customers, 197 columns whole: at 80, the columns it leaves out are said, in the stated order.
    const c = await arInProcess(['customers', ...LEDGERS], { columns: 80 });
    expect(c.stdout).toContain('left out: Avg days to pay, Trend (days),\nLast contact.');
    expect(widest((await arInProcess(['customers', ...LEDGERS])).stdout)).toBeGreaterThan(190);
  });
});

/** A ledger whose 1,487 payments name invoices that are not in it (and 10 that are). */
function unknownReferences(): string {
  const dir = tempDir('ar-warnings-');
  let invoices = 'Facture;Client;Date;Échéance;Montant\r\n';
  for (let i = 1; i <= 10; i++) invoices += `F${i};C1;15/09/2026;15/10/2026;100,00\r\n`;
  let payments = 'Date;Client;Montant;Réf. facture\r\n';
  for (let i = 1; i <= 1497; i++) payments += `15/10/2026;C1;1,00;${i <= 10 ? `F${i}` : `X${i}`}\r\n`;
  writeFiles(dir, { 'factures.csv': invoices, 'reglements.csv': payments });
  return dir;
}

describe('warnings: grouped, counted, in line order', () => {
  const args = ['aging', 'factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-10-31'];

  it('says 1,487 unknown references in one line with the first rows, and where the whole list is', async () => {
    const dir = unknownReferences();
    const r = await arInProcess(args, { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('! 1,487 payments name an invoice that is not in the ledger, first: reglements.csv:12, :13, :14 …\n  (every one: --warnings <file>, or -v)\n');
    const fr = await arInProcess([...args, '--lang', 'fr'], { cwd: dir });
    expect(fr.stderr).toBe('! 1\u202f487 règlements citent une facture absente du grand livre : reglements.csv:12, :13, :14 …\n  (chacun : --warnings <fichier>, ou -v)\n');
    // The JSON keeps every one, and says nothing on stderr.
    const json = await arInProcess([...args, '--format', 'json'], { cwd: dir });
    expect(json.stderr).toBe('');
    expect((JSON.parse(json.stdout) as { warnings: unknown[] }).warnings).toHaveLength(1487);
  });

  it('writes the whole list with --warnings <file>, every one on stderr with -v', async () => {
    const dir = unknownReferences();
    const r = await arInProcess([...args, '--warnings', 'avertissements.txt'], { cwd: dir });
    expect(r.stderr).toBe('! 1,487 payments name an invoice that is not in the ledger, first: reglements.csv:12, :13, :14 …\n  (the whole list: avertissements.txt)\n');
    const lines = readFileSync(join(dir, 'avertissements.txt'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1487);
    expect(lines[0]).toBe('! reglements.csv:12: payment names invoice "X11", which is not in the ledger');
    expect(lines[1486]).toBe('! reglements.csv:1498: payment names invoice "X1497", which is not in the ledger');
    const v = await arInProcess([...args, '-v'], { cwd: dir });
    expect(v.stderr.trimEnd().split('\n')).toEqual(lines);
  });

  it('never writes the list over a file it reads: refused before anything is read', async () => {
    const dir = unknownReferences();
    const before = readFileSync(join(dir, 'reglements.csv'));
    const r = await arInProcess([...args, '--warnings', 'reglements.csv'], { cwd: dir });
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe('ar: --warnings reglements.csv: that is one of the files read; ar never writes over an input: choose another name\n');
    expect(readFileSync(join(dir, 'reglements.csv'))).toEqual(before);
  });

  it('is said by every command that reads the ledgers, and kept in their JSON', async () => {
    const dir = unknownReferences();
    for (const command of [['customers'], ['dso'], ['impact', '--amount', '1000', '--margin', '5%']]) {
      const base = [command[0]!, ...(command[0] === 'impact' ? ['--invoices'] : []), 'factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-10-31', ...command.slice(1)];
      const r = await arInProcess(base, { cwd: dir });
      expect(r.stderr, command[0]).toContain('! 1,487 payments name an invoice that is not in the ledger, first: reglements.csv:12, :13, :14 …\n');
      const j = await arInProcess([...base, '--format', 'json'], { cwd: dir });
      expect(j.stderr, command[0]).toBe('');
      expect((JSON.parse(j.stdout) as { problems: unknown[] }).problems, command[0]).toHaveLength(1487);
    }
  });

  it('keeps every one in the Problems sheet of the Excel report', async () => {
    const dir = unknownReferences();
    const r = await arInProcess([...args, '--xlsx', 'balance.xlsx'], { cwd: dir });
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'balance.xlsx'));
    expect(wb.getWorksheet('Problems')!.rowCount).toBe(1 + 1487);
  });
});

describe('detail where it is asked for', () => {
  it('applies --customer to every format, matching the id in any case', async () => {
    const json = JSON.parse((await arInProcess(['aging', ...LEDGERS, '--customer', 'c013', '--format', 'json'])).stdout) as {
      currencies: Record<string, { total: string; customers: { id: string }[] }>;
    };
    expect(Object.keys(json.currencies)).toEqual(['EUR']);
    expect(json.currencies.EUR!.customers.map((c) => c.id)).toEqual(['C013']);
    // The block's totals are the customer's.
    expect(json.currencies.EUR!.total).toBe('27285.14');
    const csv = (await arInProcess(['aging', ...LEDGERS, '--customer', 'C013 ', '--format', 'csv', '--csv', 'rfc4180'])).stdout.trimEnd().split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toMatch(/^C013,Constructions Mercier SAS,EUR,/);
    const dir = tempDir();
    expect((await arInProcess(['aging', ...LEDGERS, '--customer', 'c013', '--xlsx', join(dir, 'c013.xlsx')])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'c013.xlsx'));
    const customers = wb.getWorksheet('Customers')!;
    expect(customers.getRow(2).getCell(1).value).toBe('C013');
    expect(customers.getRow(3).values).toEqual([]);
  });

  it('says that a customer who owes nothing owes nothing, exit 0, and refuses an unknown one', async () => {
    const r = await arInProcess(['aging', ...LEDGERS, '--customer', 'C007']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nC007 owes nothing on 31 Oct 2026\.\n$/);
    expect((await arInProcess(['aging', ...LEDGERS, '--customer', 'c007', '--lang', 'fr'])).stdout).toMatch(/\nC007 ne doit rien au 31\/10\/2026\.\n$/);
    const json = JSON.parse((await arInProcess(['aging', ...LEDGERS, '--customer', 'C007', '--format', 'json'])).stdout) as { currencies: object };
    expect(json.currencies).toEqual({});
    expect(await arInProcess(['aging', ...LEDGERS, '--customer', 'C999'])).toMatchObject({ code: 1, stderr: 'ar: no customer "C999" in the aged balance\n' });
  });

  it('names the unapplied credit: which payment, its date, what is left of it', async () => {
    const r = await arInProcess(['aging', ...LEDGERS, '--customer', 'C021']);
    expect(r.stdout).toContain('│ 466      │ 10 Aug 2026 │     │ -824.71 │ -824.71 │           │ Unapplied │ payment │');
    expect(r.stdout).toContain('│ Total    │             │     │         │ -824.71 │');
  });

  it('writes the detailed aged balance: a row per open item and per unapplied credit, adding up to each net balance', async () => {
    const detail = (await arInProcess(['aging', ...LEDGERS, '--format', 'csv', '--detail', '--csv', 'rfc4180'])).stdout.trimEnd().split('\r\n');
    expect(detail[0]).toBe('customer_id,customer_name,currency,kind,number,date,due_date,amount,open,days_past_due,bucket,status');
    expect(detail).toContain('C021,Clinique vétérinaire Aubry SARL,EUR,payment,466,2026-08-10,,-824.71,-824.71,,unapplied,');
    // C013: 21 open invoices, a rejected LCR owed again, an invoice written off.
    expect(detail.filter((l) => l.startsWith('C013,'))).toHaveLength(23);
    const summary = (await arInProcess(['aging', ...LEDGERS, '--format', 'csv', '--csv', 'rfc4180'])).stdout.trimEnd().split('\r\n').slice(1);
    const cents = (s: string) => Math.round(Number(s) * 100);
    const open = new Map<string, number>();
    for (const line of detail.slice(1)) {
      const f = line.split(',');
      if (f[11] !== 'written_off') open.set(f[0]!, (open.get(f[0]!) ?? 0) + cents(f[8]!));
    }
    expect(summary).toHaveLength(35);
    for (const line of summary) {
      const f = line.split(',');
      expect(open.get(f[0]!), f[0]).toBe(cents(f[9]!));
    }
    expect(await arInProcess(['aging', ...LEDGERS, '--detail'])).toMatchObject({ code: 1, stderr: 'ar: --detail goes with --format csv\n' });
  });

  it('shows no share and no DSO for a block whose net total is a credit', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': 'Facture;Client;Date;Échéance;Montant\r\nF1;C1;01/08/2026;31/08/2026;100,00\r\n',
      'reglements.csv': 'Date;Client;Montant;Réf. facture\r\n15/08/2026;C1;300,00;F1\r\n',
    });
    const args = ['factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-10-31'];
    const aging = (await arInProcess(['aging', ...args], { cwd: dir })).stdout;
    expect(aging).toContain('│ Share    │           - │         - │          - │          - │            - │         - │       - │');
    expect(aging).not.toMatch(/-?\d+\.\d%/);
    const dso = await arInProcess(['dso', ...args], { cwd: dir });
    expect(dso.stdout).toContain('│ DSO standard (90 days)         │       - │');
    expect(dso.stdout).toContain('│ Collection effectiveness (CEI) │       - │');
    expect(dso.stdout).toContain('The receivable is a credit balance: no DSO.');
    expect((JSON.parse((await arInProcess(['dso', ...args, '--format', 'json'], { cwd: dir })).stdout) as { currencies: { EUR: { dso: unknown } } }).currencies.EUR.dso).toBeNull();
  });
});

describe('CSV for Excel, by language or by --csv', () => {
  const csv = async (extra: string[]) => (await arInProcess(['aging', ...LEDGERS, '--format', 'csv', ...extra])).stdout;

  it('writes ; a decimal comma and a BOM in French, , a point and a BOM in English, neither for programs', async () => {
    const fr = await csv(['--lang', 'fr']);
    expect(fr.startsWith('\uFEFFcustomer_id;customer_name;currency;Non échu;1–30 j;31–60 j;61–90 j;> 90 j;unapplied;total;disputed;written_off\r\n')).toBe(true);
    expect(fr).toContain('\r\nC013;Constructions Mercier SAS;EUR;4502,91;1624,74;6435,31;4865,43;9856,75;0,00;27285,14;0,00;6440,63\r\n');
    expect(await csv(['--csv', 'excel-fr', '--lang', 'fr'])).toBe(fr);
    // French Excel's CSV of an English report: ; and a decimal comma, the English captions.
    expect((await csv(['--csv', 'excel-fr'])).split('\r\n')[0]).toBe(
      '\uFEFFcustomer_id;customer_name;currency;Not yet due;1–30 days;31–60 days;61–90 days;Over 90 days;unapplied;total;disputed;written_off',
    );
    const en = await csv([]);
    expect(en.startsWith('\uFEFFcustomer_id,customer_name,currency,Not yet due,1–30 days,31–60 days,61–90 days,Over 90 days,unapplied,total')).toBe(true);
    expect(en).toContain('\r\nC013,Constructions Mercier SAS,EUR,4502.91,1624.74,6435.31,4865.43,9856.75,0.00,27285.14,0.00,6440.63\r\n');
    const programs = await csv(['--lang', 'fr', '--csv', 'rfc4180']);
    expect(programs.startsWith('customer_id,customer_name,currency,not_due,1-30,31-60,61-90,91+,unapplied,total')).toBe(true);
    expect(await arInProcess(['aging', ...LEDGERS, '--csv', 'excel-fr'])).toMatchObject({ code: 1, stderr: 'ar: --csv goes with --format csv\n' });
  });

  const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
  it.skipIf(soffice === undefined)('opens in LibreOffice Calc in a French locale as it should: one column per field, numbers as numbers, headers as text', async () => {
    const dir = tempDir('ar-lo-');
    const file = join(dir, 'balance.csv');
    writeFileSync(file, (await arInProcess(['aging', ...LEDGERS, '--format', 'csv', '--detail', '--lang', 'fr'])).stdout);
    // What French Excel does on a double click: ; between fields, French number rules (LibreOffice's
    // CSV filter: separator 59, quote 34, UTF-8, from line 1, fr-FR, and special numbers such as dates detected).
    const r = spawnSync(soffice!, ['--headless', '--norestore', '--infilter=CSV:59,34,76,1,,1036,false,true', '--convert-to', 'xlsx', '--outdir', dir, file], {
      env: { ...process.env, HOME: dir, LC_ALL: 'fr_FR.UTF-8' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'balance.xlsx'));
    const ws = wb.worksheets[0]!;
    const row = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(row(1)).toEqual(['customer_id', 'customer_name', 'currency', 'kind', 'number', 'date', 'due_date', 'amount', 'open', 'days_past_due', 'bucket', 'status']);
    const c013 = row(2);
    expect(c013.slice(0, 5)).toEqual(['C013', 'Constructions Mercier SAS', 'EUR', 'invoice', 'FA2026-00036']);
    expect(c013.slice(7, 11)).toEqual([857.26, 508.31, 246, '> 90 j']);
    // Every bucket a cell of text, every amount a number, accents intact.
    let credit = 0;
    for (let n = 2; n <= ws.rowCount; n++) {
      const v = row(n);
      expect(typeof v[8], `row ${n}`).toBe('number');
      if (v[10] !== undefined && v[10] !== null) expect(typeof v[10], `row ${n}`).toBe('string');
      if (v[3] === 'payment') credit += v[8] as number;
    }
    expect(credit).toBeCloseTo(-917.47, 2);
    expect(row(2)[1]).toBe('Constructions Mercier SAS');
    expect(ws.findRow(ws.rowCount)).toBeDefined();
    expect(JSON.stringify(ws.getSheetValues())).toContain('Clinique vétérinaire Aubry SARL');
  });
});

describe('the Excel report', () => {
  it('names the firm and the day it was made, has a page header and footer, days and alerts in its language', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'ar.config.json': JSON.stringify({ firm: { name: 'Atelier Durand & Fils' } }) });
    const out = join(dir, 'balance.xlsx');
    const args = [...LEDGERS.map((a) => (a.startsWith('fixtures/') ? join(ROOT, a) : a)), '--xlsx', out, '--lang', 'fr'];
    expect((await arInProcess(['aging', ...args], { cwd: dir })).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const summary = wb.getWorksheet('Synthèse')!;
    expect(summary.getRow(1).getCell(1).value).toBe('Balance âgée clients — Atelier Durand & Fils');
    expect(summary.getRow(4).values).toEqual([undefined, 'Établi le', new Date(Date.UTC(2026, 9, 31))]);
    const rows = summary.getSheetValues().map((r) => (Array.isArray(r) ? r[1] : null));
    expect(rows).toContain('DSO standard (90 j) : 68,9 j — détail dans la feuille DSO');
    const risk = wb.getWorksheet('Risque clients')!;
    expect(risk.getRow(2).getCell(15).value).toBe('Encours dépassé, se dégrade, > 90 j');
    // The page header and footer of every sheet: firm, title, date; day made, sheet, page numbers.
    const zip = await JSZip.loadAsync(readFileSync(out));
    const sheet1 = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet1).toContain('<oddHeader>&amp;LAtelier Durand &amp;&amp; Fils&amp;C&amp;BBalance âgée clients&amp;RArrêtée au 31/10/2026</oddHeader>');
    expect(sheet1).toContain('<oddFooter>&amp;LÉtabli le 31/10/2026&amp;CSynthèse&amp;RPage &amp;P sur &amp;N</oddFooter>');
  });

  it("lists the unapplied credits among the open items, so that their total is the Summary's", async () => {
    const dir = tempDir();
    await arInProcess(['aging', ...LEDGERS, '--xlsx', join(dir, 'b.xlsx')]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'b.xlsx'));
    const items = wb.getWorksheet('Open items')!;
    const credits: unknown[][] = [];
    let total: unknown = null;
    items.eachRow((r) => {
      const v = (r.values as unknown[]).slice(1);
      if (v[4] === 'Unapplied payment' || v[4] === 'Unapplied credit note') credits.push(Array.from(v.slice(0, 9), (x) => x ?? null));
      if (v[0] === 'TOTAL') total = (v[8] as { result: number }).result;
    });
    expect(credits).toContainEqual(['C021', 'Clinique vétérinaire Aubry SARL', 'EUR', '466', 'Unapplied payment', new Date(Date.UTC(2026, 7, 10)), null, -824.71, -824.71]);
    expect(total).toBeCloseTo(112924.95, 2);
  });
});

describe('folders of e-invoices', () => {
  it('skips hidden folders and node_modules, stops 4 levels down, names files from where the user stands', async () => {
    const dir = tempDir();
    const ubl = (n: string) =>
      `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>${n}</cbc:ID><cbc:IssueDate>2026-09-01</cbc:IssueDate><cbc:DueDate>2026-10-01</cbc:DueDate><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cac:AccountingCustomerParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Client SA</cbc:RegistrationName><cbc:CompanyID schemeID="0002">812345678</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty><cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">100.00</cbc:PayableAmount></cac:LegalMonetaryTotal></Invoice>`;
    const put = (path: string, text: string) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    put('compta/factures/F1.xml', ubl('F1'));
    put('compta/factures/2026/10/F2.xml', ubl('F2'));
    put('compta/factures/a/b/c/d/F3.xml', ubl('F3'));
    put('compta/factures/a/b/c/d/e/F4.xml', ubl('F4'));
    put('compta/factures/.git/F5.xml', ubl('F5'));
    put('compta/factures/node_modules/x/F6.xml', ubl('F6'));
    put('compta/factures/2026/notes.txt', 'à voir');
    mkdirSync(join(dir, 'ailleurs'));
    const r = await arInProcess(['aging', '../compta/factures', '--as-of', '2026-10-31', '--format', 'json'], { cwd: join(dir, 'ailleurs') });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { currencies: { EUR: { customers: { invoices: { number: string }[] }[] } }; warnings: { message: string }[] };
    expect(j.currencies.EUR.customers[0]!.invoices.map((i) => i.number).sort()).toEqual(['F1', 'F2', 'F3']);
    expect(j.warnings.map((w) => w.message)).toEqual([
      '../compta/factures/a/b/c/d/e: a folder more than 4 levels below the one given: not read (give it as its own argument to read it)',
      '../compta/factures/2026/notes.txt: not an .xml or .pdf file: ignored',
    ]);
  });
});

describe('ar impact', () => {
  const base = ['--revenue', '1 200 000,00 €', '--margin', '5%'];

  it('reads amounts as the ledgers write them, and refuses one that reads two ways', async () => {
    for (const amount of ['1 234,56 €', '1\u202f234,56\u00a0€', '€1,234.56', '1234.56', '1.234,56']) {
      const r = await arInProcess(['impact', '--amount', amount, ...base, '--format', 'json']);
      expect(r.code, amount).toBe(0);
      expect((JSON.parse(r.stdout) as { unpaid: string }).unpaid, amount).toBe('1234.56');
    }
    expect((JSON.parse((await arInProcess(['impact', '--amount', '12 000,00€', ...base, '--format', 'json'])).stdout) as { unpaid: string }).unpaid).toBe('12000.00');
    const r = await arInProcess(['impact', '--amount', '1.234', ...base]);
    expect(r).toMatchObject({
      code: 1,
      stderr: 'ar: --amount: "1.234" reads two ways (a thousand, or one and a fraction): write it with its decimals (1,234.00 or 1 234,00) or without a separator (1234)\n',
    });
  });

  it('says a credit note is one', async () => {
    const r = await arInProcess(['impact', 'AV2025-0002', '--invoices', 'fixtures/factures.csv', '--as-of', '2026-10-31', '--margin', '5%']);
    expect(r).toMatchObject({ code: 2, stderr: 'ar: "AV2025-0002" is a credit note (2066.77 EUR credited), not an invoice: nothing is unpaid on it; name an invoice\n' });
  });

  it('says the loss includes VAT without --vat, and not with it', async () => {
    const without = (await arInProcess(['impact', '--amount', '12000', ...base])).stdout;
    expect(without).toContain('The loss includes the VAT, which may be recoverable on a bad debt: --vat leaves it out.');
    expect((await arInProcess(['impact', '--amount', '12000', ...base, '--vat'])).stdout).not.toContain('includes the VAT');
  });

  it('heads with the cost of waiting when asked for it', async () => {
    const r = await arInProcess(['impact', '--amount', '12000', ...base, '--cost-of-credit', '8%', '--days-late', '45']);
    expect(r.stdout.split('\n')[0]).toBe('Cost of waiting: €118.36 (45 days late at a cost of credit of 8% a year; paid late, not lost).');
    expect(r.stdout).toContain('\nIf it were never paid:\nLoss: €12,000.00\n');
  });

  it('draws its bar to scale, on a coarser scale when it would not fit, and says the scale', async () => {
    const small = (await arInProcess(['impact', '--amount', '12000', ...base])).stdout;
    expect(small).toContain(`${'█'.repeat(24)} 2.4 months (█ = 0.1 month of revenue)`);
    // 25 months of revenue, 250 cells at a tenth of a month: at most 60 cells into a pipe, so half a month a
    // cell; what 80 columns leave beside the legend, so a month a cell.
    const piped = (await arInProcess(['impact', '--amount', '125000', ...base])).stdout;
    expect(piped).toContain(`\n${'█'.repeat(50)} 25.0 months (█ = 0.5 month of revenue)\n`);
    const big = (await arInProcess(['impact', '--amount', '125000', ...base], { columns: 80 })).stdout;
    expect(big).toContain(`\n${'█'.repeat(25)} 25.0 months (█ = 1 month of revenue)\n`);
    expect(widest(big)).toBeLessThanOrEqual(80);
  });
});
