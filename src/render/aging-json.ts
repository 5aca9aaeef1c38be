import type { AgedItem } from '../core/aging.ts';
import { isoFromDay } from '../core/dates.ts';
import type { ImportCount } from '../core/import/ledger.ts';
import { formatCentsPlain as money } from '../core/money.ts';
import { unidentifiedTotals, type AgingReportInput } from './aging-report.ts';
import { lazy } from './json-stream.ts';

/**
 * The aged balance for programs (`--format json`): a stable, documented contract (README, "JSON
 * output"). Amounts are decimal strings with two decimals; dates are ISO; keys never depend on the language.
 * The lists are lazy: write the result with `jsonChunks` (src/render/json-stream.ts).
 */
export function agingJson(input: AgingReportInput): unknown {
  const { aged } = input;
  const keys = aged.buckets.map((b) => b.key);
  const bucketsObject = (values: readonly number[]): Record<string, string> => {
    const o: Record<string, string> = {};
    keys.forEach((k, i) => (o[k] = money(values[i]!)));
    return o;
  };
  const item = (it: AgedItem) => ({
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
  const currencies: Record<string, unknown> = {};
  for (const cur of aged.currencies) {
    currencies[cur.currency] = {
      total: money(cur.total),
      buckets: bucketsObject(cur.buckets),
      unapplied: money(cur.unapplied),
      disputed: money(cur.disputed),
      writtenOff: money(cur.writtenOff),
      customers: lazy(mapIter(cur.customers, (c) => ({
        id: c.customerId,
        name: input.customerName(c.customerId),
        total: money(c.total),
        buckets: bucketsObject(c.buckets),
        unapplied: money(c.unapplied),
        disputed: money(c.disputed),
        writtenOff: money(c.writtenOff),
        ...(input.lastContact ? { lastContact: input.lastContact(c.customerId) } : {}),
        invoices: lazy(mapIter(c.items, item)),
        writtenOffInvoices: c.writtenOffItems.map(item),
      }))),
    };
  }
  const count = (c: ImportCount | null) =>
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
  const problem = (p: AgingReportInput['problems'][number]) => ({
    file: p.file, line: p.line, column: p.column, value: p.value, message: p.message,
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
      problems: lazy(mapIter(input.problems, problem, (p) => p.severity === 'error')),
    },
    warnings: lazy(mapIter(input.problems, problem, (p) => p.severity === 'warning')),
    // Bank credits that match no customer: in no customer's balance and in no total above.
    unidentifiedReceipts: {
      total: Object.fromEntries(unidentifiedTotals(unidentified).map((t) => [t.currency, money(t.total)])),
      items: lazy(mapIter(unidentified, (r) => ({
        id: r.id, date: isoFromDay(r.date), amount: money(r.amount), currency: r.currency, counterparty: r.counterparty,
        iban: r.iban, text: r.text, file: r.file, line: r.line,
      }))),
    },
  };
}

function mapMoney(sums: Record<string, number>): Record<string, string> {
  const o: Record<string, string> = {};
  for (const k of Object.keys(sums).sort()) o[k] = money(sums[k]!);
  return o;
}

function* mapIter<T, U>(items: Iterable<T>, f: (x: T) => U, keep?: (x: T) => boolean): Generator<U> {
  for (const x of items) if (keep === undefined || keep(x)) yield f(x);
}
