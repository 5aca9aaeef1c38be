import { fitNotes, fitTable, type Cell, type Column } from './text-table.ts';
import { dayFromIso } from '../core/dates.ts';
import type { ContactRow } from '../model/journal.ts';
import type { Lang } from '../model/lang.ts';
import { formatCentsPlain } from '../core/money.ts';
import { formatAmount, formatDate, isoDayText } from './format.ts';
import type { AmountJson } from './json.ts';
import { skipText } from './remind.ts';

const HEAD = {
  fr: ['Date', 'Client', 'Quoi', 'Niveau', 'État', 'Factures', 'Montant', 'Détail'],
  en: ['Date', 'Customer', 'What', 'Level', 'Status', 'Invoices', 'Amount', 'Detail'],
};
const KINDS: Record<Lang, Record<string, string>> = {
  fr: {
    reminder: 'relance',
    courtesy: 'préavis',
    thanks: 'remerciement',
    skip: 'non relancé',
    bounce: 'refusé',
    dispute: 'litige',
    dispute_closed: 'litige clos',
    promise: 'promesse',
    note: 'note',
    letter: 'lettre de mise en demeure',
    escalation: 'dossier de recouvrement',
  },
  en: {
    reminder: 'reminder',
    courtesy: 'courtesy',
    thanks: 'thank-you',
    skip: 'skipped',
    bounce: 'bounced',
    dispute: 'dispute',
    dispute_closed: 'dispute closed',
    promise: 'promise',
    note: 'note',
    letter: 'letter of formal notice',
    escalation: 'handed over for collection',
  },
};

/**
 * `ar log --format json` (schema: docs/schemas/log.json): the journal's rows, oldest first, as they are
 * stored, the amount as a decimal string.
 */
export type LogJson = readonly (Omit<ContactRow, 'amount'> & { readonly amount: AmountJson | null })[];

export function logJson(rows: readonly ContactRow[]): LogJson {
  return rows.map((r) => ({ ...r, amount: r.amount === null ? null : formatCentsPlain(r.amount) }));
}

/**
 * The history of contacts (`ar log`), oldest first. On a terminal (`width`), fitted to it: the detail and
 * the invoices cut first, then the status, the level and the invoices left out (src/render/text-table.ts).
 */
export function contactsTable(rows: readonly ContactRow[], lang: Lang, width: number | null = null): string {
  if (rows.length === 0) return lang === 'fr' ? 'Aucun contact enregistré.\n' : 'No contact recorded.\n';
  const h = HEAD[lang];
  const columns: Column[] = [
    { head: h[0]!, key: true },
    { head: h[1]!, key: true },
    { head: h[2]!, min: 8 },
    { head: h[3]!, align: 'right', drop: 2 },
    { head: h[4]!, drop: 1 },
    { head: h[5]!, min: 10, drop: 3 },
    { head: h[6]!, align: 'right' },
    { head: h[7]!, min: 16 },
  ];
  const cells: Cell[][] = rows.map((r) => {
    const day = dayFromIso(r.day);
    return [
      day === null ? r.day : formatDate(day, lang),
      r.customerId,
      KINDS[lang][r.kind] ?? r.kind,
      r.level === null || r.level === 0 ? '' : String(r.level),
      r.status ?? '',
      r.invoices ?? '',
      r.amount === null ? '' : formatAmount(r.amount, lang),
      r.kind === 'skip' && r.detail !== null ? skipText(r.detail, lang) : r.kind === 'promise' && r.detail !== null ? promiseText(r.detail, lang) : (r.detail ?? ''),
    ];
  });
  const t = fitTable(columns, cells, { width });
  return `${t.text}\n${fitNotes(t, lang, width)}`;
}

/**
 * A promise's detail as the journal keeps it (`FA2026-00276 → 2026-11-30`, what was promised and the day it runs to)
 * for people: the day in the reader's form (`FA2026-00276 → 30/11/2026`). Any other text as it is.
 */
function promiseText(detail: string, lang: Lang): string {
  const m = /^(.*) → (\d{4}-\d{2}-\d{2})$/.exec(detail);
  return m === null ? detail : `${m[1]} → ${isoDayText(m[2]!, lang)}`;
}
