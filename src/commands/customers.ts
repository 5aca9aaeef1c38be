import { existsSync } from '../fs.ts';
import { ageOpenItems } from '../core/aging.ts';
import { allocateLedger } from '../core/allocate.ts';
import { paymentBehaviour } from '../core/behaviour.ts';
import type { Context } from '../context.ts';
import type { CUSTOMERS, OptionsOf } from '../program.ts';
import { UsageError } from '../errors.ts';
import { loadConfig } from '../io/config.ts';
import { loadLedger } from '../io/load-ledger.ts';
import { journalPath } from '../io/config.ts';
import { customersCsv, customersJson, customersText, type CustomersView } from '../render/analyses.ts';
import { formatProblem } from '../render/messages.ts';
import { uniqueProblems } from '../render/problems.ts';
import { ledgerProblems, forTerminal, ledgerLoadOptions, outputWidth, paintFor, PHASES, reportProblems, resolveCsvDialect, resolveAsOf, resolveLang, resolvePaths } from './common.ts';

/** The options of `ar customers`, as declared in src/program.ts. */
export type CustomersOptions = OptionsOf<typeof CUSTOMERS.options>;

/** `ar customers`: payment behaviour, credit use and a risk grade per customer, worst first. */
export async function customersCommand(files: readonly string[], o: CustomersOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  const format = o.format;
  if (o.csv !== undefined && format !== 'csv') throw new UsageError('needs_csv_format', { option: '--csv' });
  const paths = resolvePaths(files, o, config);
  if (paths === null) throw new UsageError('no_invoices');
  const loadOptions = ledgerLoadOptions(o, config, ctx, lang);
  const loaded = await loadLedger(paths, config, loadOptions);
  const allocation = allocateLedger(loaded.ledger, asOf, { onProgress: loadOptions.progress.stage(PHASES[lang].allocation) });
  loadOptions.progress.done();
  const problems = uniqueProblems(ledgerProblems(loaded, allocation).map((p) => formatProblem(p, lang)));
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
  const view: CustomersView = { asOf, rows, name: loaded.nameOf, lastContact: (id) => contacts.get(id) ?? null, problems };
  if (format === 'json') ctx.stdout.write(`${JSON.stringify(customersJson(view), null, 2)}\n`);
  else if (format === 'csv') ctx.stdout.write(customersCsv(view, resolveCsvDialect(o.csv, lang)));
  else ctx.stdout.write(forTerminal(ctx, customersText(view, lang, await paintFor(ctx), outputWidth(ctx))));
  await reportProblems(problems, o, ctx, lang, { carried: format === 'json' });
  return 0;
}
