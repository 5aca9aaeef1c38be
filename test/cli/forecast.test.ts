import { dayFromIso } from '../../src/core/dates.ts';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateBehaviourLedger } from '../../scripts/gen-behaviour-ledger.ts';
import { arInProcess, ROOT, tempDir, writeFiles } from '../helpers/run.ts';

const FIX = join(ROOT, 'fixtures');
const LEDGER = [join(FIX, 'factures.csv'), '--payments', join(FIX, 'reglements.csv'), '--customers', join(FIX, 'clients.csv')];

interface Period {
  from: string;
  to: string;
  expected: string;
}
interface CurrencyJson {
  weeks: Period[];
  months: Period[];
  probableLoss: string;
  open: string;
  heldBack: string;
  doubtful: string;
  promised: string;
  afterWeeks: string;
  afterMonths: string;
  customers: { id: string; name: string | null; weeks: Period[]; open: string }[];
}
const cents = (s: string): number => Math.round(Number(s) * 100);
const sum = (ps: Period[]): number => ps.reduce((s, p) => s + cents(p.expected), 0);

describe('ar forecast', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('ar-forecast-');
  });

  it('prints the weeks and months as JSON, as the issue specifies, and reconciles them with the open items of ar aging', async () => {
    const r = await arInProcess(['forecast', ...LEDGER, '--as-of', '2026-10-31', '--format', 'json', '--journal', join(dir, 'none.db')]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { asOf: string; currencies: Record<string, CurrencyJson> };
    expect(j.asOf).toBe('2026-10-31');
    const eur = j.currencies.EUR!;
    expect(eur.weeks).toHaveLength(13);
    expect(eur.weeks[0]).toMatchObject({ from: '2026-11-01', to: '2026-11-07' });
    expect(eur.weeks[12]).toMatchObject({ from: '2027-01-24', to: '2027-01-30' });
    expect(eur.months.map((m) => m.from)).toEqual(['2026-11-01', '2026-12-01', '2027-01-01']);
    expect(eur.weeks[0]!.expected).toMatch(/^\d+\.\d\d$/);
    expect(Object.keys(eur)).toEqual(expect.arrayContaining(['weeks', 'months', 'probableLoss', 'customers']));
    // Every cent of the open items is somewhere: in a week, after them, held back or doubtful.
    expect(sum(eur.weeks) + cents(eur.afterWeeks) + cents(eur.heldBack) + cents(eur.doubtful)).toBe(cents(eur.open));
    expect(sum(eur.months) + cents(eur.afterMonths) + cents(eur.heldBack) + cents(eur.doubtful)).toBe(cents(eur.open));
    // The open items are the aged balance's, without the unapplied credit.
    const aging = JSON.parse((await arInProcess(['aging', ...LEDGER, '--as-of', '2026-10-31', '--format', 'json'])).stdout) as { currencies: Record<string, { total: string; unapplied: string }> };
    const a = aging.currencies.EUR!;
    expect(cents(eur.open)).toBe(cents(a.total) - cents(a.unapplied));
    // Customers add up to the totals, week by week.
    for (let w = 0; w < 13; w++) expect(eur.customers.reduce((s, c) => s + cents(c.weeks[w]!.expected), 0)).toBe(cents(eur.weeks[w]!.expected));
    // The disputed invoices of the ledger (FA2026-00085, FA2026-00176) are held back; C013's old items are doubtful.
    expect(cents(eur.heldBack)).toBeGreaterThan(0);
    expect(cents(eur.probableLoss)).toBeGreaterThan(0);
    expect(eur.customers.find((c) => c.id === 'C013')).toBeDefined();
  });

  it('takes --weeks and --months, and refuses counts out of range and backtest options without --backtest', async () => {
    const j = JSON.parse((await arInProcess(['forecast', ...LEDGER, '--as-of', '2026-12-06', '--weeks', '4', '--months', '6', '--format', 'json'])).stdout) as {
      currencies: Record<string, CurrencyJson>;
    };
    expect(j.currencies.EUR!.weeks).toHaveLength(4);
    expect(j.currencies.EUR!.months.map((m) => m.to)).toEqual(['2027-01-06', '2027-02-06', '2027-03-06', '2027-04-06', '2027-05-06', '2027-06-06']);
    const zero = await arInProcess(['forecast', ...LEDGER, '--weeks', '0']);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toContain('--weeks: "0" must be a whole number from 1 to 104');
    const from = await arInProcess(['forecast', ...LEDGER, '--from', '2026-01-31']);
    expect(from.code).toBe(1);
    expect(from.stderr).toContain('--from goes with --backtest');
  });

  it('draws a bar per week on a terminal, and writes CSV', async () => {
    const t = await arInProcess(['forecast', ...LEDGER, '--as-of', '2026-10-31']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('Expected receipts as of 31 Oct 2026 — EUR');
    expect(t.stdout.split('\n').filter((l) => /│ +\d+ │ .*█/.test(l)).length).toBeGreaterThanOrEqual(12);
    const csv = (await arInProcess(['forecast', ...LEDGER, '--as-of', '2026-10-31', '--format', 'csv'])).stdout.split('\r\n');
    expect(csv[0]).toBe('currency,customer,name,kind,number,from,to,expected');
    expect(csv[1]).toMatch(/^EUR,,,week,1,2026-11-01,2026-11-07,\d+\.\d\d$/);
    const fr = await arInProcess(['forecast', ...LEDGER, '--as-of', '2026-10-31', '--lang', 'fr']);
    expect(fr.stdout).toContain('Encaissements attendus au 31/10/2026');
  });

  it("follows the journal: a promise puts the customer's items on its date, a dispute holds the invoice back", async () => {
    const journal = join(dir, 'promises.db');
    const before = JSON.parse((await arInProcess(['forecast', ...LEDGER, '--as-of', '2026-10-31', '--format', 'json', '--journal', journal])).stdout) as { currencies: Record<string, CurrencyJson> };
    // Recorded on 2026-10-31 (the in-process runner's today): C036 promises everything for 2026-11-20 (week 3).
    expect((await arInProcess(['promise', 'C036', '--until', '2026-11-20', '--customer', 'C036', '--journal', journal])).code).toBe(0);
    expect((await arInProcess(['dispute', 'FA2026-00231', '--reason', 'missing delivery', '--journal', journal])).code).toBe(0);
    const after = JSON.parse((await arInProcess(['forecast', ...LEDGER, '--as-of', '2026-10-31', '--format', 'json', '--journal', journal])).stdout) as { currencies: Record<string, CurrencyJson> };
    const c036 = after.currencies.EUR!.customers.find((c) => c.id === 'C036')!;
    expect(cents(c036.weeks[2]!.expected)).toBe(cents(c036.open));
    expect(cents(after.currencies.EUR!.promised)).toBe(cents(c036.open));
    expect(cents(after.currencies.EUR!.heldBack)).toBeGreaterThan(cents(before.currencies.EUR!.heldBack));
    // As of a date before they were recorded, neither counts (docs/accounting.md §2).
    const earlier = JSON.parse((await arInProcess(['forecast', ...LEDGER, '--as-of', '2026-10-30', '--format', 'json', '--journal', journal])).stdout) as { currencies: Record<string, CurrencyJson> };
    expect(cents(earlier.currencies.EUR!.promised)).toBe(0);
  });
});

interface BacktestJson {
  evaluatedTo: string;
  origins: string[];
  currencies: Record<string, { horizons: { week: number; forecastWape: number | null; naiveWape: number | null }[]; total: { forecastWape: number; naiveWape: number; ratio: number } }>;
}

describe('ar forecast --backtest', () => {
  it('scores the forecast on the fixtures: at most 0.8 × the naive WAPE', async () => {
    // Run after the fixtures' last payment (2026-11-20): receipts are known up to there.
    const r = await arInProcess(['forecast', ...LEDGER, '--backtest', '--format', 'json'], { today: dayFromIso('2026-12-06')! });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as BacktestJson;
    expect(j.evaluatedTo).toBe('2026-11-20');
    expect(j.origins).toHaveLength(12);
    const t = j.currencies.EUR!.total;
    expect(t.forecastWape).toBeLessThanOrEqual(0.8 * t.naiveWape);
    const text = await arInProcess(['forecast', ...LEDGER, '--backtest']);
    expect(text.stdout).toContain('Forecast WAPE');
    expect(text.stdout).toContain('Naive WAPE');
  });

  it('scores it on a ledger not made for it, with paid dates in a one-sheet ledger and with invoices and payments alike', async () => {
    const dir = tempDir('ar-behaviour-');
    const g = generateBehaviourLedger();
    const f = writeFiles(dir, { 'invoices.csv': g.invoicesCsv, 'payments.csv': g.paymentsCsv, 'one-sheet.csv': g.oneSheetCsv });
    for (const files of [[f['invoices.csv']!, '--payments', f['payments.csv']!], [f['one-sheet.csv']!]]) {
      const j = JSON.parse((await arInProcess(['forecast', ...files, '--as-of', '2026-11-30', '--backtest', '--format', 'json'])).stdout) as BacktestJson;
      const t = j.currencies.EUR!.total;
      expect(t.forecastWape).toBeLessThanOrEqual(0.8 * t.naiveWape);
    }
  });

  it('replays the month ends of --from and --to', async () => {
    const j = JSON.parse((await arInProcess(['forecast', ...LEDGER, '--backtest', '--from', '2026-03-15', '--to', '2026-06-30', '--format', 'json'])).stdout) as BacktestJson;
    expect(j.origins).toEqual(['2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30']);
    expect((await arInProcess(['forecast', ...LEDGER, '--backtest', '--from', '2026-06-30', '--to', '2026-03-31'])).code).toBe(1);
  });
});

describe('ar report: what it refuses', () => {
  it('refuses a name that does not end in .html, and an output that is one of its inputs', async () => {
    const dir = tempDir('ar-report-');
    const pdf = await arInProcess(['report', ...LEDGER, '--html', join(dir, 'report.pdf')]);
    expect(pdf.code).toBe(1);
    expect(pdf.stderr).toContain('give a name ending in .html');
    expect((await arInProcess(['report', ...LEDGER])).code).toBe(1);
    const journal = join(dir, 'journal.html');
    const same = await arInProcess(['report', ...LEDGER, '--journal', journal, '--html', journal]);
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('that is one of the files read');
    // Another name for an input (a link to it) is refused too.
    const link = join(dir, 'link.html');
    symlinkSync(join(FIX, 'clients.csv'), link);
    expect((await arInProcess(['report', ...LEDGER, '--html', link])).code).toBe(1);
    expect(readFileSync(join(FIX, 'clients.csv'), 'latin1')).toContain('Code client');
    expect(existsSync(journal)).toBe(false);
  });
});
