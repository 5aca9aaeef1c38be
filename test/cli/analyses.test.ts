import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { arInProcess, BIN, ROOT, tempDir, writeFiles } from '../helpers/run.ts';

const LEDGERS = ['--invoices', 'fixtures/factures.csv', '--payments', 'fixtures/reglements.csv', '--customers', 'fixtures/clients.csv', '--as-of', '2026-10-31'];

/**
 * Runs ar on a real pseudo-terminal (python3's pty), in `cwd`: waits for each `wait` text, types its
 * `type` (an answer and Enter), then waits for `end`; returns what the terminal showed.
 */
function onTerminal(args: readonly string[], steps: readonly { wait: string; type: string }[], end: string, cwd = ROOT): string {
  const script = `
import json, os, pty, sys, time, select
args, steps, end = json.loads(sys.argv[3]), json.loads(sys.argv[4]), sys.argv[5]
pid, fd = pty.fork()
if pid == 0:
    os.environ['NO_COLOR'] = '1'
    os.execv(sys.argv[1], [sys.argv[1], sys.argv[2], *args])
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
for step in steps:
    read_until(step['wait'].encode())
    os.write(fd, step['type'].encode() + b'\\r')
read_until(end.encode())
os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf-8', 'replace'))
`;
  const r = spawnSync('python3', ['-c', script, process.execPath, BIN, JSON.stringify(args), JSON.stringify(steps), end], { cwd, encoding: 'utf8', timeout: 60_000 });
  return r.stdout;
}

describe('ar impact', () => {
  it('says what 12,000 unpaid costs at 5 % on 1,200,000 of revenue, in English and French', async () => {
    const en = await arInProcess(['impact', '--amount', '12000', '--revenue', '1200000', '--margin', '5%']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('It takes €240,000.00 of extra revenue to absorb this loss: 2.4 months of revenue (€1,200,000.00 a year).');
    expect(en.stdout).toContain('The net margin falls from 5% to 4%.');
    expect(en.stdout).toContain(`${'█'.repeat(24)} 2.4 months`);
    const fr = await arInProcess(['impact', '--amount', '12 000', '--revenue', '1 200 000', '--margin', '5 %', '--lang', 'fr']);
    expect(fr.stdout).toContain("il faut 240\u202f000,00\u202f€ de chiffre d'affaires supplémentaire, soit 2,4 mois");
    expect(fr.stdout).toContain('La marge nette passe de 5\u202f% à 4\u202f%.');
  });

  it('prints the documented JSON', async () => {
    const r = await arInProcess(['impact', '--amount', '12000', '--revenue', '1200000', '--margin', '5%', '--format', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ loss: '12000.00', revenue: '1200000.00', marginBefore: 0.05, marginAfter: 0.04, extraRevenue: '240000.00', monthsOfRevenue: 2.4 });
  });

  it('takes an invoice’s open amount from the ledger, and refuses one that is not open', async () => {
    const r = await arInProcess(['impact', 'FA2026-00195', ...LEDGERS, '--revenue', '1200000', '--margin', '5%', '--vat', '20%', '--format', 'json']);
    expect(r.code).toBe(0);
    // 6,003.52 TTC open → 5,002.93 excl. VAT → 100,058.60 of extra revenue at 5 %.
    expect(JSON.parse(r.stdout)).toMatchObject({ invoice: 'FA2026-00195', unpaid: '6003.52', loss: '5002.93', extraRevenue: '100058.60' });
    const paid = await arInProcess(['impact', 'FA2025-00001', ...LEDGERS, '--revenue', '1200000', '--margin', '5%']);
    expect(paid.code).toBe(2);
    expect(paid.stderr).toBe('ar: invoice "FA2025-00001" is not open as of 2026-10-31: nothing is lost\n');
  });

  it('refuses impossible input with one clear line', async () => {
    expect(await arInProcess(['impact', '--amount', '12000', '--revenue', '1200000', '--margin', '0%'])).toMatchObject({
      code: 1,
      stderr: 'ar: --margin: "0%" must be above 0: with no margin, no revenue absorbs a loss\n',
    });
    expect(await arInProcess(['impact', '--amount', '12000', '--revenue', '0', '--margin', '5%'])).toMatchObject({ code: 1, stderr: 'ar: --revenue must be above 0\n' });
  });

  it('never prompts without a terminal: it names the missing options', async () => {
    const r = await arInProcess(['impact', '--amount', '12000']);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'ar: missing --revenue, --margin (no terminal to ask for them)\n' });
    expect(await arInProcess(['impact', '--amount', '12000', '--margin', '5%'])).toMatchObject({ code: 1, stderr: 'ar: missing --revenue (no terminal to ask for it)\n' });
  });

  it('asks for the missing values on a real pseudo-terminal', async () => {
    const r = {
      stdout: onTerminal(
        ['impact', '--amount', '12000', '--lang', 'en'],
        [
          { wait: 'Annual revenue', type: '1200000' },
          { wait: 'Net margin', type: '5%' },
        ],
        'months (',
      ),
    };
    expect(r.stdout).toContain('Annual revenue (excl. VAT):');
    expect(r.stdout).toContain('Net margin (e.g. 5%):');
    expect(r.stdout).toContain('It takes €240,000.00 of extra revenue');
  });

  it("offers the config's revenue and margin as the answers on a terminal (Enter keeps them, a typed value wins), and asks nothing without one", async () => {
    const dir = tempDir('ar-impact-config-');
    writeFiles(dir, { 'ar.config.json': JSON.stringify({ revenue: 1200000, margin: '5%' }) });
    const r = {
      stdout: onTerminal(
        ['impact', '--amount', '12000', '--lang', 'en'],
        [
          { wait: '(1200000.00)', type: '' },
          { wait: '(5%)', type: '4%' },
        ],
        'months (',
        dir,
      ),
    };
    expect(r.stdout).toContain('Annual revenue (excl. VAT): (1200000.00)');
    expect(r.stdout).toContain('Net margin (e.g. 5%): (5%)');
    // The revenue kept from the config, the margin typed over it: 12,000 / 4 % = 300,000.
    expect(r.stdout).toContain('It takes €300,000.00 of extra revenue');
    expect(r.stdout).toContain('The net margin falls from 4% to 3%.');
    // Without a terminal the config's values stand, and nothing is asked.
    const quiet = await arInProcess(['impact', '--amount', '12000', '--lang', 'en'], { cwd: dir });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain('It takes €240,000.00 of extra revenue');
  });

  it('reads the margin typed at the prompt by the rule of --margin: a bare 5 is refused and cleared, 5% typed anew is taken', async () => {
    const r = {
      stdout: onTerminal(
        ['impact', '--amount', '12000', '--revenue', '1200000', '--lang', 'en'],
        [
          { wait: 'Net margin', type: '5' },
          { wait: 'is not a rate', type: '5%' },
        ],
        'months (',
      ),
    };
    expect(r.stdout).toContain('--margin: "5" is not a rate: write 5% (a bare number is a fraction: 0.05 = 5%)');
    // Kept, the refused 5 would have made the second answer 55%.
    expect(r.stdout).toContain('The net margin falls from 5% to 4%.');
  });

  it('reads amounts at the prompt as the ledgers write them, and clears one it refuses', async () => {
    const r = {
      stdout: onTerminal(
        ['impact', '--amount', '12 000,00€', '--margin', '5%', '--lang', 'fr'],
        [
          { wait: 'Chiffre d’affaires annuel', type: '1.200' },
          { wait: 'deux façons', type: '1 200 000,00 €' },
        ],
        'mois (',
      ),
    };
    expect(r.stdout).toContain('« 1.200 » se lit de deux façons');
    // Kept, the refused 1.200 would have been read with what follows it: 1.2001 200 000,00 €, refused again.
    expect(r.stdout).toContain('Perte : 12\u202f000,00\u202f€');
    expect(r.stdout).toContain('(1\u202f200\u202f000,00\u202f€ par an)');
  });

  it('prices the whole aged balance with the provision matrix', async () => {
    const r = await arInProcess(['impact', '--portfolio', ...LEDGERS, '--margin', '5%', '--revenue', '1000000', '--format', 'json']);
    const j = JSON.parse(r.stdout);
    // 77,846.49 × 0.5 % + 9,903.61 × 2 % + 6,650.40 × 5 % + 9,200.56 × 15 % + 10,241.36 × 40 % (each rounded to the cent).
    expect(j.portfolio.buckets.map((b: { expectedLoss: string }) => b.expectedLoss)).toEqual(['389.23', '198.07', '332.52', '1380.08', '4096.54']);
    expect(j.loss).toBe('6396.44');
  });
});

/** A config file in a fresh folder; returns its path. */
const configWith = (config: Record<string, unknown>): string => writeFiles(tempDir('ar-impact-'), { 'ar.config.json': JSON.stringify(config) })['ar.config.json']!;
const json = async (args: string[]) => {
  const r = await arInProcess([...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

describe('ar impact: where R comes from', () => {
  // The sample ledger's sales of 1 Nov 2025 – 31 Oct 2026: 569,986.09 TTC.
  it('takes R from the ledger’s last 12 months even when the config has a revenue; --revenue wins over both', async () => {
    const config = configWith({ revenue: 1000000, margin: '5%', vatRate: '20%' });
    expect(await json(['impact', 'FA2026-00195', ...LEDGERS, '--config', config])).toMatchObject({ revenue: '474988.41', revenueSource: 'ledger', revenueVatRate: 0.2, revenueVatAssumed: false });
    expect(await json(['impact', 'FA2026-00195', ...LEDGERS, '--config', config, '--revenue', '900000'])).toMatchObject({ revenue: '900000.00', revenueSource: 'option', revenueVatRate: null });
    // Without a ledger, the config's revenue stands in.
    expect(await json(['impact', '--amount', '12000', '--config', config])).toMatchObject({ revenue: '1000000.00', revenueSource: 'config' });
    expect(await json(['impact', '--amount', '12000', '--revenue', '1200000', '--margin', '5%'])).toMatchObject({ revenueSource: 'option', revenueVatRate: null, revenueVatAssumed: false });
  });

  it('says in the table where R came from', async () => {
    const config = configWith({ revenue: 1000000, margin: '5%' });
    expect((await arInProcess(['impact', '--amount', '12000', '--config', config])).stdout).toContain('Annual revenue (R): €1,000,000.00, "revenue" in the config.');
    expect((await arInProcess(['impact', '--amount', '12000', '--revenue', '1200000', '--margin', '5%'])).stdout).toContain('Annual revenue (R): €1,200,000.00, as given with --revenue.');
    expect((await arInProcess(['impact', '--amount', '12000', '--revenue', '1200000', '--margin', '5%', '--lang', 'fr'])).stdout).toContain(
      "Chiffre d'affaires annuel (R) : 1\u202f200\u202f000,00\u202f€, donné par --revenue.",
    );
  });

  it('takes VAT off the ledger’s sales at the country’s standard rate when no rate is known, and says it assumed it', async () => {
    const fr = await arInProcess(['impact', 'FA2026-00195', ...LEDGERS, '--margin', '5%']);
    expect(fr.stdout).toContain(
      'Annual revenue (R): €474,988.41, the ledger\'s sales from 1 Nov 2025 to 31 Oct 2026, excluding VAT at 20% (assumed: the standard rate in France; give it with --vat <rate> or "vatRate" in the config).',
    );
    expect(await json(['impact', 'FA2026-00195', ...LEDGERS, '--margin', '5%'])).toMatchObject({ revenue: '474988.41', revenueVatRate: 0.2, revenueVatAssumed: true, loss: '6003.52' });
    // Belgium: 569,986.09 / 1.21 = 471,062.88.
    const be = configWith({ country: 'BE', margin: '5%' });
    expect(await json(['impact', 'FA2026-00195', ...LEDGERS, '--config', be])).toMatchObject({ revenue: '471062.88', revenueVatRate: 0.21, revenueVatAssumed: true });
    expect((await arInProcess(['impact', 'FA2026-00195', ...LEDGERS, '--config', be, '--lang', 'fr'])).stdout).toContain('hors TVA à 21\u202f% (taux supposé : le taux normal en Belgique');
    // --portfolio too.
    expect(await json(['impact', '--portfolio', ...LEDGERS, '--margin', '5%'])).toMatchObject({ revenue: '474988.41', revenueSource: 'ledger', revenueVatAssumed: true });
  });

  it('takes the VAT rate of --vat or of the config off the ledger’s sales, and --vat still takes it off the loss', async () => {
    // 569,986.09 / 1.1 = 518,169.17; --vat alone means the config's rate.
    const config = configWith({ vatRate: 0.1, margin: '5%' });
    expect(await json(['impact', 'FA2026-00195', ...LEDGERS, '--config', config])).toMatchObject({ revenue: '518169.17', revenueVatRate: 0.1, revenueVatAssumed: false, loss: '6003.52' });
    expect(await json(['impact', 'FA2026-00195', ...LEDGERS, '--config', config, '--vat'])).toMatchObject({ revenue: '518169.17', loss: '5457.75', vatRecovered: '545.77' });
    expect(await json(['impact', 'FA2026-00195', ...LEDGERS, '--config', config, '--vat', '20%'])).toMatchObject({
      revenue: '474988.41',
      revenueVatRate: 0.2,
      revenueVatAssumed: false,
      loss: '5002.93',
    });
  });
});

describe('ar impact: rates', () => {
  const base = ['impact', '--amount', '12000', '--revenue', '1200000'];
  it('refuses a bare number above 1, saying what was typed and suggesting the percentage', async () => {
    expect(await arInProcess([...base, '--margin', '5'])).toMatchObject({ code: 1, stdout: '', stderr: 'ar: --margin: "5" is not a rate: write 5% (a bare number is a fraction: 0.05 = 5%)\n' });
    expect(await arInProcess([...base, '--margin', '5%', '--insured', '90'])).toMatchObject({
      code: 1,
      stderr: 'ar: --insured: "90" is not a rate: write 90% (a bare number is a fraction: 0.9 = 90%)\n',
    });
    expect(await arInProcess([...base, '--margin', '5%', '--cost-of-credit', '8', '--days-late', '45'])).toMatchObject({
      code: 1,
      stderr: 'ar: --cost-of-credit: "8" is not a rate: write 8% (a bare number is a fraction: 0.08 = 8%)\n',
    });
    expect(await arInProcess([...base, '--margin', '5', '--lang', 'fr'])).toMatchObject({
      code: 1,
      stderr: 'ar: --margin : « 5 » n’est pas un taux : écrivez 5% (un nombre seul est une fraction : 0,05 = 5%)\n',
    });
  });

  it('refuses a config margin of 5 the same way, naming the config', async () => {
    const config = configWith({ margin: 5 });
    const r = await arInProcess([...base, '--config', config]);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: `ar: ${config} "margin": "5" is not a rate: write 5% (a bare number is a fraction: 0.05 = 5%)\n` });
  });

  it('reads 5% and 0.05 alike, in options and in the config', async () => {
    const a = await json([...base, '--margin', '5%', '--recovery', '30%']);
    expect(await json([...base, '--margin', '0.05', '--recovery', '0.3'])).toEqual(a);
    expect(await json([...base, '--config', configWith({ margin: 0.05 }), '--recovery', '0.3'])).toEqual(a);
    expect(a).toMatchObject({ expectedRecovery: '3600.00', loss: '8400.00', marginBefore: 0.05 });
  });

  it('keeps each rate in its range, quoting the value as typed', async () => {
    expect(await arInProcess([...base, '--margin', '150%'])).toMatchObject({ code: 1, stderr: 'ar: --margin: "150%" must be below 100%: a net margin is a share of revenue\n' });
    expect(await arInProcess([...base, '--margin', '100%'])).toMatchObject({ code: 1, stderr: 'ar: --margin: "100%" must be below 100%: a net margin is a share of revenue\n' });
    expect(await arInProcess([...base, '--margin', '5%', '--insured', '150%'])).toMatchObject({ code: 1, stderr: 'ar: --insured: "150%" must be between 0% and 100%\n' });
    expect(await arInProcess([...base, '--margin', '5%', '--recovery', '-10%'])).toMatchObject({ code: 1, stderr: 'ar: --recovery: "-10%" must be between 0% and 100%\n' });
    expect(await arInProcess([...base, '--margin', '5%', '--cost-of-credit', '100%', '--days-late', '45'])).toMatchObject({
      code: 1,
      stderr: 'ar: --cost-of-credit: "100%" must be at least 0% and below 100% a year\n',
    });
    expect((await arInProcess([...base, '--margin', '5%', '--insured', '100%'])).code).toBe(0);
  });
});

describe('ar impact: CSV and the portfolio', () => {
  const IMPACT_HEADER =
    'kind,bucket,open,loss_rate,expected_loss,currency,invoice,unpaid,vat_recovered,insurer_pays,expected_recovery,loss,revenue,revenue_source,revenue_vat_rate,revenue_vat_assumed,margin_before,margin_after,extra_revenue,months_of_revenue,cost_of_waiting';
  it('writes the figures as one CSV row, as the JSON has them', async () => {
    const r = await arInProcess(['impact', '--amount', '12000', '--revenue', '1200000', '--margin', '5%', '--cost-of-credit', '8%', '--days-late', '45', '--format', 'csv', '--csv', 'rfc4180']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${IMPACT_HEADER}\r\nimpact,,,,,EUR,,12000.00,0.00,0.00,0.00,12000.00,1200000.00,option,,false,0.05,0.04,240000.00,2.4,118.36\r\n`);
  });

  it('writes a portfolio as a row per bucket and the figures with the totals', async () => {
    const r = await arInProcess(['impact', '--portfolio', ...LEDGERS, '--margin', '5%', '--revenue', '1000000', '--format', 'csv', '--csv', 'rfc4180']);
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe(IMPACT_HEADER);
    expect(lines.slice(1, 6)).toEqual([
      'bucket,not_due,77846.49,0.005,389.23,EUR,,,,,,,,,,,,,,,',
      'bucket,1-30,9903.61,0.02,198.07,EUR,,,,,,,,,,,,,,,',
      'bucket,31-60,6650.40,0.05,332.52,EUR,,,,,,,,,,,,,,,',
      'bucket,61-90,9200.56,0.15,1380.08,EUR,,,,,,,,,,,,,,,',
      'bucket,91+,10241.36,0.4,4096.54,EUR,,,,,,,,,,,,,,,',
    ]);
    expect(lines[6]).toMatch(/^impact,,113842\.42,,6396\.44,EUR,,6396\.44,0\.00,0\.00,0\.00,6396\.44,1000000\.00,option,,false,0\.05,/);
    expect(lines.slice(7)).toEqual(['']);
  });

  it('shows the buckets as the aged balance captions them', async () => {
    const en = (await arInProcess(['impact', '--portfolio', ...LEDGERS, '--margin', '5%', '--revenue', '1000000'])).stdout;
    for (const c of ['Not yet due', '1–30 days', 'Over 90 days']) expect(en).toContain(c);
    expect(en).not.toContain('not_due');
    expect((await arInProcess(['impact', '--portfolio', ...LEDGERS, '--margin', '5%', '--revenue', '1000000', '--lang', 'fr'])).stdout).toContain('> 90 j');
  });

  it('ages the portfolio by the config’s buckets (or --buckets), with its loss rates by bucket key and the default rate by age for the others', async () => {
    const config = configWith({ buckets: [30, 60, 90, 120], lossRates: { '121+': '60%' }, margin: '5%' });
    const j = (await json(['impact', '--portfolio', ...LEDGERS, '--config', config, '--revenue', '1000000'])) as { portfolio: { buckets: { bucket: string; rate: number }[] } };
    expect(j.portfolio.buckets.map((b) => [b.bucket, b.rate])).toEqual([
      ['not_due', 0.005],
      ['1-30', 0.02],
      ['31-60', 0.05],
      ['61-90', 0.15],
      ['91-120', 0.4],
      ['121+', 0.6],
    ]);
    const flag = (await json(['impact', '--portfolio', ...LEDGERS, '--margin', '5%', '--revenue', '1000000', '--buckets', '60'])) as { portfolio: { buckets: { bucket: string; rate: number }[] } };
    expect(flag.portfolio.buckets.map((b) => [b.bucket, b.rate])).toEqual([
      ['not_due', 0.005],
      ['1-60', 0.02],
      ['61+', 0.15],
    ]);
    const wrong = configWith({ lossRates: { '91+': 0.5 }, buckets: [30, 60, 90, 120] });
    expect((await arInProcess(['impact', '--portfolio', ...LEDGERS, '--config', wrong, '--margin', '5%'])).stderr).toBe(
      `ar: ${wrong}: "lossRates": no bucket "91+" among the buckets in use (not_due, 1-30, 31-60, 61-90, 91-120, 121+)\n`,
    );
  });
});

describe('ar impact: small things', () => {
  it('refuses --deductible without --insured', async () => {
    expect(await arInProcess(['impact', '--amount', '12000', '--revenue', '1200000', '--margin', '5%', '--deductible', '1500'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'ar: --deductible is the credit insurer’s deductible: it goes with --insured\n',
    });
  });

  it('refuses the options of the provision matrix without --portfolio', async () => {
    expect(await arInProcess(['impact', '--amount', '12000', '--revenue', '1200000', '--margin', '5%', '--buckets', '30,60'])).toMatchObject({
      code: 1,
      stderr: 'ar: --buckets goes with --portfolio (the provision matrix of the aged balance)\n',
    });
    expect((await arInProcess(['impact', '--amount', '12000', '--revenue', '1200000', '--margin', '5%', '--from-history'])).code).toBe(1);
  });

  it('asks for --revenue when the ledger has no sales in the 12 months up to the date', async () => {
    const dir = tempDir('ar-impact-old-');
    const p = writeFiles(dir, { 'factures.csv': 'N° facture;Code client;Date facture;Échéance;Montant\r\nF1;C1;01/02/2024;01/03/2024;1200,00\r\n' });
    expect(await arInProcess(['impact', 'F1', '--invoices', p['factures.csv']!, '--as-of', '2026-10-31', '--margin', '5%'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'ar: the ledger has no EUR sales in the 12 months up to 2026-10-31: give the annual revenue with --revenue\n',
    });
    expect(await json(['impact', 'F1', '--invoices', p['factures.csv']!, '--as-of', '2026-10-31', '--margin', '5%', '--revenue', '500000'])).toMatchObject({
      unpaid: '1200.00',
      revenueSource: 'option',
    });
  });

  it('asks for --invoices when --portfolio or an invoice number has no ledger', async () => {
    const msg = 'ar: no invoice ledger given: pass it with --invoices (or set "invoices" in ar.config.json); the first argument of ar impact is an invoice number\n';
    expect(await arInProcess(['impact', '--portfolio', '--margin', '5%'])).toMatchObject({ code: 1, stderr: msg });
    expect(await arInProcess(['impact', 'FA2026-00195', '--margin', '5%'])).toMatchObject({ code: 1, stderr: msg });
  });

  it('shows an impact under a month with two significant digits', async () => {
    // 400 / 5 % = 8,000 of 1,200,000 a year: 0.08 months.
    const r = await arInProcess(['impact', '--amount', '400', '--revenue', '1200000', '--margin', '5%']);
    expect(r.stdout).toContain('0.08 months of revenue');
    expect((await arInProcess(['impact', '--amount', '400', '--revenue', '1200000', '--margin', '5%', '--lang', 'fr'])).stdout).toContain('soit 0,08 mois');
  });
});

describe('ar dso and ar customers on the sample firm', () => {
  it('gives DSO figures that hold together, and a 12-month trend', async () => {
    const r = await arInProcess(['dso', ...LEDGERS, '--format', 'json']);
    expect(r.code).toBe(0);
    const eur = JSON.parse(r.stdout).currencies.EUR;
    expect(eur.ar).toBe('112924.95');
    expect(eur.dso).toBeCloseTo((112924.95 / Number(eur.sales)) * 90, 1);
    expect(eur.averageDaysDelinquent).toBeCloseTo(eur.dso - eur.bestPossible, 0);
    expect(eur.trend).toHaveLength(12);
    expect(eur.trend[11]).toEqual({ date: '2026-10-31', dso: eur.dso });
    const table = await arInProcess(['dso', ...LEDGERS, '--lang', 'fr']);
    expect(table.stdout).toContain('DSO par épuisement (countback)');
  });

  it('writes the figures and the trend as one CSV table, as the JSON has them', async () => {
    const eur = JSON.parse((await arInProcess(['dso', ...LEDGERS, '--format', 'json'])).stdout).currencies.EUR;
    const r = await arInProcess(['dso', ...LEDGERS, '--format', 'csv', '--csv', 'rfc4180']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe('kind,currency,date,period,ar,not_due,sales,ar_at_start,dso,countback,best_possible,average_days_delinquent,cei,sector_dso');
    expect(lines[1]).toBe(
      ['figures', 'EUR', '2026-10-31', 90, eur.ar, eur.notDue, eur.sales, eur.arAtStart, eur.dso, eur.countback, eur.bestPossible, eur.averageDaysDelinquent, eur.cei, ''].join(','),
    );
    expect(lines.slice(2, 14)).toEqual(eur.trend.map((p: { date: string; dso: number | null }) => `trend,EUR,${p.date},90,,,,,${p.dso ?? ''},,,,,`));
    expect(lines.slice(14)).toEqual(['']);
  });

  it('grades the customer in difficulty E and the early payer A', async () => {
    const r = await arInProcess(['customers', ...LEDGERS, '--format', 'json']);
    const rows = JSON.parse(r.stdout).customers as { id: string; grade: string; avgDaysLate: number; flags: string[] }[];
    expect(rows[0]).toMatchObject({ id: 'C013', grade: 'E' });
    expect(rows[0]!.flags).toContain('over_90');
    expect(rows.find((c) => c.id === 'C007')).toMatchObject({ grade: 'A', avgDaysLate: 0 });
    const csv = await arInProcess(['customers', ...LEDGERS, '--format', 'csv', '--csv', 'rfc4180']);
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'id,name,currency,open,overdue,overdue_share,avg_days_late,avg_days_to_pay,paid_late_share,invoices_settled,trend,credit_limit,credit_use,last_contact,grade,flags',
    );
    expect(csv.stdout.split('\r\n')[1]).toMatch(/^C013,Constructions Mercier SAS,EUR,27285.14,/);
  });

  it('writes customer amounts with two decimals in CSV, as the JSON does', async () => {
    const csv = (await arInProcess(['customers', ...LEDGERS, '--format', 'csv', '--csv', 'rfc4180'])).stdout.split('\r\n');
    const c022 = csv.find((l) => l.startsWith('C022,'))!.split(',');
    // open, overdue and credit_limit.
    expect([c022[3], c022[11]]).toEqual(['1125.80', '20000.00']);
    for (const line of csv.slice(1, -1)) for (const i of [3, 4]) expect(line.split(',')[i]).toMatch(/^-?\d+\.\d\d$/);
  });
});
