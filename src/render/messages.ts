import type { Problem } from '../core/types.ts';
import type { Params } from '../errors.ts';
import type { FormattedProblem, Lang } from './aging-report.ts';

/**
 * The one catalogue of messages for people, in English and French. A message names the file,
 * the line and the column when it has them, and says what to do when there is something to do.
 */
type Catalogue = Record<string, (p: Params) => string>;

const FIELD_FR: Record<string, string> = {
  number: 'n° de facture', customerId: 'code client', customerName: 'nom du client', issueDate: 'date de facture',
  dueDate: "date d'échéance", amount: 'montant', date: 'date', id: 'code client', currency: 'devise', refs: 'réf. facture',
};
const FIELD_EN: Record<string, string> = {
  number: 'invoice number', customerId: 'customer id', customerName: 'customer name', issueDate: 'invoice date',
  dueDate: 'due date', amount: 'amount', date: 'date', id: 'customer id', currency: 'currency', refs: 'invoice reference',
};

/** 2026-03-04 → 2026-04-03. */
const swapDayMonth = (iso: string | number | undefined): string => {
  const s = String(iso ?? '');
  return /^\d{4}-\d\d-\d\d$/.test(s) ? `${s.slice(0, 5)}${s.slice(8, 10)}-${s.slice(5, 7)}` : s;
};

const fieldList = (list: string | number | undefined, names: Record<string, string>): string =>
  String(list ?? '').split(',').filter(Boolean).map((f) => names[f] ?? f).join(', ');

const EN: Catalogue = {
  // Cell problems (the prefix "file:line: column "X": " is added by formatProblem).
  required: () => 'is empty, and a value is required',
  not_a_date: (p) => `value "${p.value}" is not a date`,
  date_order_conflict: (p) => `value "${p.value}" contradicts the day/month order of the rest of the column`,
  date_maybe_swapped: (p) => `value ${p.value} is a date typed by Excel, while the column's other dates are text that reads only one way: Excel may have swapped its day and month (${swapDayMonth(p.value)}?); format the column as text in Excel, or check the value`,
  not_an_amount: (p) => `value "${p.value}" is not an amount`,
  too_many_decimals: (p) => `value "${p.value}" has more than 2 decimals`,
  too_large: (p) => `value "${p.value}" is too large for an amount`,
  decimal_mark_conflict: (p) => `value "${p.value}" uses a decimal mark other than the rest of the column`,
  not_a_currency: (p) => `value "${p.value}" is not a currency code (EUR, USD, …)`,
  not_a_document_type: (p) => `value "${p.value}" is neither an invoice nor a credit note`,
  not_terms: (p) => `value "${p.value}" is not payment terms (30, 60, 45FDM, …)`,
  paid_without_date: () => 'a paid amount has no paid date',
  duplicate_number: (p) => `invoice number "${p.value}" is already used on line ${p.first}`,
  payment_names_no_known_invoice: (p) => `payment has no customer and names no known invoice ("${p.value}")`,
  payment_without_customer: () => 'payment has neither a customer nor an invoice reference',
  duplicate_payment: (p) => `payment id "${p.value}" is already used on line ${p.first}`,
  not_a_language: (p) => `value "${p.value}" is not a language (fr, en, nl)`,
  not_yes_no: (p) => `value "${p.value}" is neither yes nor no`,
  duplicate_customer: (p) => `customer "${p.value}" is already defined on line ${p.first}`,
  // Warnings.
  unknown_reference: (p) => `${p.what === 'credit_note' ? 'credit note' : 'payment'} names invoice "${p.value}", which is not in the ledger`,
  reference_other_customer: (p) => `invoice "${p.value}" belongs to customer ${p.customer}, not ${p.expected}: not applied to it`,
  reference_other_currency: (p) => `invoice "${p.value}" is in ${p.currency}, not ${p.expected}: not applied to it`,
  total_row_ignored: () => 'a total row, ignored',
  unknown_status: (p) => `status "${p.value}" is not known (litige/disputed, irrécouvrable/written off): read as normal`,
  ambiguous_date_order: (p) => `no value settles the order of day and month; dates are read as ${p.order === 'dmy' ? 'day/month/year' : 'month/day/year'} (the file's locale)`,
  mixed_decimal_marks: (p) => `the column mixes decimal marks; values are read with "${p.mark}", the others are rejected`,
  invalid_email: (p) => `"${p.value}" is not a valid e-mail address`,
  id_leading_zeros: (p) => `${p.what === 'invoice' ? 'invoice' : 'customer'} "${p.value}" differs from "${p.other}" (${p.where}) only by leading zeros: Excel may have turned the code into a number. They are kept apart; write the code as text in both files`,
  sheet_cut_short: (p) => `reading stopped here, after ${p.count} empty rows in a row; anything below them was not read (delete the empty rows)`,
  // Errors of a whole file or command.
  file_not_found: (p) => `${p.file}: no such file`,
  file_is_directory: (p) => `${p.file}: is a folder, not a file`,
  sheet_on_csv: (p) => `${p.file}: "#sheet" only applies to an .xlsx workbook`,
  xls_not_supported: (p) => `${p.file}: old Excel 97–2003 (.xls) files are not read; save it as .xlsx or CSV`,
  csv_syntax: (p) => `${p.file}:${p.line}: ${p.detail === 'quote_not_closed' ? 'a quote is opened and never closed' : p.detail === 'invalid_closing_quote' ? 'a quote is closed in the middle of a field' : 'the CSV is malformed'}`,
  xlsx_unreadable: (p) => `${p.file}: not a readable .xlsx workbook (${p.detail})`,
  xlsx_too_large: (p) => `${p.file}: ${p.part} would inflate to more than ${p.mb} MB: refused (a zip bomb, or not a ledger)`,
  xlsx_dtd: (p) => `${p.file}: ${p.part} declares a DTD (<!DOCTYPE>), which no workbook does: refused (XML entity expansion)`,
  sheet_not_found: (p) => `${p.file}: no sheet "${p.sheet}" (sheets: ${p.sheets})`,
  no_sheet_recognised: (p) => `${p.file}: no sheet has the header row of ${p.kind === 'invoices' ? 'an invoice ledger' : p.kind === 'payments' ? 'a payments ledger' : 'a customers file'} (sheets: ${p.sheets})`,
  missing_columns: (p) => `${p.file}: no column for ${fieldList(p.missing, FIELD_EN)}; headers found: ${p.found || '(none)'}. Rename the column or map it in ar.config.json ("columns")`,
  rows_rejected: (p) => `${p.count} row(s) rejected; fix them, or run again with --skip-invalid to go on without them`,
  no_invoices: () => 'no invoice ledger given: pass it as the first argument or with --invoices (or set "invoices" in ar.config.json)',
  bad_date: (p) => `${p.option}: "${p.value}" is not a date (YYYY-MM-DD)`,
  bad_buckets: (p) => `--buckets: "${p.value}" must be increasing whole numbers of days, e.g. 30,60,90`,
  bad_choice: (p) => `${p.option}: "${p.value}" is not one of ${p.choices}`,
  bad_config: (p) => `${p.file}: ${p.detail}`,
  customer_not_found: (p) => `no customer "${p.value}" in the aged balance`,
  write_failed: (p) => `${p.file}: cannot write (${p.detail})`,
  send_and_outbox: () => '--send and --outbox exclude each other: choose one',
  smtp_missing: () => 'AR_SMTP_URL is not set: export AR_SMTP_URL=smtps://user:password@smtp.example.com (or use --outbox)',
  smtp_bad_url: () => 'AR_SMTP_URL must be an smtp:// or smtps:// URL',
  from_missing: () => 'AR_SMTP_FROM is not set (e.g. "Atelier Durand" <compta@durand.example>), nor "firm.email" in the config',
  from_invalid: (p) => `AR_SMTP_FROM: "${p.value}" is not an address`,
  smtp_unreachable: (p) => `the mail server could not be reached; the run stopped cleanly and a rerun will go on (${p.detail})`,
  some_failed: (p) => `${p.count} message(s) not delivered: see the table above; a rerun retries them`,
  journal_locked: (p) => `${p.file}: another ar remind is running on this journal; nothing was sent`,
  journal_unreadable: (p) => `${p.file}: not a readable journal (${p.detail})`,
  journal_too_new: (p) => `${p.file}: journal schema ${p.version} is newer than this ar understands (${p.supported}); update ar`,
  no_journal: (p) => `${p.file}: no journal yet (it is created by ar remind --send or --outbox, ar dispute, ar promise, ar note)`,
  template_missing: (p) => `${p.file}: e-mail template not found`,
  template_section_missing: (p) => `${p.file}: the template has no ---${p.section}--- section`,
  template_error: (p) => `${p.file}: ${p.detail}`,
  no_open_dispute: (p) => `no open dispute on "${p.value}"`,
  missing_option: (p) => `${p.option} is required`,
  bad_amount: (p) => `${p.option}: "${p.value}" is not a positive amount`,
  bad_rate: (p) => `${p.option}: "${p.value}" is not a rate (5%, 0.05)`,
  bad_days: (p) => `${p.option}: "${p.value}" is not a whole number of days`,
  cost_of_credit_pair: () => '--cost-of-credit and --days-late go together',
  missing_options: (p) => `missing ${p.options} (no terminal to ask for them)`,
  invoice_not_found: (p) => `no invoice "${p.value}" in the ledger`,
  invoice_not_open: (p) => `invoice "${p.value}" is not open${p.date ? ` as of ${p.date}` : ''}: nothing is lost`,
  nothing_at_risk: () => 'the aged balance holds nothing at risk',
  margin_not_positive: () => '--margin must be above 0: with no margin, no revenue absorbs a loss',
  revenue_not_positive: () => '--revenue must be above 0',
  unpaid_not_positive: () => 'the unpaid amount must be above 0',
  rate_out_of_range: () => 'a share (--vat, --insured, --recovery) must be between 0% and 100%',
  internal: (p) => `internal error: ${p.detail}. Please report it with the command you ran.`,
};

const FR: Catalogue = {
  required: () => 'est vide, alors qu’une valeur est obligatoire',
  not_a_date: (p) => `« ${p.value} » n’est pas une date`,
  date_order_conflict: (p) => `« ${p.value} » contredit l’ordre jour/mois du reste de la colonne`,
  date_maybe_swapped: (p) => `${p.value} est une date saisie par Excel, alors que les autres dates de la colonne sont du texte qui ne se lit que dans un sens : Excel a pu inverser jour et mois (${swapDayMonth(p.value)} ?) ; mettez la colonne au format texte dans Excel, ou vérifiez la valeur`,
  not_an_amount: (p) => `« ${p.value} » n’est pas un montant`,
  too_many_decimals: (p) => `« ${p.value} » a plus de 2 décimales`,
  too_large: (p) => `« ${p.value} » est trop grand pour un montant`,
  decimal_mark_conflict: (p) => `« ${p.value} » n’utilise pas le même séparateur décimal que le reste de la colonne`,
  not_a_currency: (p) => `« ${p.value} » n’est pas un code de devise (EUR, USD…)`,
  not_a_document_type: (p) => `« ${p.value} » n’est ni une facture ni un avoir`,
  not_terms: (p) => `« ${p.value} » n’est pas une condition de paiement (30, 60, 45FDM…)`,
  paid_without_date: () => 'un montant réglé n’a pas de date de règlement',
  duplicate_number: (p) => `le n° de facture « ${p.value} » est déjà utilisé ligne ${p.first}`,
  payment_names_no_known_invoice: (p) => `le règlement n’a pas de client et ne cite aucune facture connue (« ${p.value} »)`,
  payment_without_customer: () => 'le règlement n’a ni client ni référence de facture',
  duplicate_payment: (p) => `le règlement « ${p.value} » est déjà utilisé ligne ${p.first}`,
  not_a_language: (p) => `« ${p.value} » n’est pas une langue (fr, en, nl)`,
  not_yes_no: (p) => `« ${p.value} » n’est ni oui ni non`,
  duplicate_customer: (p) => `le client « ${p.value} » est déjà défini ligne ${p.first}`,
  unknown_reference: (p) => `${p.what === 'credit_note' ? 'l’avoir' : 'le règlement'} cite la facture « ${p.value} », absente du grand livre`,
  reference_other_customer: (p) => `la facture « ${p.value} » appartient au client ${p.customer}, pas à ${p.expected} : non imputée`,
  reference_other_currency: (p) => `la facture « ${p.value} » est en ${p.currency}, pas en ${p.expected} : non imputée`,
  total_row_ignored: () => 'ligne de total, ignorée',
  unknown_status: (p) => `statut « ${p.value} » inconnu (litige, irrécouvrable) : lu comme normal`,
  ambiguous_date_order: (p) => `aucune valeur ne tranche l’ordre jour/mois ; dates lues en ${p.order === 'dmy' ? 'jour/mois/année' : 'mois/jour/année'} (usage du fichier)`,
  mixed_decimal_marks: (p) => `la colonne mélange les séparateurs décimaux ; valeurs lues avec « ${p.mark} », les autres rejetées`,
  invalid_email: (p) => `« ${p.value} » n’est pas une adresse e-mail valide`,
  id_leading_zeros: (p) => `${p.what === 'invoice' ? 'la facture' : 'le client'} « ${p.value} » ne diffère de « ${p.other} » (${p.where}) que par des zéros en tête : Excel a pu transformer le code en nombre. Ils restent distincts ; écrivez le code en texte dans les deux fichiers`,
  sheet_cut_short: (p) => `lecture arrêtée ici, après ${p.count} lignes vides d’affilée ; ce qui suit n’a pas été lu (supprimez les lignes vides)`,
  file_not_found: (p) => `${p.file} : fichier introuvable`,
  file_is_directory: (p) => `${p.file} : est un dossier, pas un fichier`,
  sheet_on_csv: (p) => `${p.file} : « #feuille » ne s’applique qu’à un classeur .xlsx`,
  xls_not_supported: (p) => `${p.file} : les anciens fichiers Excel 97–2003 (.xls) ne sont pas lus ; enregistrez-le en .xlsx ou CSV`,
  csv_syntax: (p) => `${p.file}:${p.line} : ${p.detail === 'quote_not_closed' ? 'un guillemet est ouvert et jamais fermé' : p.detail === 'invalid_closing_quote' ? 'un guillemet est fermé au milieu d’un champ' : 'CSV mal formé'}`,
  xlsx_unreadable: (p) => `${p.file} : classeur .xlsx illisible (${p.detail})`,
  xlsx_too_large: (p) => `${p.file} : ${p.part} dépasserait ${p.mb} Mo une fois décompressé : refusé (bombe zip, ou pas un grand livre)`,
  xlsx_dtd: (p) => `${p.file} : ${p.part} déclare une DTD (<!DOCTYPE>), ce qu’aucun classeur ne fait : refusé (expansion d’entités XML)`,
  sheet_not_found: (p) => `${p.file} : pas de feuille « ${p.sheet} » (feuilles : ${p.sheets})`,
  no_sheet_recognised: (p) => `${p.file} : aucune feuille n’a l’en-tête ${p.kind === 'invoices' ? 'd’un journal de factures' : p.kind === 'payments' ? 'd’un journal de règlements' : 'd’un fichier clients'} (feuilles : ${p.sheets})`,
  missing_columns: (p) => `${p.file} : pas de colonne pour ${fieldList(p.missing, FIELD_FR)} ; en-têtes trouvés : ${p.found || '(aucun)'}. Renommez la colonne ou déclarez-la dans ar.config.json (« columns »)`,
  rows_rejected: (p) => `${p.count} ligne(s) rejetée(s) ; corrigez-les, ou relancez avec --skip-invalid pour continuer sans elles`,
  no_invoices: () => 'aucun journal de factures : donnez-le en premier argument ou avec --invoices (ou « invoices » dans ar.config.json)',
  bad_date: (p) => `${p.option} : « ${p.value} » n’est pas une date (AAAA-MM-JJ)`,
  bad_buckets: (p) => `--buckets : « ${p.value} » doit être une suite croissante de nombres de jours, par ex. 30,60,90`,
  bad_choice: (p) => `${p.option} : « ${p.value} » n’est pas parmi ${p.choices}`,
  bad_config: (p) => `${p.file} : ${p.detail}`,
  customer_not_found: (p) => `aucun client « ${p.value} » dans la balance âgée`,
  write_failed: (p) => `${p.file} : écriture impossible (${p.detail})`,
  send_and_outbox: () => '--send et --outbox s’excluent : choisissez l’un des deux',
  smtp_missing: () => 'AR_SMTP_URL n’est pas défini : export AR_SMTP_URL=smtps://utilisateur:motdepasse@smtp.exemple.fr (ou utilisez --outbox)',
  smtp_bad_url: () => 'AR_SMTP_URL doit être une URL smtp:// ou smtps://',
  from_missing: () => 'AR_SMTP_FROM n’est pas défini (par ex. "Atelier Durand" <compta@durand.example>), ni « firm.email » dans la configuration',
  from_invalid: (p) => `AR_SMTP_FROM : « ${p.value} » n’est pas une adresse`,
  smtp_unreachable: (p) => `serveur de messagerie injoignable ; le run s’est arrêté proprement et un nouveau run reprendra (${p.detail})`,
  some_failed: (p) => `${p.count} message(s) non remis : voir le tableau ci-dessus ; un nouveau run les retentera`,
  journal_locked: (p) => `${p.file} : un autre ar remind tourne sur ce journal ; rien n’a été envoyé`,
  journal_unreadable: (p) => `${p.file} : journal illisible (${p.detail})`,
  journal_too_new: (p) => `${p.file} : le schéma ${p.version} du journal est plus récent que ce que connaît ar (${p.supported}) ; mettez ar à jour`,
  no_journal: (p) => `${p.file} : pas encore de journal (créé par ar remind --send ou --outbox, ar dispute, ar promise, ar note)`,
  template_missing: (p) => `${p.file} : modèle d’e-mail introuvable`,
  template_section_missing: (p) => `${p.file} : le modèle n’a pas de section ---${p.section}---`,
  template_error: (p) => `${p.file} : ${p.detail}`,
  no_open_dispute: (p) => `aucun litige ouvert sur « ${p.value} »`,
  missing_option: (p) => `${p.option} est obligatoire`,
  bad_amount: (p) => `${p.option} : « ${p.value} » n’est pas un montant positif`,
  bad_rate: (p) => `${p.option} : « ${p.value} » n’est pas un taux (5%, 0,05)`,
  bad_days: (p) => `${p.option} : « ${p.value} » n’est pas un nombre entier de jours`,
  cost_of_credit_pair: () => '--cost-of-credit et --days-late vont ensemble',
  missing_options: (p) => `il manque ${p.options} (pas de terminal pour les demander)`,
  invoice_not_found: (p) => `pas de facture « ${p.value} » dans le grand livre`,
  invoice_not_open: (p) => `la facture « ${p.value} » n’est pas ouverte${p.date ? ` au ${p.date}` : ''} : rien n’est perdu`,
  nothing_at_risk: () => 'la balance âgée ne contient aucun encours à risque',
  margin_not_positive: () => '--margin doit être supérieure à 0 : sans marge, aucun chiffre d’affaires n’absorbe une perte',
  revenue_not_positive: () => '--revenue doit être supérieur à 0',
  unpaid_not_positive: () => 'le montant impayé doit être supérieur à 0',
  rate_out_of_range: () => 'une part (--vat, --insured, --recovery) doit être comprise entre 0 % et 100 %',
  internal: (p) => `erreur interne : ${p.detail}. Merci de la signaler avec la commande lancée.`,
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
 * A problem in one line: `factures.csv:14: column "Échéance": value "31/02/2026" is not a date`.
 */
export function formatProblem(p: Problem, lang: Lang): FormattedProblem {
  const params: Record<string, string | number> = { ...(p.params ?? {}), value: p.value ?? '' };
  const where = p.line > 0 ? `${printable(p.file)}:${p.line}` : printable(p.file);
  const header = p.column !== undefined ? printable(p.column) : '';
  const column = p.column !== undefined ? (lang === 'fr' ? ` colonne « ${header} » :` : ` column "${header}":`) : '';
  const sep = lang === 'fr' ? ' :' : ':';
  return {
    severity: p.severity,
    file: p.file,
    line: p.line,
    column: p.column ?? null,
    value: p.value ?? null,
    message: `${where}${sep}${column} ${message(p.code, params, lang)}`,
  };
}
