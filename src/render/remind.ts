import { fitNotes, fitTable, type Cell, type Column } from './text-table.ts';
import { dayFromIso, isoFromDay, type Day, day } from '../core/dates.ts';
import type { DunningPlan, HeldReason, PlannedEmail, SkipReason } from '../core/dunning.ts';
import type { InterestPeriod } from '../core/interest.ts';
import { formatCentsPlain } from '../core/money.ts';
import type { ContactRow } from '../model/journal.ts';
import type { Lang } from '../model/lang.ts';
import type { Paint } from './aging-table.ts';
import { formatAmount, formatDate, formatUnits } from './format.ts';
import { wrapText } from './width.ts';
import type { AmountJson, DateJson, Streamed } from './json.ts';
import { lazyMap } from './json-stream.ts';
import type { CustomerType, Language } from '../core/types.ts';

export interface SendResult {
  readonly status: 'sent' | 'outbox' | 'failed' | 'bounced' | 'uncertain' | 'skipped';
  readonly detail: string | null;
  readonly messageId: string | null;
}

/** What a run of `ar remind` planned and did. */
export interface RemindOutcome {
  readonly mode: 'dry-run' | 'outbox' | 'send';
  readonly asOf: Day;
  readonly plan: DunningPlan;
  readonly lang: Lang;
  readonly names: (customerId: string) => string | null;
  /** By customer, currency and kind of e-mail. */
  readonly results: Map<string, SendResult>;
  readonly uncertain: readonly ContactRow[];
  /** The uncertain entries were released for this run to resend (--retry-uncertain). */
  readonly retried: boolean;
  /** Set when the run stopped: the server could not be reached, refused the login, or its TLS. */
  stopped: { readonly reason: 'unreachable' | 'auth' | 'tls' | 'plain'; readonly detail: string } | null;
}

const keyOf = (e: PlannedEmail) => `${e.customerId}\u0000${e.currency}\u0000${e.kind}`;

/** The words of each language. */
const WORDS = {
  fr: {
    title: (mode: RemindOutcome['mode']) =>
      mode === 'dry-run'
        ? 'Relances — simulation : rien n’est envoyé ni enregistré (--outbox ou --send pour agir)'
        : mode === 'outbox'
          ? 'Relances — écrites dans la boîte d’envoi'
          : 'Relances — envoi',
    asOf: 'au',
    head: ['Code', 'Client', 'Devise', 'Niveau', 'Factures', 'Échu', 'Intérêts + indemnités', 'Destinataires', 'Résultat'],
    chargesShort: 'Int. + ind.',
    kinds: { courtesy: 'préavis', thanks: 'remerciement' },
    none: 'Aucune relance à envoyer aujourd’hui.',
    skipped: 'Non relancés',
    held: 'Factures échues que les e-mails ne listent pas',
    heldReasons: { disputed: 'en litige', said_paid: 'dite payée, en tout ou partie, par le fichier', promise: 'promesse en cours', uncertain: 'envoi incertain' } satisfies Record<HeldReason, string>,
    toCall: 'À appeler',
    escalate: 'À transmettre au recouvrement (injonction de payer, société de recouvrement)',
    reasons: {
      credit_balance: 'solde créditeur',
      to_call: 'à appeler',
      too_soon: 'relancé trop récemment',
      disputed: 'en litige',
      promise: 'promesse de paiement en cours',
      said_paid: 'le fichier la dit payée (en tout ou partie), les règlements lus non : donnez-les',
      escalated: 'dernier avis déjà envoyé',
      uncertain: 'envoi incertain lors d’un run précédent',
      up_to_date: 'déjà relancé à ce niveau',
      deadline: 'délai de la dernière lettre en cours',
      assumed_rate: 'taux non publié (supposé) : lettre non envoyée',
    } satisfies Record<SkipReason, string>,
    deadlineUntil: (date: string) => `délai de la dernière lettre en cours : niveau suivant à partir du ${date}`,
    assumed: (who: string, table: string, halves: string, sent: boolean) =>
      `! Taux supposé pour ${who} (${table}, ${halves}) : le dernier taux publié est repris ; ${sent ? 'confirmé par la config (confirmAssumedRates)' : 'lettre non envoyée : donnez le taux publié dans la config (lateInterestRates) ou confirmez-le (confirmAssumedRates)'}`,
    tables: { commercial: 'taux légal des pénalités de retard', legal: 'taux de l’intérêt légal', public: 'intérêts moratoires' } as Record<string, string>,
    detail: { do_not_remind: 'ne pas relancer', no_address: 'pas d’adresse e-mail valide', not_in_customers_file: 'absent du fichier clients' } as Record<string, string>,
    status: { sent: 'envoyé', outbox: 'écrit', failed: 'échec', bounced: 'refusé', uncertain: 'incertain', skipped: 'déjà envoyé' },
    would: 'à envoyer',
    uncertain: (n: number) =>
      `${n} envoi(s) incertain(s) d’un run interrompu (le serveur a pu les accepter) : non renvoyés ; vérifiez la boîte d’envoi, puis relancez avec --retry-uncertain pour les renvoyer.`,
    retried: (n: number) => `${n} envoi(s) incertain(s) d’un run interrompu : renvoyés (--retry-uncertain).`,
    lastEmail: (days: number, min: number) => `dernier e-mail ${days === 0 ? 'aujourd’hui' : days === 1 ? 'hier' : `il y a ${days} jours`} (minimum ${min} jours)`,
    lastEmailOn: (date: string) => `dernier e-mail le ${date}`,
  },
  en: {
    title: (mode: RemindOutcome['mode']) =>
      mode === 'dry-run' ? 'Reminders — dry run: nothing is sent or recorded (--outbox or --send to act)' : mode === 'outbox' ? 'Reminders — written to the outbox' : 'Reminders — sending',
    asOf: 'as of',
    head: ['Id', 'Customer', 'Cur.', 'Level', 'Invoices', 'Overdue', 'Interest + indemnities', 'Recipients', 'Result'],
    chargesShort: 'Int. + ind.',
    kinds: { courtesy: 'courtesy', thanks: 'thank-you' },
    none: 'No reminder to send today.',
    skipped: 'Not reminded',
    held: 'Overdue invoices the e-mails do not list',
    heldReasons: { disputed: 'in dispute', said_paid: 'said paid, in full or in part, by the file', promise: 'promise running', uncertain: 'send uncertain' } satisfies Record<HeldReason, string>,
    toCall: 'To call',
    escalate: 'To hand over for collection (injunction to pay, collection agency)',
    reasons: {
      credit_balance: 'in credit',
      to_call: 'to call',
      too_soon: 'reminded too recently',
      disputed: 'in dispute',
      promise: 'payment promise running',
      said_paid: 'the file says it paid (in full or in part), the payments read do not: give them',
      escalated: 'last notice already sent',
      uncertain: 'send uncertain in an earlier run',
      up_to_date: 'already reminded at this level',
      deadline: 'the last letter’s deadline is running',
      assumed_rate: 'rate not published (assumed): letter not sent',
    } satisfies Record<SkipReason, string>,
    deadlineUntil: (date: string) => `the last letter’s deadline is running: next level from ${date}`,
    assumed: (who: string, table: string, halves: string, sent: boolean) =>
      `! Assumed rate for ${who} (${table}, ${halves}): the last published rate is used; ${sent ? 'confirmed by the config (confirmAssumedRates)' : 'letter not sent: give the published rate in the config (lateInterestRates) or confirm it (confirmAssumedRates)'}`,
    tables: { commercial: 'statutory late-payment rate', legal: 'legal interest rate', public: 'public-procurement late-payment rate' } as Record<string, string>,
    detail: { do_not_remind: 'do not remind', no_address: 'no valid e-mail address', not_in_customers_file: 'not in the customers file' } as Record<string, string>,
    status: { sent: 'sent', outbox: 'written', failed: 'failed', bounced: 'refused', uncertain: 'uncertain', skipped: 'already sent' },
    would: 'to send',
    uncertain: (n: number) => `${n} uncertain send(s) from an interrupted run (the server may have accepted them): not resent; check the sent mail, then run with --retry-uncertain to resend them.`,
    retried: (n: number) => `${n} uncertain send(s) from an interrupted run: resent (--retry-uncertain).`,
    lastEmail: (days: number, min: number) => `last e-mail ${days === 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`} (minimum ${min} days)`,
    lastEmailOn: (date: string) => `last e-mail on ${date}`,
  },
} as const;

/** How long ago the last e-mail went; a run as of a day before it (the journal knows later ones) names its date. */
function tooSoonText(asOf: Day, last: Day, min: number, lang: Lang): string {
  const l = WORDS[lang];
  return asOf >= last ? l.lastEmail(asOf - last, min) : `${l.lastEmailOn(formatDate(last, lang))} (minimum ${min} ${lang === 'fr' ? 'jours' : 'days'})`;
}

/**
 * A skip as the journal records it (`reason` or `reason: detail`, the "too soon" detail the day of
 * the last e-mail: ISO, or a day number in older journals), for people (`ar log`).
 */
export function skipText(detail: string, lang: Lang): string {
  const l = WORDS[lang];
  const m = /^([a-z_]+)(?:: (.*))?$/.exec(detail);
  if (!m || !(m[1]! in l.reasons)) return detail;
  const reason = m[1] as SkipReason;
  const rest = m[2];
  if (rest === undefined) return l.reasons[reason];
  const sep = lang === 'fr' ? ' : ' : ': ';
  if (reason === 'too_soon') {
    const last = /^\d+$/.test(rest) ? day(Number(rest)) : dayFromIso(rest);
    return `${l.reasons.too_soon}${sep}${last === null ? rest : l.lastEmailOn(formatDate(last, lang))}`;
  }
  if (reason === 'deadline') {
    const day = dayFromIso(rest);
    return day === null ? `${l.reasons.deadline}${sep}${rest}` : l.deadlineUntil(formatDate(day, lang));
  }
  return `${l.reasons[reason]}${sep}${l.detail[rest] ?? rest}`;
}

function levelText(e: PlannedEmail, lang: Lang): string {
  const l = WORDS[lang];
  return e.kind === 'reminder' ? String(e.level) : l.kinds[e.kind];
}

/** One line on the uncertain entries a run found, each as `customer #id`. */
export function uncertainNotice(u: readonly ContactRow[], retried: boolean, lang: Lang): string {
  const l = WORDS[lang];
  return `${(retried ? l.retried : l.uncertain)(u.length)} (${u.map((c) => `${c.customerId} #${c.id}`).join(', ')})`;
}

/** The run for people: the e-mails, then who was not reminded and why. */
export function remindTable(o: RemindOutcome, paint: Paint, width: number | null = null): string {
  const l = WORDS[o.lang];
  const lang = o.lang;
  // Prose at the terminal's width (a pipe or a file: as it is); a list's lines indented after their first.
  const prose = (text: string, indent = ''): string => (width === null ? text : wrapText(text, width - indent.length).join(`\n${indent}`));
  let out = `${paint.bold(prose(l.title(o.mode)))}\n${l.asOf} ${formatDate(o.asOf, lang)}\n\n`;
  if (o.uncertain.length > 0) out += `${paint.warn(prose(`! ${(o.retried ? l.retried : l.uncertain)(o.uncertain.length)}`))}\n\n`;
  if (o.plan.emails.length === 0) out += `${l.none}\n`;
  else {
    // Fitted to the terminal: names, invoices and recipients cut first, then the columns a reader can
    // do without, the recipients first (src/render/text-table.ts).
    const h = l.head;
    const columns: Column[] = [
      { head: h[0], key: true, drop: 3 },
      { head: h[1], key: true, min: 12, nameOf: 0 },
      { head: h[2] },
      { head: h[3], align: 'right' },
      { head: h[4], min: 14, drop: 2 },
      { head: h[5], align: 'right' },
      { head: h[6], short: l.chargesShort, align: 'right', drop: 4 },
      { head: h[7], min: 16, drop: 1 },
      { head: h[8], min: 12 },
    ];
    const rows: Cell[][] = [];
    for (const e of o.plan.emails) {
      const r = o.results.get(keyOf(e));
      rows.push([
        e.customerId,
        o.names(e.customerId) ?? '',
        e.currency,
        levelText(e, lang),
        shortList(e.kind === 'thanks' ? [...(e.thankedInvoices ?? [])] : e.invoices.map((p) => `${p.item.debit.number}${e.kind === 'reminder' ? `:${p.level}` : ''}`)),
        amountCell(e.overdue, lang),
        e.interest + e.indemnity > 0 ? amountCell(e.interest + e.indemnity, lang) : '-',
        [...e.to, ...e.cc].join(', '),
        r ? (r.status === 'failed' || r.status === 'bounced' || r.status === 'uncertain' ? paint.bad(`${l.status[r.status]}: ${r.detail ?? ''}`) : l.status[r.status]) : o.stopped ? '-' : l.would,
      ]);
    }
    const t = fitTable(columns, rows, { width });
    out += `${t.text}\n${fitNotes(t, lang, width)}`;
  }
  // A customer as people read it: its id, and its name when it has one other than its id (a file of names only).
  const who = (id: string): string => {
    const name = o.names(id);
    return name && name !== id ? `${id} ${name}` : id;
  };
  // What the e-mails leave out of an account they remind, and why.
  const held = o.plan.emails.filter((e) => e.held.length > 0);
  if (held.length) {
    out += `\n${paint.bold(l.held)}\n`;
    for (const e of held) {
      const list = e.held.map((h) => `${h.number} (${l.heldReasons[h.reason]})`);
      out += `  ${prose(`${who(e.customerId)} — ${list.length <= 5 ? list.join(', ') : `${list.slice(0, 5).join(', ')} +${list.length - 5}`}`, '    ')}\n`;
    }
  }
  const toCall = o.plan.skips.filter((s) => s.reason === 'to_call');
  const escalated = o.plan.skips.filter((s) => s.reason === 'escalated');
  const others = o.plan.skips.filter((s) => s.reason !== 'to_call' && s.reason !== 'escalated' && s.overdue > 0);
  const line = (s: (typeof o.plan.skips)[number], why: string) => `  ${prose(`${who(s.customerId)} — ${formatAmount(s.overdue, lang)} ${s.currency} — ${why}`, '    ')}\n`;
  if (toCall.length) {
    out += `\n${paint.bold(l.toCall)}\n`;
    for (const s of toCall) out += line(s, l.detail[s.detail ?? ''] ?? l.reasons.to_call);
  }
  if (escalated.length) {
    out += `\n${paint.bold(l.escalate)}\n`;
    for (const s of escalated) out += line(s, l.reasons.escalated);
  }
  if (others.length) {
    out += `\n${paint.bold(l.skipped)}\n`;
    for (const s of others) {
      const why =
        s.detail === null
          ? l.reasons[s.reason]
          : s.reason === 'too_soon'
            ? tooSoonText(o.plan.asOf, day(Number(s.detail)), o.plan.minDaysBetween, lang)
            : s.reason === 'deadline'
              ? l.deadlineUntil(formatDate(day(Number(s.detail)), lang))
              : s.reason === 'assumed_rate'
                ? `${l.reasons.assumed_rate} (${s.detail})`
                : l.reasons[s.reason];
      out += line(s, why);
    }
  }
  // An assumed rate is said, whether the letter went (confirmed) or not.
  if (o.plan.assumedRates.length) {
    out += '\n';
    for (const a of o.plan.assumedRates) out += `${paint.warn(prose(l.assumed(who(a.customerId), l.tables[a.table] ?? a.table, a.halfYears.join(', '), a.sent)))}\n`;
  }
  return out;
}

/** An interest period (docs/accounting.md §6.1): its days, base, rate (percent a year, two decimals) and interest. */
interface InterestPeriodJson {
  readonly from: DateJson;
  readonly to: DateJson;
  readonly days: number;
  readonly base: AmountJson;
  readonly rate: string;
  readonly interest: AmountJson;
  /** The half-year's rate is not published: the nearest one was used (§6.2). */
  readonly assumed: boolean;
}

/** `ar remind --format json` (schema: docs/schemas/remind.json; docs/reminders.md). */
export interface RemindJson {
  readonly asOf: DateJson;
  readonly mode: RemindOutcome['mode'];
  readonly emails: readonly {
    readonly customer: string;
    readonly name: string | null;
    readonly currency: string;
    readonly kind: PlannedEmail['kind'];
    /** 1 to 4; 0 for a courtesy notice or a thank-you. */
    readonly level: number;
    readonly language: Language;
    readonly to: readonly string[];
    readonly cc: readonly string[];
    readonly customerType: CustomerType;
    readonly invoices: readonly {
      readonly number: string;
      readonly level: number;
      readonly advances: boolean;
      readonly open: AmountJson;
      readonly daysPastDue: number;
      readonly interest: AmountJson;
      readonly indemnity: AmountJson;
      readonly interestFrom: DateJson | null;
      readonly periods: readonly InterestPeriodJson[];
      /** The half-years whose rate was assumed. */
      readonly assumedRates: readonly string[];
    }[];
    /** The account's overdue invoices the e-mail does not list, and why. */
    readonly held: readonly { readonly number: string; readonly reason: HeldReason }[];
    readonly paidLate: readonly {
      readonly number: string;
      readonly dueDate: DateJson;
      readonly paidOn: DateJson;
      readonly amount: AmountJson;
      readonly interest: AmountJson;
      readonly indemnity: AmountJson;
      readonly periods: readonly InterestPeriodJson[];
      /** The half-years whose rate was assumed. */
      readonly assumedRates: readonly string[];
    }[];
    readonly claimPaidLate: boolean;
    readonly assumedRates: readonly string[];
    readonly overdue: AmountJson;
    readonly interest: AmountJson;
    readonly indemnity: AmountJson;
    readonly status: SendResult['status'] | 'planned' | 'not_sent';
    readonly messageId: string | null;
    readonly detail: string | null;
  }[];
  readonly skipped: readonly {
    readonly customer: string;
    readonly name: string | null;
    readonly currency: string;
    readonly reason: SkipReason;
    /** For `too_soon` and `deadline`, a day; for `assumed_rate`, the half-years. */
    readonly detail: string | null;
    readonly overdue: AmountJson;
  }[];
  readonly assumedRates: readonly { readonly customer: string; readonly table: string; readonly halfYears: readonly string[]; readonly sent: boolean }[];
  readonly uncertain: readonly { readonly id: number; readonly customer: string; readonly day: string; readonly level: number | null; readonly invoices: string | null }[];
  /** The uncertain ones were resent (--retry-uncertain). */
  readonly retried: boolean;
  /** Why the run stopped at the server, or null. */
  readonly stopped: string | null;
}

/** The run for programs (`--format json`), documented in docs/commands.md and docs/schemas/remind.json. */
export function remindJson(o: RemindOutcome): Streamed<RemindJson> {
  return {
    asOf: isoFromDay(o.asOf),
    mode: o.mode,
    // Made an e-mail at a time as it is written (jsonChunks): a plan's e-mails can weigh hundreds of megabytes.
    emails: lazyMap(o.plan.emails, (e) => {
      const r = o.results.get(keyOf(e));
      return {
        customer: e.customerId,
        name: o.names(e.customerId),
        currency: e.currency,
        kind: e.kind,
        level: e.level,
        language: e.language,
        to: e.to,
        cc: e.cc,
        customerType: e.customerType,
        invoices: e.invoices.map((p) => ({
          number: p.item.debit.number,
          level: p.level,
          advances: p.advances,
          open: formatCentsPlain(p.item.debit.open),
          daysPastDue: p.item.daysPastDue,
          interest: formatCentsPlain(p.interest),
          indemnity: formatCentsPlain(p.indemnity),
          interestFrom: p.runsFrom === null || p.periods.length === 0 ? null : isoFromDay(p.runsFrom),
          periods: p.periods.map(periodJson),
          assumedRates: p.assumed,
        })),
        held: e.held,
        paidLate: e.paidLate.map((p) => ({
          number: p.debit.number,
          dueDate: isoFromDay(p.debit.dueDate),
          paidOn: isoFromDay(p.paidOn),
          amount: formatCentsPlain(p.debit.amount),
          interest: formatCentsPlain(p.interest),
          indemnity: formatCentsPlain(p.indemnity),
          periods: p.periods.map(periodJson),
          assumedRates: p.assumed,
        })),
        claimPaidLate: e.claimPaidLate,
        assumedRates: e.assumedRates,
        overdue: formatCentsPlain(e.overdue),
        interest: formatCentsPlain(e.interest),
        indemnity: formatCentsPlain(e.indemnity),
        status: r?.status ?? (o.mode === 'dry-run' ? 'planned' : 'not_sent'),
        messageId: r?.messageId ?? null,
        detail: r?.detail ?? null,
      };
    }),
    skipped: o.plan.skips.map((s) => ({
      customer: s.customerId,
      name: o.names(s.customerId),
      currency: s.currency,
      reason: s.reason,
      detail: (s.reason === 'too_soon' || s.reason === 'deadline') && s.detail !== null ? isoFromDay(day(Number(s.detail))) : s.detail,
      overdue: formatCentsPlain(s.overdue),
    })),
    assumedRates: o.plan.assumedRates.map((a) => ({ customer: a.customerId, table: a.table, halfYears: a.halfYears, sent: a.sent })),
    uncertain: o.uncertain.map((u) => ({ id: u.id, customer: u.customerId, day: u.day, level: u.level, invoices: u.invoices })),
    retried: o.retried,
    stopped: o.stopped?.detail ?? null,
  };
}

function periodJson(p: InterestPeriod): InterestPeriodJson {
  return { from: isoFromDay(p.from), to: isoFromDay(p.to), days: p.days, base: formatCentsPlain(p.base), rate: p.rate.toFixed(2), interest: formatCentsPlain(p.interest), assumed: p.assumed };
}

/** Windows' reserved device names: `CON`, `con.txt`, `LPT1.eml` name a device, not a file. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
/** UTF-8 bytes a name made from data may take: file systems allow 255, room is left for `-2` and the extension. */
const MAX_NAME_BYTES = 180;

/**
 * A file name made from data that cannot leave its folder nor deceive: no separators, no dots at the
 * start, no controls (C0, C1, line separators, bidirectional overrides that would show `xslx.exe` as
 * `exe.xlsx`), no Windows device name, at most 180 bytes of UTF-8 cut on a character.
 * Example: `safeFileName('../../etc/passwd')` is `'etc_passwd'`.
 */
export function safeFileName(text: string): string {
  let s = text
    .normalize('NFKC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb/\\:*?"<>|]+/g, '_')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '_')
    .replace(/\.\.+/g, '_')
    .replace(/^[.\s_-]+/, '');
  let bytes = 0;
  let cut = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes > MAX_NAME_BYTES) break;
    cut += ch.length;
  }
  s = s.slice(0, cut).replace(/[.\s]+$/, '');
  if (RESERVED.test(s)) s = `_${s}`;
  return s === '' ? 'message' : s;
}

/** At most 3 items, then a count: the details are in --format json and in the journal. */
/** An amount for a table; without its cents when the table must narrow. */
function amountCell(c: number, lang: Lang): Cell {
  return { text: formatAmount(c, lang), short: formatUnits(c, lang) };
}

function shortList(items: readonly string[]): string {
  return items.length <= 3 ? items.join(' ') : `${items.slice(0, 3).join(' ')} +${items.length - 3}`;
}
