import { existsSync } from '../fs.ts';
import { ageOpenItems } from '../core/aging.ts';
import { allocateLedger } from '../core/allocate.ts';
import { paymentBehaviour } from '../core/behaviour.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import { loadConfig } from '../io/config.ts';
import { loadLedger } from '../io/load-ledger.ts';
import { journalPath } from '../io/config.ts';
import { customersCsv, customersJson, customersText, type CustomersView } from '../render/analyses.ts';
import { forTerminal, ledgerLoadOptions, paintFor, resolveAsOf, resolveLang, resolvePaths, type LedgerOptions } from './common.ts';

export interface CustomersOptions extends LedgerOptions {
  readonly format?: string;
}

/** `ar customers`: payment behaviour, credit use and a risk grade per customer, worst first. */
export async function customersCommand(file: string | readonly string[] | undefined, o: CustomersOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  const format = o.format ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'csv') throw new UsageError('bad_choice', { option: '--format', value: format, choices: 'table, json, csv' });
  const paths = resolvePaths(file, o, config);
  if (paths === null) throw new UsageError('no_invoices');
  const loaded = await loadLedger(paths, config, ledgerLoadOptions(o, config, ctx, lang));
  const allocation = allocateLedger(loaded.ledger, asOf);
  const rows = paymentBehaviour(allocation, ageOpenItems(allocation), loaded.customers);
  let contacts = new Map<string, string>();
  const jpath = journalPath(o.journal, config, ctx.cwd);
  if (existsSync(jpath)) {
    const { Journal } = await import('../io/journal.ts');
    const j = Journal.open(jpath);
    try {
      contacts = j.lastContacts(asOf);
    } finally {
      j.close();
    }
  }
  const view: CustomersView = { asOf, rows, name: loaded.nameOf, lastContact: (id) => contacts.get(id) ?? null };
  if (format === 'json') ctx.stdout.write(`${JSON.stringify(customersJson(view), null, 2)}\n`);
  else if (format === 'csv') ctx.stdout.write(customersCsv(view));
  else ctx.stdout.write(forTerminal(ctx, customersText(view, lang, await paintFor(ctx))));
  return 0;
}
