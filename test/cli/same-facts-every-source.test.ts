import { describe, expect, it } from 'vitest';
import { ar } from '../helpers/run.ts';

/**
 * One set of business facts (fixtures/fec/README.md) in every form `ar` reads: CSV ledgers, an XLSX workbook, a FEC,
 * CSV invoices or e-invoices (UBL, CII, Factur-X) with the payments of a bank statement (CAMT.053, a French and a
 * Belgian bank's CSV export) or of the CSV payments ledger. Each must give the aged balance of the CSV form, to the
 * cent: per customer and in total, every bucket, the unapplied credit, every open item with its due date.
 */
const F = 'fixtures/fec';
const EINVOICES = `${F}/factures-electroniques`;
const XLSX = `${F}/grand-livre.xlsx`;
const CSV_FORM = [`${F}/factures.csv`, '--payments', `${F}/reglements.csv`, '--customers', `${F}/clients.csv`];
const CUSTOMERS = ['--customers', `${F}/clients.csv`];

interface Invoice {
  number: string;
  dueDate: string;
  dueDateDerived: boolean;
  open: string;
}
interface Customer {
  id: string;
  name: string;
  total: string;
  buckets: Record<string, string>;
  unapplied: string;
  invoices: Invoice[];
}
interface Currency {
  total: string;
  buckets: Record<string, string>;
  unapplied: string;
  customers: Customer[];
}
interface Json {
  currencies: Record<string, Currency>;
  import: { invoices: Record<string, unknown>; payments: { read: number; used: number; rejected: number; ignored: number; unidentified?: number } };
  warnings: { message: string }[];
  unidentifiedReceipts: { total: Record<string, string>; items: { id: string; date: string; amount: string; counterparty: string | null }[] };
}

function aging(args: readonly string[], asOf: string): Json {
  const r = ar(['aging', ...args, '--as-of', asOf, '--format', 'json']);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(r.stdout) as Json;
}

/** The balance without the dueDateDerived marks: the only thing the e-invoices legitimately say otherwise. */
function withoutDerivedMarks(c: Record<string, Currency>): unknown {
  return JSON.parse(JSON.stringify(c, (k, v: unknown) => (k === 'dueDateDerived' ? undefined : v)));
}
const derivedMarks = (j: Json): Record<string, boolean> =>
  Object.fromEntries(Object.values(j.currencies).flatMap((c) => c.customers.flatMap((cu) => cu.invoices.map((i) => [i.number, i.dueDateDerived]))));

/**
 * The e-invoices carry the due dates that the customers' terms give the other forms (which derive every one); only
 * FA2026-008 (terms in words) and FA2025-099 (no terms, default 30 days) are derived from them too.
 */
const DERIVED_IN_EINVOICES = new Set(['FA2026-008', 'FA2025-099']);

// The credits that match no customer: a parking rent (75,00) and, where the export has it, a structured communication
// with wrong check digits (180,00). Their id is the statement's own (entry reference, sequence number, else the line).
const TILLEULS = { date: '2026-10-20', amount: '75.00', counterparty: 'SCI LES TILLEULS' };
const DUPONT = { date: '2026-10-28', amount: '180.00', counterparty: 'DUPONT ET FILS' };
const BANKS = [
  {
    name: 'CAMT.053',
    file: 'fixtures/bank/releve-camt053.xml',
    unidentified: [
      { id: 'TIL-1026', ...TILLEULS },
      { id: '2026102800001', ...DUPONT },
    ],
    total: '255.00',
  },
  { name: 'French bank CSV', file: 'fixtures/bank/releve-fr.csv', unidentified: [{ id: '14', ...TILLEULS, counterparty: null }], total: '75.00' },
  {
    name: 'Belgian bank CSV',
    file: 'fixtures/bank/releve-be.csv',
    unidentified: [
      { id: '2026-0231', ...TILLEULS },
      { id: '2026-0247', ...DUPONT },
    ],
    total: '255.00',
  },
];

interface Form {
  name: string;
  args: string[];
  einvoices: boolean;
  bank?: (typeof BANKS)[number];
}

/**
 * The one fact a form may carry that the CSV ledgers do not: the French bank's export says which invoice C3's
 * 1 000,00 of 01/08 pays ("FACT. FA2026-006"), where the CSV ledgers, the workbook, the FEC and the other
 * statements do not name it. Named, it pays FA2026-006 (§3.2); unnamed, it pays the invoice whose open amount it
 * equals exactly (§3.3a): FA2026-007, 1 500,00 less the 500,00 of 25/10 that names it.
 */
const namesC3Payment = (form: Form): boolean => form.bank?.file === 'fixtures/bank/releve-fr.csv';
const FORMS: Form[] = [
  { name: 'an XLSX workbook (Factures, Règlements, Clients)', args: [`${XLSX}#Factures`, '--payments', `${XLSX}#Règlements`, '--customers', `${XLSX}#Clients`], einvoices: false },
  { name: 'a FEC with lettering', args: [`${F}/812345678FEC20261231.txt`, ...CUSTOMERS], einvoices: false },
  ...BANKS.map((b) => ({ name: `CSV invoices and a ${b.name} statement`, args: [`${F}/factures.csv`, '--payments', b.file, ...CUSTOMERS], einvoices: false, bank: b })),
  { name: 'e-invoices and the CSV payments', args: [EINVOICES, '--payments', `${F}/reglements.csv`, ...CUSTOMERS], einvoices: true },
  ...BANKS.map((b) => ({ name: `e-invoices and a ${b.name} statement`, args: [EINVOICES, '--payments', b.file, ...CUSTOMERS], einvoices: true, bank: b })),
];

// Before, at and after the end of October: partial payments, a payment after the date, the unidentified credits.
const DATES = ['2026-09-30', '2026-10-31', '2026-11-30'];

/** The balance but C3's items and the buckets they fall in: what the French bank's export says otherwise. */
function apartFromC3Items(c: Record<string, Currency>): unknown {
  const copy = JSON.parse(JSON.stringify(c)) as Record<string, Currency>;
  const eur = copy.EUR!;
  eur.buckets = {};
  for (const x of eur.customers) if (x.id === 'C3') Object.assign(x, { buckets: {}, invoices: [] });
  return copy;
}

describe('the same business facts give the same aged balance from every source', () => {
  const csv = Object.fromEntries(DATES.map((d) => [d, aging(CSV_FORM, d)]));

  it('the CSV ledgers, the reference, give the balance of fixtures/fec/README.md', () => {
    const eur = csv['2026-10-31']!.currencies.EUR!;
    expect(eur).toMatchObject({
      total: '4510.00',
      unapplied: '-100.00',
      buckets: { not_due: '1260.00', '1-30': '0.00', '31-60': '350.00', '61-90': '0.00', '91+': '3000.00' },
    });
    expect(eur.customers.map((c) => [c.id, c.total, c.unapplied, c.invoices.map((i) => [i.number, i.dueDate, i.open])])).toEqual([
      // C3's unnamed 1 000,00 of 01/08 pays FA2026-007, whose open amount it equals once the 500,00 of 25/10 names it (§3.3a).
      ['C3', '3000.00', '0.00', [['FA2026-006', '2026-07-09', '3000.00']]],
      ['C2', '960.00', '0.00', [['FA2026-005', '2026-10-31', '960.00']]],
      [
        'C1',
        '650.00',
        '0.00',
        [
          ['FA2026-002', '2026-09-19', '350.00'],
          ['FA2026-003', '2026-11-04', '300.00'],
        ],
      ],
      // 100,00 paid on 28/10 beyond what C4 owed: a credit, unapplied (and no open item).
      ['C4', '-100.00', '-100.00', []],
    ]);
    expect(csv['2026-09-30']!.currencies.EUR!.total).toBe('5260.00');
    expect(csv['2026-11-30']!.currencies.EUR!.total).toBe('4210.00');
  });

  describe.each(FORMS)('from $name', (form) => {
    const out = Object.fromEntries(DATES.map((d) => [d, aging(form.args, d)]));

    it.each(DATES)('gives the aged balance of the CSV ledgers as of %s, per customer and in total, to the cent', (date) => {
      const got = out[date]!;
      const want = csv[date]!;
      if (namesC3Payment(form) && date !== '2026-09-30') {
        const marks = form.einvoices ? withoutDerivedMarks : (c: Record<string, Currency>) => c;
        expect(apartFromC3Items(marks(got.currencies) as Record<string, Currency>)).toEqual(apartFromC3Items(marks(want.currencies) as Record<string, Currency>));
        const c3 = got.currencies.EUR!.customers.find((x) => x.id === 'C3')!;
        expect(c3.invoices.map((i) => [i.number, i.open])).toEqual([
          ['FA2026-006', '2000.00'],
          ['FA2026-007', '1000.00'],
        ]);
      } else if (form.einvoices) {
        expect(withoutDerivedMarks(got.currencies)).toEqual(withoutDerivedMarks(want.currencies));
        for (const [number, derived] of Object.entries(derivedMarks(got))) expect([number, derived]).toEqual([number, DERIVED_IN_EINVOICES.has(number)]);
      } else {
        expect(got.currencies).toEqual(want.currencies);
      }
    });

    it('reads every document and every payment, and keeps unidentified credits out of every customer', () => {
      const j = out['2026-10-31']!;
      const p = j.import.payments;
      expect(p.used).toBe(9);
      expect(p.read).toBe(p.used + (p.unidentified ?? 0) + p.rejected + p.ignored);
      if (form.einvoices) expect(j.import.invoices).toMatchObject({ read: 10, used: 10, rejected: 0, ignored: 0 });
      const items = j.unidentifiedReceipts.items.map(({ id, date, amount, counterparty }) => ({ id, date, amount, counterparty }));
      expect(items).toEqual(form.bank?.unidentified ?? []);
      expect(j.unidentifiedReceipts.total).toEqual(form.bank ? { EUR: form.bank.total } : {});
      // In no customer's balance: the customers are those of the CSV form, and their totals sum to its total.
      const eur = j.currencies.EUR!;
      expect(eur.customers.map((c) => c.id)).toEqual(['C3', 'C2', 'C1', 'C4']);
      expect(eur.customers.reduce((s, c) => s + Math.round(Number(c.total) * 100), 0)).toBe(451000);
      expect(eur.unapplied).toBe('-100.00');
      // Dated 20/10 and 28/10: not yet received at the end of September.
      expect(out['2026-09-30']!.unidentifiedReceipts.items).toEqual([]);
    });
  });

  it('says where the FEC’s due dates come from, and nothing else from the e-invoices', () => {
    expect(aging(FORMS[1]!.args, '2026-10-31').warnings.map((w) => w.message)).toEqual([
      '812345678FEC20261231.txt: a FEC has no due dates: 9 due date(s) derived from payment terms (7 from the customers file, 2 from the default terms, 30); they are marked dueDateDerived in JSON and * with --customer',
    ]);
    expect(aging([EINVOICES, '--payments', `${F}/reglements.csv`, ...CUSTOMERS], '2026-10-31').warnings).toEqual([]);
  });

  it('marks derived the due dates of e-invoices that give none, as of a day they are open', () => {
    // 15/10: FA2026-008 (terms "Paiement à 30 jours", due 20/10) is still open; FA2025-099 was paid on 15/09.
    const j = aging([EINVOICES, '--payments', 'fixtures/bank/releve-camt053.xml', ...CUSTOMERS], '2026-10-15');
    expect(j.currencies.EUR!.customers.find((c) => c.id === 'C4')!.invoices).toMatchObject([{ number: 'FA2026-008', dueDate: '2026-10-20', dueDateDerived: true, open: '450.00' }]);
    expect(withoutDerivedMarks(j.currencies)).toEqual(withoutDerivedMarks(aging(CSV_FORM, '2026-10-15').currencies));
    const early = aging([EINVOICES, '--payments', 'fixtures/bank/releve-camt053.xml', ...CUSTOMERS], '2026-08-31');
    expect(early.currencies.EUR!.customers.find((c) => c.id === 'C4')!.invoices).toMatchObject([{ number: 'FA2025-099', dueDate: '2026-01-09', dueDateDerived: true }]);
  });

  it('differs only where the FEC letters a payment the day after it: until then the payment is unnamed', () => {
    // The one difference the FEC is documented to make (README, "Lettering"): C3's 500,00 of 25/10 is lettered with
    // FA2026-007 on 26/10 (DateLet). As of 25/10 it is an unlettered credit: with the 1 000,00 of 01/08, neither equal
    // to an open item, it goes to the oldest, FA2026-006 (§3.3b). The CSV payment names FA2026-007, which then owes
    // exactly 1 000,00: the payment of 01/08 pays it (§3.3a). Same customer total; from 26/10 on, the same items.
    const fec = aging(FORMS[1]!.args, '2026-10-25').currencies.EUR!;
    const ref = aging(CSV_FORM, '2026-10-25').currencies.EUR!;
    const c3 = (c: Currency): string[][] => c.customers.find((x) => x.id === 'C3')!.invoices.map((i) => [i.number, i.open]);
    expect(c3(ref)).toEqual([['FA2026-006', '3000.00']]);
    expect(c3(fec)).toEqual([
      ['FA2026-006', '1500.00'],
      ['FA2026-007', '1500.00'],
    ]);
    expect(fec.total).toBe(ref.total);
    expect(fec.customers.map((c) => [c.id, c.total])).toEqual(ref.customers.map((c) => [c.id, c.total]));
    expect(aging(FORMS[1]!.args, '2026-10-26').currencies).toEqual(aging(CSV_FORM, '2026-10-26').currencies);
  });
});
