import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { smallFirm } from '../helpers/remind-firm.ts';
import { arInProcess, ROOT, type RunResult } from '../helpers/run.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';

/**
 * The SMTP password of AR_SMTP_URL never appears in what `ar remind` leaves behind: stdout,
 * stderr, any row of any table of the journal (and its WAL and lock files, byte for byte), the
 * .eml files of an outbox, the messages sent — whether the server accepts, refuses the login
 * (with a reply that echoes the password), cannot be reached, or has an invalid certificate, and
 * whether the URL itself is malformed.
 */

const USER = 'ar-user';
/** Distinctive, with characters that must be URL-encoded (é, @, space). */
const PASSWORD = 'Xq7!Sécret-pw@42 zz';
const ENCODED = encodeURIComponent(PASSWORD);
/** The password whole: as typed, URL-encoded (upper or lower case escapes), in base64 alone and as AUTH PLAIN sends it. */
const WHOLE = [PASSWORD, ENCODED, ENCODED.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), Buffer.from(PASSWORD).toString('base64'), Buffer.from(`\u0000${USER}\u0000${PASSWORD}`).toString('base64')];
/** What must appear nowhere: the whole forms, and distinctive pieces of it. */
const FORMS = [...WHOLE, 'Sécret-pw', 'S%C3%A9cret-pw', 'S%c3%a9cret-pw', Buffer.from(PASSWORD).toString('base64').slice(0, 16)];
const TLS = { key: readFileSync(join(ROOT, 'test/fixtures/tls/key.pem'), 'utf8'), cert: readFileSync(join(ROOT, 'test/fixtures/tls/cert.pem'), 'utf8') };

let dir: string;
let smtp: TestSmtp | null = null;
beforeEach(() => {
  dir = smallFirm('ar-secrets-');
});
afterEach(async () => {
  await smtp?.close();
  smtp = null;
  rmSync(dir, { recursive: true, force: true });
});

const remind = (url: string, args: string[] = ['--send']): Promise<RunResult> =>
  arInProcess(['remind', ...args, '--as-of', '2026-10-31'], {
    cwd: dir,
    env: { AR_SMTP_URL: url, AR_SMTP_FROM: 'compta@durand.example', AR_SMTP_RETRY_MS: '10', AR_SMTP_TLS_INSECURE: undefined, AR_SMTP_ALLOW_PLAIN: undefined },
  });

/** Everything a run left: its output, every row of every table of every SQLite file, every file's bytes, the mail received. */
function leftBehind(r: RunResult): string[] {
  const out = [r.stdout, r.stderr];
  const files = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : [join(d, f)]));
  for (const f of files(dir)) {
    const bytes = readFileSync(f);
    out.push(bytes.toString('utf8'), bytes.toString('latin1'));
    if (bytes.subarray(0, 15).toString('latin1') === 'SQLite format 3') {
      const db = new DatabaseSync(f);
      try {
        for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]) {
          out.push(JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all()));
        }
      } finally {
        db.close();
      }
    }
  }
  for (const raw of smtp?.raw ?? []) out.push(raw);
  return out;
}

function expectNoSecret(r: RunResult): void {
  const texts = leftBehind(r);
  for (const form of FORMS) for (const t of texts) expect(t.includes(form), `"${form}" found in: ${t.slice(Math.max(0, t.indexOf(form) - 200), t.indexOf(form) + 100)}`).toBe(false);
}

describe('ar remind never shows the SMTP password', () => {
  it('when the server accepts the login and the messages', async () => {
    smtp = await startSmtp({ auth: { user: USER, pass: PASSWORD } });
    const r = await remind(`smtp://${USER}:${ENCODED}@127.0.0.1:${smtp.port}`);
    expect(r.code).toBe(0);
    expect(smtp.received).toHaveLength(4);
    expectNoSecret(r);
  });

  it('when the server refuses the login with a reply that echoes the password in every form', async () => {
    smtp = await startSmtp({ auth: { user: USER, pass: 'another one', reply535: `5.7.8 bad credentials: ${WHOLE.join(' | ')}` } });
    const r = await remind(`smtp://${USER}:${ENCODED}@127.0.0.1:${smtp.port}`);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('the mail server refused the login');
    expect(r.stderr).toContain('***');
    expectNoSecret(r);
  });

  it('when nothing listens on the port', async () => {
    const s = createServer();
    await new Promise<void>((ok) => s.listen(0, '127.0.0.1', () => ok()));
    const port = (s.address() as { port: number }).port;
    await new Promise<void>((ok) => s.close(() => ok()));
    const r = await remind(`smtp://${USER}:${ENCODED}@127.0.0.1:${port}`);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('could not be reached');
    expectNoSecret(r);
  });

  it('when the TLS certificate is refused', async () => {
    smtp = await startSmtp({ secure: TLS, auth: { user: USER, pass: PASSWORD } });
    const r = await remind(`smtps://${USER}:${ENCODED}@127.0.0.1:${smtp.port}`);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('TLS certificate is not valid');
    expect(smtp.logins).toEqual([]);
    expectNoSecret(r);
  });

  for (const [what, url] of [
    ['a port out of range', `smtp://${USER}:${ENCODED}@127.0.0.1:99999`],
    ['another scheme', `https://${USER}:${ENCODED}@127.0.0.1:465`],
    ['no host', `smtp://${USER}:${ENCODED}@`],
    ['an IPv6 address left open', `smtp://${USER}:${ENCODED}@[::1:25`],
    ['an empty host', `smtp://${USER}:${ENCODED}@/`],
    ['no scheme', `${USER}:${ENCODED}@127.0.0.1:25`],
  ] as const) {
    it(`when the URL is malformed (${what}), with a one-line usage error`, async () => {
      const r = await remind(url);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('ar: AR_SMTP_URL must be an smtp:// or smtps:// URL\n');
      expectNoSecret(r);
    });
  }

  it('in the .eml files of an outbox run made with AR_SMTP_URL set', async () => {
    const r = await remind(`smtps://${USER}:${ENCODED}@127.0.0.1:465`, ['--outbox', 'relances']);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'relances'))).toHaveLength(4);
    expectNoSecret(r);
  });
});
