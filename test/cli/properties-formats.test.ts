import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arInProcess, cp1252, tempDir, writeFiles } from '../helpers/run.ts';

/**
 * Property: the same ledger written as CSV (as French Excel or an English program writes it) and
 * as an XLSX workbook (typed dates, numeric amounts, codes as text) gives the same aged balance,
 * the same import counts and the same warnings. Real files, read through the CLI's entry.
 */

const DAY0 = Date.UTC(2025, 0, 1) / 86_400_000;
const ymd = (day: number) => {
  const d = new Date(day * 86_400_000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()] as const;
};
const p2 = (n: number) => String(n).padStart(2, '0');

const CUSTOMERS = [
  { id: 'C1', name: 'Dupont; Fils & Cie' },
  { id: 'C2', name: 'L\'Atelier "Créa"' },
  { id: '0042', name: 'Chauffage Dumont, SA' },
];

const ledgerArb = fc.record({
  invoices: fc.array(
    fc.record({
      c: fc.nat(2),
      issue: fc.integer({ min: 0, max: 640 }),
      terms: fc.constantFrom(0, 30, 60),
      cents: fc.integer({ min: -50_000, max: 2_000_000 }),
      cur: fc.constantFrom('EUR', 'EUR', 'USD'),
      credits: fc.option(fc.nat(20)),
    }),
    { minLength: 1, maxLength: 25 },
  ),
  payments: fc.array(fc.record({ c: fc.nat(2), day: fc.integer({ min: 0, max: 680 }), cents: fc.integer({ min: -20_000, max: 2_500_000 }), refs: fc.array(fc.nat(25), { maxLength: 2 }) }), {
    maxLength: 25,
  }),
  french: fc.boolean(),
  asOf: fc.integer({ min: 200, max: 700 }),
});
type Ledger = typeof ledgerArb extends fc.Arbitrary<infer T> ? T : never;

const number = (i: number) => (i % 3 === 0 ? `0000${610000 + i}` : `FA-${i}`);

function csvFiles(l: Ledger): { invoices: Uint8Array; payments: Uint8Array } {
  const sep = l.french ? ';' : ',';
  const q = (s: string) => (s.includes(sep) || s.includes('"') ? `"${s.replace(/"/g, '""')}"` : s);
  const date = (day: number) => {
    const [y, m, d] = ymd(day);
    return l.french ? `${p2(d)}/${p2(m)}/${y}` : `${y}-${p2(m)}-${p2(d)}`;
  };
  const amount = (cents: number) => {
    const s = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${p2(Math.abs(cents) % 100)}`;
    return l.french ? s.replace('.', ',') : s;
  };
  const head = l.french
    ? ['N° facture', 'Code client', 'Client', 'Date facture', 'Échéance', 'Montant TTC', 'Devise', "Facture d'origine"]
    : ['Invoice number', 'Customer id', 'Customer name', 'Invoice date', 'Due date', 'Amount', 'Currency', 'Original invoice'];
  const inv = [head.map(q).join(sep)];
  l.invoices.forEach((x, i) => {
    const c = CUSTOMERS[x.c]!;
    inv.push([number(i), c.id, c.name, date(DAY0 + x.issue), date(DAY0 + x.issue + x.terms), amount(x.cents), x.cur, x.cents < 0 && x.credits !== null ? number(x.credits) : ''].map(q).join(sep));
  });
  const pay = [(l.french ? ['Date règlement', 'Code client', 'Montant', 'Devise', 'Réf. facture'] : ['Payment date', 'Customer id', 'Amount', 'Currency', 'Reference']).map(q).join(sep)];
  for (const x of l.payments) pay.push([date(DAY0 + x.day), CUSTOMERS[x.c]!.id, amount(x.cents), 'EUR', x.refs.map(number).join(' ')].map(q).join(sep));
  const enc = (lines: string[]) => (l.french ? cp1252(`${lines.join('\r\n')}\r\n`) : new TextEncoder().encode(`${lines.join('\n')}\n`));
  return { invoices: enc(inv), payments: enc(pay) };
}

async function xlsxFile(l: Ledger): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const date = (day: number) => new Date(day * 86_400_000);
  const ws = wb.addWorksheet('Factures');
  ws.addRow(['N° facture', 'Code client', 'Client', 'Date facture', 'Échéance', 'Montant TTC', 'Devise', "Facture d'origine"]);
  l.invoices.forEach((x, i) => {
    const c = CUSTOMERS[x.c]!;
    const r = ws.addRow([number(i), c.id, c.name, date(DAY0 + x.issue), date(DAY0 + x.issue + x.terms), x.cents / 100, x.cur, x.cents < 0 && x.credits !== null ? number(x.credits) : null]);
    r.getCell(4).numFmt = 'dd/mm/yyyy';
    r.getCell(5).numFmt = 'dd/mm/yyyy';
  });
  const ps = wb.addWorksheet('Règlements');
  ps.addRow(['Date règlement', 'Code client', 'Montant', 'Devise', 'Réf. facture']);
  for (const x of l.payments) ps.addRow([date(DAY0 + x.day), CUSTOMERS[x.c]!.id, x.cents / 100, 'EUR', x.refs.map(number).join(' ') || null]).getCell(1).numFmt = 'dd/mm/yyyy';
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The parts of the JSON that must not depend on the format, with file names made alike. */
function comparable(stdout: string): unknown {
  const j = JSON.parse(
    stdout
      .replace(/"(factures|reglements)\.csv"/g, (_, f: string) => `"${f}"`)
      .replace(/grand-livre\.xlsx#(Factures|Règlements)/g, (_, s: string) => (s === 'Factures' ? 'factures' : 'reglements'))
      .replace(/(factures|reglements)\.csv:/g, '$1:'),
  ) as {
    currencies: unknown;
    import: Record<string, unknown>;
    warnings: { message: string }[];
  };
  return {
    currencies: j.currencies,
    invoices: j.import.invoices,
    payments: j.import.payments,
    // The CSV says when nothing settles the order of day and month; typed dates need no such word.
    warnings: j.warnings.map((w) => w.message).filter((m) => !m.includes('settles the order')),
  };
}

describe('the same ledger as CSV and as XLSX', () => {
  it('gives the same aged balance, imports and warnings', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerArb, async (l) => {
        const dir = tempDir('ar-prop-');
        const csv = csvFiles(l);
        const p = writeFiles(dir, { 'factures.csv': csv.invoices, 'reglements.csv': csv.payments, 'grand-livre.xlsx': await xlsxFile(l) });
        const [y, m, d] = ymd(DAY0 + l.asOf);
        const asOf = `${y}-${p2(m)}-${p2(d)}`;
        const a = await arInProcess(['aging', p['factures.csv']!, '--payments', p['reglements.csv']!, '--as-of', asOf, '--format', 'json'], { cwd: dir });
        const b = await arInProcess(['aging', `${p['grand-livre.xlsx']}#Factures`, '--payments', `${p['grand-livre.xlsx']}#Règlements`, '--as-of', asOf, '--format', 'json'], { cwd: dir });
        expect(a.stderr).toBe('');
        expect(b.stderr).toBe('');
        expect(comparable(b.stdout)).toEqual(comparable(a.stdout));
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
