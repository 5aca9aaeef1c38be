import { readFileSync, existsSync } from '../fs.ts';
import { dirname, resolve } from 'node:path';
import { type AgingBasis, validateBounds } from '../core/aging.ts';
import type { DateOrder } from '../core/import/dates-text.ts';
import type { PaymentSign } from '../core/import/ledger.ts';
import type { Country } from '../core/interest.ts';
import type { EndOfMonthRule } from '../core/terms.ts';
import type { Firm } from '../model/firm.ts';
import type { Lang } from '../model/lang.ts';
import { customerTypeOf } from '../core/import/ledger.ts';
import { FIELDS } from '../core/import/headers.ts';
import { parseTerms } from '../core/terms.ts';
import { InputError } from '../errors.ts';

/**
 * `ar.config.json`, from the working folder or `--config`. Every key is optional; paths are
 * relative to the config file's folder. The whole file is checked against one schema (`CONFIG_SCHEMA`
 * below: key, type, meaning), published as docs/config.md and docs/config.schema.json: an unknown key
 * or a value of the wrong type is refused with the key's path (and the key it most likely meant),
 * never ignored. What is read comes back as objects without prototype, so that no key of the file
 * (`__proto__`, `constructor`) can reach `Object.prototype`.
 */
export interface Config {
  /** Where the config came from; null when there is none. */
  readonly file: string | null;
  readonly $schema?: string;
  /** Paths, resolved from the config file's folder. */
  readonly invoices?: string;
  readonly payments?: string;
  readonly customers?: string;
  readonly journal?: string;
  readonly templates?: string;
  readonly reportTemplate?: string;
  readonly letters?: string;
  /** An ISO 4217 code. */
  readonly currency?: string;
  /** Default payment terms when neither the ledger nor the customer gives any: "30", "45FDM". */
  readonly defaultTerms?: string;
  readonly endOfMonthRule?: EndOfMonthRule;
  readonly buckets?: number[];
  readonly basis?: AgingBasis;
  readonly lang?: Lang;
  readonly dateOrder?: DateOrder;
  readonly paymentSign?: PaymentSign;
  /** Column mapping: ledger kind → field → header text, overriding detection. */
  readonly columns?: { invoices?: Record<string, string>; payments?: Record<string, string>; customers?: Record<string, string> };
  readonly dsoPeriod?: number;
  readonly sectorDso?: number;
  /** A yearly revenue, in units of the currency. */
  readonly revenue?: number;
  /** Rates as people write them (`"5%"` or `0.05`), read by src/commands/rates.ts. */
  readonly vatRate?: string | number;
  readonly margin?: string | number;
  /** Bucket key → rate. */
  readonly lossRates?: Readonly<Record<string, string | number>>;
  readonly country?: Country;
  readonly firm?: Partial<Firm>;
  readonly policy?: PolicyConfig;
  /** Country → half-year → percent, or country → kind of rate → period → percent. */
  readonly lateInterestRates?: Readonly<Partial<Record<Country, Readonly<Record<string, number | Readonly<Record<string, number>>>>>>>;
  readonly confirmAssumedRates?: boolean;
  /** `business`, `consumer` or `public`, or their French or Dutch words. */
  readonly customerType?: string;
}

/** `policy` of the config: each key as `CONFIG_SCHEMA` checks it. */
export interface PolicyConfig {
  readonly levels?: Readonly<Record<string, number>>;
  readonly minDaysBetween?: number;
  readonly courtesyDaysBefore?: number | null;
  readonly thankYou?: boolean;
  readonly deadlines?: Readonly<Record<string, number | null>>;
  readonly deliveryDays?: number;
  readonly firstContact?: Readonly<Record<string, number>>;
  readonly claimPaidLate?: boolean;
  readonly consumerIndemnityAgreed?: boolean;
}

// ── The schema ───────────────────────────────────────────────────────────────────────────────────

/** A value refused: `detail` says what it must be; the key's path is added by the caller. */
class Refused extends Error {}

/** How one value is checked, documented, and kept. */
export interface Rule {
  /** Its type as docs/config.md says it. */
  readonly type: string;
  /** Its JSON Schema. */
  readonly schema: Readonly<Record<string, unknown>>;
  /** The value to keep (converted, paths resolved), or throws `Refused`. `path` is the key's path. */
  readonly check: (value: unknown, path: string, base: string) => unknown;
  /** The keys of an object with fixed keys. */
  readonly keys?: Schema;
}

/** One key: its rule and one line saying what it means. */
export interface Key {
  readonly rule: Rule;
  readonly doc: string;
}

export type Schema = Readonly<Record<string, Key>>;

const key = (rule: Rule, doc: string): Key => ({ rule, doc });

const shown = (v: unknown): string =>
  typeof v === 'string' ? `the text ${JSON.stringify(v)}` : Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
const refuse = (must: string, v: unknown): never => {
  throw new Refused(`must be ${must}, not ${shown(v)}`);
};

const text: Rule = { type: 'text', schema: { type: 'string' }, check: (v) => (typeof v === 'string' ? v : refuse('text', v)) };
const path: Rule = {
  type: 'path (relative to the config file)',
  schema: { type: 'string', minLength: 1 },
  check: (v, _p, base) => (typeof v === 'string' && v !== '' ? resolve(base, v) : refuse('a path', v)),
};
const bool: Rule = { type: 'true or false', schema: { type: 'boolean' }, check: (v) => (typeof v === 'boolean' ? v : refuse('true or false', v)) };
const oneOf = <T extends string>(...values: T[]): Rule => ({
  type: values.map((x) => `"${x}"`).join(' or '),
  schema: { enum: values },
  check: (v) => ((values as unknown[]).includes(v) ? v : refuse(values.map((x) => `"${x}"`).join(' or '), v)),
});
const wholeNumber = (min: number, what: string): Rule => ({
  type: `whole number ≥ ${min} (${what})`,
  schema: { type: 'integer', minimum: min },
  check: (v) => (Number.isInteger(v) && (v as number) >= min ? v : refuse(`a whole number of ${what}, at least ${min}`, v)),
});
const number = (min: number, max: number, what: string): Rule => ({
  type: `number (${what})`,
  schema: { type: 'number', minimum: min, ...(Number.isFinite(max) ? { maximum: max } : {}) },
  check: (v) => (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : refuse(`a number (${what})${Number.isFinite(max) ? ` from ${min} to ${max}` : `, at least ${min}`}`, v)),
});
/** A rate, as people write it: `"5%"` or `0.05` (its range is checked where it is used, naming this key). */
const rate: Rule = {
  type: 'rate: "5%" or 0.05',
  schema: { type: ['string', 'number'] },
  check: (v) => (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? v : refuse('a rate such as "5%" or 0.05', v)),
};
const nullable = (r: Rule): Rule => ({
  type: `${r.type}, or null`,
  schema: { anyOf: [r.schema, { type: 'null' }] },
  check: (v, p, b) => (v === null ? null : r.check(v, p, b)),
});
const list = (r: Rule, type: string, extra?: (v: unknown[]) => string | null): Rule => ({
  type,
  schema: { type: 'array', items: r.schema },
  check: (v, p, b) => {
    if (!Array.isArray(v)) refuse(`a list (${type})`, v);
    const out = (v as unknown[]).map((x, i) => check(r, x, `${p}[${i}]`, b));
    const bad = extra?.(out);
    if (bad) throw new Refused(bad);
    return out;
  },
});
/** An object with fixed keys: any other key is refused. */
const object = (keys: Schema, type = 'object'): Rule => ({
  type,
  keys,
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(keys).map(([k, e]) => [k, { ...e.rule.schema, description: e.doc }])),
  },
  check: (v, p, b) => checkObject(keys, v, p, b),
});
/** An object whose keys are data (a bucket, a half-year): each key checked by `keyRule`, each value by `value`. */
const mapOf = (keyType: string, keyCheck: (k: string) => boolean, keyPattern: string | readonly string[], value: Rule, type: string): Rule => ({
  type,
  schema: {
    type: 'object',
    ...(typeof keyPattern === 'string'
      ? { patternProperties: { [keyPattern]: value.schema }, additionalProperties: false }
      : {
          properties: Object.fromEntries(keyPattern.map((k) => [k, value.schema])),
          additionalProperties: false,
        }),
  },
  check: (v, p, b) => {
    if (!isPlainObject(v)) refuse(`an object (${type})`, v);
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const at = `${p}.${k}`;
      if (!keyCheck(k)) {
        const near = typeof keyPattern === 'string' || k.length <= 2 ? null : suggest(k, keyPattern);
        throw new ConfigProblem(`"${at}": ${keyType}${near ? `: did you mean "${p}.${near}"?` : ''}`);
      }
      out[k] = check(value, x, at, b);
    }
    return out;
  },
});

const KINDS = ['invoices', 'payments', 'customers'] as const;
const COUNTRIES = ['FR', 'BE'] as const;
const LEVELS = ['1', '2', '3', '4'] as const;
const FIRM_FIELDS: readonly [string, string][] = [
  ['name', "the firm's name, as reminders sign it (default: the display name of AR_SMTP_FROM)"],
  ['legalForm', 'its legal form (SARL, SAS, SRL…), said with its identity in every e-mail'],
  ['capital', 'its share capital, as written ("10 000 €")'],
  ['address', 'its postal address'],
  ['city', 'the town letters are written in ("Fait à Lyon"); default: the end of the address'],
  ['siren', 'its SIREN (France)'],
  ['rcs', 'its trade registry (France): "Lyon" is written "RCS Lyon"'],
  ['bce', 'its enterprise number (Belgium, BCE/KBO): "0123.456.789"'],
  ['rpm', 'its register of legal entities (Belgium): "Bruxelles" is written "RPM Bruxelles"'],
  ['vat', 'its VAT number'],
  ['iban', 'the account customers pay into'],
  ['bic', "that account's BIC"],
  ['accountHolder', "the holder of that account (default: the firm's name)"],
  ['email', 'one e-mail address: the Reply-To of reminders, and their From when AR_SMTP_FROM is not set'],
  ['phone', 'its phone number'],
  ['signature', 'the signature of reminders'],
];
const RATE_KINDS = ['commercial', 'legal', 'public'] as const;
const HALF_YEAR = /^\d{4}-H[12]$/;
/** Late-interest rates by period: half-years (`2026-H2`), or years for the Belgian legal rate (`2027`). */
const ratesByPeriod = (period: RegExp, words: string): Rule => mapOf(words, (k) => period.test(k), period.source, number(0, 100, 'percent a year'), 'period → percent');
/** A country's rates: the commercial rate by half-year, or a table by its kind (commercial, legal, public). */
const countryRates = (country: string): Rule => {
  const halfYears = ratesByPeriod(HALF_YEAR, 'half-years are written "2026-H1" or "2026-H2"');
  const byKind = (kind: string) => (kind === 'legal' && country === 'BE' ? ratesByPeriod(/^\d{4}(-H[12])?$/, 'periods are years ("2027") or half-years ("2026-H2")') : halfYears);
  return {
    type: 'half-year → percent, or kind (commercial, legal, public) → period → percent',
    schema: { type: 'object' },
    check: (v, p, b) => {
      if (!isPlainObject(v)) refuse('an object of rates by half-year', v);
      const out = Object.create(null) as Record<string, unknown>;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if ((RATE_KINDS as readonly string[]).includes(k)) out[k] = check(byKind(k), x, `${p}.${k}`, b);
        else if (HALF_YEAR.test(k)) out[k] = check(number(0, 100, 'percent a year'), x, `${p}.${k}`, b);
        else throw new ConfigProblem(`"${p}.${k}": half-years are written "2026-H1" or "2026-H2" (or a table: commercial, legal, public)`);
      }
      return out;
    },
  };
};

/**
 * Every key of `ar.config.json`: path → type → meaning. Adding a key is one line here (and
 * `npm run config-docs`, which writes docs/config.md and docs/config.schema.json from this table).
 */
export const CONFIG_SCHEMA = {
  $schema: key(text, 'the JSON Schema of this file, for editors (docs/config.schema.json); not read by ar'),
  invoices: key(path, 'the invoice ledger (CSV, XLSX, FEC) or a folder of e-invoices, when no argument or --invoices gives one'),
  payments: key(path, 'the payments: a ledger, a CAMT.053 statement or a bank CSV export'),
  customers: key(path, 'the customers file (names, e-mail addresses, terms, languages)'),
  journal: key(path, 'the journal of reminders and contacts (default: ar.db in the working folder)'),
  templates: key(path, 'a folder of e-mail templates that replace the shipped ones, file by file'),
  reportTemplate: key(path, 'an XLSX template for the --xlsx report of ar aging'),
  currency: key(
    {
      ...text,
      type: 'ISO 4217 code',
      schema: { type: 'string', pattern: '^[A-Z]{3}$' },
      check: (v) => (typeof v === 'string' && /^[A-Z]{3}$/.test(v) ? v : refuse('a currency code such as "EUR"', v)),
    },
    'the book currency: amounts without a currency are in it (default EUR)',
  ),
  defaultTerms: key(
    {
      type: 'payment terms: "30", "45FDM", or a number of days',
      schema: { type: ['string', 'integer'] },
      check: (v) => {
        const t = typeof v === 'number' && Number.isInteger(v) ? String(v) : v;
        return typeof t === 'string' && parseTerms(t) !== null ? t : refuse('payment terms such as "30" or "45FDM"', v);
      },
    },
    'the terms of an invoice whose ledger and customer give none',
  ),
  endOfMonthRule: key(oneOf('add-then-eom', 'eom-then-add'), 'how "45 days end of month" is counted: days then end of month, or the reverse'),
  buckets: key(
    list(wholeNumber(1, 'days'), 'increasing numbers of days, e.g. [30, 60, 90]', (b) =>
      validateBounds(b as number[]) === null ? null : 'must be increasing whole numbers of days, e.g. [30, 60, 90]',
    ),
    'the upper bounds of the aging buckets (default [30, 60, 90])',
  ),
  basis: key(oneOf('due', 'issue'), 'age from the due date or from the issue date (default due)'),
  lang: key(oneOf('fr', 'en'), "the language of ar's output (default: from the locale)"),
  dateOrder: key(oneOf('dmy', 'mdy', 'ymd'), 'the order of day, month and year in the dates of ledgers, when their values do not settle it'),
  paymentSign: key(oneOf('positive', 'negative'), 'how the payments file writes a payment: positive (a negative amount is a refund), or negative, as a credit (default: read from the amounts)'),
  columns: key(
    object(
      Object.fromEntries(
        KINDS.map((kind) => [
          kind,
          key(
            mapOf(`no field of the ${kind} ledger has this name (the fields: ${FIELDS[kind].join(', ')})`, (k) => FIELDS[kind].includes(k), FIELDS[kind], text, 'field → header text'),
            `the header text of each field of the ${kind} ledger, overriding detection`,
          ),
        ]),
      ),
      'object: invoices, payments, customers',
    ),
    'the columns of your files, when their headers are not recognised',
  ),
  dsoPeriod: key(wholeNumber(1, 'days'), 'the period of the DSO, in days (default 90)'),
  sectorDso: key(number(0, Infinity, 'days'), "your sector's DSO, shown beside yours"),
  revenue: key(number(0, Infinity, 'an amount a year, in units of the currency, e.g. 1200000'), 'the yearly revenue that ar impact uses without a ledger'),
  vatRate: key(rate, 'the VAT rate of your sales, taken off amounts by ar impact --vat'),
  margin: key(rate, 'the net margin that ar impact uses, e.g. "5%"'),
  lossRates: key(
    mapOf('', () => true, '^.+$', rate, 'bucket key → rate'),
    'the expected loss rate of each aging bucket, by its key ("91+": "40%"), for the provision',
  ),
  country: key(oneOf(...COUNTRIES), 'the law of reminders and late interest (default FR)'),
  firm: key(object(Object.fromEntries(FIRM_FIELDS.map(([k, doc]) => [k, key(text, doc)]))), 'who sends the reminders'),
  policy: key(
    object({
      levels: key(
        mapOf('the levels are "1" to "4"', (k) => (LEVELS as readonly string[]).includes(k), LEVELS, wholeNumber(1, 'days past due'), 'level → days past due'),
        'the days past due at which each level of reminder is sent (default {"1": 1, "2": 15, "3": 30, "4": 45})',
      ),
      minDaysBetween: key(wholeNumber(0, 'days'), 'the fewest days between two reminders to one customer'),
      courtesyDaysBefore: key(nullable(wholeNumber(0, 'days')), 'send a courtesy notice this many days before the due date (null: none)'),
      thankYou: key(bool, 'thank customers who paid after a reminder'),
      deadlines: key(
        mapOf('the levels are "1" to "4"', (k) => (LEVELS as readonly string[]).includes(k), LEVELS, nullable(wholeNumber(0, 'days')), 'level → days'),
        "the days each level's letter gives to pay (null: none stated); the next level waits for it (docs/reminders.md)",
      ),
      deliveryDays: key(wholeNumber(0, 'days'), 'the days a letter takes to arrive, added to its deadline before the next level (default 4)'),
      firstContact: key(
        mapOf('the levels are "2" and "3"', (k) => k === '2' || k === '3', ['2', '3'], wholeNumber(1, 'days past due'), 'level → days past due'),
        'a first contact opens at level 2 or 3 from these days past due (a backlog); {} always opens at level 1',
      ),
      claimPaidLate: key(bool, 'claim in letters the interest and indemnity of invoices paid late in full (default false)'),
      consumerIndemnityAgreed: key(bool, 'the contract provides the damages of Book XIX for Belgian consumers (default false)'),
    }),
    'when reminders are sent',
  ),
  lateInterestRates: key(
    mapOf(
      'the countries are FR and BE',
      (k) => (COUNTRIES as readonly string[]).includes(k),
      COUNTRIES,
      { ...countryRates('FR'), check: (v, p, b) => countryRates(p.endsWith('.BE') ? 'BE' : 'FR').check(v, p, b) },
      'country → rates',
    ),
    'late-interest rates that override the shipped tables: {"FR": {"2027-H1": 12.15}} or {"FR": {"legal": {"2027-H1": 2.9}}}',
  ),
  confirmAssumedRates: key(bool, 'letters may quote a rate of a period past the shipped tables (default false: such a letter is held back)'),
  customerType: key(
    { ...text, type: 'business, consumer or public', check: (v) => (typeof v === 'string' && customerTypeOf(v) !== null ? v : refuse('"business", "consumer" or "public"', v)) },
    'the type of the customers the customers file does not type (default business)',
  ),
  letters: key(path, 'where registered letters (PDF) are written when not in an outbox (default ./letters)'),
} as const satisfies Schema;

/** The type says every key of the schema, and no other: a key added to one and not the other does not compile. */
type Unschematised = Exclude<keyof Config, keyof typeof CONFIG_SCHEMA | 'file'> | Exclude<keyof typeof CONFIG_SCHEMA, keyof Config>;
const typedAsSchematised: Record<Unschematised, never> = {};
void typedAsSchematised;

// ── Checking ─────────────────────────────────────────────────────────────────────────────────────

/** A refusal that already names its key. */
class ConfigProblem extends Error {}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function check(rule: Rule, v: unknown, p: string, base: string): unknown {
  try {
    return rule.check(v, p, base);
  } catch (e) {
    if (e instanceof Refused) throw new ConfigProblem(`"${p}" ${e.message}`);
    throw e;
  }
}

function checkObject(keys: Schema, v: unknown, p: string, base: string): Record<string, unknown> {
  if (!isPlainObject(v)) refuse(`an object (its keys: ${Object.keys(keys).join(', ')})`, v);
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const at = p === '' ? k : `${p}.${k}`;
    const entry = Object.hasOwn(keys, k) ? keys[k] : undefined;
    if (entry === undefined) {
      const near = suggest(k, Object.keys(keys));
      throw new ConfigProblem(`unknown key "${at}"${near ? `: did you mean "${p === '' ? near : `${p}.${near}`}"?` : ' (every key is listed in docs/config.md)'}`);
    }
    out[k] = check(entry.rule, x, at, base);
  }
  return out;
}

/** The known key nearest to a mistyped one (case, a letter or two, another language's word), or null. */
function suggest(typed: string, known: readonly string[]): string | null {
  const t = typed.toLowerCase();
  const ALIASES: Record<string, string> = {
    paiements: 'payments',
    reglements: 'payments',
    règlements: 'payments',
    factures: 'invoices',
    clients: 'customers',
    langue: 'lang',
    language: 'lang',
    devise: 'currency',
    pays: 'country',
    entreprise: 'firm',
    societe: 'firm',
    société: 'firm',
    nom: 'name',
    adresse: 'address',
    telephone: 'phone',
    téléphone: 'phone',
    niveaux: 'levels',
  };
  const alias = Object.hasOwn(ALIASES, t) ? ALIASES[t]! : null;
  if (alias !== null && known.includes(alias)) return alias;
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(t, k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  const prefix = known.find((k) => k.toLowerCase().startsWith(t) || t.startsWith(k.toLowerCase()));
  if (bestD <= Math.max(1, Math.floor(t.length / 4))) return best;
  return prefix ?? null;
}

/** Edit distance (insert, delete, replace, swap of neighbours). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Checks a parsed config against `CONFIG_SCHEMA`: the config, paths resolved from `base`, every object
 * without prototype; or the refusal, naming the key.
 */
export function checkConfig(raw: unknown, base: string): { ok: true; config: Record<string, unknown> } | { ok: false; detail: string } {
  try {
    if (!isPlainObject(raw)) return { ok: false, detail: 'must be a JSON object' };
    return { ok: true, config: checkObject(CONFIG_SCHEMA, raw, '', base) };
  } catch (e) {
    if (e instanceof ConfigProblem) return { ok: false, detail: e.message };
    if (e instanceof Refused) return { ok: false, detail: `the file ${e.message}` };
    throw e;
  }
}

/** Loads the config: `explicit` must exist; else `ar.config.json` in `cwd` if present; else an empty config. */
export function loadConfig(explicit: string | undefined, cwd: string): Config {
  const file = explicit !== undefined ? resolve(cwd, explicit) : resolve(cwd, 'ar.config.json');
  if (!existsSync(file)) {
    if (explicit !== undefined) throw new InputError('file_not_found', { file: explicit });
    return { file: null };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError('bad_config', { file, detail: `not valid JSON (${(e as Error).message})` });
  }
  const checked = checkConfig(raw, dirname(file));
  if (!checked.ok) throw new InputError('bad_config', { file, detail: checked.detail });
  // Checked value by value against CONFIG_SCHEMA, whose keys the type `Config` says (checked above).
  return { ...checked.config, file } as unknown as Config;
}

/** The journal: `--journal`, else `journal` in the config, else ar.db in the working folder. */
export function journalPath(option: string | undefined, config: Config, cwd: string): string {
  if (option !== undefined) return resolve(cwd, option);
  if (config.journal !== undefined) return config.journal;
  return resolve(cwd, 'ar.db');
}
