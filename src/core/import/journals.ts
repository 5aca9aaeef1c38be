/**
 * The kinds of an accounting journal (a FEC's `JournalCode`/`JournalLib`, an account statement's `Journal`
 * column): what a line of a customer's account is, a sale or a payment, as far as its journal tells.
 */

/** What a journal is for, as far as its code and label tell. */
export type JournalKind = 'opening' | 'sales' | 'bank' | 'other';

const OPENING_LIB = /(^|\W)(a|à)[- ]?nouveaux?\b|\bre?ports?\b|ouverture|opening|balance (initiale|d.ouverture)/i;
const BANK_LIB = /banque|bank|caisse|cash|tr[ée]sorerie|ch[eè]que|encaissement|r[eè]glement|\blcr\b|effets/i;
const SALES_LIB = /vente|sales|factur|invoice|revenue|chiffre d.affaires|avoir/i;
const OPENING_CODE = /^(AN|RAN|ANO|ANX|OUV|OPEN|BI)\d*$/;
const BANK_CODE = /^(B|BQ|BQE|BNQ|BK|BNK|BAN|BANK|BANQ|CA|CAI|CAIS|CSH|CASH|CB|CHQ|LCR|TR|TRE|TRES|RG|RGT|REG|ENC)\d*[A-Z]?\d*$/;
const SALES_CODE = /^(V|VT|VE|VEN|VTE|VTES|VENTE|VENTES|FA|FAC|FACT|INV|REV|SAL|SALE|SALES|SL)\d*$/;

/**
 * The kind of a journal, from its label first (more telling), else its code.
 * @example journalKind("VT", "Journal des ventes") === "sales"; journalKind("BQ1", "") === "bank"
 */
export function journalKind(code: string, label: string): JournalKind {
  if (OPENING_LIB.test(label)) return 'opening';
  if (BANK_LIB.test(label)) return 'bank';
  if (SALES_LIB.test(label)) return 'sales';
  const c = code.trim().toUpperCase();
  if (OPENING_CODE.test(c)) return 'opening';
  if (BANK_CODE.test(c)) return 'bank';
  if (SALES_CODE.test(c)) return 'sales';
  return 'other';
}
