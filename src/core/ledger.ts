import { CREDIT_NOTE, DISPUTED, NO_END, NO_REFERENCE, PAID_UNCOUNTED, SAID_PAID, UNKNOWN_REFERENCE, WRITTEN_OFF, type LedgerArrays } from './allocate-arrays.ts';
import { paymentReferenceKey, structuredCommunications } from './import/bank.ts';
import { type Day, day } from './dates.ts';
import { IdColumn, UniqueIds } from './import/id-column.ts';
import { latin1 } from './import/encodings.ts';
import { KeyTable } from './import/keys.ts';
import type { PaidColumns } from './import/ledger.ts';
import { cents as toCents, currencyCode, type Cents } from './money.ts';
import type { Invoice, InvoiceStatus, Lettering, Payment, Problem } from './types.ts';

/**
 * The ledger `ar` computes on: invoices, credit notes and payments held in columns (one typed array per
 * field), as every importer fills them (`LedgerBuilder`) — a CSV file's bytes, a workbook's cells, a FEC,
 * e-invoices, a bank statement — and as the allocation engine reads them (`LedgerArrays`). A row becomes
 * an object (`invoice(i)`, `payment(p)`) only when it is shown.
 */
export interface Ledger extends LedgerArrays {
  /** Customers: each one's id as first written, and the name the ledgers last gave it (or null). */
  readonly customerIds: readonly string[];
  readonly customerNames: readonly (string | null)[];
  /** The customer of each account, invoice and payment. */
  readonly accountCustomerIndex: Int32Array;
  readonly invoiceCustomer: Int32Array;
  readonly paymentCustomer: Int32Array;
  /** True when the due date was not in the ledger and came from the payment terms. */
  readonly invoiceDerived: Uint8Array;
  /** The ledger's own open balance of an invoice (a `Solde` column), by row, when it has one. */
  readonly invoiceBalance: ReadonlyMap<number, Cents>;
  /** Every currency of the invoices, sorted. */
  readonly currencies: readonly string[];
  /** The customer's index, its id matched as references are (case and surrounding spaces ignored); -1 when unknown. */
  customerIndex(id: string): number;
  /** The row of the invoice (never a credit note) a reference names; -1 when none. */
  invoiceRow(reference: string): number;
  /** Invoice row i as a record (for showing it). */
  invoice(i: number): Invoice;
  /** Payment row p as a record (for showing it). */
  payment(p: number): Payment;
  /** The rows of the invoices, credit notes and payments of a customer (by index). */
  rowsOf(customer: number): { invoices: number[]; payments: number[] };
}

/** A dispute of the journal on an invoice: from the day opened to the day closed (null while open). */
export interface JournalDispute {
  readonly invoice: string;
  readonly from: Day;
  readonly to: Day | null;
}

/**
 * The ledger with the disputes of the journal (docs/accounting.md §1.3): an invoice is then disputed as
 * of any date from the day its dispute was opened to the day before it was closed, in every command.
 * Disputes on invoices the ledger does not have are returned apart, for a warning.
 */
export function withDisputes(ledger: Ledger, disputes: readonly JournalDispute[]): { ledger: Ledger; unknown: JournalDispute[] } {
  const row: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const unknown: JournalDispute[] = [];
  for (const d of disputes) {
    const i = ledger.invoiceRow(d.invoice);
    if (i < 0) {
      unknown.push(d);
      continue;
    }
    // An invoice in installments is disputed whole, each of them.
    for (const each of rowsOfInvoice(ledger, i)) {
      row.push(each);
      from.push(d.from);
      to.push(d.to ?? NO_END);
    }
  }
  if (row.length === 0) return { ledger, unknown };
  const journal = { row: Int32Array.from(row), from: Int32Array.from(from), to: Int32Array.from(to) };
  return { ledger: Object.assign(Object.create(Object.getPrototypeOf(ledger) as object) as Ledger, ledger, { disputes: journal }), unknown };
}

/** The rows a number names: its invoice's, or each of its installments' (§1.12). */
export function rowsOfInvoice(ledger: Ledger, row: number): readonly number[] {
  return ledger.installmentsOf(row) ?? [row];
}

/** A growable typed array. */
class Column<T extends Int32Array | Float64Array | Uint8Array> {
  data: T;
  private readonly make: (n: number) => T;
  constructor(make: (n: number) => T) {
    this.make = make;
    this.data = make(1024);
  }
  set(i: number, v: number): void {
    if (i >= this.data.length) this.ensure(i + 1);
    this.data[i] = v;
  }
  /** Room for `n` values. */
  ensure(n: number): void {
    if (n <= this.data.length) return;
    const b = this.make(Math.max(this.data.length * 2, n));
    b.set(this.data);
    this.data = b;
  }
  view(n: number): T {
    return this.data.subarray(0, n) as T;
  }
}

const int32 = (n: number) => new Int32Array(n);
const float64 = (n: number) => new Float64Array(n);
const uint8 = (n: number) => new Uint8Array(n);

/** What a payment's reference names, as read: an invoice row, or UNKNOWN_REFERENCE. */
const KIND_INVOICE = 0;
const KIND_CREDIT_NOTE = 1;

/**
 * Fills a `Ledger`, row by row: invoices and credit notes first (every one of them), then payments,
 * whose references are matched as they come. Customers and currencies are kept once each; ids rising
 * with the rows are held as numbers. The rules of docs/accounting.md §1 that span files are applied
 * here, once for every importer: the customer of a payment without one (the first invoice it names),
 * the currency of a payment without one (`finish`), references matched ignoring case and spaces.
 */
export class LedgerBuilder {
  readonly defaultCurrency: string;
  readonly problems: Problem[] = [];
  private readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();

  // Customers.
  readonly customerKeys = new KeyTable(1024, true);
  readonly customerIds: string[] = [];
  readonly customerNames: (string | null)[] = [];
  /** Per customer: its invoices' currency, -1 before any, -2 when several (docs/accounting.md §1.8). */
  private customerCurrency = new Column(int32);

  // Currencies.
  readonly currencyCodes: string[] = [];
  private readonly currencyIndex = new Map<string, number>();

  // Invoices.
  invoiceCount = 0;
  readonly numbers = new IdColumn();
  readonly numberKeys = new UniqueIds(this.numbers, true, 2);
  private invoiceCustomer = new Column(int32);
  private invoiceCurrency = new Column(int32);
  private invoiceIssue = new Column(int32);
  private invoiceDue = new Column(int32);
  private invoiceAmount = new Column(float64);
  private invoiceFlags = new Column(uint8);
  private invoiceDerived = new Column(uint8);
  private invoiceFile = new Column(int32);
  private invoiceLine = new Column(int32);
  private readonly credited = new Map<number, string>();
  private readonly paymentReferences = new Map<number, string>();
  private readonly balances = new Map<number, Cents>();
  private readonly invoiceLetters = new Map<number, Lettering>();
  private sealed = false;

  // Payments.
  paymentCount = 0;
  readonly paymentIds = new IdColumn();
  readonly paymentKeys = new UniqueIds(this.paymentIds, false, 1);
  private paymentCustomer = new Column(int32);
  private paymentCurrency = new Column(int32);
  private paymentDate = new Column(int32);
  private paymentAmount = new Column(float64);
  private paymentUndated = new Column(uint8);
  private anyUndated = false;
  private paymentFile = new Column(int32);
  private paymentLine = new Column(int32);
  private referenceStart = new Column(int32);
  private referenceTarget = new Column(int32);
  private referenceCount = 0;
  /** The texts of references that may warn (unknown, or another customer's), by reference. */
  private readonly referenceTexts = new Map<number, string>();
  /** A payment's method as an index in `methodNames`, -1 when none: a handful of words for a million rows. */
  private paymentMethod = new Column(int32);
  private readonly methodNames: string[] = [];
  private readonly methodIndex = new Map<string, number>();
  private readonly paymentLetters = new Map<number, Lettering>();
  /** Invoices paid in installments: the first installment's row → every installment's row, in the order read. */
  private readonly installments = new Map<number, number[]>();

  constructor(options: { defaultCurrency?: string } = {}) {
    this.defaultCurrency = options.defaultCurrency ?? 'EUR';
  }

  /** The number of a file name, for the rows read from it. */
  file(name: string): number {
    let f = this.fileIndex.get(name);
    if (f === undefined) {
      f = this.files.length;
      this.files.push(name);
      this.fileIndex.set(name, f);
    }
    return f;
  }

  /** The index of a currency code. */
  currency(code: string): number {
    let c = this.currencyIndex.get(code);
    if (c === undefined) {
      c = this.currencyCodes.length;
      this.currencyCodes.push(code);
      this.currencyIndex.set(code, c);
    }
    return c;
  }

  private newCustomer(id: number, text: string): void {
    this.customerIds.push(text);
    this.customerNames.push(null);
    this.customerCurrency.set(id, -1);
  }

  /** The index of the customer whose id is the ASCII bytes `d[s..e)` (trimmed), added when new. */
  customerOf(d: Uint8Array, s: number, e: number): number {
    const id = this.customerKeys.add(d, s, e);
    if (this.customerKeys.added) this.newCustomer(id, latin1(d, s, e));
    return id;
  }

  /** The index of the customer whose id is `text` (trimmed), added when new. */
  customerOfText(text: string): number {
    const id = this.customerKeys.addText(text);
    if (this.customerKeys.added) this.newCustomer(id, text.trim());
    return id;
  }

  /** Room for `n` more invoices and as many payments: the columns grow once per file, not row by row. */
  reserve(invoices: number, payments: number): void {
    const i = this.invoiceCount + invoices;
    for (const c of [this.invoiceCustomer, this.invoiceCurrency, this.invoiceIssue, this.invoiceDue, this.invoiceFile, this.invoiceLine]) c.ensure(i);
    this.invoiceAmount.ensure(i);
    this.invoiceFlags.ensure(i);
    this.invoiceDerived.ensure(i);
    const p = this.paymentCount + payments;
    for (const c of [this.paymentCustomer, this.paymentCurrency, this.paymentDate, this.paymentFile, this.paymentLine]) c.ensure(p);
    this.referenceStart.ensure(p + 1);
    this.paymentAmount.ensure(p);
    this.paymentUndated.ensure(p);
    this.paymentMethod.ensure(p);
  }

  /** Gives a customer the name a ledger writes beside it (the last one read stands). */
  nameCustomer(customer: number, name: string): void {
    if (name !== '') this.customerNames[customer] = name;
  }

  /**
   * Adds an invoice or a credit note whose number was just added to `numbers` and registered in
   * `numberKeys` (the importer checks it is not a duplicate first). `amount` is signed (negative for a
   * credit note); `creditedInvoice` is the reference a credit note makes to the invoice it credits.
   */
  pushInvoice(
    customer: number,
    currency: number,
    issue: number,
    due: number,
    derived: boolean,
    amount: number,
    creditNote: boolean,
    status: InvoiceStatus,
    file: number,
    line: number,
    creditedInvoice: string | null,
  ): number {
    if (this.sealed) throw new Error('invoices after payments');
    const i = this.invoiceCount++;
    if (i >= this.invoiceLine.data.length) this.reserve(Math.max(1024, i), 0);
    this.invoiceCustomer.data[i] = customer;
    this.invoiceCurrency.data[i] = currency;
    this.invoiceIssue.data[i] = issue;
    this.invoiceDue.data[i] = due;
    this.invoiceAmount.data[i] = amount;
    this.invoiceFlags.data[i] = (creditNote ? CREDIT_NOTE : 0) | (status === 'disputed' ? DISPUTED : status === 'written_off' ? WRITTEN_OFF : 0);
    this.invoiceDerived.data[i] = derived ? 1 : 0;
    this.invoiceFile.data[i] = file;
    this.invoiceLine.data[i] = line;
    if (creditNote && creditedInvoice !== null && creditedInvoice.trim() !== '') this.credited.set(i, creditedInvoice);
    const known = this.customerCurrency.data[customer]!;
    if (known === -1) this.customerCurrency.set(customer, currency);
    else if (known !== currency) this.customerCurrency.set(customer, -2);
    return i;
  }

  /** Invoice row i's reference for payments (a structured communication, an RF reference). */
  setPaymentReference(i: number, reference: string): void {
    this.paymentReferences.set(i, reference);
  }

  /** Credit note i's lettering: the debits of its group, from the day lettered (docs/accounting.md §3.1). */
  setLettering(i: number, lettering: Lettering): void {
    this.invoiceLetters.set(i, lettering);
  }

  /** Whether invoice row i is a credit note. */
  isCreditNote(i: number): boolean {
    return (this.invoiceFlags.data[i]! & CREDIT_NOTE) !== 0;
  }

  /** Invoice row i is one its file's status says paid in full (docs/accounting.md §9.4). */
  markSaidPaid(i: number): void {
    this.invoiceFlags.data[i]! |= SAID_PAID;
  }

  /**
   * Credit note row i was used, in part or in full, against invoices its file does not say, and `left` cents (zero
   * or below) are left of it: that is what it counts for (docs/accounting.md §9.4), the invoices' balances counting the
   * rest. Returns the cents used.
   */
  creditLeft(i: number, left: number): number {
    const used = left - this.invoiceAmount.data[i]!;
    this.invoiceAmount.data[i] = left;
    return used;
  }

  /** Invoice row i's amount in cents, signed (below zero for a credit note). */
  invoiceAmountOf(i: number): number {
    return this.invoiceAmount.data[i]!;
  }

  /**
   * The invoice credit note row i names, when the allocation applies it there (§3.1: an invoice, not a credit note,
   * of the same customer and currency); else -1.
   */
  creditedInvoiceOf(i: number): number {
    const text = this.credited.get(i);
    if (text === undefined) return -1;
    const row = this.invoiceOfText(text);
    if (row < 0 || this.isCreditNote(row)) return -1;
    const d = this.invoiceCustomer.data;
    const c = this.invoiceCurrency.data;
    return d[row] === d[i] && c[row] === c[i] ? row : -1;
  }

  /** Invoice row i is one its file says paid, in part or in full, that counts as owed (PAID_UNCOUNTED): no letter lists it. */
  markPaidUncounted(i: number): void {
    this.invoiceFlags.data[i]! |= PAID_UNCOUNTED;
  }

  /**
   * The invoices of rows `from` to `to` their status says paid, as paid amounts of their whole amount without a
   * paid date (§9.3), for when no payments say what was paid.
   */
  saidPaidRows(file: string, from: number, to: number): PaidColumns {
    const out: PaidColumns = { file, rows: [], dates: [], amounts: [], undated: [], read: 0 };
    for (let i = from; i < to; i++) {
      if ((this.invoiceFlags.data[i]! & SAID_PAID) === 0) continue;
      out.read++;
      out.rows.push(i);
      out.dates.push(this.invoiceIssue.data[i]!);
      out.amounts.push(this.invoiceAmount.data[i]!);
      out.undated.push(this.invoiceLine.data[i]!);
    }
    return out;
  }

  /** Invoice row i's balance as its ledger states it. */
  setBalance(i: number, cents: number): void {
    this.balances.set(i, toCents(cents));
  }

  /** Adds an invoice or a credit note given as a record (FEC, e-invoices, tests). */
  addInvoice(inv: Invoice): number {
    this.numbers.addText(inv.number);
    this.numberKeys.register(inv.isCreditNote ? KIND_CREDIT_NOTE : KIND_INVOICE);
    const customer = this.customerOfText(inv.customerId);
    if (inv.customerName) this.nameCustomer(customer, inv.customerName);
    const i = this.pushInvoice(
      customer,
      this.currency(inv.currency),
      inv.issueDate,
      inv.dueDate,
      inv.dueDateDerived,
      inv.amount,
      inv.isCreditNote,
      inv.status,
      this.file(inv.file),
      inv.line,
      inv.creditedInvoice,
    );
    if (inv.paymentReference) this.setPaymentReference(i, inv.paymentReference);
    if (inv.lettering) this.invoiceLetters.set(i, inv.lettering);
    return i;
  }

  /** The invoice row (never a credit note) the ASCII reference `d[s..e)` names, or UNKNOWN_REFERENCE. */
  invoiceOf(d: Uint8Array, s: number, e: number): number {
    const row = this.numberKeys.find(KIND_INVOICE, d, s, e);
    return row < 0 ? UNKNOWN_REFERENCE : row;
  }

  /** The invoice row (never a credit note) a reference names, or UNKNOWN_REFERENCE. */
  invoiceOfText(reference: string): number {
    if (reference.trim() === '') return NO_REFERENCE;
    const row = this.numberKeys.findText(KIND_INVOICE, reference);
    return row < 0 ? UNKNOWN_REFERENCE : row;
  }

  /** Invoice row i as a record, before the ledger is finished (for matching a bank statement to the invoices). */
  invoiceRecord(i: number): Invoice {
    const flags = this.invoiceFlags.data[i]!;
    const customer = this.invoiceCustomer.data[i]!;
    const reference = this.paymentReferences.get(i);
    return {
      number: this.numbers.at(i),
      customerId: this.customerIds[customer]!,
      customerName: this.customerNames[customer] ?? null,
      issueDate: day(this.invoiceIssue.data[i]!),
      dueDate: day(this.invoiceDue.data[i]!),
      dueDateDerived: this.invoiceDerived.data[i] === 1,
      amount: toCents(this.invoiceAmount.data[i]!),
      currency: currencyCode(this.currencyCodes[this.invoiceCurrency.data[i]!]!),
      isCreditNote: (flags & CREDIT_NOTE) !== 0,
      creditedInvoice: this.credited.get(i) ?? null,
      status: flags & WRITTEN_OFF ? 'written_off' : flags & DISPUTED ? 'disputed' : 'normal',
      file: this.files[this.invoiceFile.data[i]!]!,
      line: this.invoiceLine.data[i]!,
      ...(reference !== undefined ? { paymentReference: reference } : {}),
    };
  }

  /** The line invoice row i was read from. */
  lineOfInvoice(i: number): number {
    return this.invoiceLine.data[i]!;
  }

  /** The file (or a workbook's sheet) invoice row i was read from. */
  fileOfInvoice(i: number): string {
    return this.files[this.invoiceFile.data[i]!]!;
  }

  /** The line payment row p was read from. */
  lineOfPayment(p: number): number {
    return this.paymentLine.data[p]!;
  }

  /**
   * The invoice a Belgian structured communication names (`+++123/4567/89002+++`, or its 12 digits when
   * their check holds), as a bank statement's is matched (src/core/import/bank.ts): the one invoice whose
   * payment reference it is, else the one invoice whose number's digits are its first ten (leading zeros
   * aside). UNKNOWN_REFERENCE when the text is no communication or names no one invoice.
   */
  invoiceOfCommunication(text: string): number {
    const found = structuredCommunications(text.trim()).find((r) => r.valid);
    if (found === undefined) return UNKNOWN_REFERENCE;
    if (this.communications === null) {
      const byReference = new Map<string, number[]>();
      const byDigits = new Map<string, number[]>();
      const add = (m: Map<string, number[]>, k: string, i: number) => (m.get(k) ?? m.set(k, []).get(k)!).push(i);
      for (const [i, ref] of this.paymentReferences) if ((this.invoiceFlags.data[i]! & CREDIT_NOTE) === 0) add(byReference, paymentReferenceKey(ref), i);
      for (let i = 0; i < this.invoiceCount; i++) {
        if (this.invoiceFlags.data[i]! & CREDIT_NOTE) continue;
        const digits = this.numbers.at(i).replace(/\D/g, '').replace(/^0+/, '');
        if (digits !== '') add(byDigits, digits, i);
      }
      this.communications = { byReference, byDigits };
    }
    const own = this.communications.byReference.get(found.key);
    if (own !== undefined) return own.length === 1 ? own[0]! : UNKNOWN_REFERENCE;
    const byDigits = this.communications.byDigits.get(found.key.slice(0, 10).replace(/^0+/, ''));
    return byDigits?.length === 1 ? byDigits[0]! : UNKNOWN_REFERENCE;
  }
  private communications: { byReference: Map<string, number[]>; byDigits: Map<string, number[]> } | null = null;

  /** The customer of invoice row i. */
  customerOfInvoice(i: number): number {
    return this.invoiceCustomer.data[i]!;
  }

  /** The currency of invoice row i. */
  currencyOfInvoice(i: number): number {
    return this.invoiceCurrency.data[i]!;
  }

  /** Ends the invoices: every payment that comes next is matched to them. */
  seal(): void {
    this.sealed = true;
  }

  /** Adds a reference of the payment being read (before `pushPayment`): the invoice it names and, when it may warn, its text. */
  pushReference(target: number, text: string | null): void {
    const r = this.referenceCount++;
    this.referenceTarget.set(r, target);
    if (text !== null) this.referenceTexts.set(r, text);
  }

  /**
   * Pushes a reference a payment makes by an invoice's number: the invoice, or, when it is paid in installments,
   * each of them in the order read (their due dates'), which §3.2 then settles in that order.
   */
  pushNamed(target: number, text: string | null): void {
    // Most ledgers have none: no lookup per reference then.
    const group = target >= 0 && this.installments.size > 0 ? this.installments.get(target) : undefined;
    if (group === undefined) this.pushReference(target, text);
    else for (const row of group) this.pushReference(row, text);
  }

  /**
   * The number of the next installment of the invoice at row `first` (an échéancier's lines: one invoice, a row per
   * due date): the first keeps the invoice's number, the next are `F001 (2)`, `F001 (3)`…
   */
  installmentNumber(first: number): string {
    return `${this.numbers.at(first)} (${(this.installments.get(first)?.length ?? 1) + 1})`;
  }

  /** Invoice row i is the next installment of the invoice at row `first`. */
  addInstallment(first: number, i: number): void {
    const group = this.installments.get(first);
    if (group === undefined) this.installments.set(first, [first, i]);
    else group.push(i);
  }

  /**
   * Adds a payment whose id was just added to `paymentIds` and whose references were just pushed.
   * `customer` -1: the customer of the first invoice it names (docs/accounting.md §1.6; the importer
   * rejects a payment with neither); `currency` -1: decided by `finish`.
   */
  pushPayment(customer: number, currency: number, date: number, amount: number, undated: boolean, file: number, line: number, method: number): number {
    this.sealed = true;
    const p = this.paymentCount++;
    // Row p's columns, and its references' end at p + 1 (a file reserved exactly never grows at its last row).
    if (p >= this.paymentLine.data.length || p + 1 >= this.referenceStart.data.length) this.reserve(0, Math.max(1024, p + 1));
    const first = this.referenceStart.data[p]!;
    if (customer < 0) {
      for (let r = first; r < this.referenceCount && customer < 0; r++) {
        const t = this.referenceTarget.data[r]!;
        if (t >= 0) customer = this.invoiceCustomer.data[t]!;
      }
    }
    this.referenceStart.data[p + 1] = this.referenceCount;
    this.paymentCustomer.data[p] = customer;
    this.paymentCurrency.data[p] = currency;
    this.paymentDate.data[p] = date;
    this.paymentAmount.data[p] = amount;
    this.paymentUndated.data[p] = undated ? 1 : 0;
    if (undated) this.anyUndated = true;
    this.paymentFile.data[p] = file;
    this.paymentLine.data[p] = line;
    this.paymentMethod.data[p] = method;
    return p;
  }

  /** A payment method's index in the ledger's list of them (-1: none); a file's are looked up once each, not per row. */
  method(text: string | null): number {
    if (text === null || text === '') return -1;
    let k = this.methodIndex.get(text);
    if (k === undefined) {
      k = this.methodNames.length;
      this.methodNames.push(text);
      this.methodIndex.set(text, k);
    }
    return k;
  }

  /** The first invoice the payment being read names so far, or -1 (for its customer). */
  firstNamed(): number {
    for (let r = this.referenceStart.data[this.paymentCount]!; r < this.referenceCount; r++) {
      const t = this.referenceTarget.data[r]!;
      if (t >= 0) return t;
    }
    return -1;
  }

  /** Drops the references pushed for a payment that was then rejected. */
  dropReferences(): void {
    const first = this.referenceStart.data[this.paymentCount]!;
    for (let r = first; r < this.referenceCount; r++) this.referenceTexts.delete(r);
    this.referenceCount = first;
  }

  /** Adds a payment given as a record (bank statements, FEC, tests); its references are matched here. */
  addPayment(pay: Payment): number {
    this.paymentIds.addText(pay.id);
    for (const ref of pay.refs) this.pushNamed(this.invoiceOfText(ref), ref);
    const customer = pay.customerId === null ? -1 : this.customerOfText(pay.customerId);
    const p = this.pushPayment(customer, pay.currency === '' ? -1 : this.currency(pay.currency), pay.date, pay.amount, false, this.file(pay.file), pay.line, this.method(pay.method));
    if (pay.lettering) this.paymentLetters.set(p, pay.lettering);
    return p;
  }

  /**
   * The ledger, once every row is in. A payment without a currency takes that of the first invoice it
   * names, else that of its customer's invoices when they are all in one currency, else the default
   * currency, with a warning naming its row (docs/accounting.md §1.8).
   */
  finish(): Ledger {
    const n = this.invoiceCount;
    const m = this.paymentCount;
    const files = this.files;
    const invoiceCustomer = this.invoiceCustomer.view(n);
    const invoiceCurrency = this.invoiceCurrency.view(n);
    const paymentCustomer = this.paymentCustomer.view(m);
    const paymentCurrency = this.paymentCurrency.view(m);
    const referenceStart = this.referenceStart.view(m + 1);
    const referenceTarget = this.referenceTarget.view(this.referenceCount);
    const paymentFile = this.paymentFile.view(m);
    const paymentLine = this.paymentLine.view(m);

    // The currency of payments that have none (§1.8).
    const defaultCurrency = this.currency(this.defaultCurrency);
    for (let p = 0; p < m; p++) {
      if (paymentCurrency[p]! >= 0) continue;
      let c = -1;
      for (let r = referenceStart[p]!; r < referenceStart[p + 1]! && c < 0; r++) {
        const t = referenceTarget[r]!;
        if (t >= 0) c = invoiceCurrency[t]!;
      }
      const customer = paymentCustomer[p]!;
      if (c < 0 && customer >= 0) {
        const own = this.customerCurrency.data[customer]!;
        if (own >= 0) c = own;
      }
      if (c < 0) {
        c = defaultCurrency;
        if (customer >= 0) {
          this.problems.push({
            severity: 'warning',
            code: 'payment_currency_assumed',
            file: files[paymentFile[p]!]!,
            line: paymentLine[p]!,
            params: { currency: this.defaultCurrency, customer: this.customerIds[customer]!, several: this.customerCurrency.data[customer] === -2 ? 1 : 0 },
          });
        }
      }
      paymentCurrency[p] = c;
    }

    // Accounts: one per customer and currency.
    const accountCustomer: string[] = [];
    const accountCurrency: string[] = [];
    const accountCustomerIndex: number[] = [];
    const nCur = this.currencyCodes.length;
    // Customers × currencies: a few thousand by a few, held in one array (-1: no account yet).
    const accounts = new Int32Array(this.customerIds.length * nCur).fill(-1);
    const accountOf = (customer: number, currency: number): number => {
      const key = customer * nCur + currency;
      let a = accounts[key]!;
      if (a < 0) {
        a = accountCustomer.length;
        accountCustomer.push(this.customerIds[customer]!);
        accountCurrency.push(this.currencyCodes[currency]!);
        accountCustomerIndex.push(customer);
        accounts[key] = a;
      }
      return a;
    };
    const invoiceAccount = new Int32Array(n);
    for (let i = 0; i < n; i++) invoiceAccount[i] = accountOf(invoiceCustomer[i]!, invoiceCurrency[i]!);
    const paymentAccount = new Int32Array(m);
    for (let p = 0; p < m; p++) paymentAccount[p] = paymentCustomer[p]! < 0 ? -1 : accountOf(paymentCustomer[p]!, paymentCurrency[p]!);

    // What a credit note names.
    const invoiceCredited = new Int32Array(n).fill(NO_REFERENCE);
    for (const [i, text] of this.credited) invoiceCredited[i] = this.invoiceOfText(text);

    const invoiceNumber = this.numbers.ids();
    const paymentId = this.paymentIds.ids();
    const invoiceFile = this.invoiceFile.view(n);
    const invoiceLine = this.invoiceLine.view(n);
    const credited = this.credited;
    const referenceTexts = this.referenceTexts;
    const letters = lettering(this, n, m, this.invoiceLetters, this.paymentLetters);

    const ledger = new ColumnLedger({
      accountCustomer,
      accountCurrency,
      accountCustomerIndex: Int32Array.from(accountCustomerIndex),
      invoiceCount: n,
      invoiceAccount,
      invoiceIssue: this.invoiceIssue.view(n),
      invoiceDue: this.invoiceDue.view(n),
      invoiceAmount: this.invoiceAmount.view(n),
      invoiceFlags: this.invoiceFlags.view(n),
      invoiceNumber,
      invoiceCredited,
      invoiceDerived: this.invoiceDerived.view(n),
      invoiceCustomer,
      invoiceCurrency,
      paymentCount: m,
      paymentAccount,
      paymentDate: this.paymentDate.view(m),
      paymentAmount: this.paymentAmount.view(m),
      paymentId,
      paymentCustomer,
      paymentCurrency,
      referenceStart,
      referenceTarget,
      ...(this.anyUndated ? { paymentUndated: this.paymentUndated.view(m) } : {}),
      ...letters.arrays,
      customerIds: this.customerIds,
      customerNames: this.customerNames,
      currencyCodes: this.currencyCodes,
      invoiceBalance: this.balances,
      paymentReferences: this.paymentReferences,
      paymentMethod: this.paymentMethod.view(m),
      methodNames: this.methodNames,
      invoiceLetters: this.invoiceLetters,
      paymentLetters: this.paymentLetters,
      customerKeys: this.customerKeys,
      numberKeys: this.numberKeys,
      installments: this.installments,
      referenceText: (kind, index) =>
        kind === 'credit_note'
          ? (credited.get(index) ?? '')
          : kind === 'payment'
            ? (referenceTexts.get(index) ?? (referenceTarget[index]! >= 0 ? invoiceNumber.at(referenceTarget[index]!) : ''))
            : letters.texts(kind, index),
      invoiceSource: (i) => ({ file: files[invoiceFile[i]!]!, line: invoiceLine[i]! }),
      paymentSource: (p) => ({ file: files[paymentFile[p]!]!, line: paymentLine[p]! }),
      invoiceCreditedText: (i) => credited.get(i) ?? null,
    });
    return ledger;
  }
}

/** The lettering of a FEC (credits naming the debits of their group from the day lettered), in arrays. */
function lettering(
  b: LedgerBuilder,
  n: number,
  m: number,
  invoiceLetters: ReadonlyMap<number, Lettering>,
  paymentLetters: ReadonlyMap<number, Lettering>,
): { arrays: Partial<LedgerArrays>; texts: (kind: string, index: number) => string } {
  const build = (count: number, of: ReadonlyMap<number, Lettering>) => {
    if (of.size === 0) return null;
    const start = new Int32Array(count + 1);
    const on = new Int32Array(count).fill(2147483647);
    const targets: number[] = [];
    const texts: string[] = [];
    for (let i = 0; i < count; i++) {
      start[i] = targets.length;
      const l = of.get(i);
      if (l === undefined) continue;
      on[i] = l.on;
      for (const ref of l.refs) {
        targets.push(b.invoiceOfText(ref));
        texts.push(ref);
      }
    }
    start[count] = targets.length;
    return { start, target: Int32Array.from(targets), on, texts };
  };
  const cn = build(n, invoiceLetters);
  const pay = build(m, paymentLetters);
  return {
    arrays: {
      ...(cn ? { invoiceLetterStart: cn.start, invoiceLetterTarget: cn.target, invoiceLetterOn: cn.on } : {}),
      ...(pay ? { paymentLetterStart: pay.start, paymentLetterTarget: pay.target, paymentLetterOn: pay.on } : {}),
    },
    texts: (kind, index) => (kind === 'credit_note_lettering' ? cn : pay)?.texts[index] ?? '',
  };
}

interface ColumnParts extends Omit<LedgerArrays, 'installmentsOf'> {
  readonly accountCustomerIndex: Int32Array;
  readonly invoiceDerived: Uint8Array;
  readonly invoiceCustomer: Int32Array;
  readonly invoiceCurrency: Int32Array;
  readonly paymentCustomer: Int32Array;
  readonly paymentCurrency: Int32Array;
  readonly customerIds: readonly string[];
  readonly customerNames: readonly (string | null)[];
  readonly currencyCodes: readonly string[];
  readonly invoiceBalance: ReadonlyMap<number, Cents>;
  readonly paymentReferences: ReadonlyMap<number, string>;
  /** A payment's method: an index in `methodNames`, -1 when none. */
  readonly paymentMethod: Int32Array;
  readonly methodNames: readonly string[];
  readonly invoiceLetters: ReadonlyMap<number, Lettering>;
  readonly paymentLetters: ReadonlyMap<number, Lettering>;
  readonly customerKeys: KeyTable;
  readonly numberKeys: UniqueIds;
  readonly installments: ReadonlyMap<number, readonly number[]>;
  invoiceCreditedText(i: number): string | null;
}

/** The ledger in columns, with its records made on demand. */
class ColumnLedger implements Ledger {
  readonly accountCustomer!: readonly string[];
  readonly accountCurrency!: readonly string[];
  readonly accountCustomerIndex!: Int32Array;
  readonly invoiceCount!: number;
  readonly invoiceAccount!: Int32Array;
  readonly invoiceIssue!: Int32Array;
  readonly invoiceDue!: Int32Array;
  readonly invoiceAmount!: Float64Array;
  readonly invoiceFlags!: Uint8Array;
  readonly invoiceNumber!: LedgerArrays['invoiceNumber'];
  readonly invoiceCredited!: Int32Array;
  readonly invoiceDerived!: Uint8Array;
  readonly invoiceCustomer!: Int32Array;
  readonly paymentCount!: number;
  readonly paymentAccount!: Int32Array;
  readonly paymentDate!: Int32Array;
  readonly paymentAmount!: Float64Array;
  readonly paymentId!: LedgerArrays['paymentId'];
  readonly paymentCustomer!: Int32Array;
  readonly referenceStart!: Int32Array;
  readonly referenceTarget!: Int32Array;
  readonly customerIds!: readonly string[];
  readonly customerNames!: readonly (string | null)[];
  readonly invoiceBalance!: ReadonlyMap<number, Cents>;
  readonly currencies: readonly string[];
  private readonly parts: ColumnParts;
  referenceText!: LedgerArrays['referenceText'];
  invoiceSource!: LedgerArrays['invoiceSource'];
  paymentSource!: LedgerArrays['paymentSource'];

  constructor(parts: ColumnParts) {
    Object.assign(this, parts);
    this.parts = parts;
    const used = new Set<number>();
    for (let i = 0; i < parts.invoiceCount; i++) used.add(parts.invoiceCurrency[i]!);
    this.currencies = [...used].map((c) => parts.currencyCodes[c]!).sort();
  }

  customerIndex(id: string): number {
    return this.parts.customerKeys.findText(id);
  }

  invoiceRow(reference: string): number {
    return this.parts.numberKeys.findText(KIND_INVOICE, reference);
  }

  installmentsOf(i: number): readonly number[] | undefined {
    return this.parts.installments.get(i);
  }

  invoice(i: number): Invoice {
    const p = this.parts;
    const flags = p.invoiceFlags[i]!;
    const customer = p.invoiceCustomer[i]!;
    const src = p.invoiceSource(i);
    const letters = p.invoiceLetters.get(i);
    const reference = p.paymentReferences.get(i);
    return {
      number: p.invoiceNumber.at(i),
      customerId: p.customerIds[customer]!,
      customerName: p.customerNames[customer] ?? null,
      issueDate: day(p.invoiceIssue[i]!),
      dueDate: day(p.invoiceDue[i]!),
      dueDateDerived: p.invoiceDerived[i] === 1,
      amount: toCents(p.invoiceAmount[i]!),
      currency: currencyCode(p.currencyCodes[p.invoiceCurrency[i]!]!),
      isCreditNote: (flags & CREDIT_NOTE) !== 0,
      creditedInvoice: p.invoiceCreditedText(i),
      status: flags & WRITTEN_OFF ? 'written_off' : flags & DISPUTED ? 'disputed' : 'normal',
      file: src.file,
      line: src.line,
      ...(letters ? { lettering: letters } : {}),
      ...(reference !== undefined ? { paymentReference: reference } : {}),
    };
  }

  payment(q: number): Payment {
    const p = this.parts;
    const refs: string[] = [];
    for (let r = p.referenceStart[q]!; r < p.referenceStart[q + 1]!; r++) refs.push(p.referenceText('payment', r));
    const customer = p.paymentCustomer[q]!;
    const src = p.paymentSource(q);
    const letters = p.paymentLetters.get(q);
    return {
      id: p.paymentId.at(q),
      customerId: customer < 0 ? null : p.customerIds[customer]!,
      date: day(p.paymentDate[q]!),
      amount: toCents(p.paymentAmount[q]!),
      currency: currencyCode(p.currencyCodes[p.paymentCurrency[q]!]!),
      refs,
      method: p.paymentMethod[q]! >= 0 ? p.methodNames[p.paymentMethod[q]!]! : null,
      file: src.file,
      line: src.line,
      ...(letters ? { lettering: letters } : {}),
    };
  }

  rowsOf(customer: number): { invoices: number[]; payments: number[] } {
    const invoices: number[] = [];
    const payments: number[] = [];
    for (let i = 0; i < this.invoiceCount; i++) if (this.invoiceCustomer[i] === customer) invoices.push(i);
    for (let q = 0; q < this.paymentCount; q++) if (this.paymentCustomer[q] === customer) payments.push(q);
    return { invoices, payments };
  }
}

/**
 * The ledger of records (tests, and the small sources that make records): invoices and credit notes,
 * then payments, each matched as the importers match them.
 * @example ledgerOf([invoice], [payment]).invoiceCount === 1
 */
export function ledgerOf(invoices: readonly Invoice[], payments: readonly Payment[], options: { defaultCurrency?: string } = {}): Ledger {
  const b = new LedgerBuilder(options);
  for (const inv of invoices) b.addInvoice(inv);
  b.seal();
  for (const p of payments) b.addPayment(p);
  return b.finish();
}
