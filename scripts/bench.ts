/**
 * `npm run bench`: times whole `ar` processes against baselines measured in the same run, and checks
 * that `ar` and DuckDB agree to the cent.
 *
 * - Start-up: `ar --help` and `ar aging` on the fixtures against `node -e 0`.
 * - Scale: `ar aging --format csv` (the balance per customer) on generated ledgers (scripts/gen-ledger.ts: 10k, 100k, 1M invoices with about
 *   as many payments; 20k customers at 1M) against DuckDB computing the same aged balance in SQL from
 *   the same CSV files (scripts/duckdb-aging.ts, 2 threads). The EUR total, the unapplied credit and
 *   every bucket must agree to the cent, else the bench exits non-zero.
 * - Locale: the 100k ledger as French Excel writes it (windows-1252, `;`, decimal comma, dd/mm/yyyy)
 *   against the clean CSV.
 * - XLSX: the 100k ledger as a workbook, against exceljs's streaming reader reading the same file;
 *   and `ar aging --xlsx` (the report) at 100k.
 * Each case: one warm-up, then the median of several runs, alternating with its baseline's (a, b, a, b…:
 * the machine's speed drifts, and both then bear it alike); peak RSS from GNU time.
 *
 *   node scripts/bench.ts [--quick] [--sizes 10000,100000] [--runs N] [--huge]
 *   (--huge adds 10M invoices, one run, no baseline)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateLedger } from './gen-ledger.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = join(ROOT, 'bench-data');
const NODE = process.execPath;
const BIN = join(ROOT, 'bin/ar.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const AS_OF = '2026-10-31';

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

function measure(cmd: string[], runs: number, warmUp = true): Measure {
  return together([cmd], runs, warmUp)[0]!;
}

/**
 * Commands timed together: after a warm-up, their runs alternate (a, b, a, b…), so that whatever else
 * slows the machine for a while (its speed drifts by a fifth over an hour here) weighs on a case and on
 * its baseline alike, and their ratio holds.
 */
function together(cmds: string[][], runs: number, warmUp = true): Measure[] {
  if (warmUp) for (const cmd of cmds) once(cmd); // file cache, code cache
  const all: Measure[][] = cmds.map(() => []);
  for (let i = 0; i < runs; i++) cmds.forEach((cmd, k) => all[k]!.push(once(cmd)));
  return all.map((ms) => {
    ms.sort((a, b) => a.seconds - b.seconds);
    const mid = ms[Math.floor(ms.length / 2)]!;
    const rss = Math.max(...ms.map((m) => m.rssMb ?? 0));
    return { seconds: mid.seconds, rssMb: TIME ? rss : null, stdout: mid.stdout };
  });
}

interface Ledger {
  readonly dir: string;
  readonly invoices: string;
  readonly payments: string;
  readonly expected: bigint;
}

function ledger(size: number, locale: 'clean' | 'fr'): Ledger {
  const dir = join(DATA, `${size}-${locale}-s42-v2`);
  const meta = join(dir, 'expected.txt');
  if (!existsSync(meta)) {
    const g = generateLedger({ invoices: size, seed: 42, locale });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'invoices.csv'), g.invoicesCsv);
    writeFileSync(join(dir, 'payments.csv'), g.paymentsCsv);
    writeFileSync(meta, String(g.expectedNet));
  }
  return { dir, invoices: join(dir, 'invoices.csv'), payments: join(dir, 'payments.csv'), expected: BigInt(readFileSync(meta, 'utf8')) };
}

/** The clean ledger as one workbook, sheets Invoices and Payments, dates and amounts typed. */
async function workbook(l: Ledger): Promise<string> {
  const path = join(l.dir, 'ledger.xlsx');
  if (existsSync(path)) return path;
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: `${path}.tmp`, useSharedStrings: true, useStyles: true });
  const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
  for (const [name, file, types] of [
    ['Invoices', l.invoices, ['s', 's', 'd', 'd', 'n', 's', 's']],
    ['Payments', l.payments, ['s', 'd', 's', 'n', 's']],
  ] as const) {
    const ws = wb.addWorksheet(name);
    const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((x) => x !== '');
    ws.addRow(lines[0]!.split(',')).commit();
    for (let i = 1; i < lines.length; i++) {
      const cells = lines[i]!.split(',');
      const row = ws.addRow(cells.map((c, j) => (c === '' ? null : types[j] === 'd' ? day(c) : types[j] === 'n' ? Number(c) : c)));
      for (let j = 0; j < types.length; j++) if (types[j] === 'd') row.getCell(j + 1).numFmt = 'dd/mm/yyyy';
      row.commit();
    }
    ws.commit();
  }
  await wb.commit();
  const { renameSync } = await import('node:fs');
  renameSync(`${path}.tmp`, path);
  return path;
}

function cents(decimal: string): bigint {
  const neg = decimal.startsWith('-');
  const [u, f = '00'] = decimal.replace('-', '').split('.');
  const v = BigInt(u!) * 100n + BigInt(f.padEnd(2, '0'));
  return neg ? -v : v;
}

interface Totals {
  total: string;
  unapplied: string;
  buckets: Record<string, string>;
}

/** The EUR totals of `ar aging --format csv` (one row per customer and currency): the sums of its columns. */
function arTotals(stdout: string): Totals {
  const lines = stdout.trim().split(/\r?\n/);
  const head = lines[0]!.split(',');
  const keys = ['not_due', '1-30', '31-60', '61-90', '91+', 'unapplied', 'total'];
  const sums = new Map<string, bigint>(keys.map((k) => [k, 0n]));
  const cur = head.indexOf('currency');
  for (const line of lines.slice(1)) {
    // Customer names are empty in generated ledgers: the fields hold no quoted commas.
    const f = line.split(',');
    if (f[cur] !== 'EUR') continue;
    for (const k of keys) sums.set(k, sums.get(k)! + cents(f[head.indexOf(k)]!));
  }
  const dec = (c: bigint): string => `${c < 0n ? '-' : ''}${(c < 0n ? -c : c) / 100n}.${String((c < 0n ? -c : c) % 100n).padStart(2, '0')}`;
  return {
    total: dec(sums.get('total')!),
    unapplied: dec(sums.get('unapplied')!),
    buckets: Object.fromEntries(keys.slice(0, 5).map((k) => [k, dec(sums.get(k)!)])),
  };
}

function agree(a: Totals, b: Totals): string | null {
  const diffs: string[] = [];
  if (a.total !== b.total) diffs.push(`total ${a.total} ≠ ${b.total}`);
  if (a.unapplied !== b.unapplied) diffs.push(`unapplied ${a.unapplied} ≠ ${b.unapplied}`);
  for (const k of Object.keys(b.buckets)) if (a.buckets[k] !== b.buckets[k]) diffs.push(`${k} ${a.buckets[k]} ≠ ${b.buckets[k]}`);
  return diffs.length > 0 ? diffs.join('; ') : null;
}

interface Row {
  name: string;
  rows: number | null;
  m: Measure;
  base: { name: string; m: Measure } | null;
  target: number | null;
  check: string;
}
const table: Row[] = [];
let failed = false;
const runsFor = (size: number): number => Number(runsOverride ?? (size >= 1_000_000 ? 5 : 9));
const ar = (...a: string[]): string[] => [NODE, BIN, ...a];

const [node0, help, fixtures] = together(
  [[NODE, '-e', '0'], ar('--help'), ar('aging', join(ROOT, 'fixtures/factures.csv'), '--payments', join(ROOT, 'fixtures/reglements.csv'), '--as-of', AS_OF)],
  Number(runsOverride ?? 15),
) as [Measure, Measure, Measure];
table.push({ name: 'node -e 0', rows: null, m: node0, base: null, target: null, check: 'baseline' });
table.push({ name: 'ar --help', rows: null, m: help, base: { name: 'node -e 0', m: node0 }, target: 1.5, check: '' });
table.push({ name: 'ar aging fixtures', rows: null, m: fixtures, base: { name: 'node -e 0', m: node0 }, target: 2.5, check: '' });

const lines = (f: string): number => readFileSync(f).toString('latin1').split('\n').filter((x) => x.trim() !== '').length - 1;
let clean100k: Measure | null = null;
for (const size of sizes) {
  const l = ledger(size, 'clean');
  const rowCount = lines(l.invoices) + lines(l.payments);
  // At 100k, the French-locale files are timed with them, against the clean ones.
  const fr = size === 100_000 ? ledger(size, 'fr') : null;
  const [duck, m, mf] = together(
    [
      [NODE, join(ROOT, 'scripts/duckdb-aging.ts'), l.invoices, l.payments, AS_OF, '--threads', '2'],
      ar('aging', l.invoices, '--payments', l.payments, '--as-of', AS_OF, '--format', 'csv'),
      ...(fr ? [ar('aging', fr.invoices, '--payments', fr.payments, '--as-of', AS_OF, '--format', 'csv')] : []),
    ],
    runsFor(size),
  ) as [Measure, Measure, Measure | undefined];
  const label = size.toLocaleString('en-US');
  table.push({ name: `DuckDB ${label} CSV`, rows: rowCount, m: duck, base: null, target: null, check: 'baseline' });
  const got = arTotals(m.stdout);
  const want = JSON.parse(duck.stdout) as Totals;
  let check = agree(got, want);
  if (check === null && cents(got.total) !== l.expected) check = `total ${got.total} ≠ generator ${l.expected}`;
  if (check !== null) failed = true;
  table.push({ name: `ar aging ${label} CSV`, rows: rowCount, m, base: { name: 'DuckDB', m: duck }, target: size >= 1_000_000 ? 1.5 : size >= 100_000 ? 1.0 : null, check: check === null ? 'agrees to the cent' : `MISMATCH ${check}` });
  if (fr !== null && mf !== undefined) {
    clean100k = m;
    const frTotals = arTotals(mf.stdout);
    const frCheck = agree(frTotals, got);
    if (frCheck !== null) failed = true;
    table.push({ name: `ar aging ${label} fr-CSV`, rows: rowCount, m: mf, base: { name: 'clean CSV', m }, target: 1.3, check: frCheck === null ? 'same as clean CSV' : `MISMATCH ${frCheck}` });

    const xlsx = await workbook(l);
    const [xbase, mx] = together(
      [[NODE, join(ROOT, 'scripts/xlsx-baseline.ts'), xlsx], ar('aging', `${xlsx}#Invoices`, '--payments', `${xlsx}#Payments`, '--as-of', AS_OF, '--format', 'csv')],
      runsFor(size),
    ) as [Measure, Measure];
    table.push({ name: `exceljs stream read ${label}`, rows: rowCount, m: xbase, base: null, target: null, check: 'baseline' });
    const xCheck = agree(arTotals(mx.stdout), got);
    if (xCheck !== null) failed = true;
    table.push({ name: `ar aging ${label} XLSX`, rows: rowCount, m: mx, base: { name: 'exceljs', m: xbase }, target: 1.0, check: xCheck === null ? 'same as CSV' : `MISMATCH ${xCheck}` });

    const report = join(l.dir, 'report.xlsx');
    const mr = measure(ar('aging', l.invoices, '--payments', l.payments, '--as-of', AS_OF, '--xlsx', report, '--format', 'csv'), Math.min(3, runsFor(size)));
    rmSync(report, { force: true });
    table.push({ name: `ar aging --xlsx ${label}`, rows: rowCount, m: mr, base: { name: 'ar aging CSV', m }, target: null, check: '' });
  }
}

if (args.includes('--huge')) {
  const l = ledger(10_000_000, 'clean');
  const rowCount = lines(l.invoices) + lines(l.payments);
  const m = measure(ar('aging', l.invoices, '--payments', l.payments, '--as-of', AS_OF, '--format', 'csv'), 1, false);
  table.push({ name: 'ar aging 10,000,000 CSV', rows: rowCount, m, base: null, target: null, check: 'completes' });
}
void clean100k;

const head = ['case', 'rows', 'median s', 'peak RSS MB', 'time ratio', 'RSS ratio', 'target', 'check'];
const out: string[][] = table.map((r) => {
  const ratio = r.base ? r.m.seconds / r.base.m.seconds : null;
  const rss = r.base && r.m.rssMb !== null && r.base.m.rssMb ? r.m.rssMb / r.base.m.rssMb : null;
  const pass = r.target === null || ratio === null ? '' : ratio <= r.target ? ' ok' : ' MISSED';
  return [
    r.name,
    r.rows === null ? '' : r.rows.toLocaleString('en-US'),
    r.m.seconds.toFixed(3),
    r.m.rssMb === null ? 'n/a' : r.m.rssMb.toFixed(0),
    ratio === null ? '' : `${ratio.toFixed(2)}× ${r.base!.name}`,
    rss === null ? '' : `${rss.toFixed(2)}×`,
    r.target === null ? '' : `≤ ${r.target}×${pass}`,
    r.check,
  ];
});
const widths = head.map((h, i) => Math.max(h.length, ...out.map((r) => r[i]!.length)));
const left = new Set([0, 4, 6, 7]);
const line = (r: string[]) => r.map((c, i) => (left.has(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
process.stdout.write(`${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${out.map(line).join('\n')}\n`);
process.stdout.write(`\nnode ${process.versions.node}, ${TIME ? 'peak RSS from GNU time' : 'no GNU time: RSS not measured'}, medians of ${runsOverride ?? '5–15'} runs after a warm-up, each case's runs alternating with its baseline's\n`);
if (failed) {
  process.stderr.write('bench: ar disagrees with DuckDB or with itself across formats\n');
  process.exitCode = 1;
}
