import { readFileSync, existsSync } from '../fs.ts';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.ts';

/**
 * `ar.config.json`, from the working folder or `--config`. Every key is optional; paths are
 * relative to the config file's folder. Documented in the README.
 */
export interface Config {
  /** Where the config came from; null when there is none. */
  readonly file: string | null;
  readonly invoices?: string;
  readonly payments?: string;
  readonly customers?: string;
  readonly currency?: string;
  /** Default payment terms when neither the ledger nor the customer gives any: "30", "45FDM". */
  readonly defaultTerms?: string;
  readonly endOfMonthRule?: 'add-then-eom' | 'eom-then-add';
  readonly buckets?: number[];
  readonly basis?: 'due' | 'issue';
  readonly lang?: 'fr' | 'en';
  /** Column mapping: ledger kind → field → header text, overriding detection. */
  readonly columns?: { invoices?: Record<string, string>; payments?: Record<string, string>; customers?: Record<string, string> };
  /** Anything else (firm, policy, rates …) is read by the commands that use it. */
  readonly [key: string]: unknown;
}

const PATH_KEYS = ['invoices', 'payments', 'customers', 'journal', 'templates', 'reportTemplate'] as const;

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
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError('bad_config', { file, detail: 'must be a JSON object' });
  }
  const obj = raw as Record<string, unknown>;
  const bad = (detail: string): never => {
    throw new InputError('bad_config', { file, detail });
  };
  const base = dirname(file);
  const out: Record<string, unknown> = { ...obj, file };
  for (const k of PATH_KEYS) {
    if (obj[k] === undefined) continue;
    if (typeof obj[k] !== 'string') bad(`"${k}" must be a path`);
    out[k] = resolve(base, obj[k] as string);
  }
  if (obj.currency !== undefined && (typeof obj.currency !== 'string' || !/^[A-Z]{3}$/.test(obj.currency))) bad('"currency" must be a code such as "EUR"');
  if (obj.defaultTerms !== undefined && typeof obj.defaultTerms !== 'string' && typeof obj.defaultTerms !== 'number') bad('"defaultTerms" must be terms such as "30" or "45FDM"');
  if (typeof obj.defaultTerms === 'number') out.defaultTerms = String(obj.defaultTerms);
  if (obj.endOfMonthRule !== undefined && obj.endOfMonthRule !== 'add-then-eom' && obj.endOfMonthRule !== 'eom-then-add') bad('"endOfMonthRule" must be "add-then-eom" or "eom-then-add"');
  if (obj.buckets !== undefined && (!Array.isArray(obj.buckets) || !obj.buckets.every((b) => Number.isInteger(b)))) bad('"buckets" must be a list of days, e.g. [30, 60, 90]');
  if (obj.basis !== undefined && obj.basis !== 'due' && obj.basis !== 'issue') bad('"basis" must be "due" or "issue"');
  if (obj.lang !== undefined && obj.lang !== 'fr' && obj.lang !== 'en') bad('"lang" must be "fr" or "en"');
  if (obj.columns !== undefined) {
    if (typeof obj.columns !== 'object' || obj.columns === null) bad('"columns" must be an object');
    for (const [kind, map] of Object.entries(obj.columns as Record<string, unknown>)) {
      if (!['invoices', 'payments', 'customers'].includes(kind)) bad(`"columns.${kind}": the kinds are invoices, payments, customers`);
      if (typeof map !== 'object' || map === null || Object.values(map).some((v) => typeof v !== 'string')) bad(`"columns.${kind}" must map fields to header texts`);
    }
  }
  return out as Config;
}

/** The journal: `--journal`, else `journal` in the config, else ar.db in the working folder. */
export function journalPath(option: string | undefined, config: Config, cwd: string): string {
  if (option !== undefined) return resolve(cwd, option);
  if (typeof config.journal === 'string') return config.journal;
  return resolve(cwd, 'ar.db');
}
