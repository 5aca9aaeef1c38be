import { existsSync, readFileSync } from '../fs.ts';
import { basename, relative, resolve } from 'node:path';
import { referenceKey } from '../core/compare.ts';
import { dayFromIso, isoFromDay, type Day } from '../core/dates.ts';
import { deadlineOf, noticeFor } from '../core/dunning.ts';
import type { Context } from '../context.ts';
import type { ESCALATE, OptionsOf } from '../program.ts';
import { InputError, UsageError } from '../errors.ts';
import { loadConfig, journalPath } from '../io/config.ts';
import { Journal } from '../io/journal.ts';
import { loadLedger } from '../io/load-ledger.ts';
import { ensureOutbox, writeOutboxFile } from '../io/private-files.ts';
import { message } from '../render/messages.ts';
import { formatAmount, formatDate } from '../render/format.ts';
import { ledgerLoadOptions, resolveAsOf, resolveLang, resolvePaths } from './common.ts';
import { agedLedger, communications, dunningInput, dunningSettings, knowsCustomer } from './dunning-context.ts';

/** The options of `ar escalate`, as declared in src/program.ts. */
export type EscalateOptions = OptionsOf<typeof ESCALATE.options>;

/**
 * `ar escalate <customer>` / `--all`: the dossier a collection agency or a lawyer needs (a workbook
 * and a PDF summary, with copies of the letters of formal notice), in `--out` (default ./dossiers),
 * recorded in the journal. A debt is handed over once: an invoice already in a dossier is refused
 * (with --all, its customer is passed over and listed) unless --again. `--all` takes the customers
 * whose last notice went and whose deadline has passed.
 */
export async function escalateCommand(customerId: string | undefined, o: EscalateOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  if ((customerId === undefined) === !o.all) throw new UsageError('escalate_which');
  const paths = resolvePaths([], o, config);
  if (paths === null) throw new UsageError('no_invoices');
  const settings = dunningSettings(config, ctx.env);
  const loaded = await loadLedger(paths, config, ledgerLoadOptions(o, config, ctx, lang));
  if (customerId !== undefined && !knowsCustomer(loaded, customerId)) {
    throw new InputError('unknown_customer', { value: customerId, file: relative(ctx.cwd, paths.customers ?? paths.invoices) || '.' });
  }
  const { aged } = agedLedger(loaded, asOf);
  const jpath = journalPath(o.journal, config, ctx.cwd);
  if (!existsSync(jpath) && o.all) {
    ctx.stdout.write(`${message('escalate_none', {}, lang)}\n`);
    return 0;
  }
  const journal = Journal.open(jpath);
  try {
    const history = journal.history();
    const input = dunningInput(settings, loaded, aged, history, lang);
    const comms = communications(settings, loaded, aged);
    // Who: the one named, or every customer whose last notice went and whose deadline has passed.
    let targets: string[];
    if (customerId !== undefined) targets = [customerId];
    else {
      targets = [];
      for (const cur of aged.currencies) {
        for (const c of cur.customers) {
          const last = c.items.map((i) => ({ key: referenceKey(i.debit.number), level: history.lastLevel.get(referenceKey(i.debit.number)) ?? 0 })).filter((x) => x.level >= 4);
          if (last.length === 0 || targets.includes(c.customerId)) continue;
          const type = loaded.customers.get(c.customerId)?.type ?? settings.defaultCustomerType;
          const deadline = deadlineOf(4, settings.policy, settings.country, type) ?? 0;
          const sent = Math.max(...last.map((x) => history.levelDays?.get(x.key)?.get(4) ?? asOf));
          if (asOf >= sent + settings.policy.deliveryDays + deadline + 1) targets.push(c.customerId);
        }
      }
    }
    if (targets.length === 0) ctx.stdout.write(`${message('escalate_none', {}, lang)}\n`);
    for (const id of targets) {
      const notice = noticeFor(input, id);
      if (notice === null) {
        if (customerId !== undefined) throw new InputError('nothing_overdue', { value: id });
        continue;
      }
      const keys = notice.invoices.map((p) => referenceKey(p.item.debit.number));
      const earlier = journal.handoversOf(keys);
      if (earlier.length > 0 && !o.again) {
        const h = earlier[earlier.length - 1]!;
        const day = dayFromIso(h.day);
        const params = { customer: id, date: day === null ? h.day : formatDate(day, lang), files: h.files, invoices: h.invoices.map((i) => i.invoice).join(', ') };
        if (customerId !== undefined) throw new InputError('already_handed_over', params);
        ctx.stdout.write(`${message('escalate_skipped', params, lang)}\n`);
        continue;
      }
      if (notice.assumedRates.length > 0 && !settings.confirmAssumedRates) {
        const params = { value: id, halves: notice.assumedRates.join(', ') };
        if (customerId !== undefined) throw new InputError('letter_assumed_rate', params);
        ctx.stdout.write(`! ${message('letter_assumed_rate', params, lang)}\n`);
        continue;
      }
      const { dossierModel } = await import('../render/dossier.ts');
      const { dossierXlsx, dossierPdf } = await import('../io/dossier-files.ts');
      const { safeFileName } = await import('../render/remind.ts');
      const dir = resolve(ctx.cwd, o.out ?? 'dossiers', safeFileName(`${id}-${isoFromDay(asOf)}`));
      ensureOutbox(dir);
      const rows = journal.contacts('WHERE c.customer_id = ?', id);
      // Copies of the letters of formal notice kept in the journal, beside the dossier.
      const letters: { day: string; file: string }[] = [];
      for (const r of rows) {
        if (r.kind !== 'letter' || r.detail === null || !existsSync(r.detail)) continue;
        const copy = writeOutboxFile(dir, basename(r.detail).replace(/\.pdf$/i, ''), '.pdf', readFileSync(r.detail));
        letters.push({ day: r.day, file: basename(copy) });
      }
      const model = dossierModel({ notice, firm: settings.firm, country: settings.country, asOf, history: rows, letters, communications: comms, lang });
      const base = safeFileName(`dossier-${id}-${isoFromDay(asOf)}`);
      const xlsx = writeOutboxFile(dir, base, '.xlsx', await dossierXlsx(model, settings.firm.name, ctx.now()));
      const pdf = writeOutboxFile(dir, base, '.pdf', await dossierPdf(model, ctx.now(), `${base}.pdf`));
      const due = notice.overdue + notice.interest + notice.indemnity;
      journal.recordHandover({
        at: ctx.now().toISOString(),
        day: asOf as Day,
        customerId: id,
        currency: notice.currency,
        files: `${xlsx}; ${pdf}`,
        amount: due,
        invoices: notice.invoices.map((p) => ({ invoice: p.item.debit.number, open: p.item.debit.open })),
      });
      ctx.stdout.write(`${message('escalate_written', { customer: id, count: notice.invoices.length, total: `${formatAmount(due, lang)} ${notice.currency}`, xlsx, pdf }, lang)}\n`);
    }
    return 0;
  } finally {
    journal.close();
  }
}
