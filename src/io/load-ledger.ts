import { parseTerms, type Terms } from '../core/terms.ts';
import {
  importCustomers, importInvoices, importPayments, indexInvoices, MissingColumnsError,
  type ImportCount,
} from '../core/import/ledger.ts';
import { lostLeadingZeros } from '../core/import/excel-damage.ts';
import type { LedgerKind } from '../core/import/headers.ts';
import type { Customer, Invoice, Payment, Problem } from '../core/types.ts';
import { InputError } from '../errors.ts';
import type { Lang } from '../render/aging-report.ts';
import { formatProblem } from '../render/messages.ts';
import type { Config } from './config.ts';
import { readTable } from './read-table.ts';
import type { Table } from '../core/import/table.ts';

export interface LedgerPaths {
  readonly invoices: string;
  readonly payments?: string | undefined;
  readonly customers?: string | undefined;
}

/** The ledgers, imported and reconciled, ready for the core. */
export interface Ledger {
  readonly invoices: Invoice[];
  readonly payments: Payment[];
  readonly customers: Map<string, Customer>;
  readonly counts: { invoices: ImportCount; payments: ImportCount | null; customers: ImportCount | null };
  /** Rejected rows (errors) and warnings, in file order. */
  readonly problems: Problem[];
  readonly paths: LedgerPaths;
}

async function importFile<T>(path: string, kind: LedgerKind, problems: Problem[], run: (table: Table) => T): Promise<T> {
  const table = await readTable(path, kind);
  for (const w of table.warnings ?? []) problems.push(w);
  try {
    return run(table);
  } catch (e) {
    if (e instanceof MissingColumnsError) {
      throw new InputError('missing_columns', {
        file: e.failure.file,
        kind,
        missing: e.failure.missing.join(','),
        found: e.failure.found.map((h) => `"${h}"`).join(', '),
      });
    }
    throw e;
  }
}

/**
 * The one loader every command uses: customers first (their terms give missing due dates), then
 * invoices, then payments (a payment without a customer takes the customer of the invoice it names).
 * Rejected rows fail the load (exit 2, all of them listed) unless `skipInvalid`.
 */
export async function loadLedger(
  paths: LedgerPaths,
  config: Config,
  options: { skipInvalid: boolean; lang: Lang },
): Promise<Ledger> {
  const problems: Problem[] = [];
  const defaultTerms: Terms | undefined = config.defaultTerms !== undefined ? parseTerms(config.defaultTerms) ?? undefined : undefined;
  const common = {
    defaultCurrency: config.currency ?? 'EUR',
    ...(defaultTerms ? { defaultTerms } : {}),
    ...(config.endOfMonthRule ? { endOfMonthRule: config.endOfMonthRule } : {}),
  };

  const customers = new Map<string, Customer>();
  let customersCount: ImportCount | null = null;
  if (paths.customers) {
    const r = await importFile(paths.customers, 'customers', problems, (table) => importCustomers(table, { ...common, mapping: config.columns?.customers ?? {} }));
    for (const c of r.records) customers.set(c.id, c);
    customersCount = r.count;
    for (const x of r.problems) problems.push(x);
  }

  // Each table is read and imported in its own call, so that its rows can be freed before the next file.
  const inv = await importFile(paths.invoices, 'invoices', problems, (table) =>
    importInvoices(table, {
      ...common,
      mapping: config.columns?.invoices ?? {},
      termsOf: (id) => {
        const t = customers.get(id)?.terms;
        return t ? parseTerms(t) : null;
      },
    }),
  );
  for (const x of inv.problems) problems.push(x);

  const payments: Payment[] = [...inv.payments];
  let paymentsCount: ImportCount | null = inv.paymentsCount;
  if (paths.payments) {
    const index = indexInvoices(inv.records);
    const r = await importFile(paths.payments, 'payments', problems, (table) => importPayments(table, index, { ...common, mapping: config.columns?.payments ?? {} }));
    for (const x of r.records) payments.push(x);
    paymentsCount = r.count;
    for (const x of r.problems) problems.push(x);
  }

  // Codes that Excel turned into numbers on the way (0042 → 42): said, never merged on a guess.
  for (const w of lostLeadingZeros(inv.records, payments, customers.values())) problems.push(w);

  const rejected = problems.filter((p) => p.severity === 'error');
  if (rejected.length > 0 && !options.skipInvalid) {
    const rows = new Set(rejected.map((p) => `${p.file}:${p.line}`)).size;
    throw new InputError('rows_rejected', { count: rows }, rejected.map((p) => formatProblem(p, options.lang).message));
  }
  return {
    invoices: inv.records,
    payments,
    customers,
    counts: { invoices: inv.count, payments: paymentsCount, customers: customersCount },
    problems,
    paths,
  };
}
