import { describe, expect, it } from 'vitest';
import { arInProcess, cp1252, tempDir, writeFiles } from '../helpers/run.ts';

const HEADER = 'N° facture;Code client;Client;Date facture;Échéance;Montant TTC\r\n';

describe('ar aging: bad input and usage', () => {
  it('lists every rejected row as file:line: column "X": …, then fails with exit 2', async () => {
    const dir = tempDir();
    const f = writeFiles(dir, {
      'factures.csv': cp1252(`${HEADER}F1;C1;Dupont;15/01/2026;31/02/2026;100,00\r\nF2;C1;Dupont;15/01/2026;14/02/2026;abc\r\nF3;C1;Dupont;15/01/2026;14/02/2026;5,00\r\n`),
    });
    const r = await arInProcess(['aging', f['factures.csv']!, '--as-of', '2026-03-01']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'factures.csv:2: column "Échéance": value "31/02/2026" is not a date\n' +
        'factures.csv:3: column "Montant TTC": value "abc" is not an amount\n' +
        'ar: 2 row(s) rejected; fix them, or run again with --skip-invalid to go on without them\n',
    );
  });

  it('goes on with --skip-invalid and shows the rejected rows in the JSON', async () => {
    const dir = tempDir();
    const f = writeFiles(dir, { 'factures.csv': cp1252(`${HEADER}F1;C1;Dupont;15/01/2026;31/02/2026;100,00\r\nF3;C1;Dupont;15/01/2026;14/02/2026;5,00\r\n`) });
    const r = await arInProcess(['aging', f['factures.csv']!, '--as-of', '2026-03-01', '--skip-invalid', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.import.invoices).toMatchObject({ read: 2, used: 1, rejected: 1, amounts: { read: { EUR: '105.00' }, used: { EUR: '5.00' }, rejected: { EUR: '100.00' } } });
    expect(j.import.problems).toEqual([
      { file: 'factures.csv', line: 2, column: 'Échéance', value: '31/02/2026', code: 'not_a_date', message: 'factures.csv:2: column "Échéance": value "31/02/2026" is not a date' },
    ]);
    expect(j.currencies.EUR.total).toBe('5.00');
  });

  it('says it in French with --lang fr', async () => {
    const dir = tempDir();
    const f = writeFiles(dir, { 'factures.csv': cp1252(`${HEADER}F1;C1;Dupont;15/01/2026;31/02/2026;100,00\r\n`) });
    const r = await arInProcess(['aging', f['factures.csv']!, '--as-of', '2026-03-01', '--lang', 'fr']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('factures.csv:2 : colonne « Échéance » : « 31/02/2026 » n’est pas une date');
  });

  it('names the missing column and the headers it found', async () => {
    const dir = tempDir();
    const f = writeFiles(dir, { 'factures.csv': 'Facture,Client,Total\r\nF1,C1,10\r\n' });
    const r = await arInProcess(['aging', f['factures.csv']!]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ar: factures.csv: no column for invoice date; headers found: "Facture", "Client", "Total". Rename the column or map it in ar.config.json ("columns")\n');
  });

  it('fails cleanly on a missing file, an unclosed quote, a bad date option, no stack trace', async () => {
    const dir = tempDir();
    const f = writeFiles(dir, { 'bad.csv': 'Facture,Client,Date,Montant\r\nF1,"C1,2026-01-01,10\r\n' });
    const missing = await arInProcess(['aging', `${dir}/nope.csv`]);
    expect(missing).toMatchObject({ code: 2, stderr: `ar: ${dir}/nope.csv: no such file\n` });
    const quote = await arInProcess(['aging', f['bad.csv']!]);
    expect(quote.code).toBe(2);
    expect(quote.stderr).toMatch(/^ar: bad\.csv:\d+: a quote is opened and never closed\n$/);
    const date = await arInProcess(['aging', f['bad.csv']!, '--as-of', '31/10/2026']);
    expect(date).toMatchObject({ code: 1, stderr: 'ar: --as-of: "31/10/2026" is not a date (YYYY-MM-DD)\n' });
    for (const r of [missing, quote, date]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 on an unknown option or a bad choice, and 0 with --help', async () => {
    expect((await arInProcess(['aging', '--nope'])).code).toBe(1);
    expect((await arInProcess(['aging', 'x.csv', '--format', 'xml'])).code).toBe(1);
    const help = await arInProcess(['aging', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ ar aging factures.csv --payments reglements.csv --as-of 2026-10-31');
    expect((await arInProcess(['--help'])).code).toBe(0);
  });

  it('asks for the invoices when none is given', async () => {
    const r = await arInProcess(['aging'], { cwd: tempDir() });
    expect(r).toMatchObject({ code: 1 });
    expect(r.stderr).toContain('no invoice ledger given');
  });
});
