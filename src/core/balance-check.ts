import { CREDIT_NOTE, SAID_PAID } from './allocate-arrays.ts';
import type { Allocation } from './allocate.ts';
import { isoFromDay } from './dates.ts';
import { formatCentsPlain, cents } from './money.ts';
import type { Problem } from './types.ts';

/** An invoices file whose status says invoices paid in full (marked SAID_PAID), its rows `from` to `to` of the ledger, and that column's header. */
export interface SaidPaid {
  readonly column: string;
  readonly from: number;
  readonly to: number;
}

/**
 * The ledger's own check: where an invoices file carries the open balance of each invoice (a `Solde`,
 * `Reste dû`, `Balance due` or `Openstaand` column), each invoice whose balance differs from the open
 * amount `ar` computes as of the date is a warning naming its row (docs/accounting.md §9.4). A file
 * exported on another day than the as-of date differs by what was paid in between: the message says
 * the date. A balance below zero (an invoice overpaid) agrees with an open amount of zero: the excess is a
 * credit of the customer, left unapplied or applied to another invoice (§3). An invoice its status says paid
 * (`Payée`) that what was paid (payments, paid columns, balances) leaves open is said, once per file with the first ones.
 * @example an invoice of 100.00 with "Solde 0,00" and no payment → one warning: 0.00 stated, 100.00 computed.
 */
export function balanceCheck(allocation: Allocation, saidPaid: readonly SaidPaid[] = []): Problem[] {
  const { ledger, arrays: r, asOf } = allocation;
  const out: Problem[] = [];
  // The invoices a status says paid that what was paid leaves open (a payment missing, or one that names
  // another invoice, or paid since D): said once per file, with the first ones, however many there are.
  for (const { column, from, to } of saidPaid) {
    const open: number[] = [];
    for (let i = from; i < to; i++) if ((ledger.invoiceFlags[i]! & SAID_PAID) !== 0 && ledger.invoiceIssue[i]! <= asOf && r.debitOpen[i]! > 0) open.push(i);
    if (open.length === 0) continue;
    const first = open.slice(0, 5);
    const s = ledger.invoiceSource(open[0]!);
    out.push({
      severity: 'warning',
      code: 'status_paid_open',
      file: s.file,
      line: s.line,
      column,
      params: {
        count: open.length,
        first: first.map((i) => ledger.invoiceNumber.at(i)).join(', '),
        lines: first.map((i) => ledger.invoiceSource(i).line).join(', '),
        asOf: isoFromDay(asOf),
      },
    });
  }
  const placed = creditsPlacedElsewhere(allocation);
  const moved: number[] = [];
  for (const [i, stated] of ledger.invoiceBalance) {
    if (ledger.invoiceIssue[i]! > asOf || (ledger.invoiceFlags[i]! & CREDIT_NOTE) !== 0) continue;
    const computed = r.debitOpen[i]!;
    // A balance below zero is an invoice overpaid: nothing open on it, the excess a credit of its customer (§3).
    if (computed === Math.max(stated, 0)) continue;
    const s = ledger.invoiceSource(i);
    if (placed.has(ledger.invoiceAccount[i]!)) {
      moved.push(i);
      continue;
    }
    out.push({
      severity: 'warning',
      code: 'balance_differs',
      file: s.file,
      line: s.line,
      value: formatCentsPlain(cents(stated)),
      params: { invoice: ledger.invoiceNumber.at(i), computed: formatCentsPlain(cents(computed)), asOf: isoFromDay(asOf) },
    });
  }
  if (moved.length > 0) out.push(creditsPlacedWarning(allocation, moved));
  return out.sort((a, b) => a.line - b.line);
}

/**
 * The accounts whose balances in the file, credit notes' and invoices' together, sum to what `ar` finds the customer
 * owes as of the date, every one of its documents then having its balance: where the invoices' balances differ, they
 * differ only in where credits count, credit notes and payments (the file leaves one unapplied, or applies it to
 * another invoice; `ar` applies it to the invoice it names, else to the oldest, §3). Said once, not per invoice.
 */
function creditsPlacedElsewhere(allocation: Allocation): Set<number> {
  const { ledger, arrays: r, asOf } = allocation;
  const out = new Set<number>();
  if (ledger.invoiceBalance.size === 0) return out;
  const nAcc = ledger.accountCustomer.length;
  // Per account: its documents as of the date, those with a balance, the file's net and `ar`'s over them.
  const documents = new Int32Array(nAcc);
  for (let i = 0; i < ledger.invoiceCount; i++) if (ledger.invoiceIssue[i]! <= asOf && ledger.invoiceAccount[i]! >= 0) documents[ledger.invoiceAccount[i]!]!++;
  const withBalance = new Int32Array(nAcc);
  const stated = new Float64Array(nAcc);
  const computed = new Float64Array(nAcc);
  for (const [i, balance] of ledger.invoiceBalance) {
    const a = ledger.invoiceAccount[i]!;
    if (ledger.invoiceIssue[i]! > asOf || a < 0) continue;
    withBalance[a]!++;
    stated[a]! += balance;
    const creditNote = (ledger.invoiceFlags[i]! & CREDIT_NOTE) !== 0;
    // A debit's open amount counts for the customer, a credit's amount left against it.
    computed[a]! += creditNote ? -r.debitOpen[i]! : r.debitOpen[i]!;
  }
  for (let a = 0; a < nAcc; a++) if (withBalance[a] === documents[a] && stated[a] === computed[a]) out.add(a);
  return out;
}

/** The invoices whose balances differ only in where credit notes and payments count, said once (at the first one). */
function creditsPlacedWarning(allocation: Allocation, rows: number[]): Problem {
  const { ledger, asOf } = allocation;
  rows.sort((x, y) => x - y);
  const first = rows.slice(0, 5);
  const s = ledger.invoiceSource(rows[0]!);
  return {
    severity: 'warning',
    code: 'balance_credits_placed',
    file: s.file,
    line: s.line,
    params: {
      count: rows.length,
      customers: new Set(rows.map((i) => ledger.invoiceAccount[i]!)).size,
      first: first.map((i) => ledger.invoiceNumber.at(i)).join(', '),
      lines: first.map((i) => ledger.invoiceSource(i).line).join(', '),
      asOf: isoFromDay(asOf),
    },
  };
}
