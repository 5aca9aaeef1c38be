import { fitNotes, fitTable, type Cell, type Column } from './text-table.ts';
import type { CustomerAging } from '../core/aging.ts';
import type { Cents } from '../core/money.ts';
import type { Lang } from '../model/lang.ts';
import { unidentifiedTotals, type AgingReportInput } from './aging-report.ts';
import { bucketCaption, formatAmount, formatDate, formatPercent, formatUnits } from './format.ts';
import { printable } from './messages.ts';
import { displayWidth, wrapText } from './width.ts';

/** Colours for people on a terminal; all identity when colour is off. */
export interface Paint {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly bad: (s: string) => string;
}

export const NO_PAINT: Paint = { bold: (s) => s, dim: (s) => s, warn: (s) => s, bad: (s) => s };

/** The words of each language. */
const WORDS = {
  fr: {
    title: 'Balance âgée au',
    basis: { due: 'par échéance', issue: 'par date de facture' },
    code: 'Code',
    customer: 'Client',
    unapplied: 'Non imputé',
    unappliedShort: 'Non imp.',
    total: 'Total',
    share: 'Part',
    rows: (read: number, used: number) => `${used}/${read} lignes`,
    own: (read: number, used: number) => `${used === read ? used : `${used}/${read}`} règlement(s) qu’il dit`,
    rejected: (n: number) => `${n} rejetée(s)`,
    ignored: (n: number) => `${n} ignorée(s)`,
    writtenOff: 'Irrécouvrables (hors balance)',
    disputed: 'dont en litige',
    none: 'Aucun encours à cette date.',
    customers: (n: number) => `${n} client(s)`,
    item: { number: 'Pièce', issue: 'Date', due: 'Échéance', amount: 'Montant', open: 'Reste dû', late: 'Retard (j)', lateShort: 'Retard', bucket: 'Tranche', status: 'Statut' },
    status: { normal: '', disputed: 'litige', written_off: 'irrécouvrable' },
    refund: 'rejet/rembt',
    derived: '* échéance calculée (conditions de paiement)',
    credit: { payment: 'règlement', credit_note: 'avoir' },
    owesNothing: (id: string, date: string) => `${id} ne doit rien au ${date}.`,
    warnings: (n: number) => `${n} avertissement(s) : voir ci-dessous ou --format json`,
    unidentified: (n: number) => `${n} non identifié(s)`,
    unidentifiedTitle: 'Encaissements non identifiés (dans aucun solde client)',
    unidentifiedHead: ['Date', 'Montant', 'Donneur d’ordre', 'IBAN', 'Communication', 'Ligne'],
  },
  en: {
    title: 'Aged balance as of',
    basis: { due: 'by due date', issue: 'by invoice date' },
    code: 'Id',
    customer: 'Customer',
    unapplied: 'Unapplied',
    unappliedShort: 'Unappl.',
    total: 'Total',
    share: 'Share',
    rows: (read: number, used: number) => `${used}/${read} rows`,
    own: (read: number, used: number) => `${used === read ? used : `${used}/${read}`} payment(s) it states`,
    rejected: (n: number) => `${n} rejected`,
    ignored: (n: number) => `${n} ignored`,
    writtenOff: 'Written off (outside the balance)',
    disputed: 'of which disputed',
    none: 'Nothing owed at this date.',
    customers: (n: number) => `${n} customer(s)`,
    item: { number: 'Document', issue: 'Date', due: 'Due', amount: 'Amount', open: 'Open', late: 'Days late', lateShort: 'Late', bucket: 'Bucket', status: 'Status' },
    status: { normal: '', disputed: 'disputed', written_off: 'written off' },
    refund: 'refund/reject',
    derived: '* due date from the payment terms',
    credit: { payment: 'payment', credit_note: 'credit note' },
    owesNothing: (id: string, date: string) => `${id} owes nothing on ${date}.`,
    warnings: (n: number) => `${n} warning(s): see below or --format json`,
    unidentified: (n: number) => `${n} unidentified`,
    unidentifiedTitle: 'Unidentified receipts (in no customer’s balance)',
    unidentifiedHead: ['Date', 'Amount', 'Payer', 'IBAN', 'Remittance', 'Line'],
  },
} as const;

/** The ledgers read, on one line, or one per line when that line is wider than the terminal. */
function header(input: AgingReportInput, paint: Paint, width: number | null): string {
  const l = WORDS[input.lang];
  const { aged, imports } = input;
  // The payments the invoices file states (paid columns, balances, statuses, a statement's credits): said with it, not as a file of their own.
  const own = imports.payments?.inInvoices === true ? imports.payments : null;
  const files = [imports.invoices, own === null ? imports.payments : null, imports.customers]
    .filter((c) => c !== null)
    .map((c) => {
      const extra = [c.rejected ? l.rejected(c.rejected) : '', c.ignored ? l.ignored(c.ignored) : '', c.unidentified ? l.unidentified(c.unidentified) : ''].filter(Boolean).join(', ');
      const held = c === imports.invoices && own !== null ? `${input.lang === 'fr' ? ' ;' : ';'} ${l.own(own.read, own.used)}` : '';
      return `${printable(c.file)} (${l.rows(c.read, c.used)}${extra ? `, ${extra}` : ''}${held})`;
    });
  const oneLine = files.join(' · ');
  // One file per line when they do not fit on one, each wrapped when it alone does not.
  const read = width !== null && displayWidth(oneLine) > width ? files.map((f) => prose(f, width)).join('\n') : oneLine;
  return `${prose(`${paint.bold(`${l.title} ${formatDate(aged.asOf, input.lang)}`)} — ${l.basis[aged.basis]}`, width)}\n${paint.dim(read)}\n`;
}

/** An amount for a table: '-' for zero; without its cents when the table must narrow. */
function amountCell(c: number, lang: Lang, paint: (s: string) => string = (s) => s): Cell {
  return c === 0 ? '-' : { text: paint(formatAmount(c, lang)), short: paint(formatUnits(c, lang)) };
}

/** Lines of prose at the terminal's width (a pipe or a file: as they are). */
function prose(text: string, width: number | null): string {
  return width === null ? text : wrapText(text, width).join('\n');
}

/**
 * The aged balance for people: one table per currency, customers by amount owed, largest first. On a
 * terminal (`width`), fitted to it: names cut, headers and amounts shortened, then Id and Unapplied
 * left out, then one block per customer (src/render/text-table.ts).
 */
export function agingTable(input: AgingReportInput, paint: Paint, width: number | null = null): string {
  const l = WORDS[input.lang];
  const { aged, lang } = input;
  let out = header(input, paint, width);
  if (aged.currencies.length === 0) return `${out}\n${l.none}\n${unidentifiedSection(input, paint, width)}`;
  const colourOf = (i: number): ((s: string) => string) => {
    const def = aged.buckets[i]!;
    if (aged.basis === 'due' && i === 0) return (s) => s;
    if (def.to === null || (def.from ?? 0) > 60) return paint.bad;
    return aged.basis === 'due' ? paint.warn : (s) => s;
  };
  const columns: Column[] = [
    { head: l.code, key: true, drop: 1 },
    { head: l.customer, key: true, min: 14, nameOf: 0 },
    ...aged.buckets.map((b): Column => ({ head: bucketCaption(b, lang), short: bucketCaption(b, lang, true), align: 'right' })),
    { head: l.unapplied, short: l.unappliedShort, align: 'right', drop: 2 },
    { head: l.total, align: 'right' },
  ];
  for (const cur of aged.currencies) {
    out += `\n${paint.bold(cur.currency)} — ${l.customers(cur.customers.length)}\n`;
    const rows: Cell[][] = [];
    for (const c of cur.customers) {
      rows.push([
        c.customerId,
        input.customerName(c.customerId) ?? '',
        ...c.buckets.map((b, i) => amountCell(b, lang, colourOf(i))),
        amountCell(c.unapplied, lang),
        amountCell(c.total, lang, paint.bold),
      ]);
    }
    const bold = (c: number) => ({ text: paint.bold(formatAmount(c, lang)), short: paint.bold(formatUnits(c, lang)) });
    rows.push(['', paint.bold(l.total), ...cur.buckets.map(bold), bold(cur.unapplied), bold(cur.total)]);
    rows.push(['', l.share, ...cur.buckets.map((b) => share(b, cur.total, lang)), share(cur.unapplied, cur.total, lang), share(cur.total, cur.total, lang)]);
    const t = fitTable(columns, rows, { width, footer: 2 });
    out += `${t.text}\n${fitNotes(t, lang, width)}`;
    if (cur.disputed !== 0) out += `${prose(`${l.disputed}${lang === 'fr' ? ' :' : ':'} ${formatAmount(cur.disputed, lang)} ${cur.currency}`, width)}\n`;
    if (cur.writtenOff !== 0) out += `${prose(`${l.writtenOff}${lang === 'fr' ? ' :' : ':'} ${formatAmount(cur.writtenOff, lang)} ${cur.currency}`, width)}\n`;
  }
  return out + unidentifiedSection(input, paint, width);
}

/** Bank credits that match no customer: listed with their total per currency, after the balance. */
function unidentifiedSection(input: AgingReportInput, paint: Paint, width: number | null): string {
  const list = input.unidentified ?? [];
  if (list.length === 0) return '';
  const l = WORDS[input.lang];
  const { lang } = input;
  const [date, amount, payer, iban, text, line] = l.unidentifiedHead;
  const columns: Column[] = [
    { head: date, key: true },
    { head: amount, align: 'right', key: true },
    { head: payer, min: 12 },
    { head: iban, drop: 1 },
    { head: text, min: 12 },
    { head: line, align: 'right', drop: 2 },
  ];
  const rows: Cell[][] = list.map((r) => [formatDate(r.date, lang), `${formatAmount(r.amount, lang)} ${r.currency}`, r.counterparty ?? '', r.iban ?? '', r.text, String(r.line)]);
  const totals = unidentifiedTotals(list);
  for (const tot of totals) rows.push([paint.bold(l.total), paint.bold(`${formatAmount(tot.total, lang)} ${tot.currency}`), `${tot.count}`, '', '', '']);
  const t = fitTable(columns, rows, { width, footer: totals.length });
  return `\n${paint.warn(paint.bold(l.unidentifiedTitle))}\n${t.text}\n${fitNotes(t, lang, width)}`;
}

/** A share of the total; none when the total is zero or a credit (a share of it would read −66.7 % or 166.7 %). */
function share(part: Cents, total: Cents, lang: Lang): string {
  return total <= 0 ? '-' : formatPercent(part / total, lang);
}

/**
 * One customer's open items (`--customer ID`), in aging order, then the credits not applied (which
 * payment or credit note, its date, what is left of it), then the net balance.
 */
export function customerItemsTable(input: AgingReportInput, customers: readonly CustomerAging[], paint: Paint, width: number | null = null): string {
  const l = WORDS[input.lang];
  const { lang, aged } = input;
  let out = header(input, paint, width);
  let derived = false;
  const i = l.item;
  const columns: Column[] = [
    { head: i.number, key: true, min: 12 },
    { head: i.issue, drop: 2 },
    { head: i.due },
    { head: i.amount, align: 'right', drop: 3 },
    { head: i.open, align: 'right', key: true },
    { head: i.late, short: i.lateShort, align: 'right' },
    { head: i.bucket, drop: 1 },
    { head: i.status, min: 6 },
  ];
  for (const c of customers) {
    const name = input.customerName(c.customerId);
    out += `\n${paint.bold(`${c.customerId}${name ? ` — ${name}` : ''}`)} (${c.currency})\n`;
    const rows: Cell[][] = [];
    for (const it of [...c.items, ...c.writtenOffItems]) {
      const d = it.debit;
      derived ||= d.dueDateDerived;
      rows.push([
        d.kind === 'refund' ? `${d.number} (${l.refund})` : d.number,
        formatDate(d.issueDate, lang),
        `${formatDate(d.dueDate, lang)}${d.dueDateDerived ? '*' : ''}`,
        formatAmount(d.amount, lang),
        paint.bold(formatAmount(d.open, lang)),
        it.daysPastDue > 0 ? String(it.daysPastDue) : '-',
        bucketCaption(aged.buckets[it.bucket]!, lang),
        l.status[d.status],
      ]);
    }
    const credits = c.account.unappliedCredits;
    for (const u of credits) {
      rows.push([u.id, formatDate(u.date, lang), '', formatAmount(-u.amount, lang), paint.bold(formatAmount(-u.left, lang)), '', l.unapplied, l.credit[u.kind]]);
    }
    if (c.unapplied !== 0 && credits.length === 0) rows.push([l.unapplied, '', '', '', formatAmount(c.unapplied, lang), '', '', '']);
    rows.push([paint.bold(l.total), '', '', '', paint.bold(formatAmount(c.total, lang)), '', '', '']);
    const t = fitTable(columns, rows, { width, footer: 1 });
    out += `${t.text}\n${fitNotes(t, lang, width)}`;
  }
  if (derived) out += `${l.derived}\n`;
  return out + unidentifiedSection(input, paint, width);
}

/** A customer of the ledgers who owes nothing as of the date: said so, plainly. */
export function owesNothingText(customerId: string, input: AgingReportInput, paint: Paint, width: number | null = null): string {
  const l = WORDS[input.lang];
  return `${header(input, paint, width)}\n${prose(l.owesNothing(customerId, formatDate(input.aged.asOf, input.lang)), width)}\n`;
}
