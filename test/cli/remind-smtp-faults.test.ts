import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { smallFirm } from '../helpers/remind-firm.ts';
import { arAsync, ROOT, type RunResult } from '../helpers/run.ts';
import { startSmtp, type SmtpOptions, type TestSmtp } from '../helpers/smtp.ts';

/**
 * `ar remind --send` against a real SMTP server on loopback that fails on purpose: 4xx, 5xx, a
 * connection dropped during DATA, no server at all, an invalid certificate, a login refused, no
 * STARTTLS for a password. Every message is sent at most once; every run ends as the README says.
 * No traffic leaves 127.0.0.1: `smtp.example.invalid` is resolved to it by a preload of the child.
 */

const TLS = { key: readFileSync(join(ROOT, 'test/fixtures/tls/key.pem'), 'utf8'), cert: readFileSync(join(ROOT, 'test/fixtures/tls/cert.pem'), 'utf8') };
const FROM = '"Atelier Durand" <compta@durand.example>';
/** The four e-mails of the small firm on 2026-10-31 (no promise recorded: C7 is reminded too). */
const ALL = ['ap@smith.example', 'boekhouding@janssens.example', 'compta@dupont.example', 'p@promesse.example'];

let dir: string;
const servers: TestSmtp[] = [];
beforeEach(() => {
  dir = smallFirm('ar-smtp-faults-');
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function server(options: SmtpOptions = {}): Promise<TestSmtp> {
  const s = await startSmtp(options);
  servers.push(s);
  return s;
}

const remind = (url: string, args: string[] = [], extra: Record<string, string | undefined> = {}): Promise<RunResult> =>
  arAsync(['remind', '--send', '--as-of', '2026-10-31', ...args], {
    cwd: dir,
    env: { AR_SMTP_URL: url, AR_SMTP_FROM: FROM, AR_SMTP_RETRY_MS: '10', AR_LOCK_WAIT_MS: '300', AR_SMTP_TLS_INSECURE: undefined, AR_SMTP_ALLOW_PLAIN: undefined, ...extra },
  });

const toOf = (m: TestSmtp['received'][number]): string => (m.to && !Array.isArray(m.to) ? m.to.text : '');
const delivered = (...smtps: TestSmtp[]): string[] => smtps.flatMap((s) => s.received.map(toOf)).sort();
/** The contacts of the journal, as `customer:status`. */
function journal(file = 'ar.db'): string[] {
  const db = new DatabaseSync(join(dir, file));
  try {
    return (db.prepare("SELECT customer_id AS c, status AS s FROM contacts WHERE kind = 'reminder' ORDER BY id").all() as { c: string; s: string }[]).map((r) => `${r.c}:${r.s}`);
  } finally {
    db.close();
  }
}
/** An error is one line: the `ar:` line, after any warning lines starting with `!`. */
function errorLine(r: RunResult): string {
  const lines = r.stderr
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith('! '));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}
/** A port on loopback where nothing listens. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('ar remind --send: temporary and permanent refusals', () => {
  it('retries a 451 with backoff, three times at most, then records the message as failed, exits 3, and a rerun sends it once', async () => {
    const smtp = await server();
    smtp.onData = (_n, to) => (to === 'ap@smith.example' ? '451' : 'accept');
    const r = await remind(smtp.url);
    expect(r.code).toBe(3);
    expect(smtp.attempts.get('ap@smith.example')).toBe(4);
    expect(delivered(smtp)).toEqual(['boekhouding@janssens.example', 'compta@dupont.example', 'p@promesse.example']);
    expect(r.stdout).toMatch(/C2 .*failed: .*451/);
    expect(errorLine(r)).toBe('ar: 1 message(s) not delivered: see the table above; a rerun retries them');
    expect(journal()).toContain('C2:failed');

    smtp.onData = null;
    const rerun = await remind(smtp.url);
    expect(rerun.code).toBe(0);
    expect(delivered(smtp)).toEqual(ALL);
  });

  it('sends a message that a 451 delayed twice, once, and exits 0', async () => {
    const smtp = await server();
    smtp.onData = (_n, to) => (to === 'ap@smith.example' && (smtp.attempts.get(to) ?? 0) <= 2 ? '451' : 'accept');
    const r = await remind(smtp.url);
    expect(r.code).toBe(0);
    expect(smtp.attempts.get('ap@smith.example')).toBe(3);
    expect(delivered(smtp)).toEqual(ALL);
  });

  it('records a 550 to DATA as bounced without retrying it, goes on with the others and exits 3', async () => {
    const smtp = await server();
    smtp.onData = (_n, to) => (to === 'compta@dupont.example' ? '550' : 'accept');
    const r = await remind(smtp.url);
    expect(r.code).toBe(3);
    expect(smtp.attempts.get('compta@dupont.example')).toBe(1);
    expect(delivered(smtp)).toEqual(['ap@smith.example', 'boekhouding@janssens.example', 'p@promesse.example']);
    expect(r.stdout).toMatch(/C1 .*refused: .*550/);
    expect(journal()).toContain('C1:bounced');
    // The address fixed, a rerun sends the bounced one and nothing else.
    smtp.onData = null;
    expect((await remind(smtp.url)).code).toBe(0);
    expect(delivered(smtp)).toEqual(ALL);
  });
});

describe('ar remind --send: a connection dropped during DATA', () => {
  it('leaves the message uncertain when the server held it all and dropped before answering; a rerun does not send it twice', async () => {
    const smtp = await server();
    smtp.onData = (_n, to) => (to === 'ap@smith.example' && (smtp.attempts.get(to) ?? 0) === 1 ? 'drop-after-data' : 'accept');
    const r = await remind(smtp.url);
    expect(r.code).toBe(3);
    expect(smtp.attempts.get('ap@smith.example')).toBe(1);
    expect(delivered(smtp)).toEqual(ALL);
    expect(r.stdout).toMatch(/C2 .*uncertain: /);
    expect(journal()).toContain('C2:uncertain');
    expect(errorLine(r)).toBe('ar: 1 message(s) uncertain: the connection was lost before the server answered, it may have them; check the sent mail, then run with --retry-uncertain to resend them');

    const rerun = await remind(smtp.url);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('1 uncertain send(s) from an interrupted run');
    expect(rerun.stderr).toMatch(/^! 1 uncertain send\(s\) .*\(C2 #\d+\)$/m);
    expect(delivered(smtp)).toEqual(ALL);
  });

  it('leaves the message uncertain when the line died halfway through it; --retry-uncertain then delivers it once', async () => {
    const smtp = await server();
    smtp.onData = (_n, to) => (to === 'ap@smith.example' && (smtp.attempts.get(to) ?? 0) === 1 ? 'drop-mid' : 'accept');
    const r = await remind(smtp.url);
    expect(r.code).toBe(3);
    expect(delivered(smtp)).toEqual(['boekhouding@janssens.example', 'compta@dupont.example', 'p@promesse.example']);
    expect(journal()).toContain('C2:uncertain');
    expect((await remind(smtp.url)).code).toBe(0);
    expect(delivered(smtp)).toHaveLength(3);
    const retry = await remind(smtp.url, ['--retry-uncertain']);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain('1 uncertain send(s) from an interrupted run: resent (--retry-uncertain).');
    expect(delivered(smtp)).toEqual(ALL);
    expect(journal()).toEqual(['C2:abandoned', 'C1:sent', 'C9:sent', 'C7:sent', 'C2:sent']);
  });
});

describe('ar remind --send: no server, a bad certificate, a refused login', () => {
  it('stops cleanly when nothing listens on the port: exit 3, one line, nothing recorded as sent; a rerun sends all once', async () => {
    const port = await closedPort();
    const r = await remind(`smtp://127.0.0.1:${port}`);
    expect(r.code).toBe(3);
    expect(errorLine(r)).toMatch(
      /^ar: the mail server could not be reached; the run stopped cleanly and a rerun will go on \(.*ECONNREFUSED|^ar: the mail server could not be reached; the run stopped cleanly/,
    );
    expect(journal().filter((c) => c.endsWith(':sent'))).toEqual([]);
    expect(journal()).toEqual(['C2:failed']);
    const smtp = await server();
    expect((await remind(smtp.url)).code).toBe(0);
    expect(delivered(smtp)).toEqual(ALL);
  });

  it('refuses a self-signed certificate on smtps:// with a one-line message, sends nothing, and accepts it with AR_SMTP_TLS_INSECURE=1', async () => {
    const smtp = await server({ secure: TLS });
    const r = await remind(smtp.url);
    expect(r.code).toBe(3);
    expect(errorLine(r)).toMatch(
      /^ar: the mail server's TLS certificate is not valid \(.*self-signed certificate.*\); the run stopped and nothing more was sent: fix the server name, or set AR_SMTP_TLS_INSECURE=1 to accept it$/,
    );
    expect(smtp.received).toHaveLength(0);
    expect(journal()).toEqual(['C2:failed']);
    const insecure = await remind(smtp.url, [], { AR_SMTP_TLS_INSECURE: '1' });
    expect(insecure.code).toBe(0);
    expect(delivered(smtp)).toEqual(ALL);
  });

  it('refuses a self-signed certificate offered by STARTTLS before sending the password', async () => {
    const smtp = await server({ starttls: TLS, auth: { user: 'ar-user', pass: 'pw-StartTls-1' } });
    const url = `smtp://ar-user:pw-StartTls-1@127.0.0.1:${smtp.port}`;
    const r = await remind(url);
    expect(r.code).toBe(3);
    expect(errorLine(r)).toContain("the mail server's TLS certificate is not valid");
    expect(smtp.logins).toEqual([]);
    expect(smtp.received).toHaveLength(0);
    expect((await remind(url, [], { AR_SMTP_TLS_INSECURE: '1' })).code).toBe(0);
    expect(smtp.logins.every((l) => l.ok && l.secure)).toBe(true);
    expect(delivered(smtp)).toEqual(ALL);
  });

  it('stops at a refused login (535) instead of bouncing every customer: exit 3, one line, nothing recorded as bounced', async () => {
    const smtp = await server({ auth: { user: 'ar-user', pass: 'right-password' } });
    const r = await remind(`smtp://ar-user:wrong-password@127.0.0.1:${smtp.port}`);
    expect(r.code).toBe(3);
    expect(errorLine(r)).toMatch(/^ar: the mail server refused the login \(check the user and password in AR_SMTP_URL\); the run stopped and nothing more was sent \(EAUTH 535 /);
    expect(smtp.logins).toHaveLength(1);
    expect(journal()).toEqual(['C2:failed']);
    expect((await remind(`smtp://ar-user:right-password@127.0.0.1:${smtp.port}`)).code).toBe(0);
    expect(delivered(smtp)).toEqual(ALL);
  });
});

describe('ar remind --send: a password is never sent in clear to another machine', () => {
  /** A preload for the child: smtp.example.invalid is 127.0.0.1, every other name fails to resolve. */
  function loopbackDns(): string {
    const file = join(dir, 'dns-loopback.mjs');
    writeFileSync(
      file,
      `import dns from 'node:dns';
const NAME = 'smtp.example.invalid';
const none = (host) => Object.assign(new Error('test: no DNS for ' + host), { code: 'ENOTFOUND' });
dns.lookup = (host, opts, cb) => {
  if (typeof opts === 'function') cb = opts;
  if (host !== NAME) return process.nextTick(cb, none(host));
  if (opts && opts.all) return process.nextTick(cb, null, [{ address: '127.0.0.1', family: 4 }]);
  process.nextTick(cb, null, '127.0.0.1', 4);
};
dns.resolve4 = (host, ...a) => { const cb = a.pop(); host === NAME ? process.nextTick(cb, null, ['127.0.0.1']) : process.nextTick(cb, none(host)); };
dns.resolve6 = (host, ...a) => { const cb = a.pop(); process.nextTick(cb, Object.assign(new Error('test: no AAAA'), { code: 'ENODATA' })); };
`,
    );
    return `--import=${file}`;
  }

  it('refuses to log in to a host that is not loopback and offers no STARTTLS, before the password is sent, unless AR_SMTP_ALLOW_PLAIN=1', async () => {
    const smtp = await server({ auth: { user: 'ar-user', pass: 'pw-Plain-9' } });
    const url = `smtp://ar-user:pw-Plain-9@smtp.example.invalid:${smtp.port}`;
    const r = await remind(url, [], { NODE_OPTIONS: loopbackDns() });
    expect(r.code).toBe(3);
    expect(errorLine(r)).toBe(
      'ar: smtp.example.invalid does not offer STARTTLS: the password would be sent in clear, so it was not sent and the run stopped (use smtps://, or set AR_SMTP_ALLOW_PLAIN=1 to allow it)',
    );
    expect(smtp.logins).toEqual([]);
    expect(smtp.received).toHaveLength(0);
    expect(`${r.stdout}${r.stderr}`).not.toContain('pw-Plain-9');

    const allowed = await remind(url, [], { NODE_OPTIONS: loopbackDns(), AR_SMTP_ALLOW_PLAIN: '1' });
    expect(allowed.code).toBe(0);
    expect(smtp.logins).toEqual([{ user: 'ar-user', ok: true, secure: false }]);
    expect(delivered(smtp)).toEqual(ALL);
  });
});

describe('ar remind --send: five runs at once on one journal', () => {
  // Regression: the second process to create a journal ran the migration again ("table contacts
  // already exists", exit 70), having read the schema version before the first one committed.
  it('creates a new journal once when six processes open it at the same moment', async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, (_, i) => arAsync(['note', 'C1', `note ${i}`, '--journal', 'race.db'], { cwd: dir })));
    expect(runs.map((r) => `${r.code} ${r.stderr}`)).toEqual(Array.from({ length: 6 }, () => '0 '));
    const db = new DatabaseSync(join(dir, 'race.db'));
    try {
      expect((db.prepare("SELECT COUNT(*) AS n FROM contacts WHERE kind = 'note'").get() as { n: number }).n).toBe(6);
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    } finally {
      db.close();
    }
  });

  for (const journalFile of ['ar.db', 'new.db']) {
    it(`lets exactly one send and the four others exit 4 having sent nothing (${journalFile === 'ar.db' ? 'a journal that exists' : 'no journal yet'})`, async () => {
      const smtp = await server();
      if (journalFile === 'ar.db') expect((await arAsync(['note', 'C1', 'appelé'], { cwd: dir })).code).toBe(0);
      // The run that holds the journal's lock is held at its first message until the four others have given up
      // (each waits 300 ms for the lock): however slowly a loaded machine starts them, none comes after it is done.
      let losers = 0;
      let open = (): void => {};
      let stop: ReturnType<typeof setTimeout> | undefined;
      smtp.hold = new Promise<void>((resolve) => {
        open = resolve;
        stop = setTimeout(resolve, 20_000);
      });
      const runs = await Promise.all(
        Array.from({ length: 5 }, () =>
          remind(smtp.url, ['--journal', journalFile, '--format', 'json']).then((r) => {
            if (r.code === 4 && ++losers === 4) open();
            return r;
          }),
        ),
      );
      clearTimeout(stop);
      expect(runs.map((r) => r.code).sort()).toEqual([0, 4, 4, 4, 4]);
      for (const r of runs.filter((x) => x.code === 4)) {
        expect(r.stdout).toBe('');
        expect(errorLine(r)).toBe(`ar: ${join(dir, journalFile)}: another ar remind is running on this journal; nothing was sent`);
      }
      expect(delivered(smtp)).toEqual(ALL);
      expect(journal(journalFile)).toEqual(['C2:sent', 'C1:sent', 'C9:sent', 'C7:sent']);
    });
  }
});
