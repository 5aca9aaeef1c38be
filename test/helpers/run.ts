import { day } from '../../src/core/dates.ts';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/ar.js');

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `ar` binary as a user would, without colour and with a fixed locale unless told. */
export function ar(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): RunResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: undefined, LC_MESSAGES: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The folders tempDir made in this test file, removed after it (test/helpers/cleanup.ts). */
const made: string[] = [];

/** A fresh temporary folder, removed once its test file has run (AR_KEEP_TEST_DIRS=1 keeps them, to look into a failure). */
export function tempDir(prefix = 'ar-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the folders tempDir made so far. */
export function removeTempDirs(): void {
  if (process.env.AR_KEEP_TEST_DIRS === '1') return;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes files (text as UTF-8, or raw bytes) into a folder; returns their paths. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    const p = join(dir, name);
    writeFileSync(p, content);
    out[name] = p;
  }
  return out;
}

/** windows-1252 bytes of a text (the characters French ledgers use). */
export function cp1252(text: string): Uint8Array {
  const special: Record<string, number> = { '€': 0x80, '’': 0x92, '‘': 0x91, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, œ: 0x9c, Œ: 0x8c };
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const c = ch.charCodeAt(0);
    if (special[ch] !== undefined) out[i] = special[ch]!;
    else if (c < 256) out[i] = c;
    else throw new Error(`not in windows-1252: ${ch}`);
  }
  return out;
}

/** Runs `ar` without blocking the event loop (for tests that serve SMTP in this process). */
export function arAsync(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<RunResult> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8', LC_ALL: undefined, LC_MESSAGES: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 + 9 : -1), stdout, stderr });
    });
  });
}

/** A clock from 2026-10-31 08:00 UTC, one second later at each reading. */
export function testClock(): () => Date {
  let ticks = 0;
  return () => new Date(Date.UTC(2026, 9, 31, 8) + 1000 * ticks++);
}
/** The clock of runs in this process unless told: one for all, so that Message-IDs stay unique from run to run. */
const sharedClock = testClock();

/**
 * Runs `ar` in this process through its entry (`run` of src/cli.ts) with a captured context: the
 * same code as the binary, without the cost of a process. `today` is 2026-10-31. With `columns`,
 * stdout is a terminal that wide (tables are fitted to it); without, a pipe or a file. What needs a
 * process of its own stays with `ar`: a time zone, a signal, a pipe closed early, a terminal, the
 * binary's own exit.
 */
export async function arInProcess(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; today?: number; columns?: number; now?: () => Date } = {},
): Promise<RunResult> {
  const { run } = await import('../../src/cli.ts');
  let stdout = '';
  let stderr = '';
  // Relative paths are the process's, as for the binary started in that folder.
  const before = process.cwd();
  process.chdir(options.cwd ?? ROOT);
  const code = await run(args, {
    cwd: options.cwd ?? ROOT,
    env: { LANG: 'en_US.UTF-8', NO_COLOR: '1', ...options.env },
    today: day(options.today ?? 20757),
    now: options.now ?? sharedClock,
    stdout: { write: (s: string) => (stdout += s), ...(options.columns !== undefined ? { isTTY: true, columns: options.columns } : {}) },
    stderr: { write: (s: string) => (stderr += s) },
    stdinIsTTY: false,
  }).finally(() => process.chdir(before));
  return { code, stdout, stderr };
}
