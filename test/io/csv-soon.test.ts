import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastInvoices, fastPaymentRows, fastPayments, type FastLedger } from '../../src/core/import/fast.ts';
import { csvTableSoon } from '../../src/io/csv-soon.ts';
import { parseCsvBytes, readCsvTableSync } from '../../src/io/read-table.ts';
import { tempDir } from '../helpers/run.ts';
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

  it('can be let go: the worker is stopped', async () => {
    const soon = csvTableSoon(bigPayments(tempDir()), { fromBytes: MB });
    soon.cancel();
    expect(soon.byWorker()).toBe(false);
    // Cancelled before it answered: the file is read here instead, never left waiting.
    expect((await soon.table()).rowCount).toBe(60_000);
  });
});

/** A fast ledger as plain data: its columns, and what its functions give for every row. */
function plain(f: FastLedger | null) {
  if (f === null) return null;
  const a = f.arrays;
  const rows = (count: number, at: (i: number) => unknown) => Array.from({ length: count }, (_, i) => at(i));
  return {
    columns: Object.fromEntries(Object.entries(a).filter(([, v]) => typeof v !== 'function' && !('at' in Object(v)))),
    invoiceNumber: rows(a.invoiceCount, (i) => a.invoiceNumber.at(i)),
    paymentId: rows(a.paymentCount, (p) => a.paymentId.at(p)),
    paymentIdRising: a.paymentId.rising ?? null,
    referenceText: rows(a.referenceTarget.length, (r) => a.referenceText('payment', r)),
    creditText: rows(a.invoiceCount, (i) => a.referenceText('credit_note', i)),
    paymentSource: rows(a.paymentCount, (p) => a.paymentSource(p)),
    counts: f.counts,
    names: f.names,
    sightings: { customers: f.sightings.customers, references: [...f.sightings.references], invoiceNumbers: [...f.sightings.invoiceNumbers()] },
  };
}

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
  const cases = [['clean', 'clean', null, {}], ['fr', 'fr', null, {}], ['untidy', 'clean', untidy, {}], ['mapped', 'clean', renamed, { amount: 'Zorglub' }]] as const;
  for (const [name, locale, edit, mapping] of cases) {
    it(`gives the fast ledger this thread would have read (${name})`, async () => {
      const g = generateLedger({ invoices: 3000, seed: 11, locale });
      const dir = tempDir();
      const invPath = join(dir, 'factures.csv');
      const payPath = join(dir, 'reglements.csv');
      writeFileSync(invPath, g.invoicesCsv);
      writeFileSync(payPath, edit === null ? g.paymentsCsv : edit(g.paymentsCsv));
      const reading = csvTableSoon(payPath, { fromBytes: 1, payments: mapping });
      const rows = await reading.paymentRows();
      expect(reading.byWorker()).toBe(true);
      expect(rows).toBeTruthy();
      expect(rows).toEqual(fastPaymentRows(readCsvTableSync(payPath), mapping));
      // Ids that rise are posted as their numbers, others as their fields.
      expect(rows!.idField !== null).toBe(edit === untidy);
      expect(rows!.customer.includes(-1)).toBe(edit === untidy);
      const options = { mapping: { payments: mapping } };
      const byWorker = fastPayments(fastInvoices(readCsvTableSync(invPath), options)!, await reading.table(), options, rows);
      const here = fastPayments(fastInvoices(readCsvTableSync(invPath), options)!, readCsvTableSync(payPath), options);
      expect(here).not.toBeNull();
      expect(plain(byWorker)).toEqual(plain(here));
    });
  }

  it('gives up where this thread would (mixed decimal marks): the general path reads the ledgers', async () => {
    // Big enough for bytes of their own: a small file's share Node's pool, which cannot be handed over (then it is read here).
    const g = generateLedger({ invoices: 3000, seed: 11, locale: 'clean' });
    const payPath = join(tempDir(), 'reglements.csv');
    writeFileSync(payPath, g.paymentsCsv.toString().replace(/,(\d+)\.(\d\d),F/, ',"$1,$2",F'));
    expect(fastPaymentRows(readCsvTableSync(payPath), {})).toBeNull();
    const reading = csvTableSoon(payPath, { fromBytes: 1, payments: {} });
    expect(await reading.paymentRows()).toBeNull();
    expect(reading.byWorker()).toBe(true);
    const inv = fastInvoices(parseCsvBytes('factures.csv', g.invoicesCsv), {})!;
    expect(fastPayments(inv, await reading.table(), {}, null)).toBeNull();
  });
});
