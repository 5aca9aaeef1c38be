import { byName, compareIds, referenceKey } from '../compare.ts';
import type { Day } from '../dates.ts';
import { cents as toCents, currencyCode, type Cents } from '../money.ts';
import type { Customer, Invoice, Payment, Problem } from '../types.ts';
import type { ImportCount } from './ledger.ts';
import { linesWarning } from './table.ts';

/**
 * Payments from the bank: the incoming credits of a statement (CAMT.053, or a bank's CSV export),
 * matched to invoices and customers. A credit is matched, in this order, by
 *   1. a Belgian structured communication (`+++123/4567/89002+++`, `***…***`, or 12 bare digits);
 *   2. an RF creditor reference (ISO 11649);
 *   3. invoice numbers named in the remittance information (whole tokens of the text, or the
 *      referred documents of a structured remittance);
 *   4. the debtor's IBAN: a customer's (customers file) or that of an earlier credit matched by 1–3;
 *   5. the debtor's name: one customer's name, as the invoices or the customers file write it (§9.1).
 * The first that finds something decides. A credit none of them identifies is an **unidentified
 * receipt**: listed with its total, never given to a customer.
 */

/** One movement of a bank account, as a statement reader gives it. */
export interface BankTransaction {
  /** The bank's own reference of the movement, when it gives one. */
  readonly id: string | null;
  /** Booking date (else value date). */
  readonly date: Day;
  /** Signed: positive for a credit (money received), negative for a debit. */
  readonly amount: Cents;
  readonly currency: string;
  /** False for a pending, refused or informative movement. */
  readonly booked: boolean;
  /** True when the movement cancels an earlier one (CAMT `RvslInd`). */
  readonly reversal: boolean;
  /** All remittance text: unstructured remittance, communication, libellé, additional information. */
  readonly text: string;
  /** Structured creditor references (CAMT `CdtrRefInf/Ref`, a "structured communication" column). */
  readonly references: readonly string[];
  /** Document numbers the payer named explicitly (CAMT `RfrdDocInf/Nb`). */
  readonly documents: readonly string[];
  readonly counterparty: string | null;
  /** The debtor's account (IBAN, no spaces, upper case), when given. */
  readonly iban: string | null;
  readonly file: string;
  readonly line: number;
  /** 1-based character column (XML). */
  readonly col?: number;
}

/** What a statement reader gives: the movements, and what it could not read. */
export interface BankStatement {
  readonly file: string;
  readonly transactions: BankTransaction[];
  /** Rejected movements (errors) and warnings. */
  readonly problems: Problem[];
  /** Movements that could not be read, and the sum of those whose amount could be. */
  readonly rejected: number;
  readonly rejectedAmounts: Record<string, Cents>;
  /** Rows that are not movements (totals, balances), counted as ignored. */
  readonly ignoredRows: number;
}

/** A credit of the bank that matches no customer. */
export interface UnidentifiedReceipt {
  readonly id: string;
  readonly date: Day;
  readonly amount: Cents;
  readonly currency: string;
  readonly counterparty: string | null;
  readonly iban: string | null;
  readonly text: string;
  readonly file: string;
  readonly line: number;
}

/** How a credit was given to a customer. */
export type MatchMethod = 'structured_communication' | 'creditor_reference' | 'invoice_number' | 'iban' | 'name';

/** `x mod 97` of a string of digits and letters (A = 10 … Z = 35), as ISO 7064 MOD 97-10 computes it. */
function mod97(s: string): number {
  let r = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    const v = c >= 48 && c <= 57 ? c - 48 : c - 55;
    r = v >= 10 ? (r * 100 + v) % 97 : (r * 10 + v) % 97;
  }
  return r;
}

/**
 * True when 12 digits are a valid Belgian structured communication: the last two are the first ten
 * mod 97, or 97 when that is 0.
 * @example isValidStructuredCommunication("123456789002") === true
 */
export function isValidStructuredCommunication(digits: string): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  const check = Number(digits.slice(0, 10)) % 97 || 97;
  return check === Number(digits.slice(10));
}

/**
 * The structured communication for a base of up to ten digits, as a Belgian invoice prints it.
 * @example structuredCommunication("1234567890") === "+++123/4567/89002+++"
 */
export function structuredCommunication(base: string): string {
  const b = base.padStart(10, '0');
  const check = String(Number(b) % 97 || 97).padStart(2, '0');
  const d = b + check;
  return `+++${d.slice(0, 3)}/${d.slice(3, 7)}/${d.slice(7)}+++`;
}

/**
 * True when a reference is a valid RF creditor reference (ISO 11649): `RF`, two check digits, up to
 * 21 letters and digits, and the whole mod 97 (letters as 10–35, the first four moved to the end) is 1.
 * @example isValidCreditorReference("RF18539007547034") === true
 */
export function isValidCreditorReference(ref: string): boolean {
  if (!/^RF\d{2}[0-9A-Z]{1,21}$/.test(ref)) return false;
  return mod97(ref.slice(4) + ref.slice(0, 4)) === 1;
}

/** An account number without spaces, dashes or dots, upper case. */
export function normalizeIban(text: string): string {
  return text.replace(/[\s\-.]/g, '').toUpperCase();
}

/**
 * True for a valid IBAN (ISO 13616): country, check digits, account, and the mod 97 check.
 * @example isValidIban("BE68539007547034") === true
 */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/** A payment reference as a key: without `+++`/`***`, spaces, `/`, `-`, `.`; upper case. */
export function paymentReferenceKey(text: string): string {
  return text.replace(/[+*\s/\-.]/g, '').toUpperCase();
}

export interface FoundReference {
  readonly value: string;
  /** The reference without decoration: 12 digits, or `RF…` without spaces. */
  readonly key: string;
  readonly valid: boolean;
  /** True when the text marked it as a reference (`+++…+++`, a structured field): a bad check is then worth a warning. */
  readonly explicit: boolean;
}

const DELIMITED = /(\+\+\+|\*\*\*)\s*(\d{3})\s*\/?\s*(\d{4})\s*\/?\s*(\d{5})\s*\1/g;
const BARE = /(?<![\d/])\d{12}(?![\d/])/g;

/**
 * The Belgian structured communications in a remittance: `+++123/4567/89002+++`, `***…***`, and 12
 * bare digits when their check digits hold (a bare number with a bad check is not a communication).
 * @example structuredCommunications("Facture +++123/4567/89002+++")[0].key === "123456789002"
 */
export function structuredCommunications(text: string, references: readonly string[] = []): FoundReference[] {
  const out: FoundReference[] = [];
  const seen = new Set<string>();
  const add = (value: string, key: string, explicit: boolean): void => {
    const valid = isValidStructuredCommunication(key);
    if (!valid && !explicit) return;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ value, key, valid, explicit });
  };
  for (const r of references) {
    const k = paymentReferenceKey(r);
    if (/^\d{12}$/.test(k)) add(r.trim(), k, true);
  }
  for (const m of text.matchAll(DELIMITED)) add(m[0], `${m[2]}${m[3]}${m[4]}`, true);
  const rest = text.replace(DELIMITED, ' ');
  for (const m of rest.matchAll(BARE)) add(m[0], m[0], false);
  return out;
}

/**
 * The RF creditor references in a remittance, compact (`RF18539007547034`) or printed in groups of
 * four (`RF18 5390 0754 7034`).
 */
export function creditorReferences(text: string, references: readonly string[] = []): FoundReference[] {
  const out: FoundReference[] = [];
  const seen = new Set<string>();
  const add = (value: string, key: string, valid: boolean, explicit: boolean): void => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ value, key, valid, explicit });
  };
  for (const r of references) {
    const k = paymentReferenceKey(r);
    if (/^RF\d{2}[0-9A-Z]+$/.test(k)) add(r.trim(), k, isValidCreditorReference(k), true);
  }
  // Letters and digits only: `/RFB/RF18…` and `RF18 5390 0754 7034` both give their groups.
  const tokens = text
    .toUpperCase()
    .split(/[^0-9A-Z]+/)
    .filter((t) => t !== '');
  for (let i = 0; i < tokens.length; i++) {
    if (!/^RF\d{2}[0-9A-Z]*$/.test(tokens[i]!)) continue;
    let candidate = tokens[i]!;
    let found: string | null = isValidCreditorReference(candidate) ? candidate : null;
    for (let j = i + 1; found === null && j < tokens.length && /^[0-9A-Z]{1,4}$/.test(tokens[j]!); j++) {
      if (candidate.length + tokens[j]!.length > 25) break;
      candidate += tokens[j];
      if (isValidCreditorReference(candidate)) found = candidate;
    }
    if (found !== null) add(found, found, true, true);
    else add(candidate, candidate, false, true);
  }
  return out;
}

/**
 * Invoice numbers short enough to appear by chance (`12`, `F12`) are not looked for in free text: a bank
 * line's, or a payments file's free-text column (src/core/import/ledger.ts).
 */
export function searchable(number: string): boolean {
  return number.length >= 4 && /\d/.test(number);
}

/**
 * The candidate tokens of a remittance text: runs of letters, digits and the joiners `-` `/` `.` `_`,
 * without joiners at their ends; a token with `/` also gives its parts (`FA1/FA2`).
 */
export function remittanceTokens(text: string): string[] {
  const out: string[] = [];
  const upper = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
  for (const raw of upper.split(/[^0-9A-Z\-/._]+/)) {
    const t = raw.replace(/^[-/._]+|[-/._]+$/g, '');
    if (t === '') continue;
    out.push(t);
    if (t.includes('/')) for (const part of t.split('/')) if (part !== '') out.push(part);
  }
  return out;
}

interface InvoiceIndexes {
  readonly byReference: Map<string, Invoice[]>;
  readonly byNumber: Map<string, Invoice>;
  /** By the number's letters and digits only (`FA2026004` for `FA2026-004`), as an RF reference carries it. */
  readonly byCompact: Map<string, Invoice[]>;
  readonly byDigits: Map<string, Invoice[]>;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function indexes(invoices: readonly Invoice[]): InvoiceIndexes {
  const byReference = new Map<string, Invoice[]>();
  const byNumber = new Map<string, Invoice>();
  const byDigits = new Map<string, Invoice[]>();
  const byCompact = new Map<string, Invoice[]>();
  for (const inv of invoices) {
    if (inv.isCreditNote) continue;
    if (inv.paymentReference) push(byReference, paymentReferenceKey(inv.paymentReference), inv);
    byNumber.set(referenceKey(inv.number), inv);
    push(byCompact, inv.number.toUpperCase().replace(/[^0-9A-Z]/g, ''), inv);
    const digits = inv.number.replace(/\D/g, '').replace(/^0+/, '');
    if (digits !== '') push(byDigits, digits, inv);
  }
  return { byReference, byNumber, byCompact, byDigits };
}

/** A map from a key to the one customer it names; null when it names several. */
function learn(m: Map<string, string | null>, key: string, customerId: string): void {
  const known = m.get(key);
  if (known === undefined) m.set(key, customerId);
  else if (known !== customerId) m.set(key, null);
}

/** What a credit is matched to: a customer, and the invoices it names (oldest first when it names a customer's reference). */
interface Match {
  readonly customerId: string;
  readonly refs: string[];
  readonly method: MatchMethod;
}

function oneCustomer(list: readonly Invoice[]): string | null {
  const c = list[0]?.customerId;
  return c !== undefined && list.every((i) => i.customerId === c) ? c : null;
}

function fromInvoices(list: readonly Invoice[], method: MatchMethod): Match | null {
  const customerId = oneCustomer(list);
  if (customerId === null) return null;
  // One invoice: it names it. A customer's standing reference on several invoices names the customer only.
  return { customerId, refs: list.length === 1 ? [list[0]!.number] : [], method };
}

function newCount(file: string): ImportCount {
  return { file, read: 0, used: 0, rejected: 0, ignored: 0, unidentified: 0, amounts: { read: {}, used: {}, rejected: {}, unidentified: {} } };
}

function addTo(sums: Record<string, Cents> | undefined, currency: string, amount: number): void {
  if (sums) sums[currency] = toCents((sums[currency] ?? 0) + amount);
}

export interface BankMatchResult {
  readonly payments: Payment[];
  /** How each payment was matched, by payment id. */
  readonly methods: Map<string, MatchMethod>;
  readonly unidentified: UnidentifiedReceipt[];
  readonly count: ImportCount;
  readonly problems: Problem[];
}

type Indexes = ReturnType<typeof indexes>;
type Warn = (code: string, value: string) => void;

/** Rule 1: a Belgian structured communication, the invoice's own payment reference or its number's digits. */
function byStructuredCommunication(t: BankTransaction, idx: Indexes, warn: Warn): Match | null {
  for (const r of structuredCommunications(t.text, t.references)) {
    if (!r.valid) {
      warn('structured_communication_invalid', r.value);
      continue;
    }
    const own = idx.byReference.get(r.key);
    const byDigits = idx.byDigits.get(r.key.slice(0, 10).replace(/^0+/, ''));
    const match = (own && fromInvoices(own, 'structured_communication')) ?? (byDigits?.length === 1 ? fromInvoices(byDigits, 'structured_communication') : null);
    if (match) return match;
    warn('structured_communication_unknown', r.value);
  }
  return null;
}

/** Rule 2: an RF creditor reference, the invoice's payment reference or its number as the reference's body. */
function byCreditorReference(t: BankTransaction, idx: Indexes, warn: Warn): Match | null {
  for (const r of creditorReferences(t.text, t.references)) {
    if (!r.valid) {
      warn('creditor_reference_invalid', r.value);
      continue;
    }
    const body = r.key.slice(4);
    const own = idx.byReference.get(r.key) ?? idx.byReference.get(body);
    const number = idx.byCompact.get(body);
    const digits = /^\d+$/.test(body) ? idx.byDigits.get(body.replace(/^0+/, '')) : undefined;
    const match =
      (own && fromInvoices(own, 'creditor_reference')) ??
      (number?.length === 1 ? fromInvoices(number, 'creditor_reference') : null) ??
      (digits?.length === 1 ? fromInvoices(digits, 'creditor_reference') : null);
    if (match) return match;
    warn('creditor_reference_unknown', r.value);
  }
  return null;
}

/** Rule 3: invoice numbers named in the remittance (whole tokens) or as its documents; the customer of the first. */
function byInvoiceNumbers(t: BankTransaction, idx: Indexes): Match | null {
  const named: Invoice[] = [];
  const seen = new Set<Invoice>();
  const take = (inv: Invoice | undefined): void => {
    if (inv && !seen.has(inv)) {
      seen.add(inv);
      named.push(inv);
    }
  };
  for (const d of t.documents) take(idx.byNumber.get(referenceKey(d.trim())));
  for (const token of remittanceTokens([t.text, ...t.references].join(' '))) {
    const inv = idx.byNumber.get(token);
    if (inv && searchable(inv.number)) take(inv);
  }
  // The customer of the first invoice named; the others are applied if they are the same customer's (docs/accounting.md §1.6, §3.2).
  return named.length > 0 ? { customerId: named[0]!.customerId, refs: named.map((i) => i.number), method: 'invoice_number' } : null;
}

/** Payment ids made unique: the transaction's id, else its line; a second one `#2`, `#3`… */
function uniqueIds(): (id: string) => string {
  const ids = new Set<string>();
  const nextSuffix = new Map<string, number>();
  return (id) => {
    let out = id;
    for (let k = nextSuffix.get(id) ?? 2; ids.has(out); k++) {
      out = `${id}#${k}`;
      nextSuffix.set(id, k + 1);
    }
    ids.add(out);
    return out;
  };
}

/**
 * Turns the booked incoming credits of a statement into payments of the customers they match
 * (see the notes at the top of this module), and the rest into unidentified receipts. Debits,
 * pending movements and reversals are counted as ignored. Counts: read = used + unidentified +
 * rejected + ignored; amounts are those of the credits.
 * @example matchBankTransactions(statement, ledger.invoices, ledger.customers).unidentified
 */
export function matchBankTransactions(statement: BankStatement, invoices: readonly Invoice[], customers: ReadonlyMap<string, Customer>, defaultCurrency = 'EUR'): BankMatchResult {
  const { file } = statement;
  const problems: Problem[] = [...statement.problems];
  const count = newCount(file);
  count.read = statement.transactions.length + statement.rejected + statement.ignoredRows;
  count.rejected = statement.rejected;
  count.ignored = statement.ignoredRows;
  for (const [cur, v] of Object.entries(statement.rejectedAmounts)) {
    addTo(count.amounts.rejected, cur, v);
    addTo(count.amounts.read, cur, v);
  }
  const idx = indexes(invoices);
  // Rule 4: the payer's IBAN, a customer's (customers file), else learned from earlier credits matched by rules 1–3.
  const ibanOwner = new Map<string, string | null>();
  for (const c of customers.values()) for (const iban of c.ibans ?? []) learn(ibanOwner, iban, c.id);
  const learned = new Map<string, string | null>();
  // Rule 5: the payer's name, one customer's as the invoices or the customers file write it (a name two share is neither's).
  const named = byName<string>([...[...customers].map(([id, c]) => [c.name ?? '', id] as const), ...invoices.map((i) => [i.customerName ?? '', i.customerId] as const)]);
  const uniqueId = uniqueIds();
  const payments: Payment[] = [];
  const methods = new Map<string, MatchMethod>();
  const unidentified: UnidentifiedReceipt[] = [];

  // A credit its status says not booked (on its way, failed, returned, charged back) is no money received yet: said.
  const notBooked: number[] = [];
  const credits = statement.transactions.filter((t) => {
    if (t.amount > 0 && t.booked && !t.reversal) return true;
    if (t.amount > 0 && !t.booked && !t.reversal) notBooked.push(t.line);
    count.ignored++;
    return false;
  });
  if (notBooked.length > 0) problems.push(linesWarning('bank_credits_not_booked', file, notBooked));
  // "Earlier" matched payments teach the IBAN: go through the credits by date, then file order.
  credits.sort((a, b) => a.date - b.date || a.line - b.line || (a.col ?? 0) - (b.col ?? 0));

  for (const t of credits) {
    // A line without a currency (a bank CSV without the column) pays in that of the invoices it names, decided
    // with the ledger (docs/accounting.md §1.8); its sums are counted in the default currency meanwhile.
    const counted = t.currency === '' ? defaultCurrency : t.currency;
    addTo(count.amounts.read, counted, t.amount);
    const warn: Warn = (code, value) => {
      problems.push({ severity: 'warning', code, file, line: t.line, ...(t.col !== undefined ? { col: t.col } : {}), value });
    };
    let match = byStructuredCommunication(t, idx, warn) ?? byCreditorReference(t, idx, warn) ?? byInvoiceNumbers(t, idx);
    if (match && t.iban) learn(learned, t.iban, match.customerId);
    if (!match && t.iban) {
      const owner = ibanOwner.get(t.iban) ?? (ibanOwner.has(t.iban) ? null : (learned.get(t.iban) ?? null));
      if (owner) match = { customerId: owner, refs: [], method: 'iban' };
    }
    if (!match && t.counterparty) {
      const owner = named.get(referenceKey(t.counterparty));
      if (owner) match = { customerId: owner, refs: [], method: 'name' };
    }
    const id = uniqueId(t.id ?? String(t.line));
    if (match) {
      payments.push({ id, customerId: match.customerId, date: t.date, amount: t.amount, currency: currencyCode(t.currency), refs: match.refs, method: null, file, line: t.line });
      methods.set(id, match.method);
      count.used++;
      addTo(count.amounts.used, counted, t.amount);
    } else {
      unidentified.push({ id, date: t.date, amount: t.amount, currency: counted, counterparty: t.counterparty, iban: t.iban, text: t.text, file, line: t.line });
      count.unidentified = (count.unidentified ?? 0) + 1;
      addTo(count.amounts.unidentified, counted, t.amount);
    }
  }
  unidentified.sort((a, b) => a.date - b.date || compareIds(a.id, b.id));
  return { payments, methods, unidentified, count, problems };
}
