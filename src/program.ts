import type { Context } from './context.ts';
import type { EXIT } from './errors.ts';

/**
 * The command line of `ar`, declared once: every command with its name, aliases, arguments, options
 * (value, choices, default), its help and examples in French and English, the exit codes it gives, and
 * what it runs. From this table alone come the reading of a command line (src/cli-args.ts), the help
 * (src/render/help-text.ts) and the option types the commands receive (`OptionsOf`); the tests build
 * commander's reading from it as an oracle (test/helpers/commander.ts). Adding an option or a command
 * is one entry here (docs/development.md). The commands' modules are imported only when they run.
 */

/** A text for people, in each language of `ar`: a missing translation does not compile. */
export interface Text {
  readonly en: string;
  readonly fr: string;
}

export interface OptionDecl {
  /** Written `--as-of` on the command line, read as `asOf` by the command. */
  readonly name: string;
  /** A one-letter form, `-v` for `--verbose`. */
  readonly short?: string;
  /** The name of its value in the help (`--as-of <date>`; with choices, shown instead of them); absent, with no choices: a flag (`--send`). */
  readonly value?: Text;
  /** The value may be left out (`--vat [rate]`): the option is then `true`. */
  readonly optional?: true;
  /** The values allowed, shown in the help as `<table|json|csv>`. */
  readonly choices?: readonly string[];
  readonly default?: string;
  readonly help: Text;
}

export interface ArgumentDecl {
  /** Shown as `<invoice>`, `[invoices...]`. */
  readonly name: Text;
  readonly required?: true;
  /** Takes every argument left (files, e-invoices). */
  readonly variadic?: true;
  readonly help: Text;
}

/** A command line shown in the help, with what it does when that is not plain from it. */
export interface Example {
  readonly line: string;
  readonly note?: Text;
}

/** What an exit code means, in the help. */
export type ExitCodeOf = (typeof EXIT)[keyof typeof EXIT] | typeof INTERNAL_ERROR;

export interface CommandDecl {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly summary: Text;
  readonly arguments: readonly ArgumentDecl[];
  readonly options: readonly OptionDecl[];
  readonly examples: readonly Example[];
  /** A paragraph after the examples. */
  readonly notes?: Text;
  /** The exit codes it gives, with what they mean when it says more than `EXIT_MEANINGS`. */
  readonly exits: readonly (ExitCodeOf | readonly [ExitCodeOf, Text])[];
}

/** `--as-of` → `asOf`. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

type ValueOf<O extends OptionDecl> = O extends { readonly choices: readonly (infer C)[] }
  ? C
  : O extends { readonly value: Text }
    ? O extends { readonly optional: true }
      ? string | true
      : string
    : boolean;

/**
 * The options a command receives, typed by their declarations: `{ asOf?: string; format: 'table' | 'json' | 'csv' … }`;
 * an option with a default is always there (the reader fills it in).
 */
export type OptionsOf<L extends readonly OptionDecl[]> = {
  readonly [O in L[number] as O extends { readonly default: string } ? never : Camel<O['name']>]?: ValueOf<O>;
} & { readonly [O in L[number] as O extends { readonly default: string } ? Camel<O['name']> : never]: ValueOf<O> };

type ArgumentOf<A> = A extends { readonly variadic: true } ? readonly string[] : A extends { readonly required: true } ? string : string | undefined;

/** The arguments a command receives, one per declaration: a variadic one is an array. */
export type ArgumentsOf<L extends readonly ArgumentDecl[]> = { readonly [I in keyof L]: ArgumentOf<L[I]> };

/** A command of the table and what it runs. */
export interface Command {
  readonly decl: CommandDecl;
  /** Runs it with what the reader read; the reader gives each value the type its declaration says. */
  readonly run: (args: readonly (string | readonly string[] | undefined)[], opts: Readonly<Record<string, string | boolean>>, ctx: Context) => Promise<number>;
}

/**
 * A command of the table: its declaration and what it runs, typed by the declaration. The one place
 * where the types meet the reader's plain values: src/cli-args.ts reads a value for an option as its
 * declaration says (a flag `true`, a choice one of its choices, an optional value a text or `true`), and
 * test/cli/args.test.ts holds that reading to commander's.
 */
function command<const D extends CommandDecl>(decl: D, run: (args: ArgumentsOf<D['arguments']>, opts: OptionsOf<D['options']>, ctx: Context) => Promise<number>): Command {
  return { decl, run: run as unknown as Command['run'] };
}

// ── Words shared by the help of every command ────────────────────────────────────────────────────

const FILE = { en: 'file', fr: 'fichier' } as const;
const DAYS = { en: 'days', fr: 'jours' } as const;
const AMOUNT = { en: 'amount', fr: 'montant' } as const;
const RATE = { en: 'rate', fr: 'taux' } as const;
const CUSTOMER_ID = { en: 'id', fr: 'code' } as const;

export const INTERNAL_ERROR = 70;

/** What each exit code means, unless a command says more. */
export const EXIT_MEANINGS: Readonly<Record<ExitCodeOf, Text>> = {
  0: { en: 'done', fr: 'fait' },
  1: { en: 'usage error: an unknown option, a bad value, a missing argument', fr: "erreur d'utilisation : option inconnue, valeur refusée, argument manquant" },
  2: { en: 'invalid input: a file missing or unreadable, rejected rows (each listed)', fr: 'données invalides : fichier absent ou illisible, lignes rejetées (chacune listée)' },
  3: { en: 'some messages not delivered, or uncertain', fr: 'des messages non remis, ou incertains' },
  4: { en: 'another run holds the journal', fr: 'une autre exécution tient le journal' },
  70: { en: 'internal error (a bug: please report it with the command you ran)', fr: 'erreur interne (un bogue : merci de le signaler avec la commande lancée)' },
};

/** `-h, --help` and `-V, --version`, which the reader knows of itself. */
export const HELP_OPTION = { short: '-h', long: '--help', help: { en: 'display help for command', fr: "affiche l'aide de la commande" } } as const;
export const VERSION_OPTION = { short: '-V', long: '--version', help: { en: 'output the version number', fr: 'affiche le numéro de version' } } as const;
/** `ar help [command]`. */
export const HELP_COMMAND = {
  name: 'help',
  argument: { en: 'command', fr: 'commande' },
  help: { en: 'display help for command', fr: "affiche l'aide de la commande" },
} as const;

// ── Options shared by several commands ───────────────────────────────────────────────────────────

const LANG = {
  name: 'lang',
  choices: ['fr', 'en'],
  help: { en: 'language of the output (default: from LANG)', fr: 'langue de la sortie (par défaut : selon LANG)' },
} as const;

const CONFIG = {
  name: 'config',
  value: FILE,
  help: { en: 'config file (default: ./ar.config.json when present)', fr: "fichier de configuration (par défaut : ./ar.config.json s'il existe)" },
} as const;

/** Options of every command that reads the ledgers. */
export const LEDGER_OPTIONS = [
  {
    name: 'invoices',
    value: FILE,
    help: {
      en: 'invoice ledger: CSV/TSV/TXT or XLSX (file.xlsx#Sheet); e-invoices: a folder or an .xml/.pdf file',
      fr: 'journal des factures : CSV/TSV/TXT ou XLSX (fichier.xlsx#Feuille) ; factures électroniques : un dossier ou un fichier .xml/.pdf',
    },
  },
  { name: 'payments', value: FILE, help: { en: 'payments ledger: CSV or XLSX', fr: 'journal des règlements : CSV ou XLSX' } },
  {
    name: 'customers',
    value: FILE,
    help: { en: 'customers file: CSV or XLSX (names, terms, e-mail)', fr: 'fichier clients : CSV ou XLSX (noms, conditions de paiement, e-mail)' },
  },
  {
    name: 'journal',
    value: FILE,
    help: {
      en: 'the journal of disputes, promises, notes and reminders (default: ar.db in the working folder, or "journal" in the config)',
      fr: 'le journal des litiges, promesses, notes et relances (par défaut : ar.db dans le dossier de travail, ou « journal » de la configuration)',
    },
  },
  {
    name: 'as-of',
    value: { en: 'date', fr: 'date' },
    help: { en: 'the date of the balance, YYYY-MM-DD (default: today)', fr: "la date de la balance, AAAA-MM-JJ (par défaut : aujourd'hui)" },
  },
  {
    name: 'date-order',
    choices: ['dmy', 'mdy', 'ymd'],
    help: {
      en: "how the ledgers' dates are written: day/month/year, month/day/year or year/month/day (default: read from the dates)",
      fr: 'comment les dates des journaux sont écrites : jour/mois/année, mois/jour/année ou année/mois/jour (par défaut : lu dans les dates)',
    },
  },
  {
    name: 'payment-sign',
    value: { en: 'sign', fr: 'signe' },
    choices: ['positive', 'negative'],
    help: {
      en: 'how the payments file writes a payment: positive (a negative amount is a refund) or negative, as a credit (default: read from the amounts)',
      fr: 'comment le fichier des règlements écrit un règlement : positive (un montant négatif est un remboursement) ou negative, en crédit (par défaut : lu dans les montants)',
    },
  },
  CONFIG,
  LANG,
  {
    name: 'skip-invalid',
    help: { en: 'go on without rejected rows, and list them in every output', fr: 'continuer sans les lignes rejetées, listées dans chaque sortie' },
  },
  {
    name: 'warnings',
    value: FILE,
    help: {
      en: 'write every warning and rejected row to this file (stderr shows them grouped by kind)',
      fr: 'écrire chaque avertissement et ligne rejetée dans ce fichier (stderr les montre groupés par sorte)',
    },
  },
  {
    name: 'verbose',
    short: '-v',
    help: { en: 'every warning on stderr, one per line, instead of one line per kind', fr: 'chaque avertissement sur stderr, un par ligne, au lieu d’une ligne par sorte' },
  },
] as const satisfies readonly OptionDecl[];

/** Options of the commands that write in the journal or read it alone. */
const JOURNAL_OPTIONS = [
  { name: 'journal', value: FILE, help: { en: 'the journal (default: ar.db)', fr: 'le journal (par défaut : ar.db)' } },
  CONFIG,
  { ...LANG, help: { en: 'language of the output', fr: 'langue de la sortie' } },
] as const satisfies readonly OptionDecl[];

/** `ar dispute` and `ar promise` check the name they are given against the ledger when one is named. */
const CHECK_OPTIONS = [
  {
    name: 'invoices',
    value: FILE,
    help: {
      en: 'invoice ledger to check the name against (default: "invoices" in the config)',
      fr: 'journal des factures pour vérifier le nom (par défaut : « invoices » de la configuration)',
    },
  },
  {
    name: 'customers',
    value: FILE,
    help: { en: 'customers file (default: "customers" in the config)', fr: 'fichier clients (par défaut : « customers » de la configuration)' },
  },
] as const satisfies readonly OptionDecl[];

const FORMAT = {
  name: 'format',
  choices: ['table', 'json', 'csv'],
  default: 'table',
  help: { en: 'output format', fr: 'format de sortie' },
} as const;
const FORMAT_NO_CSV = { ...FORMAT, choices: ['table', 'json'] } as const;

const CSV = {
  name: 'csv',
  choices: ['excel-fr', 'excel-en', 'rfc4180'],
  value: { en: 'dialect', fr: 'dialecte' },
  help: {
    en: 'the CSV for French Excel (excel-fr: ; and a decimal comma), English Excel (excel-en) or programs (rfc4180) (default: excel-fr in French, else excel-en)',
    fr: 'le CSV pour Excel en français (excel-fr : ; et virgule décimale), Excel en anglais (excel-en) ou des programmes (rfc4180) (par défaut : excel-fr en français, sinon excel-en)',
  },
} as const;

const INVOICE_FILES = {
  name: { en: 'invoices', fr: 'factures' },
  variadic: true,
  help: {
    en: 'invoice ledger (same as --invoices), or e-invoices: a folder, .xml/.pdf files',
    fr: 'journal des factures (comme --invoices), ou factures électroniques : un dossier, des fichiers .xml/.pdf',
  },
} as const;

/** The usual exit codes of a command that reads the ledgers. */
const READS = [0, 1, 2, INTERNAL_ERROR] as const;

// ── The commands ─────────────────────────────────────────────────────────────────────────────────

export const AGING = {
  name: 'aging',
  aliases: ['balance'],
  summary: { en: 'the aged balance (balance âgée) per customer and in total, as of a date', fr: 'la balance âgée par client et au total, à une date' },
  arguments: [INVOICE_FILES],
  options: [
    ...LEDGER_OPTIONS,
    FORMAT,
    { name: 'basis', choices: ['due', 'issue'], help: { en: 'age by due date or by invoice date', fr: "âge par date d'échéance ou par date de facture" } },
    { name: 'buckets', value: DAYS, help: { en: 'bucket boundaries in days (default: 30,60,90)', fr: 'bornes des tranches en jours (par défaut : 30,60,90)' } },
    {
      name: 'customer',
      value: CUSTOMER_ID,
      help: { en: "one customer's open items and credits, in every format (id in any case)", fr: "les pièces ouvertes et crédits d'un client, dans chaque format (code en majuscules ou minuscules)" },
    },
    {
      name: 'detail',
      help: {
        en: 'with --format csv: one row per open item and per unapplied credit (the detailed aged balance)',
        fr: 'avec --format csv : une ligne par pièce ouverte et par crédit non imputé (la balance âgée détaillée)',
      },
    },
    CSV,
    { name: 'xlsx', value: FILE, help: { en: 'also write the Excel report to this file', fr: 'écrire aussi le rapport Excel dans ce fichier' } },
  ],
  examples: [
    { line: 'ar aging factures.csv --payments reglements.csv --as-of 2026-10-31' },
    { line: 'ar aging grand-livre.xlsx#Factures --payments grand-livre.xlsx#Règlements --format json' },
    { line: 'ar aging --invoices factures.csv --payments reglements.csv --buckets 30,60,90,120 --xlsx balance.xlsx' },
    { line: 'ar aging factures.csv --payments reglements.csv --customer C013' },
    { line: 'ar aging factures.csv --payments reglements.csv --format csv --detail > balance-detaillee.csv', note: { en: 'opens in Excel as it is', fr: 's’ouvre tel quel dans Excel' } },
    { line: 'ar aging factures-electroniques/ --payments reglements.csv', note: { en: 'UBL, CII, Factur-X PDFs', fr: 'UBL, CII, PDF Factur-X' } },
    { line: 'ar aging 812345678FEC20261231.txt --customers clients.csv', note: { en: 'a FEC: invoices and payments at once', fr: 'un FEC : factures et règlements à la fois' } },
    { line: 'ar aging factures.csv --payments releve.xml --customers clients.csv', note: { en: 'a CAMT.053 or bank CSV statement', fr: 'un relevé CAMT.053 ou CSV de la banque' } },
  ],
  exits: READS,
} as const satisfies CommandDecl;

export const IMPACT = {
  name: 'impact',
  summary: {
    en: 'what an unpaid invoice costs: the extra revenue to absorb it, the margin after it',
    fr: "ce que coûte un impayé : le chiffre d'affaires supplémentaire pour l'absorber, la marge après lui",
  },
  arguments: [
    {
      name: { en: 'invoice', fr: 'facture' },
      help: { en: 'an invoice number of the ledger (its open amount as of --as-of)', fr: 'un numéro de facture du journal (son reste dû à la date --as-of)' },
    },
  ],
  options: [
    ...LEDGER_OPTIONS,
    { name: 'amount', value: AMOUNT, help: { en: 'the unpaid amount (TTC), instead of an invoice', fr: "le montant impayé (TTC), au lieu d'une facture" } },
    {
      name: 'revenue',
      value: AMOUNT,
      help: {
        en: 'annual revenue excl. VAT (default: the ledger’s last 12 months excl. VAT, else "revenue" in the config)',
        fr: "chiffre d'affaires annuel HT (par défaut : celui des 12 derniers mois du journal, HT, sinon « revenue » de la configuration)",
      },
    },
    {
      name: 'margin',
      value: RATE,
      help: {
        en: 'net margin rate: 5% or 0.05 (a bare 5 is refused) (default: "margin" in the config)',
        fr: 'taux de marge nette : 5% ou 0.05 (un 5 seul est refusé) (par défaut : « margin » de la configuration)',
      },
    },
    {
      name: 'vat',
      value: RATE,
      optional: true,
      help: {
        en: 'the VAT is recoverable: the loss excludes it (default rate: "vatRate" in the config, else the country’s: FR 20%, BE 21%)',
        fr: "la TVA est récupérable : la perte l'exclut (taux par défaut : « vatRate » de la configuration, sinon celui du pays : FR 20 %, BE 21 %)",
      },
    },
    { name: 'insured', value: { en: 'pct', fr: 'pct' }, help: { en: 'share paid by a credit insurer, e.g. 90%', fr: "part payée par l'assureur-crédit, par ex. 90%" } },
    { name: 'deductible', value: AMOUNT, help: { en: 'the credit insurer’s deductible', fr: "la franchise de l'assureur-crédit" } },
    { name: 'recovery', value: { en: 'pct', fr: 'pct' }, help: { en: 'share a collection is expected to recover', fr: "part qu'un recouvrement devrait récupérer" } },
    {
      name: 'cost-of-credit',
      value: RATE,
      help: {
        en: 'the firm’s annual cost of credit, with --days-late: the cost of waiting',
        fr: "le coût annuel du crédit de l'entreprise, avec --days-late : le coût de l'attente",
      },
    },
    {
      name: 'days-late',
      value: { en: 'n', fr: 'n' },
      help: { en: 'days the invoice is paid late, with --cost-of-credit', fr: 'jours de retard de paiement de la facture, avec --cost-of-credit' },
    },
    {
      name: 'portfolio',
      help: {
        en: 'the expected credit loss of the whole aged balance (provision matrix)',
        fr: 'la perte de crédit attendue de toute la balance âgée (matrice de provisionnement)',
      },
    },
    {
      name: 'from-history',
      help: {
        en: 'with --portfolio: loss rates from the ledger’s own written-off invoices',
        fr: 'avec --portfolio : taux de perte tirés des factures passées en perte du journal',
      },
    },
    {
      name: 'currency',
      value: { en: 'code', fr: 'code' },
      help: { en: 'the currency, with --portfolio (default: EUR or the config’s)', fr: 'la devise, avec --portfolio (par défaut : EUR ou celle de la configuration)' },
    },
    {
      name: 'buckets',
      value: DAYS,
      help: {
        en: 'with --portfolio: bucket boundaries in days (default: "buckets" in the config, else 30,60,90)',
        fr: 'avec --portfolio : bornes des tranches en jours (par défaut : « buckets » de la configuration, sinon 30,60,90)',
      },
    },
    FORMAT,
    CSV,
  ],
  examples: [
    { line: 'ar impact --amount 12000 --revenue 1200000 --margin 5%' },
    { line: 'ar impact FA2026-00195 --invoices factures.csv --payments reglements.csv --margin 5% --vat 20%' },
    { line: 'ar impact --amount 12000 --revenue 1200000 --margin 5% --insured 90% --deductible 1500 --recovery 30%' },
    { line: 'ar impact --portfolio --invoices factures.csv --payments reglements.csv --margin 5% --format csv' },
  ],
  notes: {
    en: 'Rates: 5% or 0.05 (a bare number above 1, such as 5, is refused).',
    fr: 'Taux : 5% ou 0.05 (un nombre seul au-dessus de 1, comme 5, est refusé).',
  },
  exits: READS,
} as const satisfies CommandDecl;

export const DSO = {
  name: 'dso',
  summary: {
    en: 'DSO (standard, countback, best possible), days delinquent, CEI, 12-month trend',
    fr: 'DSO (standard, par épuisement, meilleur possible), jours de retard, CEI, tendance sur 12 mois',
  },
  arguments: [INVOICE_FILES],
  options: [...LEDGER_OPTIONS, { name: 'period', value: DAYS, help: { en: 'the DSO window in days (default 90)', fr: 'la fenêtre du DSO en jours (par défaut 90)' } }, FORMAT, CSV],
  examples: [
    { line: 'ar dso factures.csv --payments reglements.csv --as-of 2026-10-31' },
    { line: 'ar dso factures.csv --payments reglements.csv --period 365 --format json' },
    { line: 'ar dso factures.csv --payments reglements.csv --format csv > dso.csv' },
  ],
  exits: READS,
} as const satisfies CommandDecl;

export const CUSTOMERS = {
  name: 'customers',
  summary: {
    en: 'payment behaviour, credit use and risk grade A–E per customer, worst first',
    fr: "comportement de paiement, encours autorisé utilisé et note de risque A–E par client, les pires d'abord",
  },
  arguments: [INVOICE_FILES],
  options: [...LEDGER_OPTIONS, FORMAT, CSV],
  examples: [
    { line: 'ar customers factures.csv --payments reglements.csv --customers clients.csv' },
    { line: 'ar customers factures.csv --payments reglements.csv --format csv > clients-risque.csv' },
  ],
  exits: READS,
} as const satisfies CommandDecl;

export const REMIND = {
  name: 'remind',
  summary: {
    en: 'send the right reminder, at the right level, exactly once (a dry run unless --outbox or --send)',
    fr: 'envoyer la bonne relance, au bon niveau, une seule fois (simulation sauf --outbox ou --send)',
  },
  arguments: [],
  options: [
    ...LEDGER_OPTIONS,
    { name: 'send', help: { en: 'send over SMTP (AR_SMTP_URL, AR_SMTP_FROM)', fr: 'envoyer par SMTP (AR_SMTP_URL, AR_SMTP_FROM)' } },
    {
      name: 'outbox',
      value: { en: 'dir', fr: 'dossier' },
      help: { en: 'write each message as an .eml file instead of sending', fr: "écrire chaque message dans un fichier .eml au lieu de l'envoyer" },
    },
    {
      name: 'retry-uncertain',
      help: { en: 'resend the messages a killed run left uncertain', fr: "renvoyer les messages qu'une exécution interrompue a laissés incertains" },
    },
    FORMAT_NO_CSV,
  ],
  examples: [
    { line: 'ar remind --customers clients.csv', note: { en: 'dry run: who would get what, and why not the others', fr: 'simulation : qui recevrait quoi, et pourquoi pas les autres' } },
    { line: 'ar remind --customers clients.csv --outbox relances/', note: { en: '.eml files to check and send from your mail client', fr: 'des .eml à vérifier et envoyer depuis votre messagerie' } },
    {
      line: `AR_SMTP_URL=smtps://user:pass@smtp.example.com AR_SMTP_FROM='"Atelier Durand" <compta@durand.example>' ar remind --customers clients.csv --send`,
      note: { en: 'from cron, every morning', fr: 'depuis cron, chaque matin' },
    },
  ],
  exits: [
    [0, { en: 'all done', fr: 'tout est fait' }],
    1,
    2,
    [3, { en: 'some messages failed or are uncertain, or the server was unreachable', fr: 'des messages ont échoué ou sont incertains, ou le serveur était injoignable' }],
    4,
    INTERNAL_ERROR,
  ],
} as const satisfies CommandDecl;

export const DISPUTE = {
  name: 'dispute',
  summary: {
    en: 'put an invoice in dispute: no reminder for it until the dispute is closed',
    fr: "mettre une facture en litige : plus de relance pour elle jusqu'à la clôture du litige",
  },
  arguments: [{ name: { en: 'invoice', fr: 'facture' }, required: true, help: { en: 'invoice number', fr: 'numéro de facture' } }],
  options: [
    ...JOURNAL_OPTIONS,
    ...CHECK_OPTIONS,
    { name: 'reason', value: { en: 'text', fr: 'texte' }, help: { en: 'why the customer disputes it', fr: 'pourquoi le client la conteste' } },
    { name: 'customer', value: CUSTOMER_ID, help: { en: 'the customer, for the log', fr: 'le client, pour le journal' } },
    { name: 'close', help: { en: 'close the dispute: reminders resume', fr: 'clore le litige : les relances reprennent' } },
  ],
  examples: [{ line: 'ar dispute FA2026-00085 --reason "livraison incomplète"' }, { line: 'ar dispute FA2026-00085 --close' }],
  exits: READS,
} as const satisfies CommandDecl;

export const PROMISE = {
  name: 'promise',
  summary: {
    en: 'record a promise to pay: no reminder until the date; if it lapses unpaid, the next level goes',
    fr: "enregistrer une promesse de paiement : pas de relance jusqu'à la date ; si elle échoit impayée, le niveau suivant part",
  },
  arguments: [{ name: { en: 'invoice|customer', fr: 'facture|client' }, required: true, help: { en: 'an invoice number or a customer id', fr: 'un numéro de facture ou un code client' } }],
  options: [
    ...JOURNAL_OPTIONS,
    ...CHECK_OPTIONS,
    {
      name: 'until',
      value: { en: 'date', fr: 'date' },
      help: { en: 'the promised date: 2026-11-30, 30/11/2026, 30.11.2026 or 20261130', fr: 'la date promise : 2026-11-30, 30/11/2026, 30.11.2026 ou 20261130' },
    },
    {
      name: 'amount',
      value: AMOUNT,
      help: { en: 'the promised amount (recorded in the journal, informational)', fr: 'le montant promis (noté dans le journal, pour information)' },
    },
    {
      name: 'customer',
      value: CUSTOMER_ID,
      help: {
        en: "the customer: the same id as the target for a customer's promise, its customer for an invoice's",
        fr: "le client : le même code que la cible pour la promesse d'un client, son client pour celle d'une facture",
      },
    },
  ],
  examples: [{ line: 'ar promise FA2026-00231 --until 2026-11-30' }, { line: 'ar promise C013 --until 2026-11-15 --amount 5000' }],
  exits: READS,
} as const satisfies CommandDecl;

export const NOTE = {
  name: 'note',
  summary: { en: 'write a note in the journal (a call, a letter, an agreement)', fr: 'écrire une note dans le journal (un appel, un courrier, un accord)' },
  arguments: [
    { name: { en: 'customer', fr: 'client' }, required: true, help: { en: 'customer id', fr: 'code client' } },
    { name: { en: 'text', fr: 'texte' }, required: true, help: { en: 'the note', fr: 'la note' } },
  ],
  options: [...JOURNAL_OPTIONS, ...CHECK_OPTIONS],
  examples: [{ line: 'ar note C013 "Appel du gérant : règlement de 5 000 EUR promis fin novembre"' }],
  exits: READS,
} as const satisfies CommandDecl;

export const LOG = {
  name: 'log',
  summary: { en: 'the history of contacts, for everyone or one customer', fr: "l'historique des contacts, pour tous ou pour un client" },
  arguments: [{ name: { en: 'customer', fr: 'client' }, help: { en: 'customer id', fr: 'code client' } }],
  options: [...JOURNAL_OPTIONS, FORMAT_NO_CSV],
  examples: [{ line: 'ar log' }, { line: 'ar log C013 --format json' }],
  exits: READS,
} as const satisfies CommandDecl;

export const FORECAST = {
  name: 'forecast',
  summary: {
    en: 'when the cash will come in: expected receipts per week and per month, and how good that forecast has been (--backtest)',
    fr: 'quand l’argent rentrera : encaissements attendus par semaine et par mois, et ce que cette prévision a valu (--backtest)',
  },
  arguments: [INVOICE_FILES],
  options: [
    ...LEDGER_OPTIONS,
    { name: 'weeks', value: { en: 'n', fr: 'n' }, help: { en: 'weeks to forecast (default 13)', fr: 'semaines à prévoir (par défaut 13)' } },
    { name: 'months', value: { en: 'n', fr: 'n' }, help: { en: 'months to forecast (default 3)', fr: 'mois à prévoir (par défaut 3)' } },
    {
      name: 'backtest',
      help: {
        en: 'replay the forecast at each month end of the past 12 months and score it (WAPE) against what was received and against a naive forecast',
        fr: 'rejouer la prévision à chaque fin de mois des 12 derniers mois et la noter (WAPE) contre les encaissements réels et contre une prévision naïve',
      },
    },
    {
      name: 'from',
      value: { en: 'date', fr: 'date' },
      help: { en: 'with --backtest: the first month end to replay, YYYY-MM-DD', fr: 'avec --backtest : la première fin de mois à rejouer, AAAA-MM-JJ' },
    },
    {
      name: 'to',
      value: { en: 'date', fr: 'date' },
      help: { en: 'with --backtest: the last month end to replay, YYYY-MM-DD', fr: 'avec --backtest : la dernière fin de mois à rejouer, AAAA-MM-JJ' },
    },
    FORMAT,
  ],
  examples: [
    { line: 'ar forecast factures.csv --payments reglements.csv --as-of 2026-10-31' },
    { line: 'ar forecast factures.csv --payments reglements.csv --weeks 8 --months 6 --format json' },
    {
      line: 'ar forecast factures.csv --payments reglements.csv --backtest',
      note: { en: 'the forecast against what came in, and against the due dates', fr: 'la prévision contre ce qui est rentré, et contre les échéances' },
    },
  ],
  notes: {
    en: "Each open item is expected when its customer's history says (customers like it, then the whole ledger, for one with little history); a running promise of the journal sets the date; a disputed item is held back; an item history says will not be paid counts as a probable loss, not as cash. See docs/forecast.md.",
    fr: 'Chaque pièce ouverte est attendue quand l’historique de son client le dit (les clients qui lui ressemblent, puis tout le grand livre, pour un client de peu d’historique) ; une promesse en cours du journal fixe la date ; une pièce en litige est retenue ; une pièce que l’historique dit impayée compte en perte probable, pas en encaissement. Voir docs/forecast.md.',
  },
  exits: READS,
} as const satisfies CommandDecl;

export const REPORT = {
  name: 'report',
  summary: {
    en: 'a report for the owner, as one self-contained HTML file: balance, aging, largest debtors, DSO, the 13-week forecast, disputes, promises, cost',
    fr: 'un rapport pour le dirigeant, en un seul fichier HTML autonome : encours, balance âgée, plus gros débiteurs, DSO, prévision sur 13 semaines, litiges, promesses, coût',
  },
  arguments: [INVOICE_FILES],
  options: [...LEDGER_OPTIONS, { name: 'html', value: FILE, help: { en: 'the HTML file to write (a name ending in .html)', fr: 'le fichier HTML à écrire (un nom en .html)' } }],
  examples: [
    { line: 'ar report factures.csv --payments reglements.csv --customers clients.csv --html rapport.html' },
    { line: 'ar report grand-livre.xlsx --lang en --as-of 2026-10-31 --html report.html' },
  ],
  notes: {
    en: 'The file needs no network and runs no script: charts are drawn in it as SVG, with their figures in tables too; it prints on A4.',
    fr: 'Le fichier n’a besoin d’aucun réseau et n’exécute aucun script : les graphiques y sont dessinés en SVG, avec leurs chiffres en tableaux aussi ; il s’imprime en A4.',
  },
  exits: READS,
} as const satisfies CommandDecl;

export const LETTER = {
  name: 'letter',
  summary: {
    en: 'the registered letter of formal notice (mise en demeure) for a customer, as a PDF',
    fr: "la lettre recommandée de mise en demeure d'un client, en PDF",
  },
  arguments: [{ name: { en: 'customer', fr: 'client' }, required: true, help: { en: 'customer id', fr: 'code client' } }],
  options: [
    ...LEDGER_OPTIONS,
    {
      name: 'outbox',
      value: { en: 'dir', fr: 'dossier' },
      help: { en: 'where the PDF goes (default: "letters" in the config, else ./letters)', fr: 'où écrire le PDF (par défaut : « letters » de la configuration, sinon ./letters)' },
    },
    {
      name: 'currency',
      value: { en: 'code', fr: 'code' },
      help: { en: 'the currency of the debt, when the customer owes in several', fr: 'la devise de la dette, quand le client doit en plusieurs' },
    },
  ],
  examples: [{ line: 'ar letter C013' }, { line: 'ar letter C013 --as-of 2026-11-30 --outbox lettres/' }],
  exits: READS,
} as const satisfies CommandDecl;

export const ESCALATE = {
  name: 'escalate',
  summary: {
    en: 'the dossier for a collection agency or a court (XLSX and PDF), once per debt',
    fr: 'le dossier pour une société de recouvrement ou le tribunal (XLSX et PDF), une fois par dette',
  },
  arguments: [{ name: { en: 'customer', fr: 'client' }, help: { en: 'customer id', fr: 'code client' } }],
  options: [
    ...LEDGER_OPTIONS,
    { name: 'all', help: { en: 'every customer whose last notice has expired', fr: 'tous les clients dont le dernier avis a expiré' } },
    { name: 'again', help: { en: 'write a dossier for invoices already handed over', fr: 'écrire un dossier pour des factures déjà transmises' } },
    { name: 'out', value: { en: 'dir', fr: 'dossier' }, help: { en: 'where the dossiers go (default: ./dossiers)', fr: 'où écrire les dossiers (par défaut : ./dossiers)' } },
  ],
  examples: [{ line: 'ar escalate C013' }, { line: 'ar escalate --all --out recouvrement/' }],
  exits: READS,
} as const satisfies CommandDecl;

/** `ar` itself: its help lists the commands. */
export const AR = {
  summary: {
    en: 'Accounts receivable from your spreadsheets: aged balance, reminders, DSO, cost of unpaid invoices.',
    fr: 'Le poste clients depuis vos tableurs : balance âgée, relances, DSO, coût des impayés.',
  },
  examples: [{ line: 'ar aging factures.csv --payments reglements.csv --as-of 2026-10-31' }, { line: 'ar remind --customers clients.csv --send' }, { line: 'ar aging --help' }],
  exits: [0, 1, 2, 3, 4, INTERNAL_ERROR],
} as const satisfies Pick<CommandDecl, 'summary' | 'examples' | 'exits'>;

/** Every command, in the order of the help. */
export const COMMANDS: readonly Command[] = [
  command(AGING, async ([files], o, ctx) => (await import('./commands/aging.ts')).agingCommand(files, o, ctx)),
  command(IMPACT, async ([invoice], o, ctx) => (await import('./commands/impact.ts')).impactCommand(invoice, o, ctx)),
  command(DSO, async ([files], o, ctx) => (await import('./commands/dso.ts')).dsoCommand(files, o, ctx)),
  command(CUSTOMERS, async ([files], o, ctx) => (await import('./commands/customers.ts')).customersCommand(files, o, ctx)),
  command(FORECAST, async ([files], o, ctx) => (await import('./commands/forecast.ts')).forecastCommand(files, o, ctx)),
  command(REPORT, async ([files], o, ctx) => (await import('./commands/report.ts')).reportCommand(files, o, ctx)),
  command(REMIND, async (_args, o, ctx) => (await import('./commands/remind.ts')).remindCommand(o, ctx)),
  command(DISPUTE, async ([invoice], o, ctx) => (await import('./commands/contacts.ts')).disputeCommand(invoice, o, ctx)),
  command(PROMISE, async ([target], o, ctx) => (await import('./commands/contacts.ts')).promiseCommand(target, o, ctx)),
  command(NOTE, async ([customer, text], o, ctx) => (await import('./commands/contacts.ts')).noteCommand(customer, text, o, ctx)),
  command(LOG, async ([customer], o, ctx) => (await import('./commands/contacts.ts')).logCommand(customer, o, ctx)),
  command(LETTER, async ([customer], o, ctx) => (await import('./commands/letter.ts')).letterCommand(customer, o, ctx)),
  command(ESCALATE, async ([customer], o, ctx) => (await import('./commands/escalate.ts')).escalateCommand(customer, o, ctx)),
];
