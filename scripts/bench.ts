/**
 * `npm run bench`: times whole `ar` processes against baselines measured in the same run, and checks
 * that `ar` and DuckDB agree to the cent.
 *
 * - Start-up: `ar --help` and `ar aging` on the fixtures against `node -e 0`.
 * - Scale: `ar aging --format csv` (the balance per customer) on generated ledgers with the columns real
 *   exports have (scripts/gen-ledger.ts, shape `real`: names, a currency column, statuses with disputes,
 *   unreferenced payments of exactly one invoice, references to unknown invoices and to another
 *   customer's; 10k, 100k, 1M invoices with about as many payments; 20k customers at 1M), against
 *   DuckDB computing an aged balance in SQL from the same CSV files (scripts/duckdb-aging.ts, 2
 *   threads). The EUR net balance and unapplied credit must agree to the cent, and the net with the
 *   generator's, else the bench exits non-zero. The ledger of earlier benchmarks (shape `v2`) at 1M too.
 * - Locale: the same facts as French Excel writes them (windows-1252, `;`, decimal comma, no-break-space
 *   thousands, dd/mm/yyyy, a title row), against DuckDB on the clean CSV: every bucket must be the clean
 *   CSV's.
 * - Commands: `ar dso`, `ar customers`, `ar remind` (a dry run with a customers file, as JSON, and as
 *   the table a person reads) at 1M, against DuckDB's aging time.
 * - XLSX: the 100k ledger as a workbook, against exceljs's streaming reader reading the same file (every
 *   bucket the CSV's); `ar aging --xlsx` (the report) at 100k against the same run without it.
 * Each case: one warm-up, then the median of several runs, alternating with its baseline's (a, b, a, b…:
 * the machine's speed drifts, and both then bear it alike); peak RSS from GNU time.
 *
 *   node scripts/bench.ts [--quick] [--sizes 10000,100000] [--runs N] [--huge]
 *   (--huge adds 10M invoices, one run, no baseline)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateLedger, type Shape } from './gen-ledger.ts';

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
  readonly customers: string;
  readonly expected: bigint;
}

function ledger(size: number, locale: 'clean' | 'fr', shape: Shape = 'real'): Ledger {
  const dir = join(DATA, `${size}-${locale}-${shape}-s42-v3`);
  const meta = join(dir, 'expected.txt');
  if (!existsSync(meta)) {
    const g = generateLedger({ invoices: size, seed: 42, locale, shape });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'invoices.csv'), g.invoicesCsv);
    writeFileSync(join(dir, 'payments.csv'), g.paymentsCsv);
    // The customers file of ar remind: every customer, an address each, the terms of most.
    const n = Math.max(50, Math.round(size / 50));
    const rows = ['Customer id,Name,E-mail,Language,Payment terms'];
    for (let k = 1; k <= n; k++) rows.push(`C${String(k).padStart(6, '0')},Customer ${k},ap${k}@customer.example,${k % 3 === 0 ? 'en' : 'fr'},${k % 5 === 0 ? '' : '30'}`);
    writeFileSync(join(dir, 'customers.csv'), `${rows.join('\n')}\n`);
    writeFileSync(meta, String(g.expectedNet));
  }
  return {
    dir,
    invoices: join(dir, 'invoices.csv'),
    payments: join(dir, 'payments.csv'),
    customers: join(dir, 'customers.csv'),
    expected: BigInt(readFileSync(meta, 'utf8')),
  };
}

/** The clean ledger as one workbook, sheets Invoices and Payments, dates and amounts typed. */
async function workbook(l: Ledger): Promise<string> {
  const path = join(l.dir, 'ledger.xlsx');
  if (existsSync(path)) return path;
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: `${path}.tmp`, useSharedStrings: true, useStyles: true });
  const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
  // Column types by header: dates and amounts typed as Excel writes them, the rest text.
  const typeOf = (h: string): 's' | 'd' | 'n' => (/date/i.test(h) ? 'd' : h === 'Amount' ? 'n' : 's');
  for (const [name, file] of [
    ['Invoices', l.invoices],
    ['Payments', l.payments],
  ] as const) {
    const ws = wb.addWorksheet(name);
    const lines = readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .filter((x) => x !== '');
    const header = lines[0]!.split(',');
    const types = header.map(typeOf);
    ws.addRow(header).commit();
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

/** Whether two aged balances agree: the net balance and the unapplied credit, and the buckets too when `buckets`. */
function agree(a: Totals, b: Totals, buckets: boolean): string | null {
  const diffs: string[] = [];
  if (a.total !== b.total) diffs.push(`total ${a.total} ≠ ${b.total}`);
  if (a.unapplied !== b.unapplied) diffs.push(`unapplied ${a.unapplied} ≠ ${b.unapplied}`);
  if (buckets) for (const k of Object.keys(b.buckets)) if (a.buckets[k] !== b.buckets[k]) diffs.push(`${k} ${a.buckets[k]} ≠ ${b.buckets[k]}`);
  return diffs.length > 0 ? diffs.join('; ') : null;
}

interface Row {
  name: string;
  rows: number | null;
  m: Measure;
  base: { name: string; m: Measure } | null;
  target: number | null;
  /** The most peak memory may be, against the baseline's. */
  rssTarget?: number | null;
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

/** Data rows: lines holding more than white space, the header aside (counted on the bytes: 10M rows are longer than a string). */
function lines(f: string): number {
  const b = readFileSync(f);
  let count = 0;
  let filled = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0x0a) {
      if (filled) count++;
      filled = false;
    } else if (c !== 0x20 && c !== 0x0d && c !== 0x09) filled = true;
  }
  return count + (filled ? 1 : 0) - 1;
}
const duckdb = (l: Ledger, shape: Shape): string[] => [NODE, join(ROOT, 'scripts/duckdb-aging.ts'), l.invoices, l.payments, AS_OF, '--threads', '2', '--shape', shape];
const agingCsv = (l: Ledger): string[] => ar('aging', l.invoices, '--payments', l.payments, '--as-of', AS_OF, '--format', 'csv', '--csv', 'rfc4180');

/** DuckDB and ar on one ledger, alternating; the check: the net balance and unapplied credit to the cent, and the generator's net. */
function againstDuckdb(
  name: string,
  l: Ledger,
  shape: Shape,
  size: number,
  target: number | null,
  rss: number | null,
  more: string[][] = [],
): { duck: Measure; m: Measure; more: Measure[]; totals: Totals } {
  const rowCount = lines(l.invoices) + lines(l.payments);
  const [duck, m, ...rest] = together([duckdb(l, shape), agingCsv(l), ...more], runsFor(size)) as [Measure, Measure, ...Measure[]];
  const label = size.toLocaleString('en-US');
  table.push({ name: `DuckDB ${label} ${name}`, rows: rowCount, m: duck, base: null, target: null, check: 'baseline' });
  const got = arTotals(m.stdout);
  let check = agree(got, JSON.parse(duck.stdout) as Totals, false);
  if (check === null && cents(got.total) !== l.expected) check = `total ${got.total} ≠ generator ${l.expected}`;
  if (check !== null) failed = true;
  table.push({
    name: `ar aging ${label} ${name}`,
    rows: rowCount,
    m,
    base: { name: 'DuckDB', m: duck },
    target,
    rssTarget: rss,
    check: check === null ? 'net and unapplied to the cent' : `MISMATCH ${check}`,
  });
  return { duck, m, more: rest, totals: got };
}

for (const size of sizes) {
  const big = size >= 1_000_000;
  const l = ledger(size, 'clean');
  const label = size.toLocaleString('en-US');
  if (size < 100_000) {
    againstDuckdb('CSV', l, 'real', size, null, null);
    continue;
  }
  const fr = ledger(size, 'fr');
  // The clean ledger, its French form, and (at 1M) the other commands, alternating with DuckDB.
  const others = big
    ? [
        ar('aging', fr.invoices, '--payments', fr.payments, '--as-of', AS_OF, '--format', 'csv', '--csv', 'rfc4180'),
        ar('dso', l.invoices, '--payments', l.payments, '--as-of', AS_OF, '--format', 'csv', '--csv', 'rfc4180'),
        ar('customers', l.invoices, '--payments', l.payments, '--as-of', AS_OF, '--format', 'csv', '--csv', 'rfc4180'),
        ar('remind', '--invoices', l.invoices, '--payments', l.payments, '--customers', l.customers, '--as-of', AS_OF, '--format', 'json', '--journal', join(l.dir, 'none.db')),
        // The same plan as a person reads it (the table), without the JSON's 95 MB of paid-late invoices.
        ar('remind', '--invoices', l.invoices, '--payments', l.payments, '--customers', l.customers, '--as-of', AS_OF, '--journal', join(l.dir, 'none.db')),
      ]
    : [ar('aging', fr.invoices, '--payments', fr.payments, '--as-of', AS_OF, '--format', 'csv', '--csv', 'rfc4180')];
  const r = againstDuckdb('CSV', l, 'real', size, big ? 1.0 : 1.0, big ? 0.6 : null, others);
  const [mf, dso, customers, remind, remindTable] = r.more as [Measure, Measure?, Measure?, Measure?, Measure?];
  const rowCount = lines(l.invoices) + lines(l.payments);
  const frCheck = agree(arTotals(mf.stdout), r.totals, true);
  if (frCheck !== null) failed = true;
  table.push({
    name: `ar aging ${label} fr-CSV`,
    rows: rowCount,
    m: mf,
    base: { name: 'DuckDB (clean)', m: r.duck },
    target: big ? 1.2 : null,
    check: frCheck === null ? 'same buckets as clean CSV' : `MISMATCH ${frCheck}`,
  });
  if (dso && customers && remind && remindTable) {
    table.push({ name: `ar dso ${label}`, rows: rowCount, m: dso, base: { name: 'DuckDB aging', m: r.duck }, target: 1.5, check: '' });
    table.push({ name: `ar customers ${label}`, rows: rowCount, m: customers, base: { name: 'DuckDB aging', m: r.duck }, target: 1.5, check: '' });
    table.push({ name: `ar remind (dry run) ${label}`, rows: rowCount, m: remind, base: { name: 'DuckDB aging', m: r.duck }, target: 1.5, check: '' });
    table.push({ name: `ar remind (table) ${label}`, rows: rowCount, m: remindTable, base: { name: 'DuckDB aging', m: r.duck }, target: null, check: '' });
  }
  if (big) {
    // The ledger of earlier benchmarks (seven and five columns), for comparison with them.
    againstDuckdb('CSV (v2 shape)', ledger(size, 'clean', 'v2'), 'v2', size, 1.0, 0.6);
    continue;
  }
  const xlsx = await workbook(l);
  const [xbase, mx] = together(
    [[NODE, join(ROOT, 'scripts/xlsx-baseline.ts'), xlsx], ar('aging', `${xlsx}#Invoices`, '--payments', `${xlsx}#Payments`, '--as-of', AS_OF, '--format', 'csv', '--csv', 'rfc4180')],
    runsFor(size),
  ) as [Measure, Measure];
  table.push({ name: `exceljs stream read ${label}`, rows: rowCount, m: xbase, base: null, target: null, check: 'baseline' });
  const xCheck = agree(arTotals(mx.stdout), r.totals, true);
  if (xCheck !== null) failed = true;
  table.push({ name: `ar aging ${label} XLSX`, rows: rowCount, m: mx, base: { name: 'exceljs', m: xbase }, target: 0.5, check: xCheck === null ? 'same buckets as CSV' : `MISMATCH ${xCheck}` });

  const report = join(l.dir, 'report.xlsx');
  const [plain, mr] = together([agingCsv(l), ar('aging', l.invoices, '--payments', l.payments, '--as-of', AS_OF, '--xlsx', report, '--format', 'csv', '--csv', 'rfc4180')], Math.min(5, runsFor(size)));
  rmSync(report, { force: true });
  table.push({ name: `ar aging --xlsx ${label}`, rows: rowCount, m: mr!, base: { name: 'ar aging CSV', m: plain! }, target: 3, check: '' });
}

if (args.includes('--huge')) {
  const l = ledger(10_000_000, 'clean');
  const rowCount = lines(l.invoices) + lines(l.payments);
  const m = measure(agingCsv(l), 1, false);
  const got = arTotals(m.stdout);
  const check = cents(got.total) === l.expected ? "net equals the generator's" : `MISMATCH total ${got.total} ≠ generator ${l.expected}`;
  if (!check.startsWith('net')) failed = true;
  table.push({ name: 'ar aging 10,000,000 CSV', rows: rowCount, m, base: null, target: null, check });
}

const head = ['case', 'rows', 'median s', 'peak RSS MB', 'time ratio', 'RSS ratio', 'target', 'check'];
const out: string[][] = table.map((r) => {
  const ratio = r.base ? r.m.seconds / r.base.m.seconds : null;
  const rss = r.base && r.m.rssMb !== null && r.base.m.rssMb ? r.m.rssMb / r.base.m.rssMb : null;
  const pass = r.target === null || ratio === null ? '' : ratio <= r.target ? ' ok' : ' MISSED';
  const rssPass = r.rssTarget == null || rss === null ? '' : rss <= r.rssTarget ? ' ok' : ' MISSED';
  return [
    r.name,
    r.rows === null ? '' : r.rows.toLocaleString('en-US'),
    r.m.seconds.toFixed(3),
    r.m.rssMb === null ? 'n/a' : r.m.rssMb.toFixed(0),
    ratio === null ? '' : `${ratio.toFixed(2)}× ${r.base!.name}`,
    rss === null ? '' : `${rss.toFixed(2)}×${r.rssTarget == null ? '' : ` (≤ ${r.rssTarget}×${rssPass})`}`,
    r.target === null ? '' : `≤ ${r.target}×${pass}`,
    r.check,
  ];
});
const widths = head.map((h, i) => Math.max(h.length, ...out.map((r) => r[i]!.length)));
const left = new Set([0, 4, 6, 7]);
const line = (r: string[]) =>
  r
    .map((c, i) => (left.has(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
    .join('  ')
    .trimEnd();
process.stdout.write(`${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${out.map(line).join('\n')}\n`);
process.stdout.write(
  `\nnode ${process.versions.node}, ${TIME ? 'peak RSS from GNU time' : 'no GNU time: RSS not measured'}, medians of ${runsOverride ?? '5–15'} runs after a warm-up, each case's runs alternating with its baseline's\n`,
);
if (failed) {
  process.stderr.write('bench: ar disagrees with DuckDB or with itself across formats\n');
  process.exitCode = 1;
}
