/**
 * `npm run bench`: times whole `ar` processes on generated ledgers and checks their totals.
 *
 * - Baseline: `node -e 0` (process start-up), measured in the same run; every figure is also given
 *   as a ratio to it.
 * - Cases: `ar --help`; `ar aging` on the fixtures; `ar aging` on 10k, 100k and 1M invoices with
 *   about as many payments (clean CSV), and on 100k as French-locale CSV.
 * - Each case: one warm-up, then the median of several runs; peak RSS from GNU time when present.
 * - Correctness: the EUR net total printed by `ar` must equal the one computed independently while
 *   generating the data; any disagreement exits non-zero.
 *
 *   node scripts/bench.ts [--quick] [--sizes 10000,100000] [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateLedger } from './gen-ledger.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = join(ROOT, 'bench-data');
const NODE = process.execPath;
const BIN = join(ROOT, 'bin/ar.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

const args = process.argv.slice(2);
const opt = (k: string): string | undefined => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
const sizes = (opt('--sizes') ?? (args.includes('--quick') ? '10000,100000' : '10000,100000,1000000')).split(',').map(Number);
const runsOverride = opt('--runs') ?? process.env.BENCH_RUNS;

interface Measure {
  readonly seconds: number;
  readonly rssMb: number | null;
  readonly stdout: string;
}

function once(cmd: string[]): Measure {
  const argv = TIME ? [TIME, '-f', '%e %M', ...cmd] : cmd;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  let rssMb: number | null = null;
  if (TIME) {
    const last = r.stderr.trim().split('\n').pop() ?? '';
    const m = /^([\d.]+) (\d+)$/.exec(last);
    if (m) rssMb = Number(m[2]) / 1024;
  }
  return { seconds: wall, rssMb, stdout: r.stdout };
}

function measure(cmd: string[], runs: number): Measure {
  once(cmd); // warm-up: file cache, code cache
  const all: Measure[] = [];
  for (let i = 0; i < runs; i++) all.push(once(cmd));
  all.sort((a, b) => a.seconds - b.seconds);
  const mid = all[Math.floor(all.length / 2)]!;
  const rss = Math.max(...all.map((m) => m.rssMb ?? 0));
  return { seconds: mid.seconds, rssMb: TIME ? rss : null, stdout: mid.stdout };
}

function ledger(size: number, locale: 'clean' | 'fr'): { invoices: string; payments: string; expected: bigint } {
  const dir = join(DATA, `${size}-${locale}-s42`);
  const meta = join(dir, 'expected.txt');
  if (!existsSync(meta)) {
    const g = generateLedger({ invoices: size, seed: 42, locale });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'invoices.csv'), g.invoicesCsv);
    writeFileSync(join(dir, 'payments.csv'), g.paymentsCsv);
    writeFileSync(meta, String(g.expectedNet));
  }
  return { invoices: join(dir, 'invoices.csv'), payments: join(dir, 'payments.csv'), expected: BigInt(readFileSync(meta, 'utf8')) };
}

function cents(decimal: string): bigint {
  const neg = decimal.startsWith('-');
  const [u, f = '00'] = decimal.replace('-', '').split('.');
  const v = BigInt(u!) * 100n + BigInt(f.padEnd(2, '0'));
  return neg ? -v : v;
}

const rows: string[][] = [];
let failed = false;
const runsFor = (size: number): number => Number(runsOverride ?? (size >= 1_000_000 ? 3 : 5));

const base = measure([NODE, '-e', '0'], Number(runsOverride ?? 9));
const add = (name: string, rowCount: number | null, m: Measure, check = '') => {
  rows.push([
    name,
    rowCount === null ? '' : rowCount.toLocaleString('en-US'),
    m.seconds.toFixed(3),
    `${(m.seconds / base.seconds).toFixed(1)}×`,
    rowCount === null ? '' : Math.round(rowCount / m.seconds).toLocaleString('en-US'),
    m.rssMb === null ? 'n/a' : m.rssMb.toFixed(0),
    check,
  ]);
};
add('node -e 0 (baseline)', null, base);
add('ar --help', null, measure([NODE, BIN, '--help'], Number(runsOverride ?? 9)));
add(
  'ar aging fixtures',
  null,
  measure([NODE, BIN, 'aging', join(ROOT, 'fixtures/factures.csv'), '--payments', join(ROOT, 'fixtures/reglements.csv'), '--as-of', '2026-10-31'], Number(runsOverride ?? 9)),
);

let oneMillion: Measure | null = null;
const cases: [number, 'clean' | 'fr'][] = [];
for (const s of sizes) {
  cases.push([s, 'clean']);
  if (s === 100000) cases.push([s, 'fr']);
}
for (const [size, locale] of cases) {
  const l = ledger(size, locale);
  const lines = (f: string) => readFileSync(f).toString('latin1').split('\n').filter((x) => x.trim() !== '').length - 1;
  const rowCount = lines(l.invoices) + lines(l.payments);
  const m = measure([NODE, BIN, 'aging', l.invoices, '--payments', l.payments, '--as-of', '2026-10-31', '--format', 'json'], runsFor(size));
  const total = cents((JSON.parse(m.stdout) as { currencies: { EUR: { total: string } } }).currencies.EUR.total);
  const ok = total === l.expected;
  if (!ok) failed = true;
  add(`ar aging ${size.toLocaleString('en-US')} ${locale === 'fr' ? 'fr-CSV' : 'CSV'}`, rowCount, m, ok ? 'total agrees' : `MISMATCH ${total} ≠ ${l.expected}`);
  if (size === 1_000_000 && locale === 'clean') oneMillion = m;
}

const head = ['case', 'rows', 'median s', 'vs node -e 0', 'rows/s', 'peak RSS MB', 'check'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
process.stdout.write(`${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
process.stdout.write(`\nnode ${process.versions.node}, ${TIME ? 'peak RSS from GNU time' : 'no GNU time: RSS not measured'}\n`);
if (oneMillion) {
  const okTime = oneMillion.seconds < 15;
  const okMem = oneMillion.rssMb === null || oneMillion.rssMb < 1536;
  process.stdout.write(`target (1M invoices + payments): < 15 s ${okTime ? 'PASS' : 'FAIL'}, < 1.5 GB ${okMem ? 'PASS' : 'FAIL'}\n`);
}
if (failed) {
  process.stderr.write('bench: ar disagrees with the independent total\n');
  process.exitCode = 1;
}
