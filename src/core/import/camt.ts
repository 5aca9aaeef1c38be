import { dayFromIso, type Day } from '../dates.ts';
import { cents as toCents, type Cents } from '../money.ts';
import type { Problem } from '../types.ts';
import { parseAmount } from './amounts.ts';
import { normalizeIban, type BankStatement, type BankTransaction } from './bank.ts';
import { childAt, childrenNamed, textAt, type XmlElement } from './xml.ts';

/**
 * CAMT.053 (ISO 20022 BankToCustomerStatement, `urn:iso:std:iso:20022:tech:xsd:camt.053.001.02` to
 * `.08`): every entry (`Ntry`) of every statement (`Stmt`). An entry that batches several
 * transactions (`NtryDtls/TxDtls`, each with its amount) gives one movement per transaction;
 * otherwise one movement with all its remittance information.
 *
 * Per movement: the booking date (`BookgDt`, else `ValDt`); the amount and currency (`Amt@Ccy`);
 * credit or debit (`CdtDbtInd`); booked when `Sts` (or `Sts/Cd` from version .07) is `BOOK`; a
 * reversal when `RvslInd` is true; the remittance text (`RmtInf/Ustrd`, `AddtlTxInf`,
 * `AddtlNtryInf`); the structured references (`RmtInf/Strd/CdtrRefInf/Ref`) and referred documents
 * (`RmtInf/Strd/RfrdDocInf/Nb`); the debtor's name (`RltdPties/Dbtr/Nm`, or `Dbtr/Pty/Nm` from .08)
 * and account (`RltdPties/DbtrAcct/Id/IBAN`).
 */

/** Thrown when the document is not a bank-to-customer statement. */
export class NotAStatementError extends Error {
  readonly root: string;
  readonly namespace: string;
  constructor(root: string, namespace: string) {
    super(`not a CAMT.053 statement: <${root}> ${namespace}`);
    this.root = root;
    this.namespace = namespace;
  }
}

/** The versions of camt.053 this reader knows; others are read with a warning. */
const CAMT_VERSIONS = ['02', '03', '04', '05', '06', '07', '08'] as const;

function camtDate(el: XmlElement | undefined): Day | null | undefined {
  if (el === undefined) return undefined;
  const t = textAt(el, 'Dt') ?? textAt(el, 'DtTm');
  if (t === null) return undefined;
  // A date-time is read as the calendar day it was written in, whatever its offset.
  return dayFromIso(t.slice(0, 10));
}

function texts(el: XmlElement | undefined, ...path: string[]): string[] {
  if (el === undefined) return [];
  const last = path[path.length - 1]!;
  const parent = path.length > 1 ? childAt(el, ...path.slice(0, -1)) : el;
  return childrenNamed(parent, last)
    .map((c) => c.text)
    .filter((t) => t !== '');
}

/** Remittance, references and parties of one `TxDtls` (or nothing). */
interface Details {
  readonly text: string[];
  readonly references: string[];
  readonly documents: string[];
  readonly counterparty: string | null;
  readonly iban: string | null;
  readonly id: string | null;
}

function details(tx: XmlElement | undefined): Details {
  const rmt = childAt(tx, 'RmtInf');
  const text = texts(rmt, 'Ustrd');
  const references: string[] = [];
  const documents: string[] = [];
  for (const s of childrenNamed(rmt, 'Strd')) {
    const ref = textAt(s, 'CdtrRefInf', 'Ref');
    if (ref !== null) references.push(ref);
    for (const d of childrenNamed(s, 'RfrdDocInf')) {
      const nb = textAt(d, 'Nb');
      if (nb !== null) documents.push(nb);
    }
    text.push(...texts(s, 'AddtlRmtInf'));
  }
  const addtl = textAt(tx, 'AddtlTxInf');
  if (addtl !== null) text.push(addtl);
  const parties = childAt(tx, 'RltdPties');
  const counterparty = textAt(parties, 'Dbtr', 'Nm') ?? textAt(parties, 'Dbtr', 'Pty', 'Nm') ?? textAt(parties, 'UltmtDbtr', 'Nm') ?? textAt(parties, 'UltmtDbtr', 'Pty', 'Nm');
  const account = textAt(parties, 'DbtrAcct', 'Id', 'IBAN') ?? textAt(parties, 'DbtrAcct', 'Id', 'Othr', 'Id');
  const e2e = textAt(tx, 'Refs', 'EndToEndId');
  const id = textAt(tx, 'Refs', 'AcctSvcrRef') ?? (e2e !== null && e2e.toUpperCase() !== 'NOTPROVIDED' ? e2e : null);
  return { text, references, documents, counterparty, iban: account === null ? null : normalizeIban(account), id };
}

/** The namespace of a CAMT document: its root's. */
function namespaceOf(root: XmlElement): string {
  return root.ns;
}

/**
 * Reads a CAMT.053 statement entry by entry: `begin` with the root element, `entry` for each `Ntry`
 * (with its `Stmt`, whose `Acct` comes before the entries), `finish`. A streamed document is read so in
 * bounded memory (src/io/read-xml.ts); `camtStatement` reads a whole tree the same way.
 */
export class CamtReader {
  readonly file: string;
  private readonly defaultCurrency: string;
  private readonly problems: Problem[] = [];
  private readonly transactions: BankTransaction[] = [];
  private rejected = 0;
  private readonly rejectedAmounts: Record<string, Cents> = Object.create(null) as Record<string, Cents>;
  private begun = false;

  constructor(file: string, defaultCurrency = 'EUR') {
    this.file = file;
    this.defaultCurrency = defaultCurrency;
  }

  /** Checks the root's namespace (a warning for an unknown version); once. */
  begin(root: XmlElement): void {
    if (this.begun) return;
    this.begun = true;
    const namespace = namespaceOf(root);
    const version = /camt\.053\.001\.(\d{2})/.exec(namespace)?.[1];
    if (version === undefined || !(CAMT_VERSIONS as readonly string[]).includes(version)) {
      this.problems.push({ severity: 'warning', code: 'camt_version', file: this.file, line: root.line, col: root.col, column: root.name, value: namespace });
    }
  }

  /** True when `el` is an entry at its place (`Document/BkToCstmrStmt/Stmt/Ntry`, one namespace), given the elements above it. */
  static isEntry(el: XmlElement, ancestors: readonly XmlElement[]): boolean {
    if (el.name !== 'Ntry' || ancestors.length !== 3) return false;
    const [doc, top, stmt] = ancestors as [XmlElement, XmlElement, XmlElement];
    const ns = doc.ns;
    return doc.name === 'Document' && top.name === 'BkToCstmrStmt' && stmt.name === 'Stmt' && top.ns === ns && stmt.ns === ns && el.ns === ns;
  }

  /** One entry (`Ntry`) of a statement (`Stmt`): its movements, or the problems that reject it. */
  entry(stmt: XmlElement, entry: XmlElement): void {
    const file = this.file;
    const accountCurrency = textAt(stmt, 'Acct', 'Ccy') ?? this.defaultCurrency;
    const errors: Problem[] = [];
    const fail = (el: XmlElement, code: string, value?: string): void => {
      errors.push({ severity: 'error', code, file, line: el.line, col: el.col, column: el.name, ...(value !== undefined ? { value } : {}) });
    };
    const missing = (name: string): void => {
      errors.push({ severity: 'error', code: 'xml_element_missing', file, line: entry.line, col: entry.col, column: entry.name, value: name });
    };
    const amountOf = (el: XmlElement | undefined): { cents: Cents; currency: string } | null => {
      if (el === undefined) return null;
      const r = /^\d+(\.\d+)?$/.test(el.text) ? parseAmount(el.text, '.') : null;
      if (r === null || !r.ok) {
        fail(el, r === null ? 'not_an_amount' : r.reason, el.text);
        return null;
      }
      return { cents: r.cents, currency: (el.attrs.Ccy ?? accountCurrency).toUpperCase() };
    };
    const amtEl = childAt(entry, 'Amt');
    if (amtEl === undefined) missing('Amt');
    const amount = amountOf(amtEl);
    const indEl = childAt(entry, 'CdtDbtInd');
    const ind = indEl?.text.toUpperCase();
    if (indEl === undefined) missing('CdtDbtInd');
    else if (ind !== 'CRDT' && ind !== 'DBIT') fail(indEl, 'camt_not_credit_debit', indEl.text);
    let date: Day | null | undefined = camtDate(childAt(entry, 'BookgDt'));
    if (date === undefined) date = camtDate(childAt(entry, 'ValDt'));
    if (date === undefined) missing('BookgDt');
    else if (date === null) {
      const el = childAt(entry, 'BookgDt') ?? childAt(entry, 'ValDt')!;
      const d = childAt(el, 'Dt') ?? childAt(el, 'DtTm') ?? el;
      fail(d, 'not_a_date', d.text);
    }
    if (errors.length > 0 || amount === null || date === null || date === undefined) {
      this.problems.push(...errors);
      this.rejected++;
      if (amount !== null && ind !== 'DBIT') this.rejectedAmounts[amount.currency] = toCents((this.rejectedAmounts[amount.currency] ?? 0) + amount.cents);
      return;
    }
    const status = (textAt(entry, 'Sts', 'Cd') ?? textAt(entry, 'Sts') ?? 'BOOK').toUpperCase();
    const reversal = (textAt(entry, 'RvslInd') ?? '').toLowerCase() === 'true';
    const sign = ind === 'CRDT' ? 1 : -1;
    const entryText = textAt(entry, 'AddtlNtryInf');
    const entryId = textAt(entry, 'AcctSvcrRef') ?? textAt(entry, 'NtryRef');
    const txs = childrenNamed(entry, 'NtryDtls').flatMap((d) => childrenNamed(d, 'TxDtls'));
    const base = { date, booked: status === 'BOOK', reversal, file };
    // Several transactions, each with its amount: one movement each. Otherwise the entry as one.
    const txAmounts = txs.map((tx) => childAt(tx, 'Amt') ?? childAt(tx, 'AmtDtls', 'TxAmt', 'Amt'));
    if (txs.length > 1 && txAmounts.every((a) => a !== undefined)) {
      txs.forEach((tx, i) => {
        const a = amountOf(txAmounts[i]);
        if (a === null) {
          this.problems.push(...errors.splice(0));
          this.rejected++;
          return;
        }
        const txSign = (textAt(tx, 'CdtDbtInd') ?? ind) === 'DBIT' ? -1 : sign;
        const d = details(tx);
        this.transactions.push({
          ...base,
          id: d.id ?? (entryId !== null ? `${entryId}/${i + 1}` : null),
          amount: toCents(txSign * a.cents),
          currency: a.currency,
          text: [...d.text, entryText].filter((t): t is string => t !== null).join(' '),
          references: d.references,
          documents: d.documents,
          counterparty: d.counterparty,
          iban: d.iban,
          line: tx.line,
          col: tx.col,
        });
      });
      return;
    }
    const all = txs.map(details);
    const first = all[0];
    // One transaction or none (most entries): its lists as they are, nothing flattened.
    const one = all.length <= 1;
    const texts = one ? (first?.text ?? []) : all.flatMap((d) => d.text);
    this.transactions.push({
      date: base.date,
      booked: base.booked,
      reversal: base.reversal,
      file: base.file,
      id: entryId ?? first?.id ?? null,
      amount: toCents(sign * amount.cents),
      currency: amount.currency,
      text: entryText === null ? texts.join(' ') : texts.length === 0 ? entryText : `${texts.join(' ')} ${entryText}`,
      references: one ? (first?.references ?? []) : all.flatMap((d) => d.references),
      documents: one ? (first?.documents ?? []) : all.flatMap((d) => d.documents),
      counterparty: first?.counterparty ?? null,
      iban: one ? (first?.iban ?? null) : (all.find((d) => d.iban !== null)?.iban ?? null),
      line: entry.line,
      col: entry.col,
    });
  }

  finish(): BankStatement {
    const rejectedAmounts: Record<string, Cents> = {};
    for (const k of Object.keys(this.rejectedAmounts)) rejectedAmounts[k] = this.rejectedAmounts[k]!;
    return { file: this.file, transactions: this.transactions, problems: this.problems, rejected: this.rejected, rejectedAmounts, ignoredRows: 0 };
  }
}

/** Throws `NotAStatementError` unless the root is a `Document` holding a `BkToCstmrStmt` of its namespace. */
export function checkStatementRoot(root: XmlElement): void {
  if (root.name !== 'Document' || childAt(root, 'BkToCstmrStmt') === undefined) throw new NotAStatementError(root.qname, namespaceOf(root));
}

/**
 * Reads the movements of a CAMT.053 document. An entry that cannot be read (no amount, a bad
 * date…) is rejected with a problem naming its line, column and element; the rest goes on.
 * Elements are matched by namespace and name: an element of another namespace is never read.
 * @example camtStatement(parseXml("releve.xml", text), "releve.xml").transactions
 */
export function camtStatement(root: XmlElement, file: string, defaultCurrency = 'EUR'): BankStatement {
  checkStatementRoot(root);
  const reader = new CamtReader(file, defaultCurrency);
  reader.begin(root);
  for (const stmt of childrenNamed(childAt(root, 'BkToCstmrStmt'), 'Stmt')) {
    for (const entry of childrenNamed(stmt, 'Ntry')) reader.entry(stmt, entry);
  }
  return reader.finish();
}
