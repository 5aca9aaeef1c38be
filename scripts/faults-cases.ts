/**
 * The kill harness behind `npm run faults` and its quick subset in `npm test`
 * (test/cli/remind-kills.test.ts): the built `ar remind --send`, a real child process, sends the
 * sample firm's reminders (fixtures/) to a real SMTP server on loopback that keeps every message
 * it accepts, and is killed again and again — SIGKILL after a random delay, or at a chosen point
 * of the send loop (AR_FAULT=kill-at:<point>:<n>) — until a run completes. After every run:
 *
 * - the journal passes `PRAGMA integrity_check`;
 * - no invoice is carried twice at a level: neither by two messages the server accepted (within a
 *   day of the run an invoice has one level) nor by two `sent` rows of the journal;
 * - every row recorded as sent names a message the server received;
 * - a kill leaves at most one entry in doubt (intent or uncertain), a completed run none.
 *
 * When a day's run has completed, the documented recovery (`--retry-uncertain`) runs and the
 * messages the server holds are compared with a run that nothing interrupted: each one delivered,
 * and more than once only for a customer whose send was reported uncertain.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { startSmtp, type TestSmtp } from '../test/helpers/smtp.ts';
import { mulberry32 } from './seeded-random.ts';

export const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/ar.js');

/** The points of the send loop where AR_FAULT kills a run. */
export const KILL_POINTS = ['before-intent', 'after-intent', 'after-accept', 'after-record'] as const;

export interface FaultsOptions {
  readonly seed: number;
  /** Scenarios: each a fresh journal and server, killed through every day of `days`. */
  readonly scenarios: number;
  /** More scenarios are run until this many kills have been survived. */
  readonly minKills?: number;
  /** Days of the runs (each at least 7 days after the one before, so the levels climb). */
  readonly days: readonly string[];
  /** Kills per day of a scenario, at most (a day ends earlier when a run escapes its kill). */
  readonly killsPerDay: number;
  readonly log?: (line: string) => void;
  /** For the harness's own test: damages the journal after each run, to show that the checks catch it. */
  readonly tamper?: (journal: string, run: number) => void;
}

export interface FaultsSummary {
  scenarios: number;
  kills: number;
  /** Kills by where they landed: `signal` (random delay) or a point of the loop. */
  readonly byKind: Record<string, number>;
  runs: number;
  checks: number;
  /** Entries left uncertain by kills (all of them reported, then resent by --retry-uncertain). */
  uncertain: number;
  /** Messages the server got twice after --retry-uncertain: each one of an uncertain send. */
  duplicates: number;
  readonly violations: string[];
}

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** A small seeded generator: the same seed, the same kills. */
export const rng = mulberry32;

/** The sample firm of fixtures/, with a config naming its ledgers, in a fresh folder. */
export function firmDir(prefix = 'ar-faults-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const f of ['factures.csv', 'reglements.csv', 'clients.csv']) copyFileSync(join(ROOT, 'fixtures', f), join(dir, f));
  writeFileSync(
    join(dir, 'ar.config.json'),
    JSON.stringify({
      invoices: 'factures.csv',
      payments: 'reglements.csv',
      customers: 'clients.csv',
      country: 'FR',
      firm: { name: 'Atelier Durand SARL', email: 'compta@durand.example', iban: 'FR76 3000 6000 0112 3456 7890 189', signature: 'Service comptabilité' },
    }),
  );
  return dir;
}

/** Runs the built binary in `dir`; SIGKILLs it after `killAfterMs` when given (and after 30 s whatever happens). */
export function runAr(dir: string, args: readonly string[], env: Record<string, string>, killAfterMs: number | null = null): Promise<Run> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', LANG: 'en_US.UTF-8', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const kill = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    const hang = setTimeout(() => {
      stderr += '\n[harness: no end after 30 s, killed]';
      child.kill('SIGKILL');
    }, 30_000);
    child.on('close', (code, signal) => {
      if (kill) clearTimeout(kill);
      clearTimeout(hang);
      done({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const INVOICE = /\b(?:FA|AV)\d{4}-\d{4,5}\b/g;
const toOf = (m: TestSmtp['received'][number]): string => (m.to && !Array.isArray(m.to) ? m.to.text : '');
const invoicesOf = (m: TestSmtp['received'][number]): string[] => [...new Set(String(m.text ?? '').match(INVOICE) ?? [])].sort();
/** What a message is, whichever run sent it: its recipient, subject (the level) and invoices. */
/** Whether the recipients recorded in the journal (To then Cc) are those of a message's To. */
const sameTo = (recipients: string, to: string): boolean => recipients === to || recipients.startsWith(`${to}, `);
const keyOf = (m: TestSmtp['received'][number]): string => `${toOf(m)} | ${m.subject ?? ''} | ${invoicesOf(m).join(' ')}`;

interface JournalState {
  readonly exists: boolean;
  readonly integrity: string;
  readonly doubtful: number;
  readonly doubtfulIds: readonly number[];
  /** Entries in doubt and their recipients. */
  readonly doubtfulTo: readonly (readonly [number, string])[];
  readonly sentMessageIds: readonly string[];
  readonly doubleSent: readonly string[];
}

function readJournal(path: string): JournalState {
  if (!existsSync(path)) return { exists: false, integrity: 'ok', doubtful: 0, doubtfulIds: [], doubtfulTo: [], sentMessageIds: [], doubleSent: [] };
  const db = new DatabaseSync(path, { timeout: 5000 });
  try {
    const integrity = (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    if (!tables.has('contacts')) return { exists: true, integrity, doubtful: 0, doubtfulIds: [], doubtfulTo: [], sentMessageIds: [], doubleSent: [] };
    const doubtfulTo = (db.prepare("SELECT id, recipients FROM contacts WHERE status IN ('intent','uncertain')").all() as { id: number; recipients: string }[]).map(
      (r) => [Number(r.id), String(r.recipients)] as const,
    );
    const doubtfulIds = doubtfulTo.map(([id]) => id);
    const sentMessageIds = (db.prepare("SELECT message_id AS m FROM contacts WHERE status = 'sent'").all() as { m: string }[]).map((r) => r.m);
    const doubleSent = (
      db
        .prepare(
          "SELECT i.invoice_key AS k, i.level AS l, COUNT(*) AS n FROM contact_items i JOIN contacts c ON c.id = i.contact_id WHERE c.status = 'sent' AND c.kind = 'reminder' GROUP BY i.invoice_key, i.level HAVING COUNT(*) > 1",
        )
        .all() as { k: string; l: number; n: number }[]
    ).map((r) => `${r.k} level ${r.l} × ${r.n}`);
    return { exists: true, integrity, doubtful: doubtfulIds.length, doubtfulIds, doubtfulTo, sentMessageIds, doubleSent };
  } finally {
    db.close();
  }
}

const smtpEnv = (smtp: TestSmtp): Record<string, string> => ({
  AR_SMTP_URL: smtp.url,
  AR_SMTP_FROM: '"Atelier Durand" <compta@durand.example>',
  AR_SMTP_RETRY_MS: '10',
  AR_SMTP_RATE: '1000',
  AR_LOCK_WAIT_MS: '2000',
});

/** The messages of each day when nothing interrupts the runs, and how long a run takes. */
async function reference(days: readonly string[]): Promise<{ keys: Map<string, string[]>; ms: number; emails: Map<string, number> }> {
  const smtp = await startSmtp();
  const dir = firmDir('ar-faults-ref-');
  try {
    const keys = new Map<string, string[]>();
    const emails = new Map<string, number>();
    let ms = 0;
    for (const day of days) {
      const before = smtp.received.length;
      const r = await runAr(dir, ['remind', '--send', '--as-of', day, '--format', 'json'], smtpEnv(smtp));
      if (r.code !== 0) throw new Error(`the reference run of ${day} failed (exit ${r.code}): ${r.stderr.split('\n')[0]}`);
      ms = Math.max(ms, r.ms);
      const got = smtp.received.slice(before);
      keys.set(day, got.map(keyOf).sort());
      emails.set(day, got.length);
    }
    return { keys, ms, emails };
  } finally {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runFaults(o: FaultsOptions): Promise<FaultsSummary> {
  const log = o.log ?? (() => {});
  const random = rng(o.seed);
  const summary: FaultsSummary = { scenarios: 0, kills: 0, byKind: {}, runs: 0, checks: 0, uncertain: 0, duplicates: 0, violations: [] };
  const ref = await reference(o.days);
  log(`reference: ${[...ref.emails].map(([d, n]) => `${d}: ${n} e-mails`).join(', ')}; a run takes ${ref.ms} ms`);

  for (let s = 0; s < o.scenarios || summary.kills < (o.minKills ?? 0); s++) {
    summary.scenarios = s + 1;
    const smtp = await startSmtp();
    const dir = firmDir();
    const journal = join(dir, 'ar.db');
    const fail = (what: string) => {
      summary.violations.push(`scenario ${s} (seed ${o.seed}): ${what}`);
      log(`VIOLATION scenario ${s}: ${what}`);
    };
    try {
      for (const day of o.days) {
        const fromHere = smtp.received.length;
        const reported = new Set<number>();
        let doubtful = new Set(readJournal(journal).doubtfulIds);
        /** Every entry seen in doubt on this day, and its recipients. */
        const uncertainTo = new Map<number, string>();
        const check = (r: Run, label: string, retry: boolean): JournalState => {
          const killed = r.signal === 'SIGKILL';
          const j = readJournal(journal);
          for (const [id, to] of j.doubtfulTo) uncertainTo.set(id, to);
          summary.checks += 5;
          if (r.stderr.includes('[harness:')) fail(`${label}: the run hung`);
          if (j.integrity !== 'ok') fail(`${label}: integrity_check: ${j.integrity}`);
          for (const d of j.doubleSent) fail(`${label}: the journal records ${d} as sent`);
          const onServer = new Set(smtp.received.map((m) => m.messageId));
          for (const m of j.sentMessageIds) if (!onServer.has(m)) fail(`${label}: ${m} recorded as sent, never received by the server`);
          const seen = new Map<string, number>();
          for (const m of smtp.received.slice(fromHere)) for (const inv of invoicesOf(m)) seen.set(inv, (seen.get(inv) ?? 0) + 1);
          // Before the recovery, never twice; during it, once more at most for each doubt on that customer.
          const doubtsOf = (inv: string) =>
            smtp.received
              .slice(fromHere)
              .filter((m) => invoicesOf(m).includes(inv))
              .map(toOf)[0] ?? '';
          for (const [inv, n] of seen) {
            const allowed = 1 + (retry ? [...uncertainTo.values()].filter((r) => sameTo(r, doubtsOf(inv))).length : 0);
            if (n > allowed) fail(`${label}: the server received ${inv} ${n} times on ${day} (${allowed - 1} doubt(s) on its customer)`);
          }
          const grew = j.doubtfulIds.filter((id) => !doubtful.has(id)).length;
          if (grew > (killed ? 1 : 0)) fail(`${label}: ${grew} new entries in doubt after a ${killed ? 'kill' : 'completed run'}`);
          if (!killed && retry && j.doubtful > 0) fail(`${label}: ${j.doubtful} entries still in doubt after a completed --retry-uncertain`);
          if (killed && grew > 0) summary.uncertain += grew;
          doubtful = new Set(j.doubtfulIds);
          // Uncertain entries are named on stderr as soon as a run finds them, killed or not.
          for (const line of r.stderr.split('\n')) if (line.startsWith('! ') && line.includes('uncertain')) for (const m of line.matchAll(/ #(\d+)\b/g)) reported.add(Number(m[1]));
          if (!killed) {
            if (r.code !== 0) fail(`${label}: exit ${r.code}: ${r.stderr.split('\n')[0]}`);
            try {
              const out = JSON.parse(r.stdout) as { uncertain: { id: number }[] };
              for (const u of out.uncertain) reported.add(u.id);
              for (const id of j.doubtfulIds) if (!reported.has(id)) fail(`${label}: uncertain entry ${id} not reported`);
            } catch {
              fail(`${label}: stdout is not the JSON of the run`);
            }
          }
          return j;
        };

        // Stage 1: the day's run, killed until one completes; stage 2: the documented recovery
        // (--retry-uncertain), killed too, until one completes. Kills are spread over both.
        let k = 0;
        for (const retry of [false, true]) {
          for (; ; k++) {
            const args = ['remind', '--send', '--as-of', day, '--format', 'json', ...(retry ? ['--retry-uncertain'] : [])];
            smtp.delayMs = Math.floor(random() * 20);
            const last = k >= (retry ? o.killsPerDay : Math.ceil(o.killsPerDay * 0.75));
            let r: Run;
            let kind: string;
            if (last) {
              kind = 'none';
              r = await runAr(dir, args, smtpEnv(smtp));
            } else if (random() < 0.5) {
              kind = 'signal';
              r = await runAr(dir, args, smtpEnv(smtp), Math.floor(random() * ref.ms));
            } else {
              kind = KILL_POINTS[Math.floor(random() * KILL_POINTS.length)]!;
              const remaining = Math.max(1, (ref.emails.get(day) ?? 1) - (smtp.received.length - fromHere));
              const n = 1 + Math.floor(random() * remaining);
              r = await runAr(dir, args, { ...smtpEnv(smtp), AR_FAULT: `kill-at:${kind}:${n}` });
            }
            summary.runs++;
            // A message whose client died mid-DATA may still be being parsed by the server.
            await sleep(30);
            if (o.tamper && existsSync(journal)) o.tamper(journal, summary.runs);
            const killed = r.signal === 'SIGKILL';
            if (killed) {
              summary.kills++;
              summary.byKind[kind] = (summary.byKind[kind] ?? 0) + 1;
            }
            check(r, `${day} ${retry ? 'retry' : 'run'} ${k} (${killed ? `killed: ${kind}` : 'completed'})`, retry);
            if (!killed) break;
          }
        }

        const again = await runAr(dir, ['remind', '--send', '--as-of', day, '--format', 'json'], smtpEnv(smtp));
        summary.runs++;
        const j = readJournal(journal);
        summary.checks += 4;
        if (j.integrity !== 'ok') fail(`${day} after recovery: integrity_check: ${j.integrity}`);
        if (j.doubtful !== 0) fail(`${day} after recovery: ${j.doubtful} entries still in doubt`);
        const left = (() => {
          try {
            return (JSON.parse(again.stdout) as { emails: unknown[] }).emails.length;
          } catch {
            return -1;
          }
        })();
        if (again.code !== 0 || left !== 0) fail(`${day}: a run after the recovery did not end with nothing to send (exit ${again.code}, ${left} e-mails)`);
        const got = smtp.received.slice(fromHere);
        const counts = new Map<string, number>();
        for (const m of got) counts.set(keyOf(m), (counts.get(keyOf(m)) ?? 0) + 1);
        const expected = ref.keys.get(day)!;
        for (const key of expected) if (!counts.has(key)) fail(`${day}: never delivered: ${key}`);
        for (const key of counts.keys()) if (!expected.includes(key)) fail(`${day}: delivered, but not due: ${key}`);
        for (const id of uncertainTo.keys()) if (!reported.has(id)) fail(`${day}: uncertain entry ${id} was never reported`);
        // Duplicates: one more copy at most per uncertain send to that customer, each reported.
        for (const [key, n] of counts) {
          if (n <= 1) continue;
          summary.duplicates += n - 1;
          const to = key.split(' | ')[0]!;
          const doubts = [...uncertainTo.values()].filter((r) => sameTo(r, to)).length;
          if (n - 1 > doubts) fail(`${day}: ${key} delivered ${n} times, after ${doubts} uncertain send(s)`);
        }
      }
      log(`scenario ${s}: ${summary.kills} kills so far, ${summary.violations.length} violations`);
    } finally {
      await smtp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return summary;
}

export function summaryLine(s: FaultsSummary): string {
  const kinds = Object.entries(s.byKind)
    .sort()
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return `faults: ${s.kills} kills survived across ${s.scenarios} scenarios (${kinds}), ${s.runs} runs, ${s.checks} invariants checked, ${s.uncertain} uncertain entries (${s.violations.length === 0 ? 'all reported and recovered' : 'see the violations'}), ${s.duplicates} duplicates after --retry-uncertain (each of an uncertain send), ${s.violations.length} violations`;
}
