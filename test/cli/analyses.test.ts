import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ar, BIN, ROOT } from '../helpers/run.ts';

const LEDGERS = ['--invoices', 'fixtures/factures.csv', '--payments', 'fixtures/reglements.csv', '--customers', 'fixtures/clients.csv', '--as-of', '2026-10-31'];

describe('ar impact', () => {
  it('says what 12,000 unpaid costs at 5 % on 1,200,000 of revenue, in English and French', () => {
    const en = ar(['impact', '--amount', '12000', '--revenue', '1200000', '--margin', '5%']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('It takes €240,000.00 of extra revenue to absorb this loss: 2.4 months of revenue (€1,200,000.00 a year).');
    expect(en.stdout).toContain('The net margin falls from 5% to 4%.');
    expect(en.stdout).toContain(`${'█'.repeat(24)} 2.4 months`);
    const fr = ar(['impact', '--amount', '12 000', '--revenue', '1 200 000', '--margin', '5 %', '--lang', 'fr']);
    expect(fr.stdout).toContain('il faut 240\u202f000,00\u202f€ de chiffre d\'affaires supplémentaire, soit 2,4 mois');
    expect(fr.stdout).toContain('La marge nette passe de 5\u202f% à 4\u202f%.');
  });

  it('prints the documented JSON', () => {
    const r = ar(['impact', '--amount', '12000', '--revenue', '1200000', '--margin', '5%', '--format', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ loss: '12000.00', revenue: '1200000.00', marginBefore: 0.05, marginAfter: 0.04, extraRevenue: '240000.00', monthsOfRevenue: 2.4 });
  });

  it('takes an invoice’s open amount from the ledger, and refuses one that is not open', () => {
    const r = ar(['impact', 'FA2026-00195', ...LEDGERS, '--revenue', '1200000', '--margin', '5%', '--vat', '20%', '--format', 'json']);
    expect(r.code).toBe(0);
    // 6,003.52 TTC open → 5,002.93 excl. VAT → 100,058.60 of extra revenue at 5 %.
    expect(JSON.parse(r.stdout)).toMatchObject({ invoice: 'FA2026-00195', unpaid: '6003.52', loss: '5002.93', extraRevenue: '100058.60' });
    const paid = ar(['impact', 'FA2025-00001', ...LEDGERS, '--revenue', '1200000', '--margin', '5%']);
    expect(paid.code).toBe(2);
    expect(paid.stderr).toBe('ar: invoice "FA2025-00001" is not open as of 2026-10-31: nothing is lost\n');
  });

  it('refuses impossible input with one clear line', () => {
    expect(ar(['impact', '--amount', '12000', '--revenue', '1200000', '--margin', '0%'])).toMatchObject({ code: 1, stderr: 'ar: --margin must be above 0: with no margin, no revenue absorbs a loss\n' });
    expect(ar(['impact', '--amount', '12000', '--revenue', '0', '--margin', '5%'])).toMatchObject({ code: 1, stderr: 'ar: --revenue must be above 0\n' });
  });

  it('never prompts without a terminal: it names the missing options', () => {
    const r = ar(['impact', '--amount', '12000']);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'ar: missing --revenue, --margin (no terminal to ask for them)\n' });
  });

  it('asks for the missing values on a real pseudo-terminal', () => {
    // python3's pty runs ar on a terminal, answers its two prompts and returns what the terminal showed.
    const script = `
import os, pty, sys, time, select
pid, fd = pty.fork()
if pid == 0:
    os.environ['NO_COLOR'] = '1'
    os.execv(sys.argv[1], [sys.argv[1], sys.argv[2], 'impact', '--amount', '12000', '--lang', 'en'])
out = b''
def read_until(token, timeout=20):
    global out
    end = time.time() + timeout
    while token not in out and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                out += os.read(fd, 4096)
            except OSError:
                return
read_until(b'Annual revenue')
os.write(fd, b'1200000\\r')
read_until(b'Net margin')
os.write(fd, b'5%\\r')
read_until(b'net margin falls')
read_until(b'months (')
os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf-8', 'replace'))
`;
    const r = spawnSync('python3', ['-c', script, process.execPath, BIN], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toContain('Annual revenue (excl. VAT):');
    expect(r.stdout).toContain('Net margin (e.g. 5%):');
    expect(r.stdout).toContain('It takes €240,000.00 of extra revenue');
  });

  it('prices the whole aged balance with the provision matrix', () => {
    const r = ar(['impact', '--portfolio', ...LEDGERS, '--margin', '5%', '--revenue', '1000000', '--format', 'json']);
    const j = JSON.parse(r.stdout);
    // 77,846.49 × 0.5 % + 9,903.61 × 2 % + 6,650.40 × 5 % + 9,200.56 × 15 % + 10,241.36 × 40 % (each rounded to the cent).
    expect(j.portfolio.buckets.map((b: { expectedLoss: string }) => b.expectedLoss)).toEqual(['389.23', '198.07', '332.52', '1380.08', '4096.54']);
    expect(j.loss).toBe('6396.44');
  });
});

describe('ar dso and ar customers on the sample firm', () => {
  it('gives DSO figures that hold together, and a 12-month trend', () => {
    const r = ar(['dso', ...LEDGERS, '--format', 'json']);
    expect(r.code).toBe(0);
    const eur = JSON.parse(r.stdout).currencies.EUR;
    expect(eur.ar).toBe('112924.95');
    expect(eur.dso).toBeCloseTo((112924.95 / Number(eur.sales)) * 90, 1);
    expect(eur.averageDaysDelinquent).toBeCloseTo(eur.dso - eur.bestPossible, 0);
    expect(eur.trend).toHaveLength(12);
    expect(eur.trend[11]).toEqual({ date: '2026-10-31', dso: eur.dso });
    const table = ar(['dso', ...LEDGERS, '--lang', 'fr']);
    expect(table.stdout).toContain('DSO par épuisement (countback)');
  });

  it('grades the customer in difficulty E and the early payer A', () => {
    const r = ar(['customers', ...LEDGERS, '--format', 'json']);
    const rows = JSON.parse(r.stdout).customers as { id: string; grade: string; avgDaysLate: number; flags: string[] }[];
    expect(rows[0]).toMatchObject({ id: 'C013', grade: 'E' });
    expect(rows[0]!.flags).toContain('over_90');
    expect(rows.find((c) => c.id === 'C007')).toMatchObject({ grade: 'A', avgDaysLate: 0 });
    const csv = ar(['customers', ...LEDGERS, '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe('id,name,currency,open,overdue,overdue_share,avg_days_late,avg_days_to_pay,paid_late_share,invoices_settled,trend,credit_limit,credit_use,last_contact,grade,flags');
    expect(csv.stdout.split('\r\n')[1]).toMatch(/^C013,Constructions Mercier SAS,EUR,27285.14,/);
  });
});
