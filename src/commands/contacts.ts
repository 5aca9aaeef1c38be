import { existsSync } from 'node:fs';
import { dayFromIso } from '../core/dates.ts';
import { parseAmount } from '../core/import/amounts.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import { loadConfig } from '../io/config.ts';
import { Journal } from '../io/journal.ts';
import { journalPath } from '../io/remind-config.ts';
import { contactsTable } from '../render/contacts.ts';
import { forTerminal, resolveLang } from './common.ts';

/** `ar dispute`, `ar promise`, `ar note`, `ar log`: what is said to and of customers, in the journal. */

interface JournalOptions {
  readonly journal?: string;
  readonly config?: string;
  readonly lang?: string;
  readonly customer?: string;
}

function open(o: JournalOptions, ctx: Context): Journal {
  const config = loadConfig(o.config, ctx.cwd);
  return Journal.open(journalPath(o.journal, config, ctx.cwd));
}

export async function disputeCommand(invoice: string, o: JournalOptions & { reason?: string; close?: boolean }, ctx: Context): Promise<number> {
  const j = open(o, ctx);
  try {
    const at = ctx.now().toISOString();
    const customerId = o.customer ?? '';
    if (o.close) {
      if (!j.closeDispute(invoice, ctx.today)) throw new UsageError('no_open_dispute', { value: invoice });
      j.record({ at, day: ctx.today, customerId, kind: 'dispute_closed', detail: invoice });
    } else {
      j.openDispute(invoice, o.reason ?? null, ctx.today);
      j.record({ at, day: ctx.today, customerId, kind: 'dispute', detail: `${invoice}${o.reason ? `: ${o.reason}` : ''}` });
    }
    return 0;
  } finally {
    j.close();
  }
}

export async function promiseCommand(target: string, o: JournalOptions & { until?: string; amount?: string }, ctx: Context): Promise<number> {
  if (o.until === undefined) throw new UsageError('missing_option', { option: '--until' });
  const until = dayFromIso(o.until);
  if (until === null) throw new UsageError('bad_date', { option: '--until', value: o.until });
  let amount: number | null = null;
  if (o.amount !== undefined) {
    const r = parseAmount(o.amount, o.amount.includes(',') && !o.amount.includes('.') ? ',' : '.');
    if (!r.ok || r.cents <= 0) throw new UsageError('bad_amount', { option: '--amount', value: o.amount });
    amount = r.cents;
  }
  const j = open(o, ctx);
  try {
    // The target is an invoice number or a customer id: the promise covers whichever it names.
    j.addPromise({ invoice: target, customerId: target, until, amount, on: ctx.today });
    j.record({ at: ctx.now().toISOString(), day: ctx.today, customerId: o.customer ?? target, kind: 'promise', amount, detail: `${target} → ${o.until}` });
    return 0;
  } finally {
    j.close();
  }
}

export async function noteCommand(customer: string, text: string, o: JournalOptions, ctx: Context): Promise<number> {
  const j = open(o, ctx);
  try {
    j.record({ at: ctx.now().toISOString(), day: ctx.today, customerId: customer, kind: 'note', detail: text });
    return 0;
  } finally {
    j.close();
  }
}

export async function logCommand(customer: string | undefined, o: JournalOptions & { format?: string }, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const path = journalPath(o.journal, config, ctx.cwd);
  const format = o.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError('bad_choice', { option: '--format', value: format, choices: 'table, json' });
  if (!existsSync(path)) throw new UsageError('no_journal', { file: path });
  const j = Journal.open(path);
  try {
    const rows = customer === undefined ? j.contacts() : j.contacts('WHERE c.customer_id = ?', customer);
    if (format === 'json') ctx.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else ctx.stdout.write(forTerminal(ctx, contactsTable(rows, lang)));
    return 0;
  } finally {
    j.close();
  }
}
