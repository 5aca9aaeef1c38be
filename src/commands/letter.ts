import { relative, resolve } from 'node:path';
import { noticeFor } from '../core/dunning.ts';
import type { Context } from '../context.ts';
import type { LETTER, OptionsOf } from '../program.ts';
import { InputError, UsageError } from '../errors.ts';
import { loadConfig, journalPath } from '../io/config.ts';
import { Journal } from '../io/journal.ts';
import { loadLedger } from '../io/load-ledger.ts';
import { ensureOutbox, writeOutboxFile } from '../io/private-files.ts';
import { message } from '../render/messages.ts';
import { formatAmount } from '../render/format.ts';
import { ledgerLoadOptions, resolveAsOf, resolveLang, resolvePaths } from './common.ts';
import { agedLedger, communications, dunningInput, dunningSettings, knowsCustomer } from './dunning-context.ts';

/** The options of `ar letter`, as declared in src/program.ts. */
export type LetterOptions = OptionsOf<typeof LETTER.options>;

/**
 * `ar letter <customer>`: the registered letter of formal notice (mise en demeure) for a customer's
 * overdue invoices as of the date, as a PDF in the outbox (`--outbox`, else the config's "letters",
 * else ./letters), recorded in the journal. It quotes an assumed rate only when the config confirms it.
 */
export async function letterCommand(customerId: string, o: LetterOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  const paths = resolvePaths([], o, config);
  if (paths === null) throw new UsageError('no_invoices');
  const settings = dunningSettings(config, ctx.env);
  const loaded = await loadLedger(paths, config, ledgerLoadOptions(o, config, ctx, lang));
  if (!knowsCustomer(loaded, customerId)) {
    throw new InputError('unknown_customer', { value: customerId, file: relative(ctx.cwd, paths.customers ?? paths.invoices) || '.' });
  }
  const { aged } = agedLedger(loaded, asOf);
  const jpath = journalPath(o.journal, config, ctx.cwd);
  const journal = Journal.open(jpath);
  try {
    const input = dunningInput(settings, loaded, aged, journal.history(), lang);
    const notice = noticeFor(input, customerId, o.currency ?? null);
    if (notice === null) throw new InputError('nothing_overdue', { value: customerId });
    if (notice.assumedRates.length > 0 && !settings.confirmAssumedRates) {
      throw new InputError('letter_assumed_rate', { value: customerId, halves: notice.assumedRates.join(', ') });
    }
    const { letterModel, letterFileName } = await import('../render/letter.ts');
    const { letterPdf } = await import('../io/letter-pdf.ts');
    const { safeFileName } = await import('../render/remind.ts');
    const comms = communications(settings, loaded, aged);
    const model = letterModel(notice, settings.firm, settings.country, asOf, comms);
    const base = safeFileName(letterFileName(customerId, asOf, notice.language));
    const pdf = await letterPdf(model, `${base}.pdf`, ctx.now());
    const dir = resolve(ctx.cwd, o.outbox ?? config.letters ?? 'letters');
    ensureOutbox(dir);
    const file = writeOutboxFile(dir, base, '.pdf', pdf);
    const due = notice.overdue + notice.interest + notice.indemnity;
    journal.recordWith(
      {
        at: ctx.now().toISOString(),
        day: asOf,
        customerId,
        currency: notice.currency,
        kind: 'letter',
        level: notice.level,
        amount: due,
        detail: file,
        assumedRates: notice.assumedRates.length ? `${settings.country} ${notice.rateKind} ${notice.assumedRates.join(', ')}` : null,
      },
      notice.invoices.map((p) => ({ invoice: p.item.debit.number, level: p.level, open: p.item.debit.open })),
    );
    if (model.noAddress) ctx.stderr.write(`! ${message('letter_no_address', { customer: customerId }, lang)}\n`);
    if (notice.assumedRates.length > 0) ctx.stderr.write(`! ${message('letter_assumed_confirmed', { halves: notice.assumedRates.join(', ') }, lang)}\n`);
    ctx.stdout.write(`${message('letter_written', { file, customer: customerId, count: notice.invoices.length, total: `${formatAmount(due, lang)} ${notice.currency}` }, lang)}\n`);
    return 0;
  } finally {
    journal.close();
  }
}
