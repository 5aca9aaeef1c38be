import { existsSync } from '../fs.ts';
import { relative } from 'node:path';
import { isoFromDay, type Day } from '../core/dates.ts';
import { parseAmount } from '../core/import/amounts.ts';
import { parseDateText } from '../core/import/dates-text.ts';
import type { Context } from '../context.ts';
import { InputError, UsageError } from '../errors.ts';
import { loadConfig, journalPath } from '../io/config.ts';
import { Journal } from '../io/journal.ts';
import { contactsTable, logJson } from '../render/contacts.ts';
import { message } from '../render/messages.ts';
import { formatAmount, formatDate } from '../render/format.ts';
import type { DISPUTE, LOG, NOTE, OptionsOf, PROMISE } from '../program.ts';
import { forTerminal, outputWidth, resolveLang, resolvePaths } from './common.ts';

/** `ar dispute`, `ar promise`, `ar note`, `ar log`: what is said to and of customers, in the journal. */

type DisputeOptions = OptionsOf<typeof DISPUTE.options>;
type PromiseOptions = OptionsOf<typeof PROMISE.options>;
type NoteOptions = OptionsOf<typeof NOTE.options>;
type LogOptions = OptionsOf<typeof LOG.options>;
/** What every command of the journal takes: the journal, the config, the language. */
type JournalOptions = Pick<LogOptions, 'journal' | 'config' | 'lang'>;
/** `ar dispute`, `ar promise` and `ar note` check what they name against the ledger when one is known. */
type CheckOptions = JournalOptions & Pick<NoteOptions, 'invoices' | 'customers'> & { readonly customer?: string };

function open(o: JournalOptions, ctx: Context): Journal {
  const config = loadConfig(o.config, ctx.cwd);
  return Journal.open(journalPath(o.journal, config, ctx.cwd));
}

/** What the ledger knows of a name: the invoice's customer, and whether it is a customer id. Null: no ledger. */
interface Known {
  readonly file: string;
  /** The customer of the invoice with that number (reference key), if there is one. */
  readonly invoiceOf: string | null;
  readonly isCustomer: boolean;
}

/** Reads the invoices (and customers) named by the options or the config; null when none is named. */
async function lookUp(name: string, o: CheckOptions, ctx: Context): Promise<Known | null> {
  const config = loadConfig(o.config, ctx.cwd);
  const paths = resolvePaths([], { invoices: o.invoices, customers: o.customers }, config);
  if (paths === null) return null;
  const { loadLedger } = await import('../io/load-ledger.ts');
  // Only the invoices and customers are needed: the payments are not read.
  const loaded = await loadLedger({ invoices: paths.invoices, customers: paths.customers }, config, { skipInvalid: false, lang: resolveLang(o.lang, config, ctx.env) });
  const { ledger } = loaded;
  const row = ledger.invoiceRow(name);
  return {
    file: relative(ctx.cwd, paths.invoices) || paths.invoices,
    invoiceOf: row < 0 ? null : ledger.customerIds[ledger.invoiceCustomer[row]!]!,
    isCustomer: loaded.customers.has(name) || ledger.customerIndex(name) >= 0,
  };
}

export async function disputeCommand(invoice: string, o: DisputeOptions, ctx: Context): Promise<number> {
  const lang = resolveLang(o.lang, loadConfig(o.config, ctx.cwd), ctx.env);
  // A dispute on a mistyped number would hold nothing and say nothing: with a ledger it is refused.
  const known = await lookUp(invoice, o, ctx);
  if (known && known.invoiceOf === null && !o.close) throw new InputError('unknown_invoice', { value: invoice, file: known.file });
  const j = open(o, ctx);
  try {
    const at = ctx.now().toISOString();
    if (o.close) {
      const closed = j.closeDispute(invoice, ctx.today);
      if (!closed) throw new UsageError('no_open_dispute', { value: invoice });
      // Recorded under its customer: the one it was opened for, else the ledger's, else --customer.
      const customerId = closed.customerId ?? j.disputeCustomer(closed.invoice) ?? known?.invoiceOf ?? o.customer ?? '';
      j.record({ at, day: ctx.today, customerId, kind: 'dispute_closed', detail: closed.invoice });
      ctx.stdout.write(`${message('dispute_closed_recorded', { invoice: closed.invoice, customer: customerId || '?' }, lang)}\n`);
    } else {
      const customerId = o.customer ?? known?.invoiceOf ?? '';
      j.openDispute(invoice, o.reason ?? null, ctx.today, customerId || null);
      j.record({ at, day: ctx.today, customerId, kind: 'dispute', detail: `${invoice}${o.reason ? `: ${o.reason}` : ''}` });
      ctx.stdout.write(`${message('dispute_recorded', { invoice, customer: customerId || '?', reason: o.reason ?? '' }, lang)}\n`);
      if (!known) ctx.stderr.write(`! ${message('dispute_not_checked', { value: invoice }, lang)}\n`);
    }
    return 0;
  } finally {
    j.close();
  }
}

/**
 * A date as typed by a person, in the forms the ledgers are read in: `2026-11-30`, `30/11/2026`,
 * `30.11.2026`, `30-11-26`, `20261130` (day before month, as in France and Belgium).
 */
function typedDate(option: string, text: string): Day {
  const d = parseDateText(text.trim(), 'dmy');
  if (d === null) throw new UsageError('bad_date_forms', { option, value: text });
  return d;
}

/**
 * What a promise covers. With a ledger: an invoice number of the ledger is that invoice, a customer
 * id that customer's whole account; a name that is both needs `--customer` (the same id: the
 * customer; another: the invoice); a name that is neither is refused. Without a ledger, `--customer`
 * decides the same way; else the promise is recorded unresolved and `ar remind` reads it as an
 * invoice when an open invoice has that number, else as a customer.
 */
function promiseTarget(target: string, customer: string | undefined, known: Known | null): { invoice: string | null; customerId: string; target: 'invoice' | 'customer' | null } {
  if (known) {
    const isInvoice = known.invoiceOf !== null;
    if (isInvoice && known.isCustomer && customer === undefined) throw new UsageError('promise_ambiguous', { value: target });
    if (isInvoice && (!known.isCustomer || customer !== target)) return { invoice: target, customerId: known.invoiceOf!, target: 'invoice' };
    if (known.isCustomer) return { invoice: null, customerId: target, target: 'customer' };
    throw new InputError('unknown_promise_target', { value: target, file: known.file });
  }
  if (customer === target) return { invoice: null, customerId: target, target: 'customer' };
  if (customer !== undefined) return { invoice: target, customerId: customer, target: 'invoice' };
  return { invoice: target, customerId: target, target: null };
}

export async function promiseCommand(target: string, o: PromiseOptions, ctx: Context): Promise<number> {
  if (o.until === undefined) throw new UsageError('missing_option', { option: '--until' });
  const until = typedDate('--until', o.until);
  let amount: number | null = null;
  if (o.amount !== undefined) {
    const r = parseAmount(o.amount, o.amount.includes(',') && !o.amount.includes('.') ? ',' : '.');
    if (!r.ok || r.cents <= 0) throw new UsageError('bad_amount', { option: '--amount', value: o.amount });
    amount = r.cents;
  }
  const lang = resolveLang(o.lang, loadConfig(o.config, ctx.cwd), ctx.env);
  const known = await lookUp(target, o, ctx);
  const p = promiseTarget(target, o.customer, known);
  const j = open(o, ctx);
  try {
    j.addPromise({ ...p, until, amount, on: ctx.today });
    j.record({ at: ctx.now().toISOString(), day: ctx.today, customerId: p.customerId, kind: 'promise', amount, detail: `${target} → ${isoFromDay(until)}` });
    const what = p.target === 'customer' ? 'customer' : p.target === 'invoice' ? 'invoice' : 'unresolved';
    ctx.stdout.write(`${message(`promise_recorded_${what}`, { target, customer: p.customerId, until: formatDate(until, lang), amount: amount === null ? '' : formatAmount(amount, lang) }, lang)}\n`);
    if (p.target === null) ctx.stderr.write(`! ${message('promise_not_checked', { value: target }, lang)}\n`);
    return 0;
  } finally {
    j.close();
  }
}

export async function noteCommand(customer: string, text: string, o: NoteOptions, ctx: Context): Promise<number> {
  const lang = resolveLang(o.lang, loadConfig(o.config, ctx.cwd), ctx.env);
  // With a ledger, a note for a customer it does not know is refused: a typo would file it where nobody looks.
  const known = await lookUp(customer, o, ctx);
  if (known && !known.isCustomer) throw new InputError('unknown_customer', { value: customer, file: known.file });
  const j = open(o, ctx);
  try {
    j.record({ at: ctx.now().toISOString(), day: ctx.today, customerId: customer, kind: 'note', detail: text });
    ctx.stdout.write(`${message('note_recorded', { customer, text }, lang)}\n`);
    if (!known) ctx.stderr.write(`! ${message('note_not_checked', { value: customer }, lang)}\n`);
    return 0;
  } finally {
    j.close();
  }
}

export async function logCommand(customer: string | undefined, o: LogOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const path = journalPath(o.journal, config, ctx.cwd);
  const format = o.format;
  if (!existsSync(path)) {
    // A journal named on purpose (--journal, the config) that is not there is a missing file; the
    // default ar.db not there yet means only that nothing was recorded in this folder.
    if (o.journal !== undefined || config.journal !== undefined) throw new InputError('no_journal', { file: path });
    ctx.stdout.write(format === 'json' ? '[]\n' : contactsTable([], lang));
    return 0;
  }
  const j = Journal.open(path);
  try {
    const rows = customer === undefined ? j.contacts() : j.contacts('WHERE c.customer_id = ?', customer);
    if (format === 'json') ctx.stdout.write(`${JSON.stringify(logJson(rows), null, 2)}\n`);
    else ctx.stdout.write(forTerminal(ctx, contactsTable(rows, lang, outputWidth(ctx))));
    return 0;
  } finally {
    j.close();
  }
}
