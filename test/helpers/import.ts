import { addPaidColumns, importInvoices, importPayments, paymentsCount, type ImportOptions, type TermsLookup } from '../../src/core/import/ledger.ts';
import type { Table } from '../../src/core/import/table.ts';
import { LedgerBuilder, type Ledger } from '../../src/core/ledger.ts';
import type { Invoice, Payment } from '../../src/core/types.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Imports an invoices table (and a payments table) as the loader does, and gives the records back. */
export function ledgerOfTables(invoices: Table, payments: Table | null = null, options: ImportOptions & { termsOf?: TermsLookup } = {}) {
  const b = new LedgerBuilder(options);
  const inv = importInvoices(invoices, b, options);
  b.seal();
  // As src/io/load-ledger.ts: an account statement's payments, then the paid columns, then the payments file.
  for (const p of inv.received) b.addPayment(p);
  const problems = [...inv.problems];
  const paid = inv.paid ? addPaidColumns(inv.paid, b, problems) : null;
  const pay = payments ? importPayments(payments, b, { ...options, hint: inv.dateOrder }) : null;
  if (pay) problems.push(...pay.problems);
  const ledger: Ledger = b.finish();
  problems.push(...b.problems);
  const records: Invoice[] = range(ledger.invoiceCount).map((i) => ledger.invoice(i));
  const all: Payment[] = range(ledger.paymentCount).map((p) => ledger.payment(p));
  const rows = pay?.rows ?? paid;
  return {
    ledger,
    records,
    count: inv.count,
    problems,
    payments: all,
    paymentsCount: rows ? paymentsCount(ledger, rows) : null,
  };
}
