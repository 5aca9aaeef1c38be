import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, loadCorpus, makeCase, runCase, type FuzzCase } from '../scripts/fuzz-cases.ts';
import { arInProcess, ROOT, tempDir, writeFiles } from './helpers/run.ts';

/**
 * The quick subset of `npm run fuzz` (the full run is 10,000 cases), the fuzzer's own watchdog,
 * and the regressions it found, each kept as a fixture under fixtures/errors/.
 */

describe('fuzz: the quick subset', () => {
  it('ends 300 mutated ledgers in a result or a clear error', async () => {
    const corpus = await loadCorpus();
    const dir = tempDir('ar-fuzz-');
    const failures: string[] = [];
    const codes = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const c = await makeCase(corpus, 20261031, i);
      const o = await runCase(c, dir);
      codes.set(o.code, (codes.get(o.code) ?? 0) + 1);
      if (o.failure) failures.push(`case ${i} (${c.mutations.join(' ')}): ${o.failure}`);
    }
    expect(failures).toEqual([]);
    // Both ends are reached: results and clear errors.
    expect(codes.get(0)).toBeGreaterThan(30);
    expect(codes.get(2)).toBeGreaterThan(30);
  }, 60_000);

  it('ends 150 mutated e-invoices, Factur-X PDFs and bank statements in a result or a clear error, each within the time budget', async () => {
    const corpus = await loadCorpus();
    const dir = tempDir('ar-fuzz-docs-');
    const failures: string[] = [];
    const codes = new Map<number, number>();
    const kinds = new Set<string>();
    for (let i = 0; i < 150; i++) {
      const c = await makeCase(corpus, 20261206, i, { documents: true });
      for (const m of c.mutations) kinds.add(m.split(':')[1]!);
      const o = await runCase(c, dir);
      codes.set(o.code, (codes.get(o.code) ?? 0) + 1);
      if (o.failure) failures.push(`case ${i} (${c.mutations.join(' ')}): ${o.failure}`);
      else if (o.ms > 10_000) failures.push(`case ${i} (${c.mutations.join(' ')}): ${Math.round(o.ms)} ms, past the budget of 10 s`);
    }
    expect(failures).toEqual([]);
    expect(codes.get(0)).toBeGreaterThan(15);
    expect(codes.get(2)).toBeGreaterThan(15);
    // The shapes of the issue are among them.
    for (const k of ['unclosedStrings', 'missingEndstream', 'manyAttachments', 'objectStreamBomb', 'deepNesting', 'hugeAttribute', 'referenceFlood', 'doctype', 'moreEntries'])
      expect([...kinds]).toContain(k);
  }, 120_000);

  it('judges: a message on two lines, a stack trace, an aged balance that does not add up all fail', () => {
    const c: FuzzCase = { seed: 0, index: 0, files: [{ name: 'factures.csv', bytes: new Uint8Array() }], args: ['aging', '--format', 'json'], mutations: [] };
    expect(judge(c, 2, '', 'factures.csv:2: column "Date": value "1\n2" is not a date\nar: 1 row(s) rejected\n')).toMatch(/names no file/);
    expect(judge(c, 70, '', 'ar: internal error: x\n    at foo (bar.js:1:1)\n')).toMatch(/stack trace/);
    const json = (total: string) =>
      JSON.stringify({
        currencies: { EUR: { total, buckets: { a: '1.00' }, unapplied: '0.00', customers: [{ id: 'C', total: '1.00', buckets: { a: '1.00' }, unapplied: '0.00', invoices: [{ open: '1.00' }] }] } },
        import: {},
      });
    expect(judge(c, 0, json('1.00'), '')).toBeNull();
    expect(judge(c, 0, json('2.00'), '')).toMatch(/do not add up/);
  });

  it('npm run fuzz prints its seed and counts, and fails on a case that hangs or never settles', () => {
    const out = tempDir('ar-fuzz-out-');
    const fuzz = (env: Record<string, string>, ...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'scripts/fuzz.ts'), '--seed', '7', '--workers', '1', '--out', out, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
    const ok = fuzz({}, '--cases', '12');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^fuzz: seed 7, 12 cases/);
    expect(ok.stdout).toMatch(/fuzz: seed 7: 12 cases in [\d.]+ s \(exit 0: \d+, exit 2: \d+\).*\nfuzz: no failure\n$/);
    const hang = fuzz({ AR_FUZZ_SELFTEST: 'hang' }, '--cases', '5', '--timeout', '1500');
    expect(hang.status).toBe(1);
    expect(hang.stdout).toContain('FAIL case 3: no result within 1500 ms (a hang)');
    const unsettled = fuzz({ AR_FUZZ_SELFTEST: 'unsettled' }, '--cases', '5');
    expect(unsettled.status).toBe(1);
    expect(unsettled.stdout).toContain('FAIL case 3: the run never settled');
    // The failing case is saved, replayable alone.
    expect(JSON.parse(readFileSync(join(out, 'seed-7-case-3', 'case.json'), 'utf8'))).toMatchObject({ seed: 7, index: 3 });
  }, 60_000);
});

describe('fuzz: regressions', () => {
  it('keeps every message on one line when a value holds a line break or a terminal escape', async () => {
    const f = join(ROOT, 'fixtures/errors/csv-line-break-in-value.csv');
    const r = await arInProcess(['aging', f, '--as-of', '2026-03-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'csv-line-break-in-value.csv:2: column "Échéance": value "14/02\\r\\n2026" is not a date\n' + 'ar: 1 row(s) rejected; fix them, or run again with --skip-invalid to go on without them\n',
    );
    const table = await arInProcess(['aging', f, '--as-of', '2026-03-01', '--skip-invalid']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Dupont\\u001b[2J');
    expect(table.stdout).not.toContain('\u001b');
  });

  it('says that ar dso has nothing to show, with its date, instead of printing nothing', async () => {
    const dir = tempDir();
    const p = writeFiles(dir, { 'factures.csv': 'N° facture;Code client;Date facture;Montant\r\n' });
    const table = await arInProcess(['dso', p['factures.csv']!, '--as-of', '2025-01-01']);
    expect(table).toEqual({ code: 0, stdout: 'DSO as of 1 Jan 2025\n\nNo sales and nothing receivable at this date.\n', stderr: '' });
    const json = await arInProcess(['dso', p['factures.csv']!, '--as-of', '2025-01-01', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ asOf: '2025-01-01', sectorDso: null, currencies: {}, problems: [] });
  });

  it('draws no bar for a negative DSO (more credit than receivable)', async () => {
    const dir = tempDir();
    const p = writeFiles(dir, {
      'factures.csv': 'N° facture;Code client;Date facture;Échéance;Montant\r\nF1;C1;01/09/2026;01/10/2026;100,00\r\n',
      'reglements.csv': 'Date règlement;Code client;Montant\r\n02/09/2026;C1;500,00\r\n',
    });
    const r = await arInProcess(['dso', p['factures.csv']!, '--payments', p['reglements.csv']!, '--as-of', '2026-10-31']);
    // Only the ledger's own warning (no date tells the order of day and month).
    expect(r.stderr).toMatch(/^! factures\.csv: column "Date facture": no value settles the order of day and month[^\n]*\n$/);
    expect(r.code).toBe(0);
    // No bar, and no negative number of days: a credit balance has no DSO.
    expect(r.stdout).toMatch(/Oct 2026 +-\n/);
  });

  it('gives one warning for a cell of a hundred thousand bad addresses, not one per address', async () => {
    const dir = tempDir();
    const p = writeFiles(dir, {
      'factures.csv': 'N° facture;Code client;Date facture;Montant\r\nF1;C1;20/09/2026;100,00\r\n',
      'clients.csv': `Code client;E-mail\r\nC1;"${'x,'.repeat(100_000)}"\r\n`,
    });
    const t0 = performance.now();
    const r = await arInProcess(['aging', p['factures.csv']!, '--customers', p['clients.csv']!, '--as-of', '2026-10-31', '--format', 'json']);
    expect(performance.now() - t0).toBeLessThan(5_000);
    const warnings = (JSON.parse(r.stdout) as { warnings: { code: string; message: string }[] }).warnings.filter((w) => w.code !== 'due_by_default_terms');
    expect(warnings.map((w) => w.message)).toEqual(['clients.csv:2: column "E-mail": "x, x, x (+99997)" is not a valid e-mail address']);
  });
});
