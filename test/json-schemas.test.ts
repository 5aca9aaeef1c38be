import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { smallFirm } from './helpers/remind-firm.ts';
import { arInProcess, ROOT, tempDir, writeFiles } from './helpers/run.ts';

/**
 * Each JSON `ar` prints has a schema in docs/schemas/ (and a type beside the function that makes it:
 * `AgingJson`, `DsoJson`…). Every schema is checked as a JSON Schema (2020-12, strict), then each is
 * held to real output: the commands run on the fixtures, in the cases that fill its optional parts
 * (a journal's last contacts, a bank statement's unidentified receipts, rejected rows, a portfolio).
 */

const SCHEMAS = join(ROOT, 'docs/schemas');
const ajv = new Ajv2020({ strict: true, allErrors: true });
const schemaNames = readdirSync(SCHEMAS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const validators = Object.fromEntries(schemaNames.map((n) => [n, ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, `${n}.json`), 'utf8')) as object)]));

const F = (name: string) => join(ROOT, 'fixtures', name);
const LEDGER = [F('factures.csv'), '--payments', F('reglements.csv'), '--customers', F('clients.csv'), '--as-of', '2026-10-31'];

/** Runs `ar` in-process with `--format json` and checks its output against a schema. */
async function holds(schema: string, args: readonly string[], cwd = ROOT): Promise<unknown> {
  const r = await arInProcess([...args, '--format', 'json'], { cwd });
  expect(r.code, r.stderr).toBe(0);
  const doc: unknown = JSON.parse(r.stdout);
  const validate = validators[schema]!;
  const ok = validate(doc);
  expect(ok ? [] : validate.errors, `${schema}: ${args.join(' ')}`).toEqual([]);
  return doc;
}

describe('the JSON schemas of docs/schemas', () => {
  it('has one per JSON document ar prints, each a valid JSON Schema', () => {
    expect(schemaNames).toEqual(['aging', 'backtest', 'customers', 'dso', 'forecast', 'impact', 'log', 'remind']);
  });

  describe('hold the output of the fixtures', () => {
    let firm = '';
    beforeAll(async () => {
      // A journal with contacts (the last contact of aging and customers; ar log), and the small firm's reminders.
      firm = smallFirm('ar-schemas-');
      for (const args of [
        ['note', 'C1', 'Appel : paiement promis'],
        ['promise', 'F3', '--until', '2026-11-15', '--amount', '200,00'],
        ['dispute', 'F10', '--reason', 'livraison incomplète'],
      ]) {
        const r = await arInProcess(args, { cwd: firm });
        expect(r.code, r.stderr).toBe(0);
      }
    });

    it('aging: the fixtures, a customer, a journal, a bank statement, rejected rows', async () => {
      await holds('aging', ['aging', ...LEDGER]);
      await holds('aging', ['aging', ...LEDGER, '--customer', 'C013', '--buckets', '30,60,90,120', '--basis', 'issue']);
      await holds('aging', ['aging'], firm);
      const bank = (await holds('aging', ['aging', F('factures.csv'), '--payments', F('bank/releve-camt053.xml'), '--customers', F('clients.csv'), '--as-of', '2026-10-31'])) as {
        unidentifiedReceipts: { items: unknown[] };
      };
      expect(bank.unidentifiedReceipts.items.length).toBeGreaterThan(0);
      const dir = tempDir();
      writeFiles(dir, { 'f.csv': 'Invoice;Customer;Date;Due;Amount\nF1;C1;2026-09-01;2026-10-01;100.00\nF2;C1;2026-13-01;2026-10-01;50.00\nTotal;;;;150.00\n' });
      const rejected = (await holds('aging', ['aging', join(dir, 'f.csv'), '--skip-invalid', '--as-of', '2026-10-31'])) as { import: { problems: unknown[] }; warnings: unknown[] };
      expect([rejected.import.problems.length, rejected.warnings.length]).toEqual([1, 1]);
    });

    it('customers, dso', async () => {
      await holds('customers', ['customers', ...LEDGER]);
      await holds('customers', ['customers'], firm);
      await holds('dso', ['dso', ...LEDGER]);
      await holds('dso', ['dso', ...LEDGER, '--period', '365']);
    });

    it('impact: an amount, an invoice of the ledger, a portfolio', async () => {
      await holds('impact', [
        'impact',
        '--amount',
        '12000',
        '--revenue',
        '1200000',
        '--margin',
        '5%',
        '--insured',
        '90%',
        '--deductible',
        '1500',
        '--recovery',
        '30%',
        '--cost-of-credit',
        '8%',
        '--days-late',
        '45',
      ]);
      await holds('impact', ['impact', 'FA2026-00195', '--invoices', F('factures.csv'), '--payments', F('reglements.csv'), '--as-of', '2026-10-31', '--margin', '5%', '--vat']);
      await holds('impact', ['impact', '--portfolio', '--invoices', F('factures.csv'), '--payments', F('reglements.csv'), '--as-of', '2026-10-31', '--margin', '5%', '--from-history']);
    });

    it('forecast and its backtest', async () => {
      await holds('forecast', ['forecast', ...LEDGER]);
      await holds('backtest', ['forecast', ...LEDGER, '--backtest']);
    });

    it('remind (a dry run, and into an outbox), log', async () => {
      await holds('remind', ['remind', '--as-of', '2026-10-31'], firm);
      await holds('remind', ['remind', '--as-of', '2026-10-31', '--outbox', join(tempDir(), 'outbox')], firm);
      // An account held back by a skip reason the fixtures have not: its only invoice said paid in part, without payments.
      const partly = tempDir();
      writeFiles(partly, { 'f.csv': 'Invoice;Customer;Date;Due;Amount;Status\nF1;C1;2026-09-01;2026-10-01;100.00;Partially paid\n', 'c.csv': 'Customer;Email\nC1;c1@example.com\n' });
      const held = (await holds('remind', ['remind', '--invoices', join(partly, 'f.csv'), '--customers', join(partly, 'c.csv'), '--as-of', '2026-10-31', '--journal', join(partly, 'ar.db')])) as {
        skipped: { reason: string }[];
      };
      expect(held.skipped.map((s) => s.reason)).toEqual(['said_paid']);
      const log = (await holds('log', ['log'], firm)) as unknown[];
      expect(log.length).toBeGreaterThan(3);
      await holds('log', ['log', 'C1'], firm);
    });
  });
});
