/**
 * `npm run fuzz`: mutates the sample ledgers (fixtures/) ten thousand ways and runs `ar` on each
 * through its public entry (`run` of src/cli.ts, in-process): every case must end in a result
 * (exit 0, output that adds up and imports that reconcile) or a clear error (exit 2, one line per
 * problem). See scripts/fuzz-cases.ts for the mutations and the judge.
 *
 * Cases run in a few worker processes (`--workers`, 2 by default) watched by this one: a case that
 * takes longer than `--timeout` ms (a hang, or a promise that never settles), a worker that dies
 * (a crash, or a heap over its limit) or a resident memory above `--max-rss` MB fails the run.
 * Every failure is saved with its files and command line under fuzz-failures/, replayable alone.
 *
 *   node scripts/fuzz.ts [--seed N] [--cases 10000] [--workers 2] [--timeout 30000] [--max-rss 1024] [--out dir] [--documents]
 *   node scripts/fuzz.ts --seed N --case I          # replay one case and show what ar said
 *
 * Prints the seed first and the counts at the end; exits 1 when any case failed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus, makeCase, ROOT, runCase, type FuzzCase } from './fuzz-cases.ts';

const args = process.argv.slice(2);
const opt = (k: string, d: string): string => {
  const i = args.indexOf(k);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : d;
};

interface Report {
  readonly index: number;
  readonly code: number;
  readonly ms: number;
  readonly rssMb: number;
  readonly failure: string | null;
  readonly stderr?: string;
  /** The worker leaves after this report. */
  readonly fatal?: boolean;
}

/** Only e-invoices, Factur-X PDFs and bank statements (their readers' shapes and limits). */
const DOCUMENTS = args.includes('--documents');

if (args.includes('--worker')) await worker();
else if (args.includes('--case')) await replay();
else await parent();

/** A worker: runs the cases it is sent, one at a time, and reports each. */
async function worker(): Promise<void> {
  const seed = Number(opt('--seed', '0'));
  // Its own folder in the parent's, which removes it whatever becomes of this process (a hang killed, a crash).
  const dir = opt('--dir', '');
  mkdirSync(dir, { recursive: true });
  const corpus = await loadCorpus();
  let current: number | null = null;
  // A case whose promise can never settle empties the event loop: report it rather than leave quietly.
  process.on('beforeExit', () => {
    if (current === null) return;
    process.channel?.ref();
    process.send!({ index: current, code: -1, ms: 0, rssMb: 0, failure: 'the run never settled (a promise left waiting with nothing to wake it)', fatal: true } satisfies Report, () =>
      process.exit(0),
    );
    current = null;
  });
  process.on('message', (m: { index?: number; stop?: boolean }) => {
    if (m.stop || m.index === undefined) process.exit(0);
    const index = m.index;
    current = index;
    process.channel?.unref();
    void (async () => {
      const c = await makeCase(corpus, seed, index, { documents: DOCUMENTS });
      if (process.env.AR_FUZZ_SELFTEST === 'hang' && index === 3) for (;;);
      if (process.env.AR_FUZZ_SELFTEST === 'unsettled' && index === 3) await new Promise(() => {});
      const o = await runCase(c, join(dir, String(index % 4)));
      current = null;
      process.channel?.ref();
      const rssMb = Math.round(process.memoryUsage().rss / 1048576);
      process.send!({ index, code: o.code, ms: Math.round(o.ms), rssMb, failure: o.failure, ...(o.failure ? { stderr: o.stderr.slice(-2000) } : {}) } satisfies Report);
    })();
  });
  process.send!({ ready: true });
}

/** Replays one case in this process and shows what `ar` said. */
async function replay(): Promise<void> {
  const seed = Number(opt('--seed', '0'));
  const index = Number(opt('--case', '0'));
  const c = await makeCase(await loadCorpus(), seed, index, { documents: DOCUMENTS });
  const dir = join(ROOT, 'fuzz-failures', `seed-${seed}-case-${index}`);
  const o = await runCase(c, dir);
  process.stdout.write(
    `ar ${c.args.join(' ')}\n(files in ${dir}; mutations: ${c.mutations.join(' ') || 'none'})\nexit ${o.code} in ${Math.round(o.ms)} ms\n--- stderr ---\n${o.stderr.slice(0, 5000)}\n--- stdout (start) ---\n${o.stdout.slice(0, 2000)}\n`,
  );
  process.stdout.write(o.failure ? `FAIL: ${o.failure}\n` : 'ok\n');
  process.exitCode = o.failure ? 1 : 0;
}

async function parent(): Promise<void> {
  const seed = Number(opt('--seed', String(Date.now() % 2147483647)));
  const total = Number(opt('--cases', '10000'));
  const workers = Math.max(1, Number(opt('--workers', '2')));
  const timeoutMs = Number(opt('--timeout', '30000'));
  const maxRss = Number(opt('--max-rss', '1024'));
  const outDir = opt('--out', join(ROOT, 'fuzz-failures'));
  process.stdout.write(`fuzz: seed ${seed}, ${total} cases, ${workers} worker(s), ${timeoutMs} ms per case at most, ${maxRss} MB at most\n`);
  process.stdout.write(`      replay a case with: node scripts/fuzz.ts --seed ${seed} --case N\n`);

  // The workers' folders: one per worker started (a worker killed leaves its files; this goes at the end).
  const work = mkdtempSync(join(tmpdir(), 'ar-fuzz-'));
  let started = 0;
  const t0 = Date.now();
  const codes = new Map<number, number>();
  const failures: { index: number; failure: string }[] = [];
  let next = 0;
  let done = 0;
  let peakRss = 0;
  let slowest = { index: -1, ms: 0 };
  let corpus: Awaited<ReturnType<typeof loadCorpus>> | null = null;

  const record = async (index: number, failure: string, stderr = ''): Promise<void> => {
    failures.push({ index, failure });
    process.stdout.write(`FAIL case ${index}: ${failure.split('\n')[0]!.slice(0, 300)}\n`);
    corpus ??= await loadCorpus();
    const c: FuzzCase = await makeCase(corpus, seed, index, { documents: DOCUMENTS });
    const dir = join(outDir, `seed-${seed}-case-${index}`);
    mkdirSync(dir, { recursive: true });
    for (const f of c.files) writeFileSync(join(dir, f.name), f.bytes);
    writeFileSync(join(dir, 'case.json'), `${JSON.stringify({ seed, index, args: c.args, mutations: c.mutations, failure, stderr }, null, 2)}\n`);
  };

  await new Promise<void>((finish) => {
    let live = 0;
    const start = (): void => {
      const child: ChildProcess = fork(import.meta.filename, ['--worker', '--seed', String(seed), '--dir', join(work, String(started++)), ...(DOCUMENTS ? ['--documents'] : [])], {
        execArgv: [`--max-old-space-size=${maxRss}`],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      live++;
      let current: number | null = null;
      let timer: NodeJS.Timeout | null = null;
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
      const feed = (): void => {
        if (next >= total) {
          current = null;
          child.send({ stop: true });
          return;
        }
        current = next++;
        child.send({ index: current });
        timer = setTimeout(() => {
          const index = current!;
          current = null;
          child.kill('SIGKILL');
          void record(index, `no result within ${timeoutMs} ms (a hang)`);
          done++;
        }, timeoutMs);
      };
      child.on('message', (m: Report | { ready: true }) => {
        if ('ready' in m) return feed();
        if (timer) clearTimeout(timer);
        done++;
        codes.set(m.code, (codes.get(m.code) ?? 0) + 1);
        peakRss = Math.max(peakRss, m.rssMb);
        if (m.ms > slowest.ms) slowest = { index: m.index, ms: m.ms };
        if (m.failure) void record(m.index, m.failure, m.stderr);
        else if (m.rssMb > maxRss) void record(m.index, `resident memory ${m.rssMb} MB after the case, over ${maxRss} MB`);
        if (done % 1000 === 0) process.stdout.write(`  ${done}/${total} cases, ${failures.length} failure(s), ${Math.round((Date.now() - t0) / 1000)} s\n`);
        if (m.fatal) current = null;
        else if (m.rssMb > maxRss) {
          // A process keeps the memory it grew to: the next cases get a fresh worker, not this case's blame.
          current = null;
          child.kill('SIGKILL');
        } else feed();
      });
      child.on('exit', (code, signal) => {
        if (timer) clearTimeout(timer);
        live--;
        if (current !== null) {
          const index = current;
          done++;
          void record(index, `the worker died (${signal ?? `exit ${code}`}): a crash or memory over ${maxRss} MB${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`);
        }
        if (next < total) start();
        else if (live === 0) finish();
      });
    };
    for (let i = 0; i < Math.min(workers, total); i++) start();
  });
  rmSync(work, { recursive: true, force: true });

  const seconds = (Date.now() - t0) / 1000;
  const byCode = [...codes]
    .sort((a, b) => a[0] - b[0])
    .map(([c, n]) => `exit ${c}: ${n}`)
    .join(', ');
  process.stdout.write(`fuzz: seed ${seed}: ${done} cases in ${seconds.toFixed(1)} s (${byCode}); slowest case ${slowest.index} (${slowest.ms} ms); peak RSS of a worker ${peakRss} MB\n`);
  if (failures.length > 0) {
    process.stdout.write(`fuzz: ${failures.length} FAILURE(S), saved under fuzz-failures/: cases ${failures.map((f) => f.index).join(', ')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('fuzz: no failure\n');
  }
}
