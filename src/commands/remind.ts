import { jsonChunks, writeChunks } from '../render/json-stream.ts';
import { existsSync } from '../fs.ts';
import { resolve } from 'node:path';
import type { Allocation } from '../core/allocate.ts';
import { assertNotInput, ledgerInputs } from '../io/outputs.ts';
import { type Day, isoFromDay, day } from '../core/dates.ts';
import { dunningPlan, emptyHistory, FORMAL_NOTICE_LEVEL, type DunningPlan, type PlannedEmail } from '../core/dunning.ts';
import type { Language } from '../core/types.ts';
import type { Context } from '../context.ts';
import type { OptionsOf, REMIND } from '../program.ts';
import { DeliveryError, InputError, UsageError } from '../errors.ts';
import { loadConfig, journalPath } from '../io/config.ts';
import { Journal } from '../io/journal.ts';
import type { TemplateName } from '../io/email-templates.ts';
import { loadLedger } from '../io/load-ledger.ts';
import { ensureOutbox, writeOutboxFile } from '../io/private-files.ts';
import { formatProblem, message as say } from '../render/messages.ts';
import { remindJson, remindTable, type RemindOutcome, type SendResult } from '../render/remind.ts';
import type { FailureKind } from '../io/mailer.ts';
import { ledgerProblems, forTerminal, ledgerLoadOptions, outputWidth, paintFor, reportProblems, resolveAsOf, resolveLang, resolvePaths } from './common.ts';
import { senderAddress } from '../io/remind-config.ts';
import { agedLedger, communications, dunningInput, dunningSettings, type DunningSettings } from './dunning-context.ts';

/** The options of `ar remind`, as declared in src/program.ts. */
export type RemindOptions = OptionsOf<typeof REMIND.options>;

/**
 * `ar remind`: plan today's reminders and, with --outbox or --send, write or send them exactly once.
 * Without either it is a dry run: it prints the same selection and records nothing.
 */
export async function remindCommand(o: RemindOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  const format = o.format;
  if (o.send && o.outbox !== undefined) throw new UsageError('send_and_outbox');
  const mode: RemindOutcome['mode'] = o.send ? 'send' : o.outbox !== undefined ? 'outbox' : 'dry-run';
  const paths = resolvePaths([], o, config);
  if (paths === null) throw new UsageError('no_invoices');
  // Nothing written over an input: the journal, the outbox; checked before anything else.
  const jpath = journalPath(o.journal, config, ctx.cwd);
  const inputs = ledgerInputs(paths, config, ctx.cwd);
  assertNotInput(o.journal !== undefined ? '--journal' : 'journal', o.journal ?? jpath, inputs, ctx.cwd);
  if (o.outbox !== undefined) assertNotInput('--outbox', o.outbox, inputs, ctx.cwd);

  // What is needed to send is checked before anything is read or locked.
  const smtp = mode === 'send' ? (await import('../io/mailer.ts')).smtpSettings(ctx.env) : null;
  const from = mode === 'dry-run' ? null : senderAddress(ctx.env, config);
  const settings = dunningSettings(config, ctx.env);

  const loaded = await loadLedger(paths, config, ledgerLoadOptions(o, config, ctx, lang));
  const { allocation, aged } = agedLedger(loaded, asOf);

  const journal = mode === 'dry-run' ? Journal.openIfExists(jpath, existsSync(jpath)) : Journal.open(jpath);
  try {
    if (journal && mode !== 'dry-run') journal.lock(Number(ctx.env.AR_LOCK_WAIT_MS ?? '5000'));
    // Intents of a run that died between recording and acceptance: reported, not resent blindly.
    const uncertain = journal && mode !== 'dry-run' ? journal.markUncertain() : (journal?.contacts("WHERE c.status IN ('intent','uncertain')") ?? []);
    const retrying = o.retryUncertain === true && mode !== 'dry-run';
    // Said at once, on stderr: a run killed before its table still leaves the doubt in the log.
    if (mode !== 'dry-run' && uncertain.length > 0) {
      const { uncertainNotice } = await import('../render/remind.ts');
      ctx.stderr.write(`! ${uncertainNotice(uncertain, retrying, lang)}\n`);
    }
    const history = journal?.history(retrying) ?? emptyHistory();
    const settledAfterReminder = settledSinceReminded(journal?.remindedInvoices() ?? new Set<string>(), allocation);
    const defaultLanguage: Language = lang;
    const plan: DunningPlan = dunningPlan({ ...dunningInput(settings, loaded, aged, history, defaultLanguage), settledAfterReminder });

    const outcome: RemindOutcome = {
      mode,
      asOf,
      plan,
      lang,
      names: loaded.nameOf,
      results: new Map(),
      uncertain,
      retried: retrying,
      stopped: null,
    };

    const lettersDir = o.outbox ?? config.letters ?? 'letters';
    if (mode !== 'dry-run' && journal) {
      await deliver(plan, outcome, {
        journal,
        ctx,
        settings,
        from: from!,
        smtp,
        outbox: o.outbox ?? null,
        letters: lettersDir,
        config,
        retrying,
        communications: communications(settings, loaded, aged),
      });
    }
    // What --retry-uncertain did not resend is no longer due: released (unless the run stopped short).
    if (journal && retrying && outcome.stopped === null) journal.releaseUncertain();
    // Skips are part of the record of a real run: one line per customer at most, and only when it
    // says something new (a daily run that finds a customer as it was yesterday records nothing).
    if (journal && mode !== 'dry-run') recordSkips(journal, plan, ctx.now().toISOString());

    const problems = ledgerProblems(loaded, allocation).map((p) => formatProblem(p, lang));
    if (format === 'json') {
      // In chunks, an e-mail at a time: a plan of a million invoices is longer than the longest string.
      writeChunks(jsonChunks(remindJson(outcome), 0, 2), (s) => ctx.stdout.write(s));
      ctx.stdout.write('\n');
    } else ctx.stdout.write(forTerminal(ctx, remindTable(outcome, await paintFor(ctx), outputWidth(ctx))));
    await reportProblems(problems, o, ctx, lang);

    const results = [...outcome.results.values()];
    const failed = results.filter((r) => r.status === 'failed' || r.status === 'bounced').length;
    const lost = results.filter((r) => r.status === 'uncertain').length;
    if (outcome.stopped !== null) throw new DeliveryError(STOPPED[outcome.stopped.reason], { detail: outcome.stopped.detail, host: smtp?.url.hostname ?? '' });
    if (lost > 0) throw new DeliveryError('some_uncertain', { uncertain: lost, count: failed });
    if (failed > 0) throw new DeliveryError('some_failed', { count: failed });
    return 0;
  } finally {
    journal?.close();
  }
}

/** Invoices reminded and paid since (for the thank-yous): looked up one by one, not by making every settled invoice. */
function settledSinceReminded(reminded: ReadonlySet<string>, allocation: Allocation): { invoice: string; customerId: string; currency: string }[] {
  const { ledger, asOf } = allocation;
  const out: { invoice: string; customerId: string; currency: string }[] = [];
  for (const key of reminded) {
    const row = ledger.invoiceRow(key);
    if (row < 0 || ledger.invoiceIssue[row]! > asOf || allocation.arrays.debitOpen[row] !== 0) continue;
    const a = ledger.invoiceAccount[row]!;
    out.push({ invoice: ledger.invoiceNumber.at(row), customerId: ledger.accountCustomer[a]!, currency: ledger.accountCurrency[a]! });
  }
  return out;
}

/** The skips of a run, one line per customer in the journal, read by people (`ar log`): days as dates, not day numbers. */
function recordSkips(journal: Journal, plan: DunningPlan, at: string): void {
  const byCustomer = new Map<string, { currencies: string[]; texts: string[]; overdue: number }>();
  for (const s of plan.skips) {
    const detail = (s.reason === 'too_soon' || s.reason === 'deadline') && s.detail !== null ? isoFromDay(day(Number(s.detail))) : s.detail;
    const e = byCustomer.get(s.customerId) ?? { currencies: [], texts: [], overdue: 0 };
    e.currencies.push(s.currency);
    e.texts.push(detail ? `${s.reason}: ${detail}` : s.reason);
    e.overdue += s.overdue;
    byCustomer.set(s.customerId, e);
  }
  for (const [customerId, e] of byCustomer) {
    const detail = e.currencies.length === 1 ? e.texts[0]! : e.texts.map((t, i) => `${e.currencies[i]} ${t}`).join('; ');
    journal.recordSkip({ at, day: plan.asOf, customerId, currency: e.currencies.length === 1 ? e.currencies[0]! : null, amount: e.overdue, detail });
  }
}

const STOPPED = { unreachable: 'smtp_unreachable', auth: 'smtp_auth_failed', tls: 'smtp_tls_invalid', plain: 'smtp_plain_refused' } as const;

interface Delivery {
  readonly journal: Journal;
  readonly ctx: Context;
  readonly settings: DunningSettings;
  readonly from: { address: string; name: string | null };
  /** Where the registered letters of formal notice go (the outbox in --outbox mode). */
  readonly letters: string;
  readonly communications: ReadonlyMap<string, string>;
  readonly smtp: import('../io/mailer.ts').SmtpSettings | null;
  readonly outbox: string | null;
  readonly config: ReturnType<typeof loadConfig>;
  readonly retrying: boolean;
}

/** The modules a delivery needs, loaded only then (start-up time). */
async function deliveryTools() {
  return {
    ...(await import('../io/email-templates.ts')),
    ...(await import('../io/mailer.ts')),
    ...(await import('../io/statement-xlsx.ts')),
    ...(await import('../render/reminder-data.ts')),
    ...(await import('../render/statement.ts')),
    safeFileName: (await import('../render/remind.ts')).safeFileName,
  };
}
type Tools = Awaited<ReturnType<typeof deliveryTools>>;
type Attachment = { filename: string; content: Buffer; contentType: string };

/**
 * What goes with an e-mail: a reminder's statement of account (XLSX), and with a formal notice its
 * registered letter (PDF), also kept for printing. A letter that cannot be printed is said, and the
 * e-mail goes without it: one customer's name does not stop the run.
 */
async function attachmentsOf(email: PlannedEmail, plan: DunningPlan, d: Delivery, tools: Tools): Promise<{ attachments: Attachment[]; letter: { file: string; content: Buffer } | null }> {
  const { firm, country } = d.settings;
  const attachments: Attachment[] = [];
  if (email.kind === 'reminder' && email.account) {
    const statement = tools.statementModel(email, firm.name, plan.asOf);
    attachments.push({
      filename: `${tools.safeFileName(statement.file)}.xlsx`,
      content: await tools.statementXlsx(statement, firm.name, plan.asOf),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
  }
  if (!(email.kind === 'reminder' && email.level === FORMAL_NOTICE_LEVEL && email.invoices.some((p) => p.advances && p.level === FORMAL_NOTICE_LEVEL))) return { attachments, letter: null };
  const { letterModel, letterFileName } = await import('../render/letter.ts');
  const { letterPdf } = await import('../io/letter-pdf.ts');
  const file = tools.safeFileName(letterFileName(email.customerId, plan.asOf, email.language));
  const model = letterModel(email, firm, country, plan.asOf, d.communications);
  const lang = email.language === 'fr' ? 'fr' : 'en';
  if (model.noAddress) d.ctx.stderr.write(`! ${say('letter_no_address', { customer: email.customerId }, lang)}\n`);
  try {
    const letter = { file, content: await letterPdf(model, `${file}.pdf`, d.ctx.now()) };
    attachments.push({ filename: `${file}.pdf`, content: letter.content, contentType: 'application/pdf' });
    return { attachments, letter };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    d.ctx.stderr.write(`! ${say(e.code, e.params, lang)}\n`);
    return { attachments, letter: null };
  }
}

/** Records the intent to send, claiming each (invoice, level) the e-mail carries; null when another run already did. */
function recordIntent(email: PlannedEmail, plan: DunningPlan, d: Delivery, runId: string, at: string): number | null {
  const country = d.settings.country;
  return d.journal.recordIntent(
    {
      runId,
      at,
      day: plan.asOf,
      customerId: email.customerId,
      currency: email.currency,
      kind: email.kind,
      level: email.level,
      recipients: [...email.to, ...email.cc].join(', '),
      amount: email.overdue,
      assumedRates: email.assumedRates.length ? `${country} ${email.rateKind} ${email.assumedRates.join(', ')}` : null,
    },
    email.kind === 'thanks'
      ? (email.thankedInvoices ?? []).map((n) => ({ invoice: n, level: 0, open: 0, advances: false }))
      : email.invoices.map((p) => ({ invoice: p.item.debit.number, level: email.kind === 'courtesy' ? 0 : p.level, open: p.item.debit.open, advances: email.kind === 'reminder' && p.advances })),
    d.retrying,
  );
}

/**
 * Writes or sends each planned e-mail exactly once (docs/reminders.md): the intent is recorded before
 * the server is asked, the Message-ID after it accepts; a refusal is a bounce, a connection lost
 * during the data an uncertain send, and a server out of reach stops the run.
 */
async function deliver(plan: DunningPlan, outcome: RemindOutcome, d: Delivery): Promise<void> {
  const tools = await deliveryTools();
  const firm = d.settings.firm;
  const templatesDir = d.config.templates ?? null;
  const domain = d.from.address.split('@')[1] ?? 'localhost';
  const runStamp = d.ctx
    .now()
    .toISOString()
    .replace(/[-:.TZ]/g, '');
  const sender = d.smtp ? tools.smtpSender(d.smtp) : null;
  const killAt = faultPoint(d.ctx.env.AR_FAULT);
  const outboxDir = d.outbox !== null ? resolve(d.ctx.cwd, d.outbox) : null;
  if (outboxDir) ensureOutbox(outboxDir);
  let seq = 0;
  try {
    for (const email of plan.emails) {
      seq++;
      killAt('before-intent');
      const key = `${email.customerId}\u0000${email.currency}\u0000${email.kind}`;
      const name: TemplateName = email.kind === 'reminder' ? (`level-${email.level}` as TemplateName) : email.kind;
      const rendered = await tools.renderEmail(name, email.language, templatesDir, tools.reminderData(email, firm, d.settings.country, plan.asOf, d.communications));
      const { attachments, letter } = await attachmentsOf(email, plan, d, tools);
      const messageId = `<ar.${runStamp}.${seq}.${hashId(email.customerId)}@${domain}>`;
      // The sender is named: the display name of AR_SMTP_FROM, else the firm's name.
      const fromName = d.from.name ?? firm.name;
      const message = {
        from: fromName ? `"${fromName.replace(/["\\\r\n]/g, '')}" <${d.from.address}>` : d.from.address,
        to: email.to,
        cc: email.cc,
        replyTo: firm.email ?? null,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        references: d.journal.threadOf(email.customerId),
        date: d.ctx.now(),
        attachments,
      };
      const at = d.ctx.now().toISOString();
      const id = recordIntent(email, plan, d, runStamp, at);
      if (id === null) {
        outcome.results.set(key, { status: 'skipped', detail: 'already_sent', messageId: null });
        continue;
      }
      killAt('after-intent');
      const keepLetter = (): void => {
        if (letter === null) return;
        const dir = resolve(d.ctx.cwd, d.letters);
        ensureOutbox(dir);
        const path = writeOutboxFile(dir, letter.file, '.pdf', letter.content);
        d.journal.recordWith(
          {
            at,
            day: plan.asOf,
            customerId: email.customerId,
            currency: email.currency,
            kind: 'letter',
            level: FORMAL_NOTICE_LEVEL,
            amount: email.overdue + email.interest + email.indemnity,
            detail: path,
            messageId,
          },
          email.invoices.map((p) => ({ invoice: p.item.debit.number, level: p.level, open: p.item.debit.open })),
        );
      };
      if (outboxDir) {
        const base = tools.safeFileName(`${isoFromDay(plan.asOf)}-${String(seq).padStart(3, '0')}-${email.customerId}-${email.kind === 'reminder' ? `niveau-${email.level}` : email.kind}`);
        const file = writeOutboxFile(outboxDir, base, '.eml', await tools.buildEml(message));
        d.journal.markSent(id, messageId, 'outbox');
        keepLetter();
        outcome.results.set(key, { status: 'outbox', detail: file, messageId });
        continue;
      }
      const r = await sender!.send(message);
      if (r.ok) {
        killAt('after-accept');
        d.journal.markSent(id, messageId);
        killAt('after-record');
        keepLetter();
        outcome.results.set(key, { status: 'sent', detail: r.rejected.length ? `rejected: ${r.rejected.join(', ')}` : null, messageId });
        continue;
      }
      const detail = tools.redact(r.detail, d.smtp);
      outcome.results.set(key, recordFailure(r.kind, detail, id, email, at, plan.asOf, d.journal));
      if (r.kind !== 'refused' && r.kind !== 'uncertain' && r.kind !== 'temporary') {
        outcome.stopped = { reason: r.kind, detail };
        break;
      }
    }
  } finally {
    sender?.close();
  }
}

/**
 * What a send the server did not accept becomes: a refusal (5xx) a bounce, not retried; a connection
 * lost during the data an uncertain send, whose levels stay claimed (the next run reports it,
 * --retry-uncertain resends it); anything else a failure, which a rerun sends.
 */
function recordFailure(kind: FailureKind, detail: string, id: number, email: PlannedEmail, at: string, asOf: Day, journal: Journal): SendResult {
  if (kind === 'refused') {
    journal.markFailed(id, 'bounced', detail);
    journal.record({ at, day: asOf, customerId: email.customerId, currency: email.currency, kind: 'bounce', detail });
    return { status: 'bounced', detail, messageId: null };
  }
  if (kind === 'uncertain') {
    journal.markUncertainSend(id, detail);
    return { status: 'uncertain', detail, messageId: null };
  }
  journal.markFailed(id, 'failed', detail);
  return { status: 'failed', detail, messageId: null };
}

type FaultPoint = 'before-intent' | 'after-intent' | 'after-accept' | 'after-record';

/**
 * Testing hook for the crash tests (AR_FAULT): `kill-at:<point>:<n>` dies by SIGKILL the n-th time
 * the send loop reaches the point (before the intent is recorded, after it and before SMTP, after
 * the server's acceptance and before the record, after the record); `kill-after-send:<n>` is
 * `kill-at:after-accept:<n>`. Without AR_FAULT it does nothing.
 */
function faultPoint(spec: string | undefined): (point: FaultPoint) => void {
  const m = /^kill-at:(before-intent|after-intent|after-accept|after-record):(\d+)$/.exec(spec ?? '') ?? /^kill-after-(send):(\d+)$/.exec(spec ?? '');
  if (!m) return () => {};
  const target = m[1] === 'send' ? 'after-accept' : m[1];
  const n = Number(m[2]);
  let reached = 0;
  return (point) => {
    if (point === target && ++reached >= n) process.kill(process.pid, 'SIGKILL');
  };
}

/** A short stable hash of a customer id for Message-IDs (ids may hold characters a Message-ID cannot). */
function hashId(id: string): string {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}
