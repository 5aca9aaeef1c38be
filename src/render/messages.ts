import type { Problem } from '../core/types.ts';
import type { Params } from '../errors.ts';
import type { Lang } from '../model/lang.ts';
import type { FormattedProblem } from './aging-report.ts';
import { isoDayText, plainAmountText } from './format.ts';

/**
 * The one catalogue of messages for people, in English and French. A message names the file,
 * the line and the column when it has them, and says what to do when there is something to do.
 */
type Catalogue = Record<string, (p: Params) => string>;

const FIELD_FR: Record<string, string> = {
  number: 'n° de facture',
  customerId: 'code client',
  customerName: 'nom du client',
  issueDate: 'date de facture',
  dueDate: "date d'échéance",
  amount: 'montant',
  date: 'date',
  id: 'code client',
  currency: 'devise',
  refs: 'réf. facture',
};
const FIELD_EN: Record<string, string> = {
  number: 'invoice number',
  customerId: 'customer id',
  customerName: 'customer name',
  issueDate: 'invoice date',
  dueDate: 'due date',
  amount: 'amount',
  date: 'date',
  id: 'customer id',
  currency: 'currency',
  refs: 'invoice reference',
};

/** 2026-03-04 → 2026-04-03. */
const swapDayMonth = (iso: string | number | undefined): string => {
  const s = String(iso ?? '');
  return /^\d{4}-\d\d-\d\d$/.test(s) ? `${s.slice(0, 5)}${s.slice(8, 10)}-${s.slice(5, 7)}` : s;
};

const fieldList = (list: string | number | undefined, names: Record<string, string>): string =>
  String(list ?? '')
    .split(',')
    .filter(Boolean)
    .map((f) => names[f] ?? f)
    .join(', ');

const EN: Catalogue = {
  // Cell problems (the prefix "file:line: column "X": " is added by formatProblem).
  required: () => 'is empty, and a value is required',
  not_a_date: (p) => `value "${p.value}" is not a date`,
  date_order_conflict: (p) => `value "${p.value}" contradicts the day/month order of the rest of the column`,
  date_maybe_swapped: (p) =>
    `value ${p.value} is a date typed by Excel, while the column's other dates are text that reads only one way: Excel may have swapped its day and month (${swapDayMonth(p.value)}?); format the column as text in Excel, or check the value`,
  not_an_amount: (p) => `value "${p.value}" is not an amount`,
  too_many_decimals: (p) => `value "${p.value}" has more than 2 decimals`,
  too_large: (p) => `value "${p.value}" is too large for an amount`,
  decimal_mark_conflict: (p) => `value "${p.value}" uses a decimal mark other than the rest of the column`,
  amount_in_other_currency: (p) => `value "${p.value}" is in ${p.unit} on a row in ${p.currency}: its amount in ${p.currency} is not in the file`,
  not_a_currency: (p) => `value "${p.value}" is not a currency code (EUR, USD, …)`,
  not_a_document_type: (p) => `value "${p.value}" is neither an invoice nor a credit note`,
  not_terms: (p) => `value "${p.value}" is not payment terms (30, 60, 45FDM, …)`,
  payments_written_negative: (p) =>
    `${p.negative} of the file's ${p.count} amounts are ${Number(p.side) === 1 ? 'credits (C in its side column)' : 'negative'} (the first on line ${p.first}): it writes payments as credits, so every amount's sign is reversed (a positive one is then a refund, owed again); say --payment-sign positive if they are refunds`,
  paid_without_date: (p) =>
    `${p.count} paid amount(s) without a paid date (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}): each is applied to its invoice at every date (the file's own state), and the day it was paid is unknown (no days to pay for those invoices); give a paid date column to age them exactly`,
  duplicate_number: (p) => `invoice number "${p.value}" is already used on line ${p.first}${p.firstFile ? ` of ${p.firstFile}` : ''}`,
  payment_names_no_known_invoice: (p) => `payment has no customer and names no known invoice ("${p.value}")`,
  payment_without_customer: () => 'payment has neither a customer nor an invoice reference',
  duplicate_payment: (p) => `payment id "${p.value}" is already used on line ${p.first}`,
  not_a_language: (p) => `value "${p.value}" is not a language (fr, en, nl)`,
  not_a_customer_type: (p) => `value "${p.value}" is not a type of customer: write B2B (a business), particulier (a consumer) or public (a public body)`,
  not_yes_no: (p) => `value "${p.value}" is neither yes nor no`,
  duplicate_customer: (p) => `customer "${p.value}" is already defined on line ${p.first}`,
  // FEC and bank statements.
  fec_not_a_side: (p) => `value "${p.value}" is neither D (debit) nor C (credit)`,
  not_a_side: (p) => `value "${p.value}" is neither D (debit) nor C (credit)`,
  xml_element_missing: (p) => `element <${p.value}> is missing`,
  camt_not_credit_debit: (p) => `value "${p.value}" is neither CRDT nor DBIT`,
  fec_due_dates_derived: (p) =>
    `a FEC has no due dates: ${p.count} due date(s) derived from payment terms (${p.fromCustomer} from the customers file, ${p.fromDefault} from the default terms, ${p.terms}); they are marked dueDateDerived in JSON and * with --customer`,
  fec_lettering_unbalanced: (p) => `lettering "${p.value}" of ${p.account} does not balance (debits ${p.debit}, credits ${p.credit}): the difference stays open`,
  fec_lettering_without_date: (p) => `lettering "${p.value}" has no DateLet: taken as lettered on ${p.date}`,
  structured_communication_invalid: (p) => `structured communication "${p.value}" has wrong check digits: not used to match the payment`,
  structured_communication_unknown: (p) => `structured communication "${p.value}" names no invoice of the ledger`,
  creditor_reference_invalid: (p) => `creditor reference "${p.value}" fails its ISO 11649 check: not used to match the payment`,
  creditor_reference_unknown: (p) => `creditor reference "${p.value}" names no invoice of the ledger`,
  invalid_iban: (p) => `"${p.value}" is not a valid IBAN: left out`,
  camt_version: (p) => `namespace "${p.value}" is not a known camt.053 version (.02 to .08): read as if it were`,
  // Warnings.
  unknown_reference: (p) => `${p.what === 'credit_note' ? 'credit note' : 'payment'} names invoice "${p.value}", which is not in the ledger`,
  reference_other_customer: (p) => `invoice "${p.value}" belongs to customer ${p.customer}, not ${p.expected}: not applied to it`,
  reference_other_currency: (p) => `invoice "${p.value}" is in ${p.currency}, not ${p.expected}: not applied to it`,
  total_row_ignored: (p) => (p.sum ? 'a row of an amount alone, the sum of the rows above: a total row, ignored' : 'a total row, ignored'),
  payment_customer_by_name: (p) => `customer "${p.value}" is no customer's id but the name of customer ${p.customer}: its payments are counted as ${p.customer}'s`,
  not_an_invoice_ignored: (p) => `"${p.value}": a draft, a pro forma, a quote, an order or a delivery note is no invoice, nor a sale paid at once (a sales receipt): nothing is owed on it: ignored`,
  encoding_read: (p) =>
    `read as ${p.encoding === 'cp850' ? 'MS-DOS text (code page 850), as Excel\'s "CSV (MS-DOS)" writes it' : 'Mac text (Mac OS Roman), as Excel\'s "CSV (Macintosh)" writes it'}: its accented letters read so (neither UTF-8 nor windows-1252); save it as "CSV UTF-8" to be sure`,
  summary_rows_ignored: (p) =>
    `${p.count} row(s) below the table, after a blank row, none of them dated (a summary below the list: its own header, a line per customer, a total): not the ledger's rows, ignored (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''})`,
  invoice_lines_merged: (p) =>
    `${p.count} row(s) repeat an invoice above them, all they say of it the same (an export of invoice lines, one per item): each invoice read once (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''})`,
  no_customer_column: () => 'no customer: the file has no column that names one (customer, client, code client, customer name, contact name…), and no heading above the row does',
  payment_not_received_ignored: (p) => `"${p.value}": a payment that failed, was declined or cancelled was not received: ignored`,
  payment_draft_ignored: (p) => `"${p.value}": a payment not posted in the software that wrote the file (a draft) is not in its books: ignored`,
  payment_refunded_ignored: (p) => `"${p.value}": a payment paid back in full was not kept: ignored`,
  payments_partly_refunded: (p) => `${p.count} payment(s) were paid back in part: what was kept is read, the amount less the refunded one (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''})`,
  bank_credits_not_booked: (p) =>
    `${p.count} credit(s) the status says not booked (on its way, failed, returned, charged back, cancelled) are no money received yet: ignored (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''})`,
  payments_pending: (p) =>
    `${p.count} payment(s) are on their way (pending: a cheque not yet cashed, a debit or a transfer processing): read as received, the customer having paid (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}); one that fails leaves its invoice owed again`,
  unknown_payment_status: (p) => `status "${p.value}" is not known (failed, cancelled, refunded: not received): read as received`,
  payment_not_customer_ignored: (p) => `"${p.value}": a payment of a supplier, an employee or another party than a customer is not the receivable's: ignored`,
  payment_transfer_ignored: (p) => `"${p.value}": a transfer between the firm's own accounts is no payment of a customer: ignored`,
  unknown_party_type: (p) => `party type "${p.value}" is not known (customer, supplier): read as a customer's`,
  unknown_payment_direction: (p) => `"${p.value}" says neither money received nor paid out: read as received`,
  payments_paid_out: (p) =>
    `${p.count} payment(s) were paid out to the customer (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}): read as refunds, each owed again by the customer from its date, against its credit (docs/accounting.md §1.7)`,
  terms_not_read: (p) => `terms "${p.value}" are not read (a day of the month to pay on, or no period of days): the invoices' due dates are read`,
  customer_terms_not_read: (p) =>
    `terms "${p.value}" are not read (a day of the month to pay on, or no period of days): the customer's invoices without a due date take the default terms; write them as 30, 45FDM, 60 jours fin de mois…`,
  customers_by_name: (p) => `${p.count} customer(s) have no code: each is known by its name, as invoices that name their customers match it (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''})`,
  cancelled_ignored: (p) => `"${p.value}": an invoice cancelled (voided) in the software that wrote the file: nothing is owed on it: ignored`,
  cancelling_credit_note_ignored: (p) => `a credit note of invoice ${p.value}, which the file says cancelled: the cancellation itself, ignored with the invoice`,
  cancelling_credit_note_matched: (p) =>
    `a credit note that names no invoice, with the customer, currency and amount of invoice ${p.value}, which the file says cancelled, and dated on or after it: read as its cancellation, ignored with the invoice (were it not, the customer would have a credit it does not have)`,
  heading_row_ignored: (p) => `a heading row ("${p.value}": a text alone, no date, no amount), ignored`,
  header_repeated: () => 'the header row again (a report printed page by page), ignored',
  credit_note_number_positive: (p) =>
    `${p.count} row(s) numbered as credit notes (AV…, NC…) have a positive amount and the file no type column: read as invoices, owed (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}); write their amounts negative, or give a type column, if they are credit notes`,
  amount_before_tax: (p) => `read as the invoice's amount, including tax: "${p.net}", beside a tax column, is the amount before it`,
  account_not_customer: (p) => `one value on every row ("${p.value}"): a general ledger's account, not the customer, which is read from "${p.customer}"`,
  hidden_rows_read: (p) =>
    `${p.count} row(s) hidden in the sheet (a filter left on, or hidden by hand) are read as any other (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}): delete them from the sheet if they are not to count`,
  customers_from_headings: (p) =>
    `${p.count} group(s) of rows without a customer of their own (a report grouped by customer) are read as the customer their heading and their total row both name, lines: ${p.first}${Number(p.count) > 5 ? ', …' : ''}`,
  due_by_default_terms: (p) =>
    `${p.count} invoice(s) ${Number(p.column) === 1 ? 'without a due date' : 'of a file with no column of due dates'}, nor terms of their own or of their customer, are due by the default terms, "${p.terms}" (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}): their ages are assumed; give the due dates, or the customers' terms in the customers file (marked dueDateDerived in JSON)`,
  installments_read: (p) =>
    `${p.count} row(s) repeat the number of an invoice above with another due date (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}): read as its installments, each owed by its own due date and numbered after it ("${p.number}"); a payment naming the invoice pays them in order`,
  balance_in_other_currency: (p) =>
    `${p.count} balance(s) are in ${p.unit} on rows in another currency (first in ${p.currency}; lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}): not read (they are no balance in the row's currency); what was paid of those invoices comes from the payments given, else is unknown (they are read as open)`,
  refunds_as_credit_notes: (p) =>
    `${p.count} refund(s) of an amount above zero are read as credit notes (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}): the file writes no other credit note or payment whose sign would tell whether a refund is money paid back to the customer (then owed again, as a payment below zero); write those with a minus sign if they are`,
  payments_by_label: (p) =>
    `${p.count} credit(s) that no type and no known journal tell of are worded as money received ("Virement", "Règlement", "Chèque"…): read as payments of the customer that day, not credit notes (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}); give a document type or journal column if that is wrong`,
  statement_payments_and_file: (p) =>
    `the invoices file holds ${p.count} payment(s) of its own (credits in a bank journal, rows typed as payments), and ${p.payments} is given too: a payment in both counts twice; give the payments file alone with invoices that hold none`,
  due_before_issue: (p) => `the due date ${p.value} is before the invoice date: check the row (its age counts from that due date)`,
  date_order_by_terms: (p) =>
    `no value settles the order of day and month; dates are read as ${p.order === 'dmy' ? 'day/month/year' : 'month/day/year'}, the reading under which ${p.plausible} invoice(s) have plausible payment terms (${p.other} the other way); say --date-order ${p.order === 'dmy' ? 'mdy' : 'dmy'} if that is wrong`,
  payment_currency_assumed: (p) =>
    `payment without a currency, naming no invoice, from customer ${p.customer}${Number(p.several) === 1 ? ' whose invoices are in several currencies' : ' who has no invoice'}: counted in ${p.currency} (the default currency); add a currency column if that is wrong`,
  balance_differs: (p) => `invoice ${p.invoice}: the file's balance ${p.value} differs from the open amount ${p.computed} computed as of ${p.asOf}`,
  balance_credits_placed: (p) =>
    `the balances of ${p.count} invoice(s) of ${p.customers} customer(s) (${p.first}${Number(p.count) > 5 ? ', …' : ''}: lines ${p.lines}) differ from the open amounts computed as of ${p.asOf} only in where credit notes and payments count: the file leaves them unapplied, or applies them to other invoices, and ar applies each to the invoice it names, else to the customer's oldest (docs/accounting.md §3); each customer's balance is the file's`,
  running_balance_ignored: () =>
    "a running balance (each row's balance is the one before it, of its customer, plus its amount): it says nothing of what is left to pay of each invoice, and is not read so",
  balance_read_as_paid: (p) =>
    `no payments given: the balance is read as what is left to pay, so ${p.count} invoice(s) paid in part or in full (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) count as paid on a day the file does not say, at every date (the file's own state: no days to pay for them); give the payments (--payments) to age them exactly`,
  balance_not_read_as_paid: (p) =>
    `no payments given, but the balance is not read as what is left to pay: credit note ${p.value} has a balance that is not what is left of it (above zero, or beyond its amount); every invoice counts at its full amount, less the credit notes, and no reminder lists one whose balance is below its amount; give the payments (--payments)`,
  balance_credit_notes_used: (p) =>
    `no payments given: ${p.count} credit note(s) whose balance is below their amount (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) were used against invoices whose balances count it (${p.amount} ${p.currency}): each counts for what is left of it`,
  status_credit_notes_used: (p) =>
    `no payments given: ${p.count} credit note(s) the status says paid (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) were used in full against invoices whose statuses count it (${p.amount} ${p.currency}): nothing is left of them`,
  status_read_as_paid: (p) =>
    `no payments given: the status is read as what was paid, so ${p.count} invoice(s) it says paid (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) count as paid in full on a day the file does not say, at every date (the file's own state: no days to pay for them); give the payments (--payments) to age them exactly`,
  status_not_read_as_paid: (p) =>
    `no payments given, but the status is not read as what was paid: credit note ${p.value} is said paid in part, and the file does not say how much, nor against what; every invoice counts at its full amount, less the credit notes, and no reminder lists the ones the file says paid; give the payments (--payments)`,
  status_partly_paid_owed: (p) =>
    `${p.count} invoice(s) the status says paid in part (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}): the file does not say how much: without payments they count as owed in full, and no reminder lists them; give the payments (--payments), or a balance column`,
  status_paid_open: (p) =>
    `${p.count} invoice(s) the file's status says paid are open as of ${p.asOf} by the payments read: ${p.first}${Number(p.count) > 5 ? ', …' : ''} (lines ${p.lines}${Number(p.count) > 5 ? ', …' : ''}); a payment missing, or one that names another invoice? No reminder lists them`,
  invoice_sheets_read: (p) => `the workbook's sheets ${p.value} have the same header: the invoices of each are read (to read one alone, give it: file.xlsx#Sheet)`,
  invoice_sheets_not_read: (p) =>
    `the workbook's sheet(s) ${p.value} have a header of invoices too, but not the one of ${p.read}: not read; give one alone (file.xlsx#Sheet), or give it the same header`,
  payments_sheet_used: (p) => `no payments file given: the workbook's sheet "${p.value}" is read as the payments (give --payments to choose another)`,
  customers_matched_by_name: (p) =>
    `${p.count} customer(s) of the ledgers are named by their name, not their code: matched to the customers file's by name, ledger (file): ${p.first}${Number(p.count) > 5 ? ', …' : ''}`,
  customers_not_in_ledger: (p) =>
    `${p.count} customer(s) of the customers file match no customer of the ledgers (ids compared ignoring case and spaces): ${p.first}${Number(p.count) > 5 ? ', …' : ''}`,
  customers_missing_from_file: (p) => `${p.count} customer(s) of the ledgers are not in the customers file (no name, terms or e-mail for them): ${p.first}${Number(p.count) > 5 ? ', …' : ''}`,
  dispute_unknown_invoice: (p) => `a dispute of the journal names invoice "${p.value}", which is not in the ledger`,
  unknown_status: (p) => `status "${p.value}" is not known (litige/disputed, irrécouvrable/written off): read as normal`,
  ambiguous_date_order: (p) => `no value settles the order of day and month; dates are read as ${p.order === 'dmy' ? 'day/month/year' : 'month/day/year'} (the file's locale)`,
  mixed_decimal_marks: (p) => `the column mixes decimal marks; values are read with "${p.mark}", the others are rejected`,
  decimal_mark_assumed: (p) =>
    `no value of the column tells its decimal mark: ${p.count} value(s) that read two ways, a thousand or one and a fraction, are read with "${p.mark}" as the decimal mark, as the file's form writes it ("${p.value}" is ${p.read}${p.other ? `, not ${p.other}` : ''}); if that is wrong, export the amounts with their decimals`,
  invalid_email: (p) => `"${p.value}" is not a valid e-mail address`,
  id_leading_zeros: (p) =>
    `${p.what === 'invoice' ? 'invoice' : 'customer'} "${p.value}" differs from "${p.other}" (${p.where}) only by leading zeros: Excel may have turned the code into a number. They are kept apart; write the code as text in both files`,
  id_spelling: (p) =>
    `customer "${p.value}" differs from "${p.other}" (${p.where}) only by accents, punctuation or spaces: they are kept apart, two customers; write it the same way in every file (or give the customers' codes)`,
  sheet_cut_short: (p) => `reading stopped here, after ${p.count} empty rows in a row; anything below them was not read (delete the empty rows)`,
  // Errors of a whole file or command.
  file_not_found: (p) => `${p.file}: no such file`,
  xml_doctype: (p) => `${p.file}:${p.line}:${p.col}: the XML has a DOCTYPE: refused (ar reads no DTD and expands no entity; bank statements never have one)`,
  xml_limit: (p) => `${p.file}:${p.line}:${p.col}: ${p.detail}: refused (a limit of ar's XML reader, which no bank statement comes near)`,
  xml_too_large: (p) => `${p.file}: larger than ${p.mb} MB, the limit of a bank statement read by ar: refused (export it by period)`,
  xml_encoding_unknown: (p) => `${p.file}: the XML declares the character encoding "${p.value}", which ar does not know: refused`,
  xml_syntax: (p) => `${p.file}:${p.line}:${p.col}: malformed XML (${p.detail})`,
  camt_not_statement: (p) => `${p.file}: not a CAMT.053 bank statement (root <${p.root}>, namespace ${p.namespace}); expected <Document> with <BkToCstmrStmt>`,
  fec_with_payments: (p) => `a FEC holds its own payments: --payments ${p.file} would count them twice; leave it out`,
  file_is_directory: (p) => `${p.file}: is a folder, not a file`,
  sheet_on_csv: (p) => `${p.file}: "#sheet" only applies to a workbook (.xlsx, .xls, .ods)`,
  xls_not_supported: (p) => `${p.file}: an .xls of Excel 5.0/95 or older (BIFF5 or before), which ar does not read; save it as .xlsx or CSV`,
  xlsx_encrypted: (p) =>
    `${p.file}: this workbook is protected by a password; open it, remove the password (File › Info › Protect Workbook › Encrypt with Password, left empty), save it, and give that file`,
  csv_syntax: (p) =>
    `${p.file}:${p.line}: ${p.detail === 'quote_not_closed' ? 'a quote is opened and never closed' : p.detail === 'invalid_closing_quote' ? 'a quote is closed in the middle of a field' : 'the CSV is malformed'}`,
  xlsx_unreadable: (p) => `${p.file}: not a readable .xlsx workbook (${p.detail})`,
  xls_unreadable: (p) => `${p.file}: not a readable .xls workbook (${p.detail})`,
  ods_unreadable: (p) => `${p.file}: not a readable .ods spreadsheet (${p.detail})`,
  ods_encrypted: (p) =>
    `${p.file}: this spreadsheet is protected by a password; open it, remove the password (LibreOffice: File › Save As…, "Save with password" unticked), save it, and give that file`,
  xlsx_too_large: (p) =>
    `${p.file}: ${p.part} would inflate to more than ${p.mb} MB, the limit of a workbook read by ar: refused (a zip bomb, or more than a full sheet of a ledger; a larger ledger reads as CSV)`,
  xlsx_dtd: (p) => `${p.file}: ${p.part} declares a DTD (<!DOCTYPE>), which no workbook does: refused (XML entity expansion)`,
  sheet_not_found: (p) => `${p.file}: no sheet "${p.sheet}" (sheets: ${p.sheets})`,
  no_sheet_recognised: (p) =>
    `${p.file}: no sheet has the header row of ${p.kind === 'invoices' ? 'an invoice ledger' : p.kind === 'payments' ? 'a payments ledger' : 'a customers file'} (sheets: ${p.sheets})`,
  missing_columns: (p) => `${p.file}: no column for ${fieldList(p.missing, FIELD_EN)}; headers found: ${p.found || '(none)'}. Rename the column or map it in ar.config.json ("columns")`,
  rows_rejected: (p) =>
    `${[Number(p.count) > 0 ? `${p.count} row(s)` : '', Number(p.files) > 0 ? `${p.files} file(s)` : ''].filter(Boolean).join(' and ')} rejected; fix them, or run again with --skip-invalid to go on without them`,
  no_invoices: () => 'no invoice ledger given: pass it as the first argument or with --invoices (or set "invoices" in ar.config.json)',
  bad_date: (p) => `${p.option}: "${p.value}" is not a date (YYYY-MM-DD)`,
  bad_buckets: (p) => `--buckets: "${p.value}" must be increasing whole numbers of days, e.g. 30,60,90`,
  bad_choice: (p) => `${p.option}: "${p.value}" is not one of ${p.choices}`,
  bad_config: (p) => `${p.file}: ${p.detail}`,
  customer_not_found: (p) => `no customer "${p.value}" in the aged balance`,
  write_failed: (p) => `${p.file}: cannot write (${p.detail})`,
  output_is_input: (p) => `${p.option} ${p.file}: that is one of the files read; ar never writes over an input: choose another name`,
  report_not_xlsx: (p) => `${p.option} ${p.file}: the Excel report is an .xlsx file: give a name ending in .xlsx`,
  send_and_outbox: () => '--send and --outbox exclude each other: choose one',
  smtp_missing: () => 'AR_SMTP_URL is not set: export AR_SMTP_URL=smtps://user:password@smtp.example.com (or use --outbox)',
  smtp_bad_url: () => 'AR_SMTP_URL must be an smtp:// or smtps:// URL',
  from_missing: () => 'AR_SMTP_FROM is not set (e.g. "Atelier Durand" <compta@durand.example>), nor "firm.email" in the config',
  from_invalid: (p) => `AR_SMTP_FROM: "${p.value}" is not an address`,
  smtp_auth_failed: (p) => `the mail server refused the login (check the user and password in AR_SMTP_URL); the run stopped and nothing more was sent (${p.detail})`,
  smtp_tls_invalid: (p) => `the mail server's TLS certificate is not valid (${p.detail}); the run stopped and nothing more was sent: fix the server name, or set AR_SMTP_TLS_INSECURE=1 to accept it`,
  smtp_plain_refused: (p) => `${p.host} does not offer STARTTLS: the password would be sent in clear, so it was not sent and the run stopped (use smtps://, or set AR_SMTP_ALLOW_PLAIN=1 to allow it)`,
  smtp_unreachable: (p) => `the mail server could not be reached; the run stopped cleanly and a rerun will go on (${p.detail})`,
  some_failed: (p) => `${p.count} message(s) not delivered: see the table above; a rerun retries them`,
  some_uncertain: (p) =>
    `${p.uncertain} message(s) uncertain: the connection was lost before the server answered, it may have them; check the sent mail, then run with --retry-uncertain to resend them${Number(p.count) > 0 ? ` (and ${p.count} not delivered: a rerun retries them)` : ''}`,
  journal_locked: (p) => `${p.file}: another ar remind is running on this journal; nothing was sent`,
  journal_unreadable: (p) => `${p.file}: not a readable journal (${p.detail})`,
  journal_too_new: (p) => `${p.file}: journal schema ${p.version} is newer than this ar understands (${p.supported}); update ar`,
  no_journal: (p) => `${p.file}: no journal yet (it is created by ar remind --send or --outbox, ar dispute, ar promise, ar note)`,
  template_missing: (p) => `${p.file}: e-mail template not found`,
  template_section_missing: (p) => `${p.file}: the template has no ---${p.section}--- section`,
  template_error: (p) => `${p.file}: ${p.detail}`,
  no_open_dispute: (p) => `no open dispute on "${p.value}"`,
  dispute_recorded: (p) =>
    `Dispute recorded: invoice ${p.invoice}, customer ${p.customer}${p.reason ? ` (${p.reason})` : ''}: no reminder for it until the dispute is closed (ar dispute ${p.invoice} --close).`,
  dispute_closed_recorded: (p) => `Dispute closed: invoice ${p.invoice}, customer ${p.customer}: reminders resume.`,
  promise_recorded_customer: (p) => `Promise recorded: customer ${p.customer}, every invoice it owes, until ${p.until}${p.amount ? ` (${p.amount} promised)` : ''}: no reminder until then.`,
  promise_recorded_invoice: (p) => `Promise recorded: invoice ${p.target} of customer ${p.customer}, until ${p.until}${p.amount ? ` (${p.amount} promised)` : ''}: no reminder for it until then.`,
  promise_recorded_unresolved: (p) => `Promise recorded: "${p.target}" (an open invoice of that number, else the customer), until ${p.until}${p.amount ? ` (${p.amount} promised)` : ''}.`,
  nothing_overdue: (p) => `customer "${p.value}" has nothing overdue as of this date outside disputes and invoices the ledger says paid: no letter`,
  letter_assumed_rate: (p) =>
    `${p.value}: the charges run over ${p.halves}, whose rate is not in the published table (the last published one would be assumed): give the published rate in the config ("lateInterestRates") or confirm the assumption ("confirmAssumedRates": true)`,
  letter_assumed_confirmed: (p) => `the letter quotes an assumed rate for ${p.halves} (the last published one), as the config confirms`,
  letter_written: (p) => `Letter of formal notice for ${p.customer}: ${p.count} item(s), ${p.total} in all: ${p.file} (recorded in the journal; to send by registered post)`,
  escalate_which: () => 'name a customer, or --all for every customer whose last notice has expired',
  escalate_none: () => 'No customer to hand over: none has a last notice whose deadline has passed.',
  escalate_written: (p) => `Collection dossier for ${p.customer}: ${p.count} item(s), ${p.total} in all: ${p.xlsx} and ${p.pdf} (recorded in the journal)`,
  escalate_skipped: (p) => `${p.customer}: already handed over on ${p.date} (${p.invoices}): passed over (--again to hand it over again)`,
  already_handed_over: (p) => `${p.customer}: ${p.invoices} already handed over on ${p.date} (${p.files}): nothing written; --again to write a second dossier for the same debt`,
  note_recorded: (p) => `Note recorded for customer ${p.customer}: ${p.text}`,
  note_not_checked: (p) => `"${p.value}" not checked: no customers or invoices ledger (--customers, --invoices, or the config)`,
  unknown_customer: (p) => `"${p.value}" is not a customer of ${p.file}: nothing recorded`,
  bad_date_forms: (p) => `${p.option}: "${p.value}" is not a date (write 2026-11-30, 30/11/2026, 30.11.2026 or 20261130)`,
  letter_no_address: (p) => `${p.customer}: no postal address in the customers file (columns Adresse, Code postal, Ville, Pays): the letter names the customer only; add the address before posting it`,
  letter_glyph_missing: (p) =>
    `${p.file}: the ${p.where} holds "${p.char}" (${p.code}), which the letter's font (${p.font}) cannot print: "${p.value}"; write it otherwise in the ledger or the config`,
  unknown_invoice: (p) => `"${p.value}" is not an invoice of ${p.file}: nothing recorded`,
  dispute_not_checked: (p) => `"${p.value}" recorded in dispute without being checked: no invoices ledger (--invoices, or "invoices" in the config)`,
  unknown_promise_target: (p) => `"${p.value}" is neither an invoice nor a customer of ${p.file}: nothing recorded`,
  promise_ambiguous: (p) => `"${p.value}" is both an invoice number and a customer id: add --customer ${p.value} for the customer's promise, or --customer <its customer> for the invoice's`,
  promise_not_checked: (p) =>
    `"${p.value}" recorded without being checked: no invoices ledger (--invoices, or "invoices" in the config); ar remind reads it as an invoice if an open invoice has that number, else as a customer id (--customer says which)`,
  missing_option: (p) => `${p.option} is required`,
  bad_amount: (p) => `${p.option}: "${p.value}" is not a positive amount`,
  ambiguous_amount: (p) => `${p.option}: "${p.value}" reads two ways (a thousand, or one and a fraction): write it with its decimals (1,234.00 or 1 234,00) or without a separator (1234)`,
  impact_credit_note: (p) => `"${p.value}" is a credit note (${p.amount} ${p.currency} credited), not an invoice: nothing is unpaid on it; name an invoice`,
  bad_rate: (p) => `${p.option}: "${p.value}" is not a rate (5%, 0.05)`,
  bad_days: (p) => `${p.option}: "${p.value}" is not a whole number of days`,
  cost_of_credit_pair: () => '--cost-of-credit and --days-late go together',
  missing_options: (p) => `missing ${p.options} (no terminal to ask for ${Number(p.count) === 1 ? 'it' : 'them'})`,
  rate_bare_number: (p) => `${p.option}: "${p.value}" is not a rate: write ${p.percent} (a bare number is a fraction: ${p.fraction} = ${p.percent})`,
  margin_too_high: (p) => `${p.option}: "${p.value}" must be below 100%: a net margin is a share of revenue`,
  share_out_of_range: (p) => `${p.option}: "${p.value}" must be between 0% and 100%`,
  cost_of_credit_out_of_range: (p) => `${p.option}: "${p.value}" must be at least 0% and below 100% a year`,
  deductible_without_insured: () => '--deductible is the credit insurer’s deductible: it goes with --insured',
  needs_portfolio: (p) => `${p.option} goes with --portfolio (the provision matrix of the aged balance)`,
  needs_csv_format: (p) => `${p.option} goes with --format csv`,
  impact_no_ledger: () => 'no invoice ledger given: pass it with --invoices (or set "invoices" in ar.config.json); the first argument of ar impact is an invoice number',
  no_ledger_revenue: (p) => `the ledger has no ${p.currency} sales in the 12 months up to ${p.date}: give the annual revenue with --revenue`,
  invoice_not_found: (p) => `no invoice "${p.value}" in the ledger`,
  invoice_not_open: (p) => `invoice "${p.value}" is not open${p.date ? ` as of ${p.date}` : ''}: nothing is lost`,
  nothing_at_risk: () => 'the aged balance holds nothing at risk',
  margin_not_positive: (p) => `${p.option ?? '--margin'}${p.value !== undefined ? `: "${p.value}"` : ''} must be above 0: with no margin, no revenue absorbs a loss`,
  revenue_not_positive: () => '--revenue must be above 0',
  unpaid_not_positive: () => 'the unpaid amount must be above 0',
  rate_out_of_range: () => 'a share (--vat, --insured, --recovery) must be between 0% and 100%',
  internal: (p) => `internal error: ${p.detail}. Please report it with the command you ran.`,
  // The command line (src/cli-args.ts).
  unknown_command: (p) => `"${p.command}" is not a command of ar${p.suggestion ? ` (did you mean ${p.suggestion}?)` : ''}; ar --help lists them`,
  unknown_option: (p) => `${p.option} is not an option of ${p.command}${p.suggestion ? ` (did you mean ${p.suggestion}?)` : ''}; ${p.command} --help lists them`,
  option_needs_value: (p) => `option ${p.option} needs its value`,
  option_takes_no_value: (p) => `${p.option} takes no value ("${p.value}")`,
  missing_argument: (p) => `missing ${p.argument}; usage: ${p.usage}`,
  too_many_arguments: (p) => `too many arguments ("${p.extra}"); usage: ${p.usage}`,
  // ── E-invoices (UBL, CII, Factur-X, CDAR lifecycle) ──
  element_missing: () => 'is missing, and it is required',
  buyer_without_id: () => 'the buyer has no legal id, VAT number, electronic address, identifier or name',
  currency_mismatch: (p) => `the amount is in ${p.value}, the document in ${p.currency}`,
  duplicate_document: (p) => `number "${p.value}" is already used by ${p.first}, a document of the same type`,
  same_document_ignored: (p) => `the same document as ${p.first} ("${p.value}"): ignored`,
  folder_too_deep: (p) => `a folder more than ${p.depth} levels below the one given: not read (give it as its own argument to read it)`,
  terms_text_not_understood: (p) => `payment terms "${p.value}" name no period: the due date comes from the customer's or the default terms`,
  lifecycle_unknown_invoice: (p) => `lifecycle status ${p.code} names invoice "${p.value}", which is not among the e-invoices`,
  cashed_twice: (p) => `payment names invoice "${p.value}", which ${p.lifecycle} also reports cashed (status 212): both are counted; if they are the same money, leave one out`,
  not_einvoice: (p) => `not a UBL or CII e-invoice (root element "${p.root}"${p.namespace ? ` in namespace "${p.namespace}"` : ''})`,
  zugferd1: () => 'a ZUGFeRD 1.0 invoice (CrossIndustryDocument), which ar does not read: ask for Factur-X / ZUGFeRD 2.x, UBL or CII',
  xml_entities: (p) => `the XML has ${p.detail ?? 'a DOCTYPE'}: refused (ar reads no DTD and expands no entity; e-invoices never have one)`,
  xml_limit_einvoice: (p) => `${p.detail}: refused (a limit of ar's XML reader, which no e-invoice comes near)`,
  xml_too_large_einvoice: (p) => `larger than ${p.mb} MB, the limit of an e-invoice: refused`,
  xml_malformed: (p) => `not well-formed XML (${p.detail})`,
  xml_encoding: (p) => `the XML declares the character encoding "${p.value}", which ar does not know: refused`,
  pdf_unreadable: (p) => `not a readable PDF (${p.detail})`,
  pdf_encrypted: () => 'the PDF is encrypted: its attachments cannot be read',
  pdf_limit: (p) => `the PDF: ${p.detail}: refused (a limit of ar's PDF reader, which no invoice comes near)`,
  pdf_no_invoice_xml: (p) => `no Factur-X / ZUGFeRD invoice XML attached (factur-x.xml, zugferd-invoice.xml, xrechnung.xml)${p.attachments ? `; attachments: ${p.attachments}` : ''}`,
  not_einvoice_file_ignored: () => 'not an .xml or .pdf file: ignored',
  file_not_readable: () => 'cannot be read',
  no_einvoices: (p) => `${p.file}: no .xml or .pdf file in the folder`,
  einvoices_mixed: (p) => `several invoice files are read only as e-invoices (.xml, .pdf, or a folder of them): ${p.file} is not one`,
  // ── ar forecast, ar report ──
  bad_count: (p) => `${p.option}: "${p.value}" must be a whole number from ${p.min} to ${p.max}`,
  needs_backtest: (p) => `${p.option} goes with --backtest (the month ends to replay)`,
  backtest_range: (p) => `--from ${p.from} is after --to ${p.to}`,
  report_not_html: (p) => `${p.option} ${p.file}: the report is an HTML file: give a name ending in .html`,
  report_needs_html: () => 'ar report writes an HTML file: give it with --html report.html',
};

const FR: Catalogue = {
  required: () => 'est vide, alors qu’une valeur est obligatoire',
  not_a_date: (p) => `« ${p.value} » n’est pas une date`,
  date_order_conflict: (p) => `« ${p.value} » contredit l’ordre jour/mois du reste de la colonne`,
  date_maybe_swapped: (p) =>
    `${p.value} est une date saisie par Excel, alors que les autres dates de la colonne sont du texte qui ne se lit que dans un sens : Excel a pu inverser jour et mois (${swapDayMonth(p.value)} ?) ; mettez la colonne au format texte dans Excel, ou vérifiez la valeur`,
  not_an_amount: (p) => `« ${p.value} » n’est pas un montant`,
  too_many_decimals: (p) => `« ${p.value} » a plus de 2 décimales`,
  too_large: (p) => `« ${p.value} » est trop grand pour un montant`,
  decimal_mark_conflict: (p) => `« ${p.value} » n’utilise pas le même séparateur décimal que le reste de la colonne`,
  amount_in_other_currency: (p) => `« ${p.value} » est en ${p.unit} sur une ligne en ${p.currency} : son montant en ${p.currency} n’est pas dans le fichier`,
  not_a_currency: (p) => `« ${p.value} » n’est pas un code de devise (EUR, USD…)`,
  not_a_document_type: (p) => `« ${p.value} » n’est ni une facture ni un avoir`,
  not_terms: (p) => `« ${p.value} » n’est pas une condition de paiement (30, 60, 45FDM…)`,
  payments_written_negative: (p) =>
    `${p.negative} des ${p.count} montants du fichier sont ${Number(p.side) === 1 ? 'des crédits (C dans sa colonne de sens)' : 'négatifs'} (le premier ligne ${p.first}) : il écrit les règlements en crédit, et le signe de chaque montant est inversé (un montant positif est alors un remboursement, de nouveau dû) ; indiquez --payment-sign positive si ce sont des remboursements`,
  paid_without_date: (p) =>
    `${p.count} montant(s) réglé(s) sans date de règlement (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) : chacun est imputé à sa facture quelle que soit la date (l’état du fichier), et son jour de paiement est inconnu (pas de délai de paiement pour ces factures) ; ajoutez une colonne de date de règlement pour les âger exactement`,
  duplicate_number: (p) => `le n° de facture « ${p.value} » est déjà utilisé ligne ${p.first}${p.firstFile ? ` de ${p.firstFile}` : ''}`,
  payment_names_no_known_invoice: (p) => `le règlement n’a pas de client et ne cite aucune facture connue (« ${p.value} »)`,
  payment_without_customer: () => 'le règlement n’a ni client ni référence de facture',
  duplicate_payment: (p) => `le règlement « ${p.value} » est déjà utilisé ligne ${p.first}`,
  not_a_language: (p) => `« ${p.value} » n’est pas une langue (fr, en, nl)`,
  not_a_customer_type: (p) => `« ${p.value} » n’est pas un type de client : écrire B2B (une entreprise), particulier (un consommateur) ou public (un organisme public)`,
  not_yes_no: (p) => `« ${p.value} » n’est ni oui ni non`,
  duplicate_customer: (p) => `le client « ${p.value} » est déjà défini ligne ${p.first}`,
  fec_not_a_side: (p) => `« ${p.value} » n’est ni D (débit) ni C (crédit)`,
  not_a_side: (p) => `« ${p.value} » n’est ni D (débit) ni C (crédit)`,
  xml_element_missing: (p) => `l’élément <${p.value}> manque`,
  camt_not_credit_debit: (p) => `« ${p.value} » n’est ni CRDT ni DBIT`,
  fec_due_dates_derived: (p) =>
    `un FEC ne contient pas d’échéances : ${p.count} échéance(s) calculée(s) d’après les conditions de paiement (${p.fromCustomer} du fichier clients, ${p.fromDefault} des conditions par défaut, ${p.terms}) ; marquées dueDateDerived en JSON et * avec --customer`,
  fec_lettering_unbalanced: (p) => `le lettrage « ${p.value} » de ${p.account} n’est pas équilibré (débits ${p.debit}, crédits ${p.credit}) : la différence reste ouverte`,
  fec_lettering_without_date: (p) => `le lettrage « ${p.value} » n’a pas de DateLet : considéré comme lettré le ${p.date}`,
  structured_communication_invalid: (p) => `la communication structurée « ${p.value} » a une clé de contrôle fausse : pas utilisée pour identifier le paiement`,
  structured_communication_unknown: (p) => `la communication structurée « ${p.value} » ne désigne aucune facture du grand livre`,
  creditor_reference_invalid: (p) => `la référence créancier « ${p.value} » échoue au contrôle ISO 11649 : pas utilisée pour identifier le paiement`,
  creditor_reference_unknown: (p) => `la référence créancier « ${p.value} » ne désigne aucune facture du grand livre`,
  invalid_iban: (p) => `« ${p.value} » n’est pas un IBAN valide : ignoré`,
  camt_version: (p) => `l’espace de noms « ${p.value} » n’est pas une version connue de camt.053 (.02 à .08) : lu comme tel`,
  unknown_reference: (p) => `${p.what === 'credit_note' ? 'l’avoir' : 'le règlement'} cite la facture « ${p.value} », absente du grand livre`,
  reference_other_customer: (p) => `la facture « ${p.value} » appartient au client ${p.customer}, pas à ${p.expected} : non imputée`,
  reference_other_currency: (p) => `la facture « ${p.value} » est en ${p.currency}, pas en ${p.expected} : non imputée`,
  total_row_ignored: (p) => (p.sum ? 'une ligne d’un montant seul, la somme des lignes au-dessus : ligne de total, ignorée' : 'ligne de total, ignorée'),
  payment_customer_by_name: (p) => `le client « ${p.value} » n’est le code d’aucun client mais le nom du client ${p.customer} : ses règlements lui sont comptés`,
  not_an_invoice_ignored: (p) =>
    `« ${p.value} » : un brouillon, une facture pro forma, un devis, une commande ou un bon de livraison n’est pas une facture, ni une vente payée comptant : rien n’est dû : ignoré`,
  encoding_read: (p) =>
    `lu comme du texte ${p.encoding === 'cp850' ? 'MS-DOS (page de code 850), comme l’écrit le « CSV (MS-DOS) » d’Excel' : 'Mac (Mac OS Roman), comme l’écrit le « CSV (Macintosh) » d’Excel'} : ses lettres accentuées se lisent ainsi (ni UTF-8 ni windows-1252) ; enregistrez-le en « CSV UTF-8 » pour en être sûr`,
  summary_rows_ignored: (p) =>
    `${p.count} ligne(s) sous le tableau, après une ligne vide, aucune datée (un récapitulatif sous la liste : son propre en-tête, une ligne par client, un total) : pas des lignes du grand livre, ignorées (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''})`,
  invoice_lines_merged: (p) =>
    `${p.count} ligne(s) répètent une facture au-dessus d’elles, tout ce qu’elles en disent identique (un export des lignes de facture, une par article) : chaque facture lue une fois (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''})`,
  no_customer_column: () => 'pas de client : le fichier n’a pas de colonne qui le nomme (client, code client, nom client, customer…), et aucun titre au-dessus de la ligne non plus',
  payment_not_received_ignored: (p) => `« ${p.value} » : un paiement échoué, refusé ou annulé n’a pas été reçu : ignoré`,
  payment_draft_ignored: (p) => `« ${p.value} » : un paiement non validé dans le logiciel qui a écrit le fichier (un brouillon) n’est pas dans ses comptes : ignoré`,
  payment_refunded_ignored: (p) => `« ${p.value} » : un paiement remboursé en entier n’a pas été gardé : ignoré`,
  payments_partly_refunded: (p) =>
    `${p.count} paiement(s) ont été remboursés en partie : ce qui a été gardé est lu, le montant moins le remboursé (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''})`,
  bank_credits_not_booked: (p) =>
    `${p.count} crédit(s) que le statut dit non comptabilisés (en cours, échoués, retournés, contestés, annulés) ne sont pas encore de l’argent reçu : ignorés (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''})`,
  payments_pending: (p) =>
    `${p.count} paiement(s) sont en cours (en attente : un chèque pas encore encaissé, un prélèvement ou un virement en traitement) : lus comme reçus, le client ayant payé (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) ; un paiement qui échoue laisse sa facture due à nouveau`,
  unknown_payment_status: (p) => `le statut « ${p.value} » n’est pas connu (échoué, annulé, remboursé : non reçu) : lu comme reçu`,
  payment_not_customer_ignored: (p) => `« ${p.value} » : un paiement d’un fournisseur, d’un salarié ou d’un autre tiers qu’un client n’est pas du poste clients : ignoré`,
  payment_transfer_ignored: (p) => `« ${p.value} » : un virement entre les comptes de l’entreprise n’est pas un règlement client : ignoré`,
  unknown_party_type: (p) => `type de tiers « ${p.value} » inconnu (client, fournisseur) : lu comme celui d’un client`,
  unknown_payment_direction: (p) => `« ${p.value} » ne dit ni un encaissement ni un décaissement : lu comme reçu`,
  payments_paid_out: (p) =>
    `${p.count} paiement(s) ont été versés au client (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) : lus comme des remboursements, chacun dû de nouveau par le client à sa date, sur son crédit (docs/accounting.md §1.7)`,
  terms_not_read: (p) => `les conditions « ${p.value} » ne sont pas lues (un jour du mois pour payer, ou pas de nombre de jours) : les échéances des factures sont lues`,
  customer_terms_not_read: (p) =>
    `les conditions « ${p.value} » ne sont pas lues (un jour du mois pour payer, ou pas de nombre de jours) : les factures du client sans échéance prennent les conditions par défaut ; écrivez-les 30, 45FDM, 60 jours fin de mois…`,
  customers_by_name: (p) =>
    `${p.count} client(s) n’ont pas de code : chacun est connu par son nom, que les factures qui nomment leurs clients retrouvent (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''})`,
  cancelled_ignored: (p) => `« ${p.value} » : une facture annulée dans le logiciel qui a écrit le fichier : rien n’est dû : ignorée`,
  cancelling_credit_note_ignored: (p) => `un avoir de la facture ${p.value}, que le fichier dit annulée : l’annulation même, ignoré avec la facture`,
  cancelling_credit_note_matched: (p) =>
    `un avoir qui ne nomme aucune facture, du client, de la devise et du montant de la facture ${p.value}, que le fichier dit annulée, et daté du même jour ou après : lu comme son annulation, ignoré avec la facture (sinon le client aurait un crédit qu’il n’a pas)`,
  heading_row_ignored: (p) => `ligne de titre (« ${p.value} » : un texte seul, sans date ni montant), ignorée`,
  header_repeated: () => 'la ligne d’en-tête, de nouveau (un état imprimé page par page), ignorée',
  credit_note_number_positive: (p) =>
    `${p.count} ligne(s) numérotée(s) comme des avoirs (AV…, NC…) ont un montant positif et le fichier n’a pas de colonne de type : lues comme des factures, dues (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) ; écrivez leurs montants en négatif, ou donnez une colonne de type, si ce sont des avoirs`,
  amount_before_tax: (p) => `lue comme le montant de la facture, taxes comprises : « ${p.net} », à côté d’une colonne de taxe, est le montant hors taxes`,
  account_not_customer: (p) => `une seule valeur sur toutes les lignes (« ${p.value} ») : un compte général, pas le client, lu dans « ${p.customer} »`,
  hidden_rows_read: (p) =>
    `${p.count} ligne(s) masquée(s) dans la feuille (un filtre resté actif, ou masquées à la main) sont lues comme les autres (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) : supprimez-les de la feuille si elles ne doivent pas compter`,
  customers_from_headings: (p) =>
    `${p.count} groupe(s) de lignes sans client (un état groupé par client) sont attribués au client que nomment à la fois leur titre et leur ligne de total, lignes : ${p.first}${Number(p.count) > 5 ? ', …' : ''}`,
  due_by_default_terms: (p) =>
    `${p.count} facture(s) ${Number(p.column) === 1 ? 'sans échéance' : 'd’un fichier sans colonne d’échéances'}, ni conditions de paiement propres ou de leur client, sont dues selon les conditions par défaut, « ${p.terms} » (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) : leur âge est supposé ; donnez les échéances, ou les conditions des clients dans le fichier clients (dueDateDerived en JSON)`,
  installments_read: (p) =>
    `${p.count} ligne(s) reprennent le numéro d’une facture déjà lue avec une autre échéance (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) : lues comme ses échéances, chacune due à sa date et numérotée d’après elle (« ${p.number} ») ; un règlement qui nomme la facture les paie dans l’ordre`,
  balance_in_other_currency: (p) =>
    `${p.count} solde(s) sont en ${p.unit} sur des lignes dans une autre devise (la première en ${p.currency} ; lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) : non lus (ce ne sont pas des soldes dans la devise de la ligne) ; ce qui a été payé de ces factures vient des règlements donnés, sinon est inconnu (elles sont lues ouvertes)`,
  refunds_as_credit_notes: (p) =>
    `${p.count} remboursement(s) d’un montant positif sont lus comme des avoirs (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) : le fichier n’a pas d’autre avoir ni de règlement dont le signe dirait si un remboursement est de l’argent rendu au client (alors dû à nouveau, comme un règlement négatif) ; écrivez-les avec un signe moins s’ils le sont`,
  payments_by_label: (p) =>
    `${p.count} crédit(s) dont ni le type ni un journal connu ne disent la nature ont pour libellé une rentrée d’argent (« Virement », « Règlement », « Chèque »…) : lus comme des règlements du client à leur date, non des avoirs (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) ; donnez une colonne de type de pièce ou de journal si c’est faux`,
  statement_payments_and_file: (p) =>
    `le fichier des factures contient ${p.count} règlement(s) (crédits d’un journal de banque, lignes de type règlement), et ${p.payments} est donné aussi : un règlement présent dans les deux compte deux fois ; ne donnez le fichier des règlements qu’avec des factures qui n’en contiennent pas`,
  due_before_issue: (p) => `l’échéance ${p.value} précède la date de facture : vérifiez la ligne (son âge compte depuis cette échéance)`,
  date_order_by_terms: (p) =>
    `aucune valeur ne tranche l’ordre jour/mois ; dates lues en ${p.order === 'dmy' ? 'jour/mois/année' : 'mois/jour/année'}, lecture sous laquelle ${p.plausible} facture(s) ont des délais de paiement plausibles (${p.other} dans l’autre sens) ; indiquez --date-order ${p.order === 'dmy' ? 'mdy' : 'dmy'} si c’est faux`,
  payment_currency_assumed: (p) =>
    `règlement sans devise, ne citant aucune facture, du client ${p.customer}${Number(p.several) === 1 ? ' dont les factures sont en plusieurs devises' : ' qui n’a pas de facture'} : compté en ${p.currency} (devise par défaut) ; ajoutez une colonne de devise si c’est faux`,
  balance_differs: (p) => `facture ${p.invoice} : le solde du fichier ${p.value} diffère du reste dû ${p.computed} calculé au ${p.asOf}`,
  balance_credits_placed: (p) =>
    `les soldes de ${p.count} facture(s) de ${p.customers} client(s) (${p.first}${Number(p.count) > 5 ? ', …' : ''} : lignes ${p.lines}) ne diffèrent des restes dus calculés au ${p.asOf} que par la place des avoirs et des règlements : le fichier les laisse non imputés, ou les impute à d’autres factures, et ar impute chacun à la facture qu’il nomme, sinon aux plus anciennes du client (docs/accounting.md §3) ; le solde de chaque client est celui du fichier`,
  running_balance_ignored: () =>
    'un solde progressif (le solde de chaque ligne est celui de la ligne d’avant, du même client, plus son montant) : il ne dit pas le reste dû de chaque facture, et n’est pas lu ainsi',
  balance_read_as_paid: (p) =>
    `aucun règlement donné : le solde est lu comme le reste dû, et ${p.count} facture(s) réglée(s) en tout ou partie (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) comptent comme payées à une date que le fichier ne dit pas, à toute date (l’état du fichier : pas de délai de paiement pour elles) ; donnez les règlements (--payments) pour les âger exactement`,
  balance_not_read_as_paid: (p) =>
    `aucun règlement donné, mais le solde n’est pas lu comme le reste dû : l’avoir ${p.value} a un solde qui n’est pas ce qui en reste (au-dessus de zéro, ou au-delà de son montant) ; chaque facture compte pour son montant entier, moins les avoirs, et aucune relance ne liste celles dont le solde est sous le montant ; donnez les règlements (--payments)`,
  balance_credit_notes_used: (p) =>
    `aucun règlement donné : ${p.count} avoir(s) dont le solde est sous le montant (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) ont été imputés sur des factures dont les soldes le comptent (${p.amount} ${p.currency}) : chacun compte pour ce qui en reste`,
  status_credit_notes_used: (p) =>
    `aucun règlement donné : ${p.count} avoir(s) que le statut dit payé(s) (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) ont été imputés en entier sur des factures dont les statuts le comptent (${p.amount} ${p.currency}) : il n’en reste rien`,
  status_read_as_paid: (p) =>
    `aucun règlement donné : le statut est lu comme ce qui a été payé, et ${p.count} facture(s) qu’il dit payée(s) (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) comptent comme payées en entier à une date que le fichier ne dit pas, à toute date (l’état du fichier : pas de délai de paiement pour elles) ; donnez les règlements (--payments) pour les âger exactement`,
  status_not_read_as_paid: (p) =>
    `aucun règlement donné, mais le statut n’est pas lu comme ce qui a été payé : l’avoir ${p.value} est dit payé en partie, et le fichier ne dit ni combien, ni sur quoi ; chaque facture compte pour son montant entier, moins les avoirs, et aucune relance ne liste celles que le fichier dit payées ; donnez les règlements (--payments)`,
  status_partly_paid_owed: (p) =>
    `${p.count} facture(s) que le statut dit payée(s) en partie (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) : le fichier ne dit pas combien : sans règlements elles comptent comme dues en entier, et aucune relance ne les liste ; donnez les règlements (--payments), ou une colonne de solde`,
  status_paid_open: (p) =>
    `${p.count} facture(s) que le statut du fichier dit payée(s) restent dues au ${p.asOf} d’après les règlements lus : ${p.first}${Number(p.count) > 5 ? ', …' : ''} (lignes ${p.lines}${Number(p.count) > 5 ? ', …' : ''}) ; un règlement manque-t-il, ou en cite-t-il une autre ? Aucune relance ne les liste`,
  invoice_sheets_read: (p) => `les feuilles ${p.value} du classeur ont le même en-tête : les factures de chacune sont lues (pour n’en lire qu’une, donnez-la : fichier.xlsx#Feuille)`,
  invoice_sheets_not_read: (p) =>
    `la ou les feuilles ${p.value} du classeur ont aussi un en-tête de factures, mais pas celui de ${p.read} : non lues ; donnez-en une seule (fichier.xlsx#Feuille), ou donnez-lui le même en-tête`,
  payments_sheet_used: (p) => `aucun fichier de règlements donné : la feuille « ${p.value} » du classeur est lue comme les règlements (--payments pour en choisir une autre)`,
  customers_matched_by_name: (p) =>
    `${p.count} client(s) des journaux sont désignés par leur nom, non leur code : rapprochés du fichier clients par le nom, journal (fichier) : ${p.first}${Number(p.count) > 5 ? ', …' : ''}`,
  customers_not_in_ledger: (p) =>
    `${p.count} client(s) du fichier clients ne correspondent à aucun client des grands livres (codes comparés sans casse ni espaces) : ${p.first}${Number(p.count) > 5 ? ', …' : ''}`,
  customers_missing_from_file: (p) => `${p.count} client(s) des grands livres absents du fichier clients (ni nom, ni conditions, ni e-mail pour eux) : ${p.first}${Number(p.count) > 5 ? ', …' : ''}`,
  dispute_unknown_invoice: (p) => `un litige du journal cite la facture « ${p.value} », absente du grand livre`,
  unknown_status: (p) => `statut « ${p.value} » inconnu (litige, irrécouvrable) : lu comme normal`,
  ambiguous_date_order: (p) => `aucune valeur ne tranche l’ordre jour/mois ; dates lues en ${p.order === 'dmy' ? 'jour/mois/année' : 'mois/jour/année'} (usage du fichier)`,
  mixed_decimal_marks: (p) => `la colonne mélange les séparateurs décimaux ; valeurs lues avec « ${p.mark} », les autres rejetées`,
  decimal_mark_assumed: (p) =>
    `aucune valeur de la colonne ne dit son séparateur décimal : ${p.count} valeur(s) qui se lisent de deux façons, un millier ou un et une fraction, sont lues avec « ${p.mark} » comme séparateur décimal, comme l’écrit la forme du fichier (« ${p.value} » vaut ${p.read}${p.other ? `, non ${p.other}` : ''}) ; si c’est faux, exportez les montants avec leurs décimales`,
  invalid_email: (p) => `« ${p.value} » n’est pas une adresse e-mail valide`,
  id_spelling: (p) =>
    `le client « ${p.value} » ne diffère de « ${p.other} » (${p.where}) que par des accents, la ponctuation ou des espaces : ils restent distincts, deux clients ; écrivez-le de la même façon dans chaque fichier (ou donnez les codes clients)`,
  id_leading_zeros: (p) =>
    `${p.what === 'invoice' ? 'la facture' : 'le client'} « ${p.value} » ne diffère de « ${p.other} » (${p.where}) que par des zéros en tête : Excel a pu transformer le code en nombre. Ils restent distincts ; écrivez le code en texte dans les deux fichiers`,
  sheet_cut_short: (p) => `lecture arrêtée ici, après ${p.count} lignes vides d’affilée ; ce qui suit n’a pas été lu (supprimez les lignes vides)`,
  file_not_found: (p) => `${p.file} : fichier introuvable`,
  xml_doctype: (p) => `${p.file}:${p.line}:${p.col} : le XML a un DOCTYPE : refusé (ar ne lit aucune DTD et ne développe aucune entité ; un relevé bancaire n’en a jamais)`,
  xml_limit: (p) => `${p.file}:${p.line}:${p.col} : ${p.detail} : refusé (une limite du lecteur XML de ar, dont aucun relevé bancaire n’approche)`,
  xml_too_large: (p) => `${p.file} : plus de ${p.mb} Mo, la limite d’un relevé bancaire lu par ar : refusé (exportez-le par période)`,
  xml_encoding_unknown: (p) => `${p.file} : le XML déclare l’encodage de caractères « ${p.value} », que ar ne connaît pas : refusé`,
  xml_syntax: (p) => `${p.file}:${p.line}:${p.col} : XML mal formé (${p.detail})`,
  camt_not_statement: (p) => `${p.file} : pas un relevé bancaire CAMT.053 (racine <${p.root}>, espace de noms ${p.namespace}) ; attendu <Document> avec <BkToCstmrStmt>`,
  fec_with_payments: (p) => `un FEC contient ses propres règlements : --payments ${p.file} les compterait deux fois ; retirez-le`,
  file_is_directory: (p) => `${p.file} : est un dossier, pas un fichier`,
  sheet_on_csv: (p) => `${p.file} : « #feuille » ne s’applique qu’à un classeur (.xlsx, .xls, .ods)`,
  xls_not_supported: (p) => `${p.file} : un .xls d’Excel 5.0/95 ou plus ancien (BIFF5 ou avant), que ar ne lit pas ; enregistrez-le en .xlsx ou CSV`,
  xlsx_encrypted: (p) =>
    `${p.file} : ce classeur est protégé par un mot de passe ; ouvrez-le, retirez le mot de passe (Fichier › Informations › Protéger le classeur › Chiffrer avec mot de passe, laissé vide), enregistrez-le et donnez ce fichier`,
  csv_syntax: (p) =>
    `${p.file}:${p.line} : ${p.detail === 'quote_not_closed' ? 'un guillemet est ouvert et jamais fermé' : p.detail === 'invalid_closing_quote' ? 'un guillemet est fermé au milieu d’un champ' : 'CSV mal formé'}`,
  xlsx_unreadable: (p) => `${p.file} : classeur .xlsx illisible (${p.detail})`,
  xls_unreadable: (p) => `${p.file} : classeur .xls illisible (${p.detail})`,
  ods_unreadable: (p) => `${p.file} : classeur .ods illisible (${p.detail})`,
  ods_encrypted: (p) =>
    `${p.file} : ce classeur est protégé par un mot de passe ; ouvrez-le, retirez le mot de passe (LibreOffice : Fichier › Enregistrer sous…, « Enregistrer avec mot de passe » décoché), enregistrez-le et donnez ce fichier`,
  xlsx_too_large: (p) =>
    `${p.file} : ${p.part} dépasserait ${p.mb} Mo une fois décompressé, la limite d’un classeur lu par ar : refusé (bombe zip, ou plus qu’une feuille pleine de grand livre ; un grand livre plus long se lit en CSV)`,
  xlsx_dtd: (p) => `${p.file} : ${p.part} déclare une DTD (<!DOCTYPE>), ce qu’aucun classeur ne fait : refusé (expansion d’entités XML)`,
  sheet_not_found: (p) => `${p.file} : pas de feuille « ${p.sheet} » (feuilles : ${p.sheets})`,
  no_sheet_recognised: (p) =>
    `${p.file} : aucune feuille n’a l’en-tête ${p.kind === 'invoices' ? 'd’un journal de factures' : p.kind === 'payments' ? 'd’un journal de règlements' : 'd’un fichier clients'} (feuilles : ${p.sheets})`,
  missing_columns: (p) =>
    `${p.file} : pas de colonne pour ${fieldList(p.missing, FIELD_FR)} ; en-têtes trouvés : ${p.found || '(aucun)'}. Renommez la colonne ou déclarez-la dans ar.config.json (« columns »)`,
  rows_rejected: (p) => {
    // Lines alone are feminine (rejetées, sans elles); files, or files and lines, masculine.
    const lines = Number(p.count) > 0;
    const files = Number(p.files) > 0;
    const what = [lines ? `${p.count} ligne(s)` : '', files ? `${p.files} fichier(s)` : ''].filter(Boolean).join(' et ');
    return `${what} ${files ? (lines ? 'rejetés' : 'rejeté(s)') : 'rejetée(s)'} ; corrigez-les, ou relancez avec --skip-invalid pour continuer sans ${files ? 'eux' : 'elles'}`;
  },
  no_invoices: () => 'aucun journal de factures : donnez-le en premier argument ou avec --invoices (ou « invoices » dans ar.config.json)',
  bad_date: (p) => `${p.option} : « ${p.value} » n’est pas une date (AAAA-MM-JJ)`,
  bad_buckets: (p) => `--buckets : « ${p.value} » doit être une suite croissante de nombres de jours, par ex. 30,60,90`,
  bad_choice: (p) => `${p.option} : « ${p.value} » n’est pas parmi ${p.choices}`,
  bad_config: (p) => `${p.file} : ${p.detail}`,
  customer_not_found: (p) => `aucun client « ${p.value} » dans la balance âgée`,
  write_failed: (p) => `${p.file} : écriture impossible (${p.detail})`,
  output_is_input: (p) => `${p.option} ${p.file} : c’est un des fichiers lus ; ar n’écrit jamais sur un fichier d’entrée : choisissez un autre nom`,
  report_not_xlsx: (p) => `${p.option} ${p.file} : le rapport Excel est un fichier .xlsx : donnez un nom qui finit par .xlsx`,
  send_and_outbox: () => '--send et --outbox s’excluent : choisissez l’un des deux',
  smtp_missing: () => 'AR_SMTP_URL n’est pas défini : export AR_SMTP_URL=smtps://utilisateur:motdepasse@smtp.exemple.fr (ou utilisez --outbox)',
  smtp_bad_url: () => 'AR_SMTP_URL doit être une URL smtp:// ou smtps://',
  from_missing: () => 'AR_SMTP_FROM n’est pas défini (par ex. "Atelier Durand" <compta@durand.example>), ni « firm.email » dans la configuration',
  from_invalid: (p) => `AR_SMTP_FROM : « ${p.value} » n’est pas une adresse`,
  smtp_auth_failed: (p) =>
    `le serveur de messagerie a refusé la connexion (vérifiez l’utilisateur et le mot de passe dans AR_SMTP_URL) ; le run s’est arrêté et rien de plus n’a été envoyé (${p.detail})`,
  smtp_tls_invalid: (p) =>
    `le certificat TLS du serveur de messagerie n’est pas valide (${p.detail}) ; le run s’est arrêté et rien de plus n’a été envoyé : corrigez le nom du serveur, ou définissez AR_SMTP_TLS_INSECURE=1 pour l’accepter`,
  smtp_plain_refused: (p) =>
    `${p.host} ne propose pas STARTTLS : le mot de passe passerait en clair, il n’a donc pas été envoyé et le run s’est arrêté (utilisez smtps://, ou définissez AR_SMTP_ALLOW_PLAIN=1 pour l’autoriser)`,
  smtp_unreachable: (p) => `serveur de messagerie injoignable ; le run s’est arrêté proprement et un nouveau run reprendra (${p.detail})`,
  some_failed: (p) => `${p.count} message(s) non remis : voir le tableau ci-dessus ; un nouveau run les retentera`,
  some_uncertain: (p) =>
    `${p.uncertain} message(s) incertain(s) : la connexion a été perdue avant la réponse du serveur, qui a pu les recevoir ; vérifiez la boîte d’envoi, puis relancez avec --retry-uncertain pour les renvoyer${Number(p.count) > 0 ? ` (et ${p.count} non remis : un nouveau run les retentera)` : ''}`,
  journal_locked: (p) => `${p.file} : un autre ar remind tourne sur ce journal ; rien n’a été envoyé`,
  journal_unreadable: (p) => `${p.file} : journal illisible (${p.detail})`,
  journal_too_new: (p) => `${p.file} : le schéma ${p.version} du journal est plus récent que ce que connaît ar (${p.supported}) ; mettez ar à jour`,
  no_journal: (p) => `${p.file} : pas encore de journal (créé par ar remind --send ou --outbox, ar dispute, ar promise, ar note)`,
  template_missing: (p) => `${p.file} : modèle d’e-mail introuvable`,
  template_section_missing: (p) => `${p.file} : le modèle n’a pas de section ---${p.section}---`,
  template_error: (p) => `${p.file} : ${p.detail}`,
  no_open_dispute: (p) => `aucun litige ouvert sur « ${p.value} »`,
  dispute_recorded: (p) =>
    `Litige enregistré : facture ${p.invoice}, client ${p.customer}${p.reason ? ` (${p.reason})` : ''} : plus de relance pour elle jusqu’à la clôture du litige (ar dispute ${p.invoice} --close).`,
  dispute_closed_recorded: (p) => `Litige clos : facture ${p.invoice}, client ${p.customer} : les relances reprennent.`,
  promise_recorded_customer: (p) => `Promesse enregistrée : client ${p.customer}, toutes ses factures, jusqu’au ${p.until}${p.amount ? ` (${p.amount} promis)` : ''} : pas de relance d’ici là.`,
  promise_recorded_invoice: (p) =>
    `Promesse enregistrée : facture ${p.target} du client ${p.customer}, jusqu’au ${p.until}${p.amount ? ` (${p.amount} promis)` : ''} : pas de relance pour elle d’ici là.`,
  promise_recorded_unresolved: (p) => `Promesse enregistrée : « ${p.target} » (une facture ouverte de ce numéro, sinon le client), jusqu’au ${p.until}${p.amount ? ` (${p.amount} promis)` : ''}.`,
  nothing_overdue: (p) => `le client « ${p.value} » n’a rien d’échu à cette date hors litiges et factures que le fichier dit payées : pas de lettre`,
  letter_assumed_rate: (p) =>
    `${p.value} : les intérêts courent sur ${p.halves}, dont le taux n’est pas dans la table publiée (le dernier taux publié serait supposé) : donnez le taux publié dans la config (« lateInterestRates ») ou confirmez l’hypothèse (« confirmAssumedRates »: true)`,
  letter_assumed_confirmed: (p) => `la lettre cite un taux supposé pour ${p.halves} (le dernier publié), comme la config le confirme`,
  letter_written: (p) =>
    `Lettre de mise en demeure pour ${p.customer} : ${p.count} pièce(s), ${p.total} au total : ${p.file} (enregistrée au journal ; à envoyer en recommandé avec avis de réception)`,
  escalate_which: () => 'nommez un client, ou --all pour tous les clients dont le dernier avis a expiré',
  escalate_none: () => 'Aucun client à transmettre : aucun n’a de dernier avis dont le délai est passé.',
  escalate_written: (p) => `Dossier de recouvrement de ${p.customer} : ${p.count} pièce(s), ${p.total} au total : ${p.xlsx} et ${p.pdf} (enregistré au journal)`,
  escalate_skipped: (p) => `${p.customer} : déjà transmis le ${p.date} (${p.invoices}) : non repris (--again pour le transmettre à nouveau)`,
  already_handed_over: (p) => `${p.customer} : ${p.invoices} déjà transmis le ${p.date} (${p.files}) : rien n’est écrit ; --again pour un second dossier sur la même dette`,
  note_recorded: (p) => `Note enregistrée pour le client ${p.customer} : ${p.text}`,
  note_not_checked: (p) => `« ${p.value} » non vérifié : pas de fichier clients ni de factures (--customers, --invoices, ou la config)`,
  unknown_customer: (p) => `« ${p.value} » n’est pas un client de ${p.file} : rien n’est enregistré`,
  bad_date_forms: (p) => `${p.option} : « ${p.value} » n’est pas une date (écrire 2026-11-30, 30/11/2026, 30.11.2026 ou 20261130)`,
  letter_no_address: (p) =>
    `${p.customer} : pas d’adresse postale dans le fichier clients (colonnes Adresse, Code postal, Ville, Pays) : la lettre ne porte que le nom du client ; ajoutez l’adresse avant de la poster`,
  letter_glyph_missing: (p) =>
    `${p.file} : le champ ${p.where} contient « ${p.char} » (${p.code}), que la police de la lettre (${p.font}) ne sait pas imprimer : « ${p.value} » ; écrivez-le autrement dans le fichier ou la config`,
  unknown_invoice: (p) => `« ${p.value} » n’est pas une facture de ${p.file} : rien n’est enregistré`,
  dispute_not_checked: (p) => `litige sur « ${p.value} » enregistré sans vérification : pas de fichier de factures (--invoices, ou "invoices" dans la config)`,
  unknown_promise_target: (p) => `« ${p.value} » n’est ni une facture ni un client de ${p.file} : rien n’est enregistré`,
  promise_ambiguous: (p) => `« ${p.value} » est à la fois un n° de facture et un code client : ajoutez --customer ${p.value} pour une promesse du client, ou --customer <son client> pour la facture`,
  promise_not_checked: (p) =>
    `promesse sur « ${p.value} » enregistrée sans vérification : pas de fichier de factures (--invoices, ou "invoices" dans la config) ; ar remind y lit une facture si une facture ouverte porte ce numéro, sinon un code client (--customer le précise)`,
  missing_option: (p) => `${p.option} est obligatoire`,
  bad_amount: (p) => `${p.option} : « ${p.value} » n’est pas un montant positif`,
  ambiguous_amount: (p) => `${p.option} : « ${p.value} » se lit de deux façons (un millier, ou un et une fraction) : écrivez-le avec ses décimales (1 234,00) ou sans séparateur (1234)`,
  impact_credit_note: (p) => `« ${p.value} » est un avoir (${p.amount} ${p.currency} crédités), pas une facture : rien n’est impayé sur lui ; donnez une facture`,
  bad_rate: (p) => `${p.option} : « ${p.value} » n’est pas un taux (5%, 0,05)`,
  bad_days: (p) => `${p.option} : « ${p.value} » n’est pas un nombre entier de jours`,
  cost_of_credit_pair: () => '--cost-of-credit et --days-late vont ensemble',
  missing_options: (p) => `il manque ${p.options} (pas de terminal pour ${Number(p.count) === 1 ? 'la' : 'les'} demander)`,
  rate_bare_number: (p) => `${p.option} : « ${p.value} » n’est pas un taux : écrivez ${p.percent} (un nombre seul est une fraction : ${String(p.fraction).replace('.', ',')} = ${p.percent})`,
  margin_too_high: (p) => `${p.option} : « ${p.value} » doit être inférieure à 100 % : une marge nette est une part du chiffre d’affaires`,
  share_out_of_range: (p) => `${p.option} : « ${p.value} » doit être compris entre 0 % et 100 %`,
  cost_of_credit_out_of_range: (p) => `${p.option} : « ${p.value} » doit être d’au moins 0 % et inférieur à 100 % par an`,
  deductible_without_insured: () => '--deductible est la franchise de l’assureur-crédit : il va avec --insured',
  needs_portfolio: (p) => `${p.option} va avec --portfolio (la matrice de provision de la balance âgée)`,
  needs_csv_format: (p) => `${p.option} va avec --format csv`,
  impact_no_ledger: () => 'aucun journal de factures : donnez-le avec --invoices (ou « invoices » dans ar.config.json) ; le premier argument de ar impact est un numéro de facture',
  no_ledger_revenue: (p) => `le grand livre n’a aucune vente en ${p.currency} sur les 12 mois jusqu’au ${p.date} : donnez le chiffre d’affaires annuel avec --revenue`,
  invoice_not_found: (p) => `pas de facture « ${p.value} » dans le grand livre`,
  invoice_not_open: (p) => `la facture « ${p.value} » n’est pas ouverte${p.date ? ` au ${p.date}` : ''} : rien n’est perdu`,
  nothing_at_risk: () => 'la balance âgée ne contient aucun encours à risque',
  margin_not_positive: (p) => `${p.option ?? '--margin'}${p.value !== undefined ? ` : « ${p.value} »` : ''} doit être supérieure à 0 : sans marge, aucun chiffre d’affaires n’absorbe une perte`,
  revenue_not_positive: () => '--revenue doit être supérieur à 0',
  unpaid_not_positive: () => 'le montant impayé doit être supérieur à 0',
  rate_out_of_range: () => 'une part (--vat, --insured, --recovery) doit être comprise entre 0 % et 100 %',
  internal: (p) => `erreur interne : ${p.detail}. Merci de la signaler avec la commande lancée.`,
  // La ligne de commande (src/cli-args.ts).
  unknown_command: (p) => `« ${p.command} » n’est pas une commande de ar${p.suggestion ? ` (vouliez-vous dire ${p.suggestion} ?)` : ''} ; ar --help les liste`,
  unknown_option: (p) => `${p.option} n’est pas une option de ${p.command}${p.suggestion ? ` (vouliez-vous dire ${p.suggestion} ?)` : ''} ; ${p.command} --help les liste`,
  option_needs_value: (p) => `l’option ${p.option} attend sa valeur`,
  option_takes_no_value: (p) => `${p.option} ne prend pas de valeur (« ${p.value} »)`,
  missing_argument: (p) => `il manque ${p.argument} ; utilisation : ${p.usage}`,
  too_many_arguments: (p) => `trop d’arguments (« ${p.extra} ») ; utilisation : ${p.usage}`,
  // ── Factures électroniques (UBL, CII, Factur-X, cycle de vie CDAR) ──
  element_missing: () => 'est absent, alors qu’il est obligatoire',
  buyer_without_id: () => 'l’acheteur n’a ni identifiant légal, ni n° de TVA, ni adresse électronique, ni identifiant, ni nom',
  currency_mismatch: (p) => `le montant est en ${p.value}, le document en ${p.currency}`,
  duplicate_document: (p) => `le numéro « ${p.value} » est déjà utilisé par ${p.first}, un document du même type`,
  same_document_ignored: (p) => `même document que ${p.first} (« ${p.value} ») : ignoré`,
  folder_too_deep: (p) => `un dossier à plus de ${p.depth} niveaux sous celui donné : non lu (donnez-le comme argument à part pour le lire)`,
  terms_text_not_understood: (p) => `les conditions de paiement « ${p.value} » ne donnent aucun délai : échéance selon les conditions du client ou par défaut`,
  lifecycle_unknown_invoice: (p) => `le statut de cycle de vie ${p.code} cite la facture « ${p.value} », absente des factures électroniques`,
  cashed_twice: (p) => `règlement de la facture « ${p.value} », que ${p.lifecycle} déclare aussi encaissée (statut 212) : les deux sont comptés ; s'il s'agit du même argent, retirez-en un`,
  not_einvoice: (p) => `n’est pas une facture électronique UBL ou CII (élément racine « ${p.root} »${p.namespace ? ` de l’espace de noms « ${p.namespace} »` : ''})`,
  zugferd1: () => 'facture ZUGFeRD 1.0 (CrossIndustryDocument), non lue par ar : demandez-la en Factur-X / ZUGFeRD 2.x, UBL ou CII',
  xml_entities: (p) =>
    `le XML a ${p.detail === 'a DOCTYPE' || p.detail === undefined ? 'un DOCTYPE' : 'un DOCTYPE avec un sous-ensemble interne ([…])'} : refusé (ar ne lit aucune DTD et ne développe aucune entité ; une facture électronique n’en a jamais)`,
  xml_limit_einvoice: (p) => `${p.detail} : refusé (une limite du lecteur XML de ar, dont aucune facture électronique n’approche)`,
  xml_too_large_einvoice: (p) => `plus de ${p.mb} Mo, la limite d’une facture électronique : refusé`,
  xml_malformed: (p) => `XML mal formé (${p.detail})`,
  xml_encoding: (p) => `le XML déclare l’encodage de caractères « ${p.value} », que ar ne connaît pas : refusé`,
  pdf_unreadable: (p) => `PDF illisible (${p.detail})`,
  pdf_encrypted: () => 'le PDF est chiffré : ses pièces jointes sont illisibles',
  pdf_limit: (p) => `le PDF : ${p.detail} : refusé (une limite du lecteur PDF de ar, dont aucune facture n’approche)`,
  pdf_no_invoice_xml: (p) => `aucun XML Factur-X / ZUGFeRD joint (factur-x.xml, zugferd-invoice.xml, xrechnung.xml)${p.attachments ? ` ; pièces jointes : ${p.attachments}` : ''}`,
  not_einvoice_file_ignored: () => 'ni .xml ni .pdf : ignoré',
  file_not_readable: () => 'illisible',
  no_einvoices: (p) => `${p.file} : aucun fichier .xml ou .pdf dans le dossier`,
  einvoices_mixed: (p) => `plusieurs fichiers de factures ne se lisent que comme factures électroniques (.xml, .pdf, ou un dossier) : ${p.file} n’en est pas une`,
  // ── ar forecast, ar report ──
  bad_count: (p) => `${p.option} : « ${p.value} » doit être un nombre entier de ${p.min} à ${p.max}`,
  needs_backtest: (p) => `${p.option} va avec --backtest (les fins de mois à rejouer)`,
  backtest_range: (p) => `--from ${p.from} est après --to ${p.to}`,
  report_not_html: (p) => `${p.option} ${p.file} : le rapport est un fichier HTML : donnez un nom qui finit par .html`,
  report_needs_html: () => 'ar report écrit un fichier HTML : donnez-le avec --html rapport.html',
};

const CATALOGUES: Record<Lang, Catalogue> = { en: EN, fr: FR };

/** A message of the catalogue in a language. */
export function message(code: string, params: Params, lang: Lang): string {
  const f = CATALOGUES[lang][code] ?? EN[code];
  const safe: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) safe[k] = typeof v === 'string' ? printable(v) : v;
  return f ? f(safe) : `${code} ${JSON.stringify(safe)}`;
}

/** Longest text of a value quoted in a message. */
const MAX_QUOTED = 200;

/**
 * A value from a file, made fit for one line of a message: line breaks, tabs and other control
 * characters (a terminal's escape sequences among them) are shown escaped, and a long value is cut.
 * @example printable('a\nb') === 'a\\nb'
 */
export function printable(text: string): string {
  const cut = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}… (${text.length} characters)` : text;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * The figures a problem carries as a program reads them (`--format json`: amounts `-1234.50`, days
 * `2026-10-31`), said in the reader's format in its message: `-1 234,50` and `31/10/2026` in French.
 */
const FIGURES: Readonly<Record<string, { readonly amounts?: readonly string[]; readonly dates?: readonly string[] }>> = {
  balance_differs: { amounts: ['value', 'computed'], dates: ['asOf'] },
  balance_credits_placed: { dates: ['asOf'] },
  status_paid_open: { dates: ['asOf'] },
  balance_credit_notes_used: { amounts: ['amount'] },
  decimal_mark_assumed: { amounts: ['read', 'other'] },
  status_credit_notes_used: { amounts: ['amount'] },
  fec_lettering_unbalanced: { amounts: ['debit', 'credit'] },
  fec_lettering_without_date: { dates: ['date'] },
};

/**
 * A problem in one line: `factures.csv:14: column "Échéance": value "31/02/2026" is not a date`.
 */
export function formatProblem(p: Problem, lang: Lang): FormattedProblem {
  const params: Record<string, string | number> = { ...(p.params ?? {}), value: p.value ?? '' };
  const local = FIGURES[p.code];
  if (local !== undefined) {
    for (const k of local.amounts ?? []) if (typeof params[k] === 'string') params[k] = plainAmountText(params[k] as string, lang);
    for (const k of local.dates ?? []) if (typeof params[k] === 'string') params[k] = isoDayText(params[k] as string, lang);
  }
  // File names and headers come from files: printed without control characters (printable()).
  const where = p.line > 0 ? `${printable(p.file)}:${p.line}${p.col !== undefined ? `:${p.col}` : ''}` : printable(p.file);
  // In XML, the place is an element: a path (e-invoices, `element`), or a name with a line and column (bank statements).
  const column =
    p.element !== undefined
      ? lang === 'fr'
        ? ` élément « ${printable(p.element)} » :`
        : ` element "${printable(p.element)}":`
      : p.column === undefined
        ? ''
        : p.col !== undefined
          ? lang === 'fr'
            ? ` élément <${printable(p.column)}> :`
            : ` element <${printable(p.column)}>:`
          : lang === 'fr'
            ? ` colonne « ${printable(p.column)} » :`
            : ` column "${printable(p.column)}":`;
  const sep = lang === 'fr' ? ' :' : ':';
  return {
    severity: p.severity,
    file: p.file,
    line: p.line,
    column: p.column ?? p.element ?? null,
    value: p.value ?? null,
    message: `${where}${sep}${column} ${message(p.code, params, lang)}`,
    code: p.code,
    ...(p.params ? { params: p.params } : {}),
  };
}

/**
 * Problems of one kind said together, on stderr (src/render/problems.ts): what N values of a column
 * are (`are not dates`), or what N rows do (`payments name an invoice that is not in the ledger`).
 * A kind without its words here is said by its first message.
 */
const CELL_GROUPS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: {
    required: 'are empty, and a value is required',
    not_a_date: 'are not dates',
    date_order_conflict: 'contradict the day/month order of the rest of the column',
    date_maybe_swapped: 'are dates whose day and month Excel may have swapped',
    not_an_amount: 'are not amounts',
    too_many_decimals: 'have more than 2 decimals',
    too_large: 'are too large for an amount',
    decimal_mark_conflict: 'use a decimal mark other than the rest of the column',
    amount_in_other_currency: 'are amounts in another currency than their row',
    not_a_currency: 'are not currency codes',
    not_a_document_type: 'are neither invoices nor credit notes',
    not_terms: 'are not payment terms',
    not_a_language: 'are not languages (fr, en, nl)',
    not_yes_no: 'are neither yes nor no',
    invalid_email: 'are not valid e-mail addresses',
    duplicate_number: 'repeat an invoice number used above',
    duplicate_payment: 'repeat a payment id used above',
    duplicate_customer: 'repeat a customer defined above',
    fec_not_a_side: 'are neither D nor C',
    not_a_side: 'are neither D nor C',
    camt_not_credit_debit: 'are neither CRDT nor DBIT',
    invalid_iban: 'are not valid IBANs: left out',
    unknown_status: 'are not known statuses: read as normal',
  },
  fr: {
    required: 'sont vides, et une valeur est requise',
    not_a_date: 'ne sont pas des dates',
    date_order_conflict: 'contredisent l’ordre jour/mois du reste de la colonne',
    date_maybe_swapped: 'sont des dates dont Excel a pu inverser le jour et le mois',
    not_an_amount: 'ne sont pas des montants',
    too_many_decimals: 'ont plus de 2 décimales',
    too_large: 'sont trop grandes pour un montant',
    decimal_mark_conflict: 'utilisent une autre marque décimale que le reste de la colonne',
    amount_in_other_currency: 'sont des montants dans une autre devise que leur ligne',
    not_a_currency: 'ne sont pas des codes de devise',
    not_a_document_type: 'ne sont ni des factures ni des avoirs',
    not_terms: 'ne sont pas des conditions de paiement',
    not_a_language: 'ne sont pas des langues (fr, en, nl)',
    not_yes_no: 'ne sont ni oui ni non',
    invalid_email: 'ne sont pas des adresses e-mail valides',
    duplicate_number: 'répètent un n° de facture déjà utilisé',
    duplicate_payment: 'répètent un n° de règlement déjà utilisé',
    duplicate_customer: 'répètent un client déjà défini',
    fec_not_a_side: 'ne sont ni D ni C',
    not_a_side: 'ne sont ni D ni C',
    camt_not_credit_debit: 'ne sont ni CRDT ni DBIT',
    invalid_iban: 'ne sont pas des IBAN valides : laissés de côté',
    unknown_status: 'sont des statuts inconnus : lus comme normaux',
  },
};

const ROW_GROUPS: Readonly<Record<Lang, Readonly<Record<string, (p: Params) => string>>>> = {
  en: {
    unknown_reference: (p) => `${p.what === 'credit_note' ? 'credit notes' : 'payments'} name an invoice that is not in the ledger`,
    reference_other_customer: () => 'payments name an invoice of another customer: not applied to it',
    reference_other_currency: () => 'payments name an invoice in another currency: not applied to it',
    total_row_ignored: () => 'total rows ignored',
    heading_row_ignored: () => 'heading rows ignored (a text alone, no date, no amount)',
    header_repeated: () => 'header rows repeated (a report printed page by page) ignored',
    not_an_invoice_ignored: () => 'drafts, pro formas or quotes ignored: no invoice, nothing owed',
    no_customer_column: () => 'rows have no customer: the file has no column that names one (customer, client, code client, customer name, contact name…)',
    payment_not_received_ignored: () => 'payments that failed, were declined or cancelled ignored: not received',
    payment_draft_ignored: () => 'draft payments ignored: not posted in the software that wrote the file',
    payment_not_customer_ignored: () => 'payments of suppliers, employees or other parties than customers ignored: not the receivable’s',
    payment_transfer_ignored: () => 'transfers between the firm’s own accounts ignored: no payment of a customer',
    payment_refunded_ignored: () => 'payments paid back in full ignored: not kept',
    cancelled_ignored: () => 'invoices cancelled (voided) in the software that wrote the file ignored: nothing owed',
    cancelling_credit_note_ignored: () => 'credit notes of invoices the file says cancelled ignored with them: the cancellation itself',
    cancelling_credit_note_matched: () => 'credit notes that name no invoice, with a cancelled invoice’s customer, currency and amount, ignored with it: its cancellation',
    payment_customer_by_name: () => 'payments name their customer by its name, not its id: counted as that customer’s',
    due_before_issue: () => 'invoices are due before their date: check the rows',
    payment_currency_assumed: () => 'payments without a currency are counted in the default currency',
    balance_differs: () => 'invoices have a balance in the file other than the open amount computed',
    id_leading_zeros: () => 'codes differ from another only by leading zeros: Excel may have made them numbers',
    id_spelling: () => 'customers differ from another only by accents, punctuation or spaces: kept apart',
    structured_communication_invalid: () => 'structured communications have wrong check digits: not used to match',
    structured_communication_unknown: () => 'structured communications name no invoice of the ledger',
    creditor_reference_invalid: () => 'creditor references fail their check: not used to match',
    creditor_reference_unknown: () => 'creditor references name no invoice of the ledger',
    dispute_unknown_invoice: () => 'disputes of the journal name an invoice that is not in the ledger',
    cashed_twice: () => 'payments name an invoice that its lifecycle also reports cashed: both counted',
    payment_names_no_known_invoice: () => 'payments have no customer and name no known invoice',
    payment_without_customer: () => 'payments have neither a customer nor an invoice reference',
    lifecycle_unknown_invoice: () => 'lifecycle statuses name an invoice that is not among the e-invoices',
    same_document_ignored: () => 'documents are the same as another: ignored',
    folder_too_deep: (p) => `folders are more than ${p.depth} levels below the one given: not read`,
  },
  fr: {
    unknown_reference: (p) => `${p.what === 'credit_note' ? 'avoirs citent' : 'règlements citent'} une facture absente du grand livre`,
    reference_other_customer: () => 'règlements citent une facture d’un autre client : non imputés sur elle',
    reference_other_currency: () => 'règlements citent une facture dans une autre devise : non imputés sur elle',
    total_row_ignored: () => 'lignes de total ignorées',
    heading_row_ignored: () => 'lignes de titre ignorées (un texte seul, sans date ni montant)',
    header_repeated: () => 'lignes d’en-tête répétées (un état imprimé page par page) ignorées',
    not_an_invoice_ignored: () => 'brouillons, pro forma ou devis ignorés : pas des factures, rien n’est dû',
    no_customer_column: () => 'lignes n’ont pas de client : le fichier n’a pas de colonne qui le nomme (client, code client, nom client, customer…)',
    payment_not_received_ignored: () => 'paiements échoués, refusés ou annulés ignorés : non reçus',
    payment_draft_ignored: () => 'paiements en brouillon ignorés : non validés dans le logiciel qui a écrit le fichier',
    payment_not_customer_ignored: () => 'paiements de fournisseurs, de salariés ou d’autres tiers que des clients ignorés : hors poste clients',
    payment_transfer_ignored: () => 'virements entre les comptes de l’entreprise ignorés : pas des règlements clients',
    payment_refunded_ignored: () => 'paiements remboursés en entier ignorés : non gardés',
    cancelled_ignored: () => 'factures annulées dans le logiciel qui a écrit le fichier ignorées : rien n’est dû',
    cancelling_credit_note_ignored: () => 'avoirs de factures que le fichier dit annulées ignorés avec elles : l’annulation même',
    cancelling_credit_note_matched: () => 'avoirs qui ne nomment aucune facture, du client, de la devise et du montant d’une facture annulée, ignorés avec elle : son annulation',
    payment_customer_by_name: () => 'règlements nomment leur client par son nom, non son code : comptés à ce client',
    due_before_issue: () => 'factures échoient avant leur date : vérifiez les lignes',
    payment_currency_assumed: () => 'règlements sans devise sont comptés dans la devise par défaut',
    balance_differs: () => 'factures ont dans le fichier un solde autre que le reste dû calculé',
    id_leading_zeros: () => 'codes ne diffèrent d’un autre que par des zéros en tête : Excel a pu en faire des nombres',
    id_spelling: () => 'clients ne diffèrent d’un autre que par des accents, la ponctuation ou des espaces : tenus à part',
    structured_communication_invalid: () => 'communications structurées ont une clé fausse : non utilisées',
    structured_communication_unknown: () => 'communications structurées ne désignent aucune facture du grand livre',
    creditor_reference_invalid: () => 'références de créancier échouent à leur contrôle : non utilisées',
    creditor_reference_unknown: () => 'références de créancier ne désignent aucune facture du grand livre',
    dispute_unknown_invoice: () => 'litiges du journal citent une facture absente du grand livre',
    cashed_twice: () => 'règlements citent une facture que son cycle de vie dit aussi encaissée : les deux comptent',
    payment_names_no_known_invoice: () => 'règlements sans client ne citent aucune facture connue',
    payment_without_customer: () => 'règlements n’ont ni client ni référence de facture',
    lifecycle_unknown_invoice: () => 'statuts de cycle de vie citent une facture absente des factures électroniques',
    same_document_ignored: () => 'documents sont identiques à un autre : ignorés',
    folder_too_deep: (p) => `dossiers sont à plus de ${p.depth} niveaux sous celui donné : non lus`,
  },
};

/**
 * The words for `count` problems of one kind, null when the kind has none (its first message is then
 * shown). With a column: `14 values of column "Échéance" are not dates`; else `1,487 payments name …`.
 */
export function groupMessage(code: string, params: Params, column: string | null, count: string, lang: Lang): string | null {
  const cell = CELL_GROUPS[lang][code];
  if (cell !== undefined && column !== null) {
    return lang === 'fr' ? `${count} valeurs de la colonne « ${printable(column)} » ${cell}` : `${count} values of column "${printable(column)}" ${cell}`;
  }
  const row = ROW_GROUPS[lang][code];
  return row === undefined ? null : `${count} ${row(params)}`;
}
