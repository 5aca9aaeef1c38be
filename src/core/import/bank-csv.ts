import type { Day } from '../dates.ts';
import { cents as toCents, type Cents } from '../money.ts';
import type { Problem } from '../types.ts';
import { normalizeIban, type BankStatement, type BankTransaction } from './bank.ts';
import { markAssumedWarning } from './amounts.ts';
import { decideAmountColumn, decideDateColumn, readAmount, readCurrency, readDate } from './columns.ts';
import { headerKey, looksEnglish, mapColumns, normalizeHeader } from './headers.ts';
import { paymentStatus } from './ledger.ts';
import { cellText, HEAD_ROWS, isBlank, TOTAL_LABEL, type Cell, type Table } from './table.ts';

/**
 * The CSV exports of French and Belgian banks (account statements): a date, an amount (signed, or
 * separate debit and credit columns), the remittance text (libellé, communication, mededeling…,
 * several columns are joined), and when the bank gives them the counterparty's name and account.
 * Recognised by their header in French, English and Dutch; a file with a customer column is a
 * payments ledger, not a bank export.
 */

type BankField = 'date' | 'valueDate' | 'amount' | 'credit' | 'debit' | 'text' | 'structured' | 'name' | 'iban' | 'currency' | 'id' | 'status';

/** Synonyms, most specific fields first (a column is claimed once). `text` may claim several columns. */
const SYNONYMS: readonly [BankField, readonly string[]][] = [
  ['structured', ['communication structurée', 'gestructureerde mededeling', 'structured communication', 'structured reference', 'ogm', 'référence structurée']],
  [
    'iban',
    [
      'iban contrepartie',
      'compte contrepartie',
      'compte de contrepartie',
      'compte de la contrepartie',
      'numéro de compte contrepartie',
      'compte partie adverse',
      'counterparty account',
      'counterparty iban',
      'iban counterparty',
      'rekening tegenpartij',
      'rekeningnummer tegenpartij',
      'tegenrekening',
      'iban tegenpartij',
      'contrepartie',
      'iban',
    ],
  ],
  [
    'name',
    [
      'nom de la contrepartie',
      'nom contrepartie',
      'nom partie adverse',
      'counterparty name',
      'counterparty',
      'naam tegenpartij',
      'naam tegenpartij bevat',
      'tegenpartij',
      "nom du donneur d'ordre",
      "donneur d'ordre",
      'émetteur',
      'payer',
      'payer name',
    ],
  ],
  ['valueDate', ['date valeur', 'date de valeur', 'date de la valeur', 'value date', 'valutadatum', 'valuta', 'dateval']],
  [
    'date',
    [
      "date d'opération",
      'date opération',
      "date de l'opération",
      'date comptable',
      'date de comptabilisation',
      "date d'exécution",
      'date exécution',
      'booking date',
      'transaction date',
      // Shine's and other neobanks' French, and the Dutch.
      'date de la transaction',
      'date de transaction',
      'date transaction',
      'transactiedatum',
      'operation date',
      'settlement date',
      'settlement date utc',
      'operation date utc',
      'dateop',
      'boekingsdatum',
      'uitvoeringsdatum',
      'verwerkingsdatum',
      'date',
      'datum',
    ],
  ],
  ['credit', ['crédit', 'credit', 'montant crédit', 'credit amount', 'bij']],
  ['debit', ['débit', 'debit', 'montant débit', 'debit amount', 'debet', 'af']],
  // Qonto's `Montant total (TTC)`, `Total amount (incl. VAT)`: the movement's amount, VAT included.
  [
    'amount',
    [
      'montant',
      'montant opération',
      "montant de l'opération",
      'montant total',
      'montant total ttc',
      'montant ttc',
      'amount',
      'transaction amount',
      'total amount',
      'total amount incl vat',
      'amount incl vat',
      'bedrag',
    ],
  ],
  ['currency', ['devise', 'devise du compte', 'currency', 'currency code', 'munt', 'devies', 'ccy']],
  [
    'id',
    [
      "numéro d'opération",
      "numéro de l'opération",
      'n° opération',
      'numéro de séquence',
      'référence opération',
      'transaction id',
      'transaction reference',
      'transactienummer',
      'volgnummer',
      'reference number',
    ],
  ],
  ['status', ['statut', 'status', 'état']],
  [
    'text',
    [
      'libellé',
      'libellé opération',
      "libellé de l'opération",
      'libellé court',
      'libellés',
      'libellé complémentaire',
      'détail',
      'détails',
      "détail de l'écriture",
      'détails du mouvement',
      'communication',
      'communications',
      'message',
      'motif',
      'objet',
      'description',
      'details',
      'label',
      'memo',
      'narrative',
      'remittance information',
      'reference',
      'référence',
      'mededeling',
      'mededelingen',
      'vrije mededeling',
      'omschrijving',
      'transactie',
      'informations complémentaires',
      'information complémentaire',
    ],
  ],
];

const WEAK_TEXT = new Set(['reference', 'référence', 'memo'].map(normalizeHeader));

const NORMALIZED: readonly [BankField, Set<string>][] = SYNONYMS.map(([f, list]) => [f, new Set(list.map(normalizeHeader))]);

interface BankColumns {
  readonly single: Partial<Record<Exclude<BankField, 'text'>, number>>;
  readonly text: number[];
}

/** Maps a header row to bank fields. */
function mapBankColumns(headers: readonly string[]): BankColumns {
  const normalized = headers.map(headerKey);
  const claimed = new Set<number>();
  const single: Partial<Record<BankField, number>> = {};
  const text: number[] = [];
  for (const [field, names] of NORMALIZED) {
    for (let i = 0; i < normalized.length; i++) {
      if (claimed.has(i) || !names.has(normalized[i]!)) continue;
      if (field === 'text') {
        text.push(i);
        claimed.add(i);
        continue;
      }
      if (single[field] === undefined) {
        single[field] = i;
        claimed.add(i);
      }
    }
  }
  return { single, text };
}

/**
 * True when a header row is a bank export's: a date, an amount (or a credit column), something that
 * says who paid or why (a text, counterparty or structured communication column), and no customer column.
 */
export function isBankHeader(headers: readonly string[]): boolean {
  const m = mapBankColumns(headers);
  const s = m.single;
  const hasDate = s.date !== undefined || s.valueDate !== undefined;
  const hasAmount = s.amount !== undefined || s.credit !== undefined;
  // "Référence" or "memo" alone could be a payments ledger's column; a libellé, a communication, a
  // counterparty or separate debit and credit columns are a bank's.
  const strongText = m.text.some((i) => !WEAK_TEXT.has(normalizeHeader(headers[i]!)));
  const hasWhy = strongText || s.name !== undefined || s.iban !== undefined || s.structured !== undefined || (s.debit !== undefined && s.credit !== undefined);
  if (!hasDate || !hasAmount || !hasWhy) return false;
  // A payments ledger names its customers or the invoices they pay; a bank export does neither.
  const ledger = mapColumns('payments', headers) as Record<string, number | undefined>;
  return ledger.customerId === undefined;
}

/** The header row of a bank export among the first `HEAD_ROWS` rows (title and balance rows above it are skipped), or -1. */
export function findBankHeader(rows: readonly (readonly Cell[])[]): number {
  const limit = Math.min(rows.length, HEAD_ROWS);
  for (let r = 0; r < limit; r++) {
    const row = rows[r]!;
    if (row.every(isBlank)) continue;
    if (isBankHeader(row.map((c) => cellText(c).trim()))) return r;
  }
  return -1;
}

/**
 * Whether a line's status says it was booked, by the words of a payments file's status (one list, ledger.ts): received
 * is booked; on its way (pending) is not yet, as a bank books it (a CAMT's `PDNG`); failed, cancelled, charged back,
 * refunded, a draft are not. An unknown word is warned of once, and the line read as booked.
 */
class BookedStatus {
  private readonly known = new Map<string, boolean>();
  private readonly file: string;
  private readonly column: string;
  constructor(file: string, column: string) {
    this.file = file;
    this.column = column;
  }
  of(text: string, line: number, problems: Problem[]): boolean {
    if (text === '') return true;
    let booked = this.known.get(text);
    if (booked === undefined) {
      const status = paymentStatus(text);
      booked = status === null || status === 'received';
      this.known.set(text, booked);
      if (status === null) problems.push({ severity: 'warning', code: 'unknown_payment_status', file: this.file, line, column: this.column, value: text });
    }
    return booked;
  }
}
/** A total row, or a balance line (solde, saldo), which is no transaction. */
const BALANCE_LABEL = /^(?:solde|balance|saldo)\b/i;
const isTotalRow = (text: string): boolean => TOTAL_LABEL.test(text) || BALANCE_LABEL.test(text);

/** The columns of a bank's export, and how its dates and amounts read (decided once, from all their values). */
function bankColumns(table: Table, headerRow: number, problems: Problem[]) {
  const headers = table.row(headerRow).map((c) => cellText(c).trim());
  const { single: col, text: textCols } = mapBankColumns(headers);
  const dateCol = col.date ?? col.valueDate!;
  const first = headerRow + 1;
  const cells = function* (c: number | undefined): Generator<Cell> {
    if (c === undefined) return;
    for (let r = first; r < table.rowCount; r++) yield table.cell(r, c);
  };
  const fallback = table.hints.continental || !looksEnglish(headers) ? 'dmy' : 'mdy';
  const dateColumn = decideDateColumn(cells(dateCol), fallback, null, table.hints.date1904 ?? false);
  if (dateColumn.assumed && dateColumn.hasAmbiguous) {
    problems.push({ severity: 'warning', code: 'ambiguous_date_order', file: table.file, line: 0, column: headers[dateCol]!, params: { order: dateColumn.order } });
  }
  const continental = table.hints.continental ?? false;
  const amountColumns = new Map<number, ReturnType<typeof decideAmountColumn>>();
  for (const c of [col.amount, col.credit, col.debit]) {
    if (c === undefined) continue;
    const decided = decideAmountColumn(cells(c), continental);
    const assumed = markAssumedWarning(decided, table.file, (k) => table.line(first + k), headers[c]);
    if (assumed !== null) problems.push(assumed);
    amountColumns.set(c, decided);
  }
  return { headers, col, textCols, dateCol, first, dateColumn, amountColumns };
}

/**
 * Reads the movements of a bank CSV whose header `findBankHeader` found. A row without a date
 * whose text says total/solde/saldo is a balance row, ignored.
 */
export function bankCsvStatement(table: Table, headerRow: number, defaultCurrency = 'EUR'): BankStatement {
  const file = table.file;
  const problems: Problem[] = [];
  const { headers, col, textCols, dateCol, first, dateColumn, amountColumns } = bankColumns(table, headerRow, problems);

  const transactions: BankTransaction[] = [];
  const statuses = col.status === undefined ? null : new BookedStatus(file, headers[col.status] ?? '');
  let rejected = 0;
  let ignoredRows = 0;
  const rejectedAmounts: Record<string, Cents> = {};
  for (let r = first; r < table.rowCount; r++) {
    const row = table.row(r);
    if (row.every(isBlank)) continue;
    const line = table.line(r);
    const at = (c: number | undefined): Cell => (c === undefined ? null : (row[c] ?? null));
    const text = (c: number | undefined): string => cellText(at(c)).trim();
    const errors: Problem[] = [];
    const fail = (c: number, code: string): void => {
      errors.push({ severity: 'error', code, file, line, column: headers[c] ?? '', value: cellText(at(c)) });
    };
    if (isBlank(at(dateCol))) {
      const firstText = row.find((c) => typeof c === 'string' && c.trim() !== '');
      if (typeof firstText === 'string' && isTotalRow(firstText.trim())) {
        ignoredRows++;
        problems.push({ severity: 'warning', code: 'total_row_ignored', file, line });
        continue;
      }
      fail(dateCol, 'required');
    }
    let date: Day | null = null;
    if (!isBlank(at(dateCol))) {
      const d = readDate(at(dateCol), dateColumn);
      if (d.ok) date = d.value;
      else fail(dateCol, d.error);
    }
    let currency: string | null = null;
    if (!isBlank(at(col.currency))) {
      currency = readCurrency(at(col.currency));
      if (currency === null) fail(col.currency!, 'not_a_currency');
    }
    const amountAt = (c: number | undefined): Cents | null => {
      if (c === undefined || isBlank(at(c))) return toCents(0);
      const a = readAmount(at(c), amountColumns.get(c)!);
      if (!a.ok) {
        fail(c, a.error);
        return null;
      }
      currency ??= a.value.currency;
      return a.value.cents;
    };
    let amount: Cents | null;
    if (col.amount !== undefined && !isBlank(at(col.amount))) {
      amount = amountAt(col.amount);
    } else {
      const credit = amountAt(col.credit);
      const debit = amountAt(col.debit);
      amount = credit === null || debit === null ? null : toCents(Math.abs(credit) - Math.abs(debit));
      if (col.amount !== undefined && isBlank(at(col.credit)) && isBlank(at(col.debit))) fail(col.amount, 'required');
    }
    const cur = currency ?? defaultCurrency;
    if (errors.length > 0 || date === null || amount === null) {
      problems.push(...errors);
      rejected++;
      if (amount !== null && amount > 0) rejectedAmounts[cur] = toCents((rejectedAmounts[cur] ?? 0) + amount);
      continue;
    }
    const ibanText = text(col.iban);
    // No currency column: the line's currency is that of the invoices it pays (docs/accounting.md §1.8), told by matching.
    transactions.push({
      id: text(col.id) || null,
      date,
      amount,
      currency: currency ?? '',
      booked: statuses === null || statuses.of(text(col.status), line, problems),
      reversal: false,
      text: textCols
        .map((c) => text(c))
        .filter((t) => t !== '')
        .join(' '),
      references: text(col.structured) === '' ? [] : [text(col.structured)],
      documents: [],
      counterparty: text(col.name) || null,
      iban: ibanText === '' ? null : normalizeIban(ibanText),
      file,
      line,
    });
  }
  return { file, transactions, problems, rejected, rejectedAmounts, ignoredRows };
}
