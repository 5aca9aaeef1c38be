import type { AgedItem, AgingBasis } from '../core/aging.ts';
import { isoFromDay } from '../core/dates.ts';
import type { ImportCount } from '../core/import/ledger.ts';
import type { InvoiceStatus } from '../core/types.ts';
import { formatCentsPlain as money } from '../core/money.ts';
import { unidentifiedTotals, type AgingReportInput } from './aging-report.ts';
import type { AmountJson, DateJson, Streamed } from './json.ts';
import { lazyMap } from './json-stream.ts';

/** `ar aging --format json` (schema: docs/schemas/aging.json). Amounts per bucket are keyed by the bucket keys of `buckets`. */
export interface AgingJson {
  readonly asOf: DateJson;
  readonly basis: AgingBasis;
  /** In order; `from` null for "not yet due", `to` null for the last. */
  readonly buckets: readonly { readonly key: string; readonly from: number | null; readonly to: number | null }[];
  /** By currency code; amounts of different currencies never meet. */
  readonly currencies: Readonly<Record<string, AgingCurrencyJson>>;
  readonly import: {
    /** Null when that ledger was not given. */
    readonly invoices: ImportCountJson | null;
    readonly payments: ImportCountJson | null;
    readonly customers: ImportCountJson | null;
    /** Rejected rows (only with --skip-invalid: otherwise the command fails). */
    readonly problems: readonly AgingProblemJson[];
  };
  readonly warnings: readonly AgingProblemJson[];
  /** Bank credits up to `asOf` that match no customer: in no customer and in no total of `currencies`. */
  readonly unidentifiedReceipts: { readonly total: Readonly<Record<string, AmountJson>>; readonly items: readonly UnidentifiedReceiptJson[] };
}

export interface AgingCurrencyJson {
  /** The sum of `buckets` and `unapplied`. */
  readonly total: AmountJson;
  readonly buckets: Readonly<Record<string, AmountJson>>;
  /** Credits not applied to any invoice: zero or negative. */
  readonly unapplied: AmountJson;
  readonly disputed: AmountJson;
  /** Outside the buckets and the total. */
  readonly writtenOff: AmountJson;
  /** Largest total first. */
  readonly customers: readonly AgingCustomerJson[];
}

export interface AgingCustomerJson {
  readonly id: string;
  readonly name: string | null;
  readonly total: AmountJson;
  readonly buckets: Readonly<Record<string, AmountJson>>;
  readonly unapplied: AmountJson;
  readonly disputed: AmountJson;
  readonly writtenOff: AmountJson;
  /** With a journal: the day of the last contact, or null. */
  readonly lastContact?: DateJson | null;
  readonly invoices: readonly AgingItemJson[];
  readonly writtenOffInvoices: readonly AgingItemJson[];
}

export interface AgingItemJson {
  readonly number: string;
  /** `refund`: a negative payment owed again. */
  readonly kind: 'invoice' | 'refund';
  readonly issueDate: DateJson;
  readonly dueDate: DateJson;
  /** The due date came from the payment terms. */
  readonly dueDateDerived: boolean;
  readonly amount: AmountJson;
  readonly open: AmountJson;
  readonly daysPastDue: number;
  readonly bucket: string;
  readonly status: InvoiceStatus;
}

/** Rows read = used + rejected + ignored (+ unidentified, for a bank statement), and the same for the amounts. */
export interface ImportCountJson {
  readonly file: string;
  readonly read: number;
  readonly used: number;
  readonly rejected: number;
  readonly ignored: number;
  readonly unidentified?: number;
  readonly amounts: {
    readonly read: Readonly<Record<string, AmountJson>>;
    readonly used: Readonly<Record<string, AmountJson>>;
    readonly rejected: Readonly<Record<string, AmountJson>>;
    readonly unidentified?: Readonly<Record<string, AmountJson>>;
  };
}

export interface AgingProblemJson {
  readonly file: string;
  readonly line: number;
  readonly column: string | null;
  readonly value: string | null;
  /** Its kind (`not_a_date`, `unknown_reference`): stable, the same in every language. */
  readonly code: string;
  readonly message: string;
}

export interface UnidentifiedReceiptJson {
  readonly id: string;
  readonly date: DateJson;
  /** As received: positive. */
  readonly amount: AmountJson;
  readonly currency: string;
  readonly counterparty: string | null;
  readonly iban: string | null;
  readonly text: string;
  readonly file: string;
  readonly line: number;
}

/**
 * The aged balance for programs (`--format json`): a stable, documented contract (docs/output.md,
 * docs/schemas/aging.json). Amounts are decimal strings with two decimals; dates are ISO; keys never depend on the language.
 * The lists are lazy: write the result with `jsonChunks` (src/render/json-stream.ts).
 */
export function agingJson(input: AgingReportInput): Streamed<AgingJson> {
  const { aged } = input;
  const keys = aged.buckets.map((b) => b.key);
  const bucketsObject = (values: readonly number[]): Record<string, string> => {
    const o: Record<string, string> = {};
    keys.forEach((k, i) => (o[k] = money(values[i]!)));
    return o;
  };
  const item = (it: AgedItem): AgingItemJson => ({
    number: it.debit.number,
    kind: it.debit.kind,
    issueDate: isoFromDay(it.debit.issueDate),
    dueDate: isoFromDay(it.debit.dueDate),
    dueDateDerived: it.debit.dueDateDerived,
    amount: money(it.debit.amount),
    open: money(it.debit.open),
    daysPastDue: it.daysPastDue,
    bucket: keys[it.bucket]!,
    status: it.debit.status,
  });
  const currencies: Record<string, Streamed<AgingCurrencyJson>> = {};
  for (const cur of aged.currencies) {
    currencies[cur.currency] = {
      total: money(cur.total),
      buckets: bucketsObject(cur.buckets),
      unapplied: money(cur.unapplied),
      disputed: money(cur.disputed),
      writtenOff: money(cur.writtenOff),
      customers: lazyMap(cur.customers, (c) => ({
        id: c.customerId,
        name: input.customerName(c.customerId),
        total: money(c.total),
        buckets: bucketsObject(c.buckets),
        unapplied: money(c.unapplied),
        disputed: money(c.disputed),
        writtenOff: money(c.writtenOff),
        ...(input.lastContact ? { lastContact: input.lastContact(c.customerId) } : {}),
        invoices: lazyMap(c.items, item),
        writtenOffInvoices: c.writtenOffItems.map(item),
      })),
    };
  }
  const count = (c: ImportCount | null): ImportCountJson | null =>
    c && {
      file: c.file,
      read: c.read,
      used: c.used,
      rejected: c.rejected,
      ignored: c.ignored,
      ...(c.unidentified !== undefined ? { unidentified: c.unidentified } : {}),
      amounts: {
        read: mapMoney(c.amounts.read),
        used: mapMoney(c.amounts.used),
        rejected: mapMoney(c.amounts.rejected),
        ...(c.amounts.unidentified !== undefined ? { unidentified: mapMoney(c.amounts.unidentified) } : {}),
      },
    };
  const unidentified = input.unidentified ?? [];
  const problem = (p: AgingReportInput['problems'][number]): AgingProblemJson => ({
    file: p.file,
    line: p.line,
    column: p.column,
    value: p.value,
    code: p.code,
    message: p.message,
  });
  return {
    asOf: isoFromDay(aged.asOf),
    basis: aged.basis,
    buckets: aged.buckets.map((b) => ({ key: b.key, from: b.from, to: b.to })),
    currencies,
    import: {
      invoices: count(input.imports.invoices),
      payments: count(input.imports.payments),
      customers: count(input.imports.customers),
      problems: lazyMap(input.problems, problem, (p) => p.severity === 'error'),
    },
    warnings: lazyMap(input.problems, problem, (p) => p.severity === 'warning'),
    // Bank credits that match no customer: in no customer's balance and in no total above.
    unidentifiedReceipts: {
      total: Object.fromEntries(unidentifiedTotals(unidentified).map((t) => [t.currency, money(t.total)])),
      items: lazyMap(unidentified, (r) => ({
        id: r.id,
        date: isoFromDay(r.date),
        amount: money(r.amount),
        currency: r.currency,
        counterparty: r.counterparty,
        iban: r.iban,
        text: r.text,
        file: r.file,
        line: r.line,
      })),
    },
  };
}

function mapMoney(sums: Record<string, number>): Record<string, string> {
  const o: Record<string, string> = {};
  for (const k of Object.keys(sums).sort()) o[k] = money(sums[k]!);
  return o;
}
