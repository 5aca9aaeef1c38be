import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, configMarkdown } from '../../scripts/config-docs.ts';
import { InputError } from '../../src/errors.ts';
import { checkConfig, loadConfig } from '../../src/io/config.ts';
import { ratesOf } from '../../src/io/remind-config.ts';
import { ar, ROOT, tempDir, writeFiles } from '../helpers/run.ts';

const detail = (raw: unknown): string => {
  const r = checkConfig(raw, '/base');
  return r.ok ? 'accepted' : r.detail;
};

describe('the config answers back', () => {
  it('refuses an unknown key with its path and the key it most likely meant', () => {
    expect(detail({ bucket: [30] })).toBe('unknown key "bucket": did you mean "buckets"?');
    expect(detail({ paiements: 'p.csv' })).toBe('unknown key "paiements": did you mean "payments"?');
    expect(detail({ langue: 'fr' })).toBe('unknown key "langue": did you mean "lang"?');
    expect(detail({ Currency: 'EUR' })).toBe('unknown key "Currency": did you mean "currency"?');
    expect(detail({ policy: { level: { 1: 3 } } })).toBe('unknown key "policy.level": did you mean "policy.levels"?');
    expect(detail({ firm: { nom: 'x' } })).toBe('unknown key "firm.nom": did you mean "firm.name"?');
    expect(detail({ columns: { invoices: { numbr: 'N°' } } })).toMatch(
      /^"columns\.invoices\.numbr": no field of the invoices ledger has this name \(the fields: number, .*\): did you mean "columns\.invoices\.number"\?$/,
    );
    expect(detail({ zzzzzz: 1 })).toBe('unknown key "zzzzzz" (every key is listed in docs/config.md)');
  });

  it('refuses a value of the wrong type, naming the key and what it must be', () => {
    expect(detail({ revenue: '1200000' })).toBe('"revenue" must be a number (an amount a year, in units of the currency, e.g. 1200000), at least 0, not the text "1200000"');
    expect(detail({ buckets: [60, 30] })).toBe('"buckets" must be increasing whole numbers of days, e.g. [30, 60, 90]');
    expect(detail({ buckets: [30, '60'] })).toBe('"buckets[1]" must be a whole number of days, at least 1, not the text "60"');
    expect(detail({ policy: { thankYou: 'yes' } })).toBe('"policy.thankYou" must be true or false, not the text "yes"');
    expect(detail({ firm: 'Durand' })).toMatch(/^"firm" must be an object \(its keys: name, legalForm, .*\), not the text "Durand"$/);
    expect(detail({ defaultTerms: 'whenever' })).toBe('"defaultTerms" must be payment terms such as "30" or "45FDM", not the text "whenever"');
    expect(detail({ dateOrder: 'dm' })).toBe('"dateOrder" must be "dmy" or "mdy" or "ymd", not the text "dm"');
    expect(detail({ dateOrder: 'mdy', margin: '5%', lossRates: { '91+': 0.4 } })).toBe('accepted');
    expect(detail([1, 2])).toBe('must be a JSON object');
  });

  it('keeps no prototype: "__proto__" and unknown countries are refused, and Object.prototype is never touched', () => {
    const raw = JSON.parse('{"lateInterestRates": {"__proto__": {"2027-H1": 99}}}') as unknown;
    expect(detail(raw)).toBe('"lateInterestRates.__proto__": the countries are FR and BE');
    expect(detail(JSON.parse('{"lateInterestRates": {"FR": {"__proto__": 99}}}'))).toBe(
      '"lateInterestRates.FR.__proto__": half-years are written "2026-H1" or "2026-H2" (or a table: commercial, legal, public)',
    );
    expect(detail({ lateInterestRates: { DE: { '2027-H1': 9 } } })).toBe('"lateInterestRates.DE": the countries are FR and BE');
    expect(detail(JSON.parse('{"__proto__": {"x": 1}}'))).toBe('unknown key "__proto__" (every key is listed in docs/config.md)');
    const ok = checkConfig(JSON.parse('{"policy": {"levels": {"1": 2}}, "lateInterestRates": {"BE": {"2027-H1": 9}}}'), '/base');
    expect(ok.ok).toBe(true);
    const c = (ok as { config: Record<string, Record<string, Record<string, unknown>>> }).config;
    expect(Object.getPrototypeOf(c)).toBe(null);
    expect(Object.getPrototypeOf(c.policy)).toBe(null);
    expect(Object.getPrototypeOf(c.policy!.levels)).toBe(null);
    const rates = ratesOf({ file: null, ...c });
    expect(Object.getPrototypeOf(rates)).toBe(null);
    expect(Object.getPrototypeOf(rates.BE)).toBe(null);
    expect(Object.getPrototypeOf(rates.BE!.commercial!.rates)).toBe(null);
    expect(rates.BE!.commercial!.rates['2027-H1']).toBe(9);
    expect(({} as Record<string, unknown>)['2027-H1']).toBeUndefined();
  });

  it('resolves paths from the config file and refuses through the CLI with exit 2, naming file and key', () => {
    const dir = tempDir();
    const f = writeFiles(dir, { 'ar.config.json': '{"invoices": "sub/f.csv", "bucket": [30, 60]}', 'good.json': '{"invoices": "sub/f.csv"}' });
    expect(loadConfig('good.json', dir).invoices).toBe(join(dir, 'sub/f.csv'));
    expect(() => loadConfig(undefined, dir)).toThrow(InputError);
    const r = ar(['aging', join(ROOT, 'fixtures/factures.csv'), '--as-of', '2026-12-31'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ar: ${f['ar.config.json']}: unknown key "bucket": did you mean "buckets"?\n`);
  });

  it('is documented by its own schema: docs/config.md and docs/config.schema.json are what CONFIG_SCHEMA says (npm run config-docs)', () => {
    expect(readFileSync(join(ROOT, 'docs/config.md'), 'utf8')).toBe(configMarkdown());
    expect(readFileSync(join(ROOT, 'docs/config.schema.json'), 'utf8')).toBe(configJsonSchema());
  });
});
