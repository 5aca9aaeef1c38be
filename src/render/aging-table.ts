import { TextTable, type Align } from './text-table.ts';
import type { CustomerAging } from '../core/aging.ts';
import type { Cents } from '../core/money.ts';
import { unidentifiedTotals, type AgingReportInput, type Lang } from './aging-report.ts';
import { bucketCaption, formatAmount, formatDate, formatPercent } from './format.ts';

/** Colours for people on a terminal; all identity when colour is off. */
export interface Paint {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly bad: (s: string) => string;
}

export const NO_PAINT: Paint = { bold: (s) => s, dim: (s) => s, warn: (s) => s, bad: (s) => s };

const L = {
  fr: {
    title: 'Balance âgée au', basis: { due: 'par échéance', issue: 'par date de facture' }, code: 'Code', customer: 'Client',
    unapplied: 'Non imputé', total: 'Total', share: 'Part', rows: (read: number, used: number) => `${used}/${read} lignes`,
    rejected: (n: number) => `${n} rejetée(s)`, ignored: (n: number) => `${n} ignorée(s)`, writtenOff: 'Irrécouvrables (hors balance)',
    disputed: 'dont en litige', none: 'Aucun encours à cette date.', customers: (n: number) => `${n} client(s)`,
    item: { number: 'Pièce', issue: 'Date', due: 'Échéance', amount: 'Montant', open: 'Reste dû', late: 'Retard (j)', bucket: 'Tranche', status: 'Statut' },
    status: { normal: '', disputed: 'litige', written_off: 'irrécouvrable' }, refund: 'rejet/rembt', derived: '* échéance calculée (conditions de paiement)',
    warnings: (n: number) => `${n} avertissement(s) : voir ci-dessous ou --format json`,
    unidentified: (n: number) => `${n} non identifié(s)`,
    unidentifiedTitle: 'Encaissements non identifiés (dans aucun solde client)',
    unidentifiedHead: ['Date', 'Montant', 'Donneur d’ordre', 'IBAN', 'Communication', 'Ligne'],
  },
  en: {
    title: 'Aged balance as of', basis: { due: 'by due date', issue: 'by invoice date' }, code: 'Id', customer: 'Customer',
    unapplied: 'Unapplied', total: 'Total', share: 'Share', rows: (read: number, used: number) => `${used}/${read} rows`,
    rejected: (n: number) => `${n} rejected`, ignored: (n: number) => `${n} ignored`, writtenOff: 'Written off (outside the balance)',
    disputed: 'of which disputed', none: 'Nothing owed at this date.', customers: (n: number) => `${n} customer(s)`,
    item: { number: 'Document', issue: 'Date', due: 'Due', amount: 'Amount', open: 'Open', late: 'Days late', bucket: 'Bucket', status: 'Status' },
    status: { normal: '', disputed: 'disputed', written_off: 'written off' }, refund: 'refund/reject', derived: '* due date from the payment terms',
    warnings: (n: number) => `${n} warning(s): see below or --format json`,
    unidentified: (n: number) => `${n} unidentified`,
    unidentifiedTitle: 'Unidentified receipts (in no customer’s balance)',
    unidentifiedHead: ['Date', 'Amount', 'Payer', 'IBAN', 'Remittance', 'Line'],
  },
} as const;

function table(head: string[], aligns: Align[]): TextTable {
  return new TextTable(head, aligns);
}

function header(input: AgingReportInput, paint: Paint): string {
  const l = L[input.lang];
  const { aged, imports } = input;
  const files = [imports.invoices, imports.payments, imports.customers]
    .filter((c) => c !== null)
    .map((c) => {
      const extra = [c.rejected ? l.rejected(c.rejected) : '', c.ignored ? l.ignored(c.ignored) : '', c.unidentified ? l.unidentified(c.unidentified) : ''].filter(Boolean).join(', ');
      return `${c.file} (${l.rows(c.read, c.used)}${extra ? `, ${extra}` : ''})`;
    });
  return `${paint.bold(`${l.title} ${formatDate(aged.asOf, input.lang)}`)} — ${l.basis[aged.basis]}\n${paint.dim(files.join(' · '))}\n`;
}

function amountCell(c: Cents, lang: Lang): string {
  return c === 0 ? '-' : formatAmount(c, lang);
}

/** The aged balance for people: one table per currency, customers by amount owed, largest first. */
export function agingTable(input: AgingReportInput, paint: Paint): string {
  const l = L[input.lang];
  const { aged, lang } = input;
  let out = header(input, paint);
  if (aged.currencies.length === 0) return `${out}\n${l.none}\n${unidentifiedSection(input, paint)}`;
  const captions = aged.buckets.map((b) => bucketCaption(b, lang));
  const colourOf = (i: number): ((s: string) => string) => {
    const def = aged.buckets[i]!;
    if (aged.basis === 'due' && i === 0) return (s) => s;
    if (def.to === null || (def.from ?? 0) > 60) return paint.bad;
    return aged.basis === 'due' ? paint.warn : (s) => s;
  };
  for (const cur of aged.currencies) {
    out += `\n${paint.bold(cur.currency)} — ${l.customers(cur.customers.length)}\n`;
    const t = table(
      [l.code, l.customer, ...captions, l.unapplied, l.total],
      ['left', 'left', ...captions.map(() => 'right' as const), 'right', 'right'],
    );
    for (const c of cur.customers) {
      t.push([
        c.customerId,
        truncate(input.customerName(c.customerId) ?? '', 32),
        ...c.buckets.map((b, i) => (b === 0 ? '-' : colourOf(i)(formatAmount(b, lang)))),
        amountCell(c.unapplied, lang),
        paint.bold(formatAmount(c.total, lang)),
      ]);
    }
    t.push([
      '',
      paint.bold(l.total),
      ...cur.buckets.map((b) => paint.bold(formatAmount(b, lang))),
      paint.bold(formatAmount(cur.unapplied, lang)),
      paint.bold(formatAmount(cur.total, lang)),
    ]);
    t.push(['', l.share, ...cur.buckets.map((b) => share(b, cur.total, lang)), share(cur.unapplied, cur.total, lang), share(cur.total, cur.total, lang)]);
    out += `${t.toString()}\n`;
    if (cur.disputed !== 0) out += `${l.disputed} : ${formatAmount(cur.disputed, lang)} ${cur.currency}\n`.replace(' :', lang === 'fr' ? ' :' : ':');
    if (cur.writtenOff !== 0) out += `${l.writtenOff}${lang === 'fr' ? ' :' : ':'} ${formatAmount(cur.writtenOff, lang)} ${cur.currency}\n`;
  }
  return out + unidentifiedSection(input, paint);
}

/** Bank credits that match no customer: listed with their total per currency, after the balance. */
function unidentifiedSection(input: AgingReportInput, paint: Paint): string {
  const list = input.unidentified ?? [];
  if (list.length === 0) return '';
  const l = L[input.lang];
  const { lang } = input;
  const t = table([...l.unidentifiedHead], ['left', 'right', 'left', 'left', 'left', 'right']);
  for (const r of list) {
    t.push([formatDate(r.date, lang), `${formatAmount(r.amount, lang)} ${r.currency}`, truncate(r.counterparty ?? '', 28), r.iban ?? '', truncate(r.text, 40), String(r.line)]);
  }
  for (const tot of unidentifiedTotals(list)) {
    t.push([paint.bold(l.total), paint.bold(`${formatAmount(tot.total, lang)} ${tot.currency}`), `${tot.count}`, '', '', '']);
  }
  return `\n${paint.warn(paint.bold(l.unidentifiedTitle))}\n${t.toString()}\n`;
}

function share(part: Cents, total: Cents, lang: Lang): string {
  return total === 0 ? '-' : formatPercent(part / total, lang);
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** One customer's open items (`--customer ID`), in aging order. */
export function customerItemsTable(input: AgingReportInput, customers: readonly CustomerAging[], paint: Paint): string {
  const l = L[input.lang];
  const { lang, aged } = input;
  let out = header(input, paint);
  let derived = false;
  for (const c of customers) {
    const name = input.customerName(c.customerId);
    out += `\n${paint.bold(`${c.customerId}${name ? ` — ${name}` : ''}`)} (${c.currency})\n`;
    const i = l.item;
    const t = table([i.number, i.issue, i.due, i.amount, i.open, i.late, i.bucket, i.status], ['left', 'left', 'left', 'right', 'right', 'right', 'left', 'left']);
    for (const it of [...c.items, ...c.writtenOffItems]) {
      const d = it.debit;
      derived ||= d.dueDateDerived;
      t.push([
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
    if (c.unapplied !== 0) t.push([l.unapplied, '', '', '', formatAmount(c.unapplied, lang), '', '', '']);
    t.push([paint.bold(l.total), '', '', '', paint.bold(formatAmount(c.total, lang)), '', '', '']);
    out += `${t.toString()}\n`;
  }
  if (derived) out += `${l.derived}\n`;
  return out + unidentifiedSection(input, paint);
}
