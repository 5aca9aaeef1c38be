/**
 * The rules of a customer's account as the books keep it, shared by a FEC and an account statement: the kind
 * of a journal (what a line is, a sale or a payment, as far as its journal tells) and the lettering (lettrage:
 * the lines an accountant marked as settling each other).
 */
import { compareIds } from '../compare.ts';
import { day, type Day } from '../dates.ts';
import { formatCentsPlain, cents as toCents, type Cents } from '../money.ts';
import type { Invoice, Lettering, Problem } from '../types.ts';

/** What a journal is for, as far as its code and label tell. */
export type JournalKind = 'opening' | 'sales' | 'bank' | 'other';

const OPENING_LIB = /(^|\W)(a|à)[- ]?nouveaux?\b|\bre?ports?\b|ouverture|opening|balance (initiale|d.ouverture)/i;
const BANK_LIB = /banque|bank|caisse|cash|tr[ée]sorerie|ch[eè]que|encaissement|r[eè]glement|\blcr\b|effets/i;
const SALES_LIB = /vente|sales|factur|invoice|revenue|chiffre d.affaires|avoir/i;
const OPENING_CODE = /^(AN|RAN|ANO|ANX|OUV|OPEN|BI)\d*$/;
const BANK_CODE = /^(B|BQ|BQE|BNQ|BK|BNK|BAN|BANK|BANQ|CA|CAI|CAIS|CSH|CASH|CB|CHQ|LCR|TR|TRE|TRES|RG|RGT|REG|ENC)\d*[A-Z]?\d*$/;
/**
 * A journal named after its bank, as French and Belgian firms often code theirs (`BNP`, `SG`, `CIC2`, `KBC`):
 * the banks of France and Belgium, their usual short names.
 */
const BANK_NAME_CODE =
  /^(BNP|BNPP|BNPPF|SG|SOGE|SOCGEN|CIC|LCL|BRED|HSBC|CE|CEP|CM|CMB|CMSO|CCM|BP|BPO|BPCE|CDN|LBP|POSTE|CCP|CRCA|BFCM|ING|KBC|CBC|BELFIUS|ARGENTA|CRELAN|AXA|BEOBANK|TRIODOS|VDK|BPOST|QONTO|SHINE|REVOLUT|N26|WISE|PAYPAL|STRIPE)\d*[A-Z]?\d*$/;
const SALES_CODE = /^(V|VT|VE|VEN|VTE|VTES|VENTE|VENTES|FA|FAC|FACT|INV|REV|SAL|SALE|SALES|SL)\d*$/;

/**
 * The kind of a journal, from its label first (more telling), else its code.
 * @example journalKind("VT", "Journal des ventes") === "sales"; journalKind("BQ1", "") === "bank"; journalKind("BNP", "") === "bank"
 */
export function journalKind(code: string, label: string): JournalKind {
  if (OPENING_LIB.test(label)) return 'opening';
  if (BANK_LIB.test(label)) return 'bank';
  if (SALES_LIB.test(label)) return 'sales';
  const c = code.trim().toUpperCase();
  if (OPENING_CODE.test(c)) return 'opening';
  if (BANK_CODE.test(c) || BANK_NAME_CODE.test(c)) return 'bank';
  if (SALES_CODE.test(c)) return 'sales';
  return 'other';
}

/** True for a lettering code that marks partial lettering: lower-case letters only, or a trailing `*`. */
export function isPartialLettering(code: string): boolean {
  return code.endsWith('*') || (/[a-z]/.test(code) && !/[A-Z]/.test(code));
}

/** What the lettering groups need of a line of a customer's account (a FEC's, an account statement's). */
export interface LetteredLine {
  readonly line: number;
  readonly customerId: string;
  readonly entryDate: Day;
  readonly pieceDate: Day;
  /** Debit − credit: positive for a debit. */
  readonly net: Cents;
  /** The lettering group's key (the account — a FEC's account and auxiliary account — and the code without its `*`), or null. */
  readonly group: string | null;
  readonly code: string;
  readonly dateLet: Day | null;
}

/** A lettering group: the lines of one account that share a code. */
export interface LetteringGroup {
  readonly code: string;
  readonly account: string;
  readonly firstLine: number;
  partial: boolean;
  debit: number;
  credit: number;
  lastDate: Day;
  /** The invoices (debits) of the group, oldest first once `sortLetteredDebits` has run. */
  readonly debits: Pick<Invoice, 'number' | 'dueDate' | 'issueDate'>[];
  missingDate: number | null;
}

/** The lettering groups (per account and code), with their totals, last date and whether partial. */
export function letteringGroups(lines: readonly LetteredLine[]): Map<string, LetteringGroup> {
  const groups = new Map<string, LetteringGroup>();
  for (const l of lines) {
    if (l.group === null) continue;
    let g = groups.get(l.group);
    if (g === undefined) {
      g = { code: l.code.replace(/\*+$/, ''), account: l.customerId, firstLine: l.line, partial: false, debit: 0, credit: 0, lastDate: l.entryDate, debits: [], missingDate: null };
      groups.set(l.group, g);
    }
    g.partial ||= isPartialLettering(l.code);
    if (l.net > 0) g.debit += l.net;
    else g.credit -= l.net;
    g.lastDate = day(Math.max(g.lastDate, l.entryDate, l.pieceDate));
    if (l.dateLet === null) g.missingDate ??= l.line;
  }
  return groups;
}

/** Each group's debits oldest first: by due date, then date, then number. */
export function sortLetteredDebits(groups: ReadonlyMap<string, LetteringGroup>): void {
  for (const g of groups.values()) g.debits.sort((a, b) => a.dueDate - b.dueDate || a.issueDate - b.issueDate || compareIds(a.number, b.number));
}

/**
 * A credit's lettering: the debits of its group, oldest first, named from the day it was lettered (its
 * DateLet, else the group's last date; docs/accounting.md §3.1–§3.2); null outside a group or in one of no debit.
 */
export function letteringOfLine(groups: ReadonlyMap<string, LetteringGroup>, l: Pick<LetteredLine, 'group' | 'dateLet'>): Lettering | null {
  const g = l.group === null ? undefined : groups.get(l.group);
  if (g === undefined || g.debits.length === 0) return null;
  return { refs: g.debits.map((d) => d.number), on: l.dateLet ?? g.lastDate };
}

/** A complete lettering whose debits and credits differ: the difference stays open, and the user is told. */
export function unbalancedLettering(g: LetteringGroup, file: string): Problem | null {
  if (g.partial || g.debit === g.credit || g.debit <= 0 || g.credit <= 0) return null;
  return {
    severity: 'warning',
    code: 'fec_lettering_unbalanced',
    file,
    line: g.firstLine,
    value: g.code,
    params: { account: g.account, debit: formatCentsPlain(toCents(g.debit)), credit: formatCentsPlain(toCents(g.credit)) },
  };
}
