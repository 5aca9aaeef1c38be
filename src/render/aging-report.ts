import type { Day } from '../core/dates.ts';
import { cents, type Cents } from '../core/money.ts';
import type { AgedBalance, CurrencyAging, CustomerAging } from '../core/aging.ts';
import type { CustomerBehaviour } from '../core/behaviour.ts';
import type { DsoFigures } from '../core/dso.ts';
import type { ProvisionLine } from '../core/impact.ts';
import type { UnidentifiedReceipt } from '../core/import/bank.ts';
import type { ImportCount } from '../core/import/ledger.ts';
import type { Severity } from '../core/types.ts';
import type { Lang } from '../model/lang.ts';

/** A problem already put into words, in the reader's language. */
export interface FormattedProblem {
  readonly severity: Severity;
  readonly file: string;
  readonly line: number;
  readonly column: string | null;
  readonly value: string | null;
  /** The whole one-line message, e.g. `factures.csv:14: column "Échéance": value "31/02/2026" is not a date`. */
  readonly message: string;
  /** Its kind in the catalogue (`not_a_date`) and parameters: what groups it with its like on stderr. */
  readonly code: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** Everything the aged-balance outputs (terminal, JSON, CSV, XLSX) show. */
export interface AgingReportInput {
  readonly aged: AgedBalance;
  readonly lang: Lang;
  /** The customer's name, from the customers file or else the ledger; null when unknown. */
  readonly customerName: (customerId: string) => string | null;
  /** The ledger files read, as given on the command line. */
  readonly ledgers: readonly string[];
  readonly imports: { readonly invoices: ImportCount; readonly payments: ImportCount | null; readonly customers: ImportCount | null };
  /** Rejected rows (errors, shown with --skip-invalid) and warnings. */
  readonly problems: readonly FormattedProblem[];
  /** The last contact with a customer (ISO date), once the journal exists; null when none. */
  readonly lastContact?: (customerId: string) => string | null;
  /** The analyses the Excel report adds (DSO and its trend, customer risk, provision), per currency. */
  readonly analyses?: ReportAnalyses;
  /**
   * Bank credits dated on or before the as-of date that match no customer (a bank statement given as
   * payments): outside every customer's balance, listed with their total in every output.
   */
  readonly unidentified?: readonly UnidentifiedReceipt[];
}

/** The total of unidentified receipts per currency, sorted by currency. */
export function unidentifiedTotals(list: readonly UnidentifiedReceipt[]): { currency: string; total: number; count: number }[] {
  const m = new Map<string, { currency: string; total: number; count: number }>();
  for (const r of list) {
    const t = m.get(r.currency) ?? { currency: r.currency, total: 0, count: 0 };
    t.total += r.amount;
    t.count++;
    m.set(r.currency, t);
  }
  return [...m.values()].sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

export interface ReportAnalyses {
  readonly dso: readonly DsoFigures[];
  readonly trend: readonly { readonly currency: string; readonly points: readonly { date: Day; dso: number | null }[] }[];
  readonly sectorDso: number | null;
  readonly risk: readonly CustomerBehaviour[];
  readonly provision: readonly { readonly currency: string; readonly lines: readonly ProvisionLine[]; readonly total: Cents }[];
}

/**
 * The aged balance of one customer (`--customer`): its accounts alone, each currency's totals then
 * its own; bank receipts matched to no customer are left out (they are no one's).
 */
export function agedForCustomer(aged: AgedBalance, customerId: string): AgedBalance {
  const currencies: CurrencyAging[] = [];
  for (const cur of aged.currencies) {
    const customers = cur.customers.filter((c) => c.customerId === customerId);
    if (customers.length === 0) continue;
    const buckets = aged.buckets.map((_, i) => cents(customers.reduce((s, c) => s + c.buckets[i]!, 0)));
    const sum = (f: (c: CustomerAging) => number) => cents(customers.reduce((s, c) => s + f(c), 0));
    currencies.push({
      currency: cur.currency,
      customers,
      buckets,
      total: sum((c) => c.total),
      unapplied: sum((c) => c.unapplied),
      writtenOff: sum((c) => c.writtenOff),
      disputed: sum((c) => c.disputed),
    });
  }
  return { ...aged, currencies };
}
