import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addPaymentRows, importInvoices, importPayments, paymentsCount, readPaymentRows } from '../../src/core/import/ledger.ts';
import { LedgerBuilder } from '../../src/core/ledger.ts';
import { csvTableSoon } from '../../src/io/csv-soon.ts';
import { readCsvTableSync } from '../../src/io/read-table.ts';
import { ar, ROOT, tempDir } from '../helpers/run.ts';
import { generateLedger } from '../../scripts/gen-ledger.ts';

/** A payments file of 2.6 MB, with quotes and accents; read by a worker from 1 MB here. */
function bigPayments(dir: string): string {
  const lines = ['Référence;Date;Client;Montant;Facture'];
  for (let i = 0; lines.length < 60_000; i++) lines.push(`P${i};03/11/2026;C${i % 97};"1 234,${String(i % 100).padStart(2, '0')}";"FA-${i} ""x"""`);
  const path = join(dir, 'reglements.csv');
  writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`);
  return path;
}

const MB = 1024 * 1024;

describe('a big CSV ledger read by a worker thread', () => {
  it('gives the table the main thread would have read, cell by cell', async () => {
    const path = bigPayments(tempDir());
    const reading = csvTableSoon(path, { fromBytes: MB });
    const soon = await reading.table();
    expect(reading.byWorker()).toBe(true);
    const here = readCsvTableSync(path);
    expect(soon.bytes).toBeDefined();
    expect(soon.file).toBe(here.file);
    expect(soon.hints).toEqual(here.hints);
    expect(soon.rowCount).toBe(60_000);
    expect(soon.rowCount).toBe(here.rowCount);
    for (let r = 0; r < here.rowCount; r++) {
      expect(soon.line(r)).toBe(here.line(r));
      expect(soon.row(r)).toEqual(here.row(r));
    }
    expect(soon.row(1)).toEqual(['P0', '03/11/2026', 'C0', '1 234,00', 'FA-0 "x"']);
    // By default, a file this size (a 100k-row ledger) is read on this thread: no gain was measured.
    const byDefault = csvTableSoon(path);
    expect((await byDefault.table()).rowCount).toBe(60_000);
    expect(byDefault.byWorker()).toBe(false);
  });

  it('gives a table without bytes for what is not a CSV, and says nothing else (the general path reads it)', async () => {
    const dir = tempDir();
    const zip = join(dir, 'ledger.csv');
    writeFileSync(zip, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(3 * 1024 * 1024)]));
    const reading = csvTableSoon(zip, { fromBytes: MB });
    const t = await reading.table();
    expect(reading.byWorker()).toBe(true);
    expect(t.bytes).toBeUndefined();
    expect(t.rowCount).toBe(0);
    const missing = await csvTableSoon(join(dir, 'nowhere.csv'), { fromBytes: MB }).table();
    expect(missing.rowCount).toBe(0);
  });

  it('reads a small file on this thread, when it is needed (and any file below 8 MB by default)', async () => {
    const dir = tempDir();
    const path = join(dir, 'p.csv');
    writeFileSync(path, 'Date;Montant\n03/11/2026;12,00\n');
    const reading = csvTableSoon(path, { fromBytes: MB });
    expect((await reading.table()).row(1)).toEqual(['03/11/2026', '12,00']);
    expect(reading.byWorker()).toBe(false);
  });

  it.skipIf(process.platform !== 'linux')('leaves standard output alone: a pipe stays blocking, and Node’s streams are not loaded', () => {
    // Piped into this process's stdout, a worker's output would make it a stream: a pipe made non-blocking,
    // where a big JSON would then wait in memory instead of going out as it is written.
    const dir = tempDir();
    const path = bigPayments(dir);
    const child = join(dir, 'child.ts');
    writeFileSync(
      child,
      `import { readFileSync } from 'node:fs';
import { csvTableSoon } from ${JSON.stringify(join(ROOT, 'src/io/csv-soon.ts'))};
const reading = csvTableSoon(${JSON.stringify(path)}, { fromBytes: 1024 * 1024 });
const t = await reading.table();
const flags = Number.parseInt(/flags:\\s+(\\d+)/.exec(readFileSync('/proc/self/fdinfo/1', 'utf8'))[1], 8);
const streams = process.moduleLoadList.filter((m) => /^NativeModule (net|tty)$/.test(m));
console.error(JSON.stringify({ rows: t.rowCount, byWorker: reading.byWorker(), nonBlocking: (flags & 0o4000) !== 0, streams }));
`,
    );
    const r = spawnSync(process.execPath, [child], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    expect(JSON.parse(r.stderr)).toEqual({ rows: 60_000, byWorker: true, nonBlocking: false, streams: [] });
  });

  it('can be let go: the worker is stopped', async () => {
    const soon = csvTableSoon(bigPayments(tempDir()), { fromBytes: MB });
    soon.cancel();
    expect(soon.byWorker()).toBe(false);
    // Cancelled before it answered: the file is read here instead, never left waiting.
    expect((await soon.table()).rowCount).toBe(60_000);
  });
});

describe('a payments file read by the worker as far as it can be without the invoices', () => {
  /** Ids that do not rise, a payment without a customer, a reference to no invoice: each way through. */
  const untidy = (csv: Buffer): Buffer => {
    const lines = csv.toString('latin1').split('\n');
    lines[2] = lines[2]!.replace(/^P2,/, 'X-2,');
    lines[3] = lines[3]!.replace(/,C\d+,/, ',,');
    lines[4] = lines[4]!.replace(/,F\d+\r?$/, ',NOPE');
    return Buffer.from(lines.join('\n'), 'latin1');
  };
  /** A header only the config's mapping names, which the worker is given. */
  const renamed = (csv: Buffer): Buffer => Buffer.from(csv.toString('latin1').replace(',Amount,', ',Zorglub,'), 'latin1');
  /** Mixed decimal marks: some rows rejected, read the same way there and here. */
  const mixed = (csv: Buffer): Buffer => Buffer.from(csv.toString().replace(/,(\d+)\.(\d\d),F/, ',"$1,$2",F'));
  const cases = [
    ['clean', 'clean', null, {}],
    ['fr', 'fr', null, {}],
    ['untidy', 'clean', untidy, {}],
    ['mapped', 'clean', renamed, { amount: 'Zorglub' }],
    ['mixed marks', 'clean', mixed, {}],
  ] as const;
  for (const [name, locale, edit, mapping] of cases) {
    it(`gives the rows and the ledger this thread would have read (${name})`, async () => {
      const g = generateLedger({ invoices: 3000, seed: 11, locale, shape: 'v2' });
      const dir = tempDir();
      const invPath = join(dir, 'factures.csv');
      const payPath = join(dir, 'reglements.csv');
      writeFileSync(invPath, g.invoicesCsv);
      writeFileSync(payPath, edit === null ? g.paymentsCsv : edit(g.paymentsCsv));
      const reading = csvTableSoon(payPath, { fromBytes: 1, payments: { mapping, mapped: Object.keys(mapping).length > 0 } });
      const rows = await reading.paymentRows();
      expect(reading.byWorker()).toBe(true);
      expect(rows).toBeTruthy();
      expect(rows).toEqual(readPaymentRows(readCsvTableSync(payPath), { mapping }));
      const ledger = (early: boolean) => {
        const b = new LedgerBuilder();
        importInvoices(readCsvTableSync(invPath), b, {});
        b.seal();
        const r = early ? addPaymentRows(rows!, readCsvTableSync(payPath).bytes!.data, b) : importPayments(readCsvTableSync(payPath), b, { mapping });
        const L = b.finish();
        return { problems: r.problems, payments: Array.from({ length: L.paymentCount }, (_, p) => L.payment(p)), count: paymentsCount(L, r.rows) };
      };
      const here = ledger(false);
      expect(ledger(true)).toEqual(here);
      expect(here.payments.length).toBeGreaterThan(2500);
    });
  }
});

describe('payments read on the second core, then read again here', () => {
  it('reads the whole file again when the invoices settle the order of day and month its dates left to the locale', () => {
    // The invoices say day first (25/01); the payments' dates could be either (03/04), and the worker read
    // them month first, as the English locale would. Over 4 MB, they are read by the worker, which hands
    // over the file's first rows only: the file is read whole again, day first.
    const dir = tempDir();
    const lines = ['Payment id,Payment date,Customer,Amount,Invoice ref', 'P1,03/04/2026,C1,100.00,F1'];
    for (let i = 2; lines.length < 170_000; i++) lines.push(`P${i},01/02/2026,C2,1.00,`);
    writeFileSync(join(dir, 'payments.csv'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'invoices.csv'), 'Invoice,Customer,Invoice date,Due date,Amount\nF1,C1,25/01/2026,24/02/2026,100.00\nF2,C2,25/01/2026,24/02/2026,50.00\n');
    expect(lines.join('\n').length).toBeGreaterThan(4 * 1024 * 1024);
    const r = ar(['aging', join(dir, 'invoices.csv'), '--payments', join(dir, 'payments.csv'), '--as-of', '2026-03-20', '--format', 'json']);
    expect(r.code).toBe(0);
    const eur = (JSON.parse(r.stdout) as { currencies: Record<string, { customers: { id: string; total: string }[] }> }).currencies.EUR!;
    // P1 paid on 3 April, after the date: F1 still open.
    expect(eur.customers.find((c) => c.id === 'C1')?.total).toBe('100.00');
    expect(eur.customers.find((c) => c.id === 'C2')?.total).toBe('-169948.00');
  });
});
