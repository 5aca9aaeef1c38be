import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { arAsync, cp1252, tempDir, writeFiles } from '../helpers/run.ts';
import { CLIENTS, CONFIG, FACTURES, REGLEMENTS } from '../helpers/remind-firm.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';

/**
 * A small ledger whose every reminder is known by hand. As of 2026-10-31:
 * C1 (fr): F1 100.00 due 01/09 (60 days late), F2 50.00 due 20/10 (11 days) — first contact: level 1 for both.
 * C2 (en): F3 200.00 due 01/10 (30 days). C9 (nl): F10 80.00 due 15/10.
 * C3 do-not-remind, C4 no address, C5 in credit, C6 disputed (ledger status), C7 promise until 15/11.
 * (The ledgers are in test/helpers/remind-firm.ts, shared with the SMTP fault tests.)
 */
let smtp: TestSmtp;
let dir: string;
beforeEach(async () => {
  smtp = await startSmtp();
  dir = tempDir('ar-remind-');
  writeFiles(dir, { 'factures.csv': cp1252(FACTURES), 'reglements.csv': cp1252(REGLEMENTS), 'clients.csv': cp1252(CLIENTS), 'ar.config.json': JSON.stringify(CONFIG) });
  const promised = await arAsync(['promise', 'F8', '--until', '2026-11-15'], { cwd: dir });
  expect(promised.code).toBe(0);
});
afterEach(async () => {
  await smtp.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ AR_SMTP_URL: smtp.url, AR_SMTP_FROM: '"Atelier Durand" <compta@durand.example>', AR_SMTP_RETRY_MS: '10', AR_LOCK_WAIT_MS: '300' });
const remind = (args: string[], extra: Record<string, string> = {}) => arAsync(['remind', ...args], { cwd: dir, env: { ...env(), ...extra } });
const byTo = (addr: string) => smtp.received.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.value : []).some((v) => v.address === addr));

describe('ar remind --send, against a real SMTP server', () => {
  it('sends each customer one e-mail at the right level, in its language, and lists who not to remind and why', async () => {
    const r = await remind(['--send', '--as-of', '2026-10-31']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(smtp.received).toHaveLength(3);
    const [c1] = byTo('compta@dupont.example');
    expect(c1!.subject).toBe('Rappel amical : 2 factures échues — Atelier Durand SARL');
    expect(c1!.cc && !Array.isArray(c1!.cc) ? c1!.cc.text : '').toBe('direction@dupont.example');
    expect(c1!.replyTo?.text).toBe('compta@durand.example');
    expect(c1!.messageId).toMatch(/^<ar\.\d+\.\d+\.[a-z0-9]+@durand\.example>$/);
    expect(c1!.text).toContain('- F1 du 02/08/2026, échue le 01/09/2026 : 100,00\u00a0€ (60 jours de retard)');
    expect(c1!.text).toContain('- F2 du 20/09/2026, échue le 20/10/2026 : 50,00\u00a0€ (11 jours de retard)');
    expect(c1!.text).toContain('Total échu : 150,00\u00a0€');
    expect(c1!.text).not.toContain('F11');
    expect(c1!.html).toContain('<td>F1</td>');
    expect(c1!.attachments.map((a) => a.filename)).toEqual(['releve-C1.xlsx']);
    const [c2] = byTo('ap@smith.example');
    expect(c2!.subject).toBe('Friendly reminder: 1 overdue invoice — Atelier Durand SARL');
    expect(c2!.text).toContain('- F3 of 1 Sep 2026, due 1 Oct 2026: €200.00 (30 days late)');
    const [c9] = byTo('boekhouding@janssens.example');
    expect(c9!.subject).toBe('Vriendelijke herinnering: 1 vervallen factuur — Atelier Durand SARL');
    expect(c9!.text).toContain('€\u00a080,00');
    expect(r.stdout).toContain('To call');
    expect(r.stdout).toContain('C3 Ne Pas Relancer SA — 70.00 EUR — do not remind');
    expect(r.stdout).toContain('C4 Sans Adresse EURL — 60.00 EUR — no valid e-mail address');
    expect(r.stdout).toContain('C6 Litige SARL — 90.00 EUR — in dispute');
    expect(r.stdout).toContain('C7 Promesse SA — 40.00 EUR — payment promise running');
    expect(r.stdout).not.toContain('C5 ');
  });

  it('sends nothing on a second run the same day, then only the next levels 20 days later, and the formal notice with interest and indemnity', async () => {
    expect((await remind(['--send', '--as-of', '2026-10-31'])).code).toBe(0);
    const again = await remind(['--send', '--as-of', '2026-10-31']);
    expect(again.code).toBe(0);
    expect(smtp.received).toHaveLength(3);
    expect(again.stdout).toContain('No reminder to send today.');

    const later = await remind(['--send', '--as-of', '2026-11-20', '--format', 'json']);
    expect(later.code).toBe(0);
    const j = JSON.parse(later.stdout) as { emails: { customer: string; level: number; invoices: { number: string; level: number }[] }[] };
    expect(j.emails.map((e) => [e.customer, e.level, e.invoices.map((i) => `${i.number}:${i.level}`)]).sort()).toEqual([
      ['C1', 2, ['F1:2', 'F2:2']],
      ['C2', 2, ['F3:2']],
      ['C7', 1, ['F8:1']],
      ['C9', 2, ['F10:2']],
    ]);
    expect(smtp.received).toHaveLength(7);

    // Level 2 went on 20/11 giving 8 days from receipt (4 days of delivery): the formal notice waits until 03/12.
    const early = await remind(['--as-of', '2026-12-02', '--format', 'json']);
    expect((JSON.parse(early.stdout) as { skipped: { customer: string; reason: string; detail: string }[] }).skipped).toContainEqual(
      expect.objectContaining({ customer: 'C2', reason: 'deadline', detail: '2026-12-03' }),
    );
    const notice = await remind(['--send', '--as-of', '2026-12-03']);
    expect(notice.code).toBe(0);
    const [l3] = byTo('compta@dupont.example').slice(-1);
    expect(l3!.subject).toBe('Mise en demeure de payer — Atelier Durand SARL');
    // F1: 100.00 × 12.15 % × 93 days / 365 = 3.10; F2: 50.00 × 12.15 % × 44 / 365 = 0.73 (SPEC 6, FR, H2 2026).
    expect(l3!.text).toContain('- F1 du 02/08/2026, échue le 01/09/2026 : 100,00\u00a0€ ; intérêts de retard : 3,10\u00a0€ (93 jours) ; indemnité forfaitaire : 40,00\u00a0€');
    expect(l3!.text).toContain('- F2 du 20/09/2026, échue le 20/10/2026 : 50,00\u00a0€ ; intérêts de retard : 0,73\u00a0€ (44 jours) ; indemnité forfaitaire : 40,00\u00a0€');
    // F11 (30.00, due 30/11, 3 days late) is listed at level 1 with its charges: 0.03 and 40.00.
    expect(l3!.text).toContain('- F11 du 15/10/2026, échue le 30/11/2026 : 30,00\u00a0€ ; intérêts de retard : 0,03\u00a0€ (3 jours) ; indemnité forfaitaire : 40,00\u00a0€ — 1re relance');
    expect(l3!.text).toContain('Total dû : 303,86\u00a0€');
    expect(l3!.text).toContain('  du 02/09/2026 au 03/12/2026 : 100,00\u00a0€ × 12,15\u00a0% × 93 jours / 365 = 3,10\u00a0€');
    expect(l3!.text).toContain('articles L441-10 et D441-5 du Code de commerce');
    expect(l3!.text).toContain('12,15\u00a0%');
    // Threaded: the notice refers to the earlier reminders to the same customer.
    expect((l3!.references as string[] | string | undefined)?.length ?? 0).toBeGreaterThan(0);
  });

  it('records a refused recipient as bounced, goes on with the others, and exits 3', async () => {
    smtp.refuse.add('ap@smith.example');
    const r = await remind(['--send', '--as-of', '2026-10-31']);
    expect(r.code).toBe(3);
    expect(smtp.received).toHaveLength(2);
    expect(r.stdout).toMatch(/C2 .*refused: .*550/);
    expect(r.stderr).toContain('1 message(s) not delivered');
    const log = await arAsync(['log', 'C2', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(log.stdout) as { kind: string; status: string }[]).map((x) => `${x.kind}:${x.status}`)).toEqual(['reminder:bounced', 'bounce:null']);
  });

  it('after the server fails mid-run, a rerun completes: every customer gets exactly one e-mail in total', async () => {
    smtp.failAfter = 1;
    const first = await remind(['--send', '--as-of', '2026-10-31']);
    expect(first.code).toBe(3);
    expect(smtp.received).toHaveLength(1);
    smtp.failAfter = null;
    const rerun = await remind(['--send', '--as-of', '2026-10-31']);
    expect(rerun.code).toBe(0);
    const recipients = smtp.received.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '')).sort();
    expect(recipients).toEqual(['ap@smith.example', 'boekhouding@janssens.example', 'compta@dupont.example']);
  });

  it('leaves an uncertain entry when killed between acceptance and record, and does not resend it without --retry-uncertain', async () => {
    const killed = await remind(['--send', '--as-of', '2026-10-31'], { AR_FAULT: 'kill-after-send:1' });
    expect(killed.code).not.toBe(0);
    expect(smtp.received).toHaveLength(1);
    const db = new DatabaseSync(join(dir, 'ar.db'));
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    db.close();
    const next = await remind(['--send', '--as-of', '2026-10-31']);
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('1 uncertain send(s)');
    expect(smtp.received).toHaveLength(3);
    const first = smtp.received[0]!.to && !Array.isArray(smtp.received[0]!.to) ? smtp.received[0]!.to.text : '';
    expect(smtp.received.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '') === first)).toHaveLength(1);
    const retry = await remind(['--send', '--as-of', '2026-10-31', '--retry-uncertain']);
    expect(retry.code).toBe(0);
    expect(smtp.received).toHaveLength(4);
  });

  it('lets only one of two concurrent runs send; the other exits 4 and sends nothing', async () => {
    // The run that holds the lock is held at its first message until the other has given up (it waits 300 ms
    // for the lock): however slowly a loaded machine starts the second, it never comes after the first is done.
    let open = (): void => {};
    let stop: ReturnType<typeof setTimeout> | undefined;
    smtp.hold = new Promise<void>((resolve) => {
      open = resolve;
      stop = setTimeout(resolve, 20_000);
    });
    const run = () =>
      remind(['--send', '--as-of', '2026-10-31']).then((r) => {
        if (r.code === 4) open();
        return r;
      });
    const [a, b] = await Promise.all([run(), new Promise((r) => setTimeout(r, 300)).then(run)]);
    clearTimeout(stop);
    smtp.hold = null;
    expect([a.code, b.code].sort()).toEqual([0, 4]);
    expect((a.code === 4 ? a : b).stderr).toContain('another ar remind is running on this journal');
    expect(smtp.received).toHaveLength(3);
  });
});

describe('ar remind: dry run, outbox and send choose the same', () => {
  it('shows the same selection in the three modes, and the outbox holds .eml files that parse', async () => {
    const plan = async (args: string[], journal: string) => {
      const r = await remind([...args, '--as-of', '2026-10-31', '--format', 'json', '--journal', journal]);
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as { emails: { customer: string; level: number; invoices: unknown[] }[] }).emails.map((e) => JSON.stringify([e.customer, e.level, e.invoices]));
    };
    const dry = await plan([], 'dry.db');
    expect(existsSync(join(dir, 'dry.db'))).toBe(false);
    const outbox = await plan(['--outbox', 'out'], 'outbox.db');
    const send = await plan(['--send'], 'send.db');
    // Separate journals: the promise recorded in ar.db is not in them, so C7 is reminded too.
    expect(dry).toHaveLength(4);
    expect(outbox).toEqual(dry);
    expect(send).toEqual(dry);
    const files = readdirSync(join(dir, 'out')).sort();
    expect(files).toEqual(['2026-10-31-001-C2-niveau-1.eml', '2026-10-31-002-C1-niveau-1.eml', '2026-10-31-003-C9-niveau-1.eml', '2026-10-31-004-C7-niveau-1.eml']);
    const eml = await simpleParser(readFileSync(join(dir, 'out', files[1]!)));
    expect(eml.subject).toBe('Rappel amical : 2 factures échues — Atelier Durand SARL');
    // A second outbox run writes nothing new: the journal knows.
    copyFileSync(join(dir, 'outbox.db'), join(dir, 'copy.db'));
    expect(await plan(['--outbox', 'out2'], 'outbox.db')).toEqual([]);
  });

  it('refuses to send without AR_SMTP_URL, and never prints the password', async () => {
    const none = await arAsync(['remind', '--send', '--as-of', '2026-10-31'], { cwd: dir, env: { AR_SMTP_URL: undefined, AR_SMTP_FROM: 'compta@durand.example' } });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('AR_SMTP_URL is not set');
    const closed = await arAsync(['remind', '--send', '--as-of', '2026-10-31'], {
      cwd: dir,
      env: { AR_SMTP_URL: 'smtp://user:S3cr%C3%A9t-pw@127.0.0.1:1', AR_SMTP_FROM: 'compta@durand.example', AR_SMTP_RETRY_MS: '10' },
    });
    expect(closed.code).toBe(3);
    expect(closed.stderr).toContain('the mail server could not be reached');
    for (const out of [closed.stdout, closed.stderr, readFileSync(join(dir, 'ar.db')).toString('latin1')]) {
      expect(out).not.toContain('S3cr');
    }
  });
});
