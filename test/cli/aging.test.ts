import type { AgingJson } from '../../src/render/aging-json.ts';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ar, arInProcess, BIN, cp1252, tempDir, writeFiles } from '../helpers/run.ts';

const LEDGERS = ['fixtures/factures.csv', '--payments', 'fixtures/reglements.csv', '--customers', 'fixtures/clients.csv'];
const XLSX = ['fixtures/grand-livre.xlsx#Factures', '--payments', 'fixtures/grand-livre.xlsx#Règlements', '--customers', 'fixtures/grand-livre.xlsx#Clients'];

const cents = (s: string): number => Math.round(Number(s) * 100);

async function json(args: string[], env: Record<string, string> = {}): Promise<AgingJson> {
  const r = await arInProcess(['aging', ...args, '--format', 'json'], { env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as AgingJson;
}

describe('ar aging on the sample firm', () => {
  let j: AgingJson;
  let eur: AgingJson['currencies'][string];
  beforeAll(async () => {
    j = await await json([...LEDGERS, '--as-of', '2026-10-31']);
    eur = j.currencies.EUR!;
  });

  it('adds up: buckets + unapplied = total, for each customer and for the currency', async () => {
    for (const c of eur.customers) {
      const sum = Object.values(c.buckets).reduce((s, v) => s + cents(v), 0) + cents(c.unapplied);
      expect(sum).toBe(cents(c.total));
      expect(c.invoices.reduce((s, i) => s + cents(i.open), 0)).toBe(sum - cents(c.unapplied));
    }
    for (const key of Object.keys(eur.buckets)) {
      expect(eur.customers.reduce((s, c) => s + cents(c.buckets[key]!), 0)).toBe(cents(eur.buckets[key]!));
    }
    expect(Object.values(eur.buckets).reduce((s, v) => s + cents(v), 0) + cents(eur.unapplied)).toBe(cents(eur.total));
  });

  it('reconciles every import: rows read = used + rejected + ignored', async () => {
    expect(j.import.invoices).toMatchObject({ file: 'factures.csv', read: 624, used: 624, rejected: 0, ignored: 0 });
    expect(j.import.payments).toMatchObject({ file: 'reglements.csv', read: 548, used: 548, rejected: 0 });
    expect(j.import.customers).toMatchObject({ file: 'clients.csv', read: 41, used: 41, rejected: 0 });
  });

  it('shows the known facts of the scenario (fixtures/README.md)', async () => {
    expect(eur.total).toBe('112924.95');
    expect(eur.writtenOff).toBe('6440.63');
    const c013 = eur.customers.find((c) => c.id === 'C013')!;
    expect(c013).toMatchObject({ name: 'Constructions Mercier SAS', total: '27285.14', writtenOff: '6440.63' });
    expect(cents(c013.total) + cents(c013.writtenOff)).toBe(3372577);
    expect(Object.values(c013.buckets).every((b) => cents(b) > 0)).toBe(true);
    expect(eur.customers.find((c) => c.id === 'C021')).toMatchObject({ total: '-824.71', unapplied: '-824.71' });
    expect(eur.customers[0]!.id).toBe('C013');
    // The early payer owes nothing overdue.
    const c007 = eur.customers.find((c) => c.id === 'C007');
    expect(c007 === undefined || Object.entries(c007.buckets).every(([k, v]) => k === 'not_due' || v === '0.00')).toBe(true);
  });

  it('gives the same JSON from the XLSX workbook as from the CSV files', async () => {
    const x = await json([...XLSX, '--as-of', '2026-10-31']);
    const strip = (o: AgingJson) => JSON.stringify({ ...o, import: null, warnings: o.warnings.length });
    expect(strip(x)).toBe(strip(j));
  });

  it('prints the same bytes in every time zone', async () => {
    for (const format of ['json', 'csv', 'table']) {
      const outs = ['Pacific/Kiritimati', 'America/Los_Angeles', 'UTC'].map((TZ) => {
        // A process of its own: the time zone is the process's.
        const r = ar(['aging', ...XLSX, '--as-of', '2026-10-31', '--format', format], { env: { TZ } });
        expect({
          TZ,
          code: r.code,
          error: r.stderr
            .split('\n')
            .filter((l) => !l.startsWith('! '))
            .join('\n'),
        }).toEqual({ TZ, code: 0, error: '' });
        return r.stdout;
      });
      expect(outs[0]!.length).toBeGreaterThan(100);
      expect(outs[1]).toBe(outs[0]);
      expect(outs[2]).toBe(outs[0]);
    }
  });

  it('is the balance that was true that evening: later payments and invoices do not count', async () => {
    const june = await json([...LEDGERS, '--as-of', '2026-06-30']);
    const c013 = june.currencies.EUR!.customers.find((c) => c.id === 'C013')!;
    for (const inv of c013.invoices) expect((inv as unknown as { issueDate: string }).issueDate <= '2026-06-30').toBe(true);
    expect(june.asOf).toBe('2026-06-30');
    expect(june.currencies.EUR!.total).not.toBe(eur.total);
  });

  it('follows --buckets and --basis issue', async () => {
    const b = await json([...LEDGERS, '--as-of', '2026-10-31', '--buckets', '30,60,90,120']);
    expect(b.buckets.map((x) => x.key)).toEqual(['not_due', '1-30', '31-60', '61-90', '91-120', '121+']);
    expect(b.currencies.EUR!.total).toBe(eur.total);
    const i = await json([...LEDGERS, '--as-of', '2026-10-31', '--basis', 'issue']);
    expect(i.buckets.map((x) => x.key)).toEqual(['0-30', '31-60', '61-90', '91+']);
    expect(i.currencies.EUR!.total).toBe(eur.total);
  });
});

describe('ar aging output for people and spreadsheets', () => {
  it('writes the Excel report with --xlsx, and its totals match the JSON', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const path = `${tempDir()}/balance.xlsx`;
    const r = await arInProcess(['aging', ...LEDGERS, '--as-of', '2026-10-31', '--xlsx', path, '--lang', 'fr']);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Synthèse', 'Clients', 'Pièces ouvertes', 'DSO', 'Risque clients', 'Provision', 'Anomalies']);
    const cust = wb.getWorksheet('Clients')!;
    const total = cust.getRow(cust.rowCount);
    expect(total.getCell(1).value).toBe('TOTAL');
    expect((total.getCell(10).value as { result: number }).result).toBe(112924.95);
    expect(cust.getRow(2).getCell(1).value).toBe('C013');
    // The analyses agree with their commands.
    const dso = JSON.parse((await arInProcess(['dso', ...LEDGERS, '--as-of', '2026-10-31', '--format', 'json'])).stdout).currencies.EUR;
    const dsoSheet = wb.getWorksheet('DSO')!;
    expect(dsoSheet.getRow(2).getCell(2).value).toBe(112924.95);
    // The report is for people: one decimal; the JSON, for programs, two.
    expect(dsoSheet.getRow(4).getCell(2).value).toBe(Math.round(dso.dso * 10) / 10);
    expect(dsoSheet.getRow(11).values).toEqual([undefined, 'Fin de mois', 'DSO (j)', 'Secteur (j)']);
    expect(dsoSheet.getRow(23).getCell(2).value).toBe(Math.round(dso.trend[11].dso * 10) / 10);
    expect((wb.getWorksheet('Risque clients')!.getRow(2).values as unknown[]).slice(0, 5)).toEqual([undefined, 'E', 'C013', 'Constructions Mercier SAS', 'EUR']);
    const provision = wb.getWorksheet('Provision')!;
    expect(provision.getRow(7).getCell(4).value as { formula: string; result: number }).toEqual({ formula: 'SUM(D2:D6)', result: 6396.44 });
    // The DSO trend is drawn as a line chart on the DSO sheet, its series on the trend's cells.
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(readFileSync(path));
    const chart = await zip.file('xl/charts/chart1.xml')!.async('string');
    expect(chart).toContain('<c:lineChart>');
    expect(chart).toContain("<c:val><c:numRef><c:f>'DSO'!$B$12:$B$23</c:f></c:numRef></c:val>");
    expect(await zip.file('xl/worksheets/sheet4.xml')!.async('string')).toContain('<drawing r:id="rIdArChart"/></worksheet>');
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('/xl/charts/chart1.xml');
  });

  it('prints a table per currency, largest debtor first, in English or French', async () => {
    const en = await arInProcess(['aging', ...LEDGERS, '--as-of', '2026-10-31']);
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/^Aged balance as of 31 Oct 2026 — by due date\n/);
    expect(en.stdout).toContain('│ C013 │ Constructions Mercier SAS');
    expect(en.stdout).toContain('27,285.14');
    expect(en.stdout).toContain('Written off (outside the balance): 6,440.63 EUR');
    expect(en.stdout).not.toMatch(/\x1b\[/);
    const fr = await arInProcess(['aging', ...LEDGERS, '--as-of', '2026-10-31', '--lang', 'fr']);
    expect(fr.stdout).toMatch(/^Balance âgée au 31\/10\/2026 — par échéance\n/);
    expect(fr.stdout).toContain('27\u202f285,14');
    expect(fr.stdout.indexOf('C013')).toBeLessThan(fr.stdout.indexOf('C025'));
  });

  it('takes French from LANG, and colour only when forced (stdout is not a terminal here)', async () => {
    const fr = await arInProcess(['aging', ...LEDGERS, '--as-of', '2026-10-31'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout).toContain('Balance âgée');
    const forced = await arInProcess(['aging', ...LEDGERS, '--as-of', '2026-10-31'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\x1b\[/);
    const noColor = await arInProcess(['aging', ...LEDGERS, '--as-of', '2026-10-31'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(noColor.stdout).not.toMatch(/\x1b\[/);
  });

  it("shows one customer's open items with --customer", async () => {
    const r = await arInProcess(['aging', ...LEDGERS, '--as-of', '2026-10-31', '--customer', 'C013']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('C013 — Constructions Mercier SAS (EUR)');
    expect(r.stdout).toMatch(/refund\/reject/);
    expect(r.stdout).toContain('27,285.14');
    expect((await arInProcess(['aging', ...LEDGERS, '--as-of', '2026-10-31', '--customer', 'NOPE'])).code).toBe(1);
  });

  it('writes CSV with one row per customer, and never lets a name run as a formula', async () => {
    const dir = tempDir();
    const f = writeFiles(dir, {
      'f.csv': cp1252(
        'N° facture;Code client;Client;Date facture;Échéance;Montant TTC\r\nF1;C1;"=HYPERLINK(""http://x"";""y"")";15/01/2026;14/02/2026;100,00\r\nF2;C2;"@SUM(1), ""quoted""";15/01/2026;14/02/2026;50,00\r\nF3;-C3;+33 1 23;15/01/2026;14/02/2026;1,00\r\n',
      ),
    });
    const r = await arInProcess(['aging', f['f.csv']!, '--as-of', '2026-03-01', '--format', 'csv', '--csv', 'rfc4180']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'customer_id,customer_name,currency,not_due,1-30,31-60,61-90,91+,unapplied,total,disputed,written_off\r\n' +
        `C1,"'=HYPERLINK(""http://x"";""y"")",EUR,0.00,100.00,0.00,0.00,0.00,0.00,100.00,0.00,0.00\r\n` +
        `C2,"'@SUM(1), ""quoted""",EUR,0.00,50.00,0.00,0.00,0.00,0.00,50.00,0.00,0.00\r\n` +
        `'-C3,'+33 1 23,EUR,0.00,1.00,0.00,0.00,0.00,0.00,1.00,0.00,0.00\r\n`,
    );
  });
});

describe('ar aging into a pipe that closes early', () => {
  it('stops quietly, with no stack trace, when the reader goes away (`| head`)', async () => {
    const { spawn } = await import('node:child_process');
    // A ledger big enough that its JSON outgrows the pipe's buffer.
    const { generateLedger } = await import('../../scripts/gen-ledger.ts');
    const g = generateLedger({ invoices: 20000, seed: 3 });
    const dir = tempDir();
    const f = writeFiles(dir, { 'i.csv': g.invoicesCsv, 'p.csv': g.paymentsCsv });
    const child = spawn(process.execPath, [BIN, 'aging', f['i.csv']!, '--payments', f['p.csv']!, '--as-of', '2026-10-31', '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    expect(err).toBe('');
    expect(code).toBe(0);
  });
});
