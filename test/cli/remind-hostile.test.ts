import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { arInProcess, tempDir, writeFiles } from '../helpers/run.ts';
import { inspectWorkbook } from '../helpers/sheets.ts';

/**
 * `ar remind --outbox` fed by a customers file and a ledger written to attack the e-mail: markup in
 * every field, line breaks and extra addresses where a header is made, ids that are paths. The
 * .eml files are parsed back with mailparser, as a mail client would read them.
 */

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const LONG = '漢'.repeat(300);
/** [id, name, e-mail cell, invoice number] */
const CUSTOMERS: [string, string, string, string][] = [
  ['../../etc/passwd', `Dupont ${SCRIPT}`, 'a@dupont.example', `F1${IMG}`],
  ['/abs/path', 'Evil\r\nBcc: evil@attacker.example', 'b@evil.example', 'F2'],
  ['C:\\x', `Name\u2028Bcc: evil@attacker.example ${IMG}`, 'c@x.example', '<a href="http://phish.example">F3</a>'],
  ['..', 'Dots', 'd@x.example\nBcc: evil@attacker.example', 'F4'],
  ['CON', 'Device', 'e@x.example', 'F5'],
  // Not "con": customer ids match ignoring case, so "con" would be CON again (a duplicate row).
  ['con.txt', 'Device with an extension', 'f@x.example', 'F6'],
  [LONG, 'Long id', 'g@x.example', 'F7'],
  ['spoof\u202Egpj.exe', 'Bidi', 'h@x.example', 'F8'],
  ['multi', 'Several addresses', 'one@x.example; two@x.example, three@x.example', 'F9'],
  ['badaddr', 'Bad address', 'x@y.example,Bcc:evil@attacker.example', 'F10'],
];
const FIRM = `Durand ${SCRIPT}\r\nBcc: evil@attacker.example`;

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
const FACTURES = [
  'N° facture;Code client;Client;Date facture;Échéance;Montant TTC',
  ...CUSTOMERS.map(([id, name, , num], i) => [q(num), q(id), q(name), '20/08/2026', '15/09/2026', `${100 + i},00`].join(';')),
].join('\r\n');
const CLIENTS = ['Code client;Raison sociale;E-mail;Langue', ...CUSTOMERS.map(([id, name, email]) => [q(id), q(name), q(email), 'fr'].join(';'))].join('\r\n');
const CONFIG = {
  invoices: 'factures.csv',
  customers: 'clients.csv',
  country: 'FR',
  policy: { firstContact: {} },
  firm: { name: FIRM, email: 'compta@durand.example', signature: `Claire ${SCRIPT}\nService comptabilité` },
};
const ENV = { AR_SMTP_FROM: '"Atelier Durand" <compta@durand.example>' };

interface Parsed {
  readonly file: string;
  readonly mail: ParsedMail;
  readonly raw: string;
}

const addresses = (a: AddressObject | AddressObject[] | undefined) => (a ? (Array.isArray(a) ? a : [a]).flatMap((x) => x.value.map((v) => v.address)) : []);

let dir: string;
let outbox: Parsed[];
let stderr: string;
beforeAll(async () => {
  dir = tempDir('ar-remind-hostile-');
  writeFiles(dir, { 'factures.csv': FACTURES, 'clients.csv': CLIENTS, 'ar.config.json': JSON.stringify(CONFIG) });
  // -v: every warning on its own line (by default, one line per kind).
  const r = await arInProcess(['remind', '--outbox', 'out', '--as-of', '2026-10-31', '--format', 'json', '-v'], { cwd: dir, env: ENV });
  stderr = r.stderr;
  expect(r.code, r.stderr).toBe(0);
  outbox = await Promise.all(
    readdirSync(join(dir, 'out')).map(async (file) => {
      const raw = readFileSync(join(dir, 'out', file));
      return { file, raw: raw.toString('latin1'), mail: await simpleParser(raw) };
    }),
  );
});

const mailTo = (addr: string) => {
  const found = outbox.filter((m) => addresses(m.mail.to).includes(addr));
  expect(found, addr).toHaveLength(1);
  return found[0]!;
};

describe('ar remind --outbox with hostile data: HTML', () => {
  it('shows markup from every data field as text in the HTML part: no script, image or link element', () => {
    expect(outbox).toHaveLength(CUSTOMERS.length - 2); // two e-mail cells are refused (below)
    for (const { mail, file } of outbox) {
      const html = String(mail.html);
      expect(html, file).not.toMatch(/<script|<img|<a[\s>]/i);
      // The signature's line break is a <br />, its markup text.
      expect(html, file).toContain('Claire &lt;script&gt;alert(1)&lt;/script&gt;<br />\nService comptabilité');
    }
    const dupont = String(mailTo('a@dupont.example').mail.html);
    expect(dupont).toContain('F1&lt;img src=x onerror=alert(1)&gt;');
    expect(String(mailTo('c@x.example').mail.html)).toContain('&lt;a href=&#34;http://phish.example&#34;&gt;F3&lt;/a&gt;');
  });
});

describe('ar remind --outbox with hostile data: headers', () => {
  it('adds no header and no recipient: exact From, To, Cc, Reply-To, one-line Subject, no Bcc anywhere', () => {
    const allowed = new Set(['content-type', 'from', 'to', 'cc', 'reply-to', 'subject', 'message-id', 'date', 'mime-version', 'references', 'in-reply-to']);
    for (const { mail, raw, file } of outbox) {
      for (const key of mail.headers.keys()) expect(allowed, `${file}: ${key}`).toContain(key);
      expect(raw, file).not.toMatch(/^bcc:/im);
      // The firm's name may say anything as text in the body (its identity line); no header carries it raw.
      expect(raw.split(/\r?\n\r?\n/)[0], file).not.toContain('evil@attacker.example');
      expect(addresses(mail.from)).toEqual(['compta@durand.example']);
      expect(addresses(mail.replyTo)).toEqual(['compta@durand.example']);
      expect(addresses(mail.cc)).toEqual([]);
      expect(mail.subject, file).not.toMatch(/[\r\n\u2028]/);
      expect(mail.subject, file).toContain('Durand <script>alert(1)</script> Bcc: evil@attacker.example');
    }
    expect(addresses(mailTo('b@evil.example').mail.to)).toEqual(['b@evil.example']);
    // A line break and a "Bcc:" in the e-mail cell: the cell is refused as a whole (warning), nobody is written to.
    expect(outbox.filter((m) => addresses(m.mail.to).includes('d@x.example'))).toHaveLength(0);
    expect(outbox.filter((m) => addresses(m.mail.to).includes('x@y.example'))).toHaveLength(0);
    // Two warnings, one line each (the line break of the cell is not printed raw).
    expect(stderr.trim().split('\n')).toEqual([
      '! clients.csv:6: column "E-mail": "d@x.example, Bcc:, evil@attacker.example" is not a valid e-mail address',
      '! clients.csv:13: column "E-mail": "x@y.example, Bcc:evil@attacker.example" is not a valid e-mail address',
    ]);
    // Several addresses separated by ";" or ",": the documented feature, all in To.
    expect(addresses(mailTo('one@x.example').mail.to)).toEqual(['one@x.example', 'two@x.example', 'three@x.example']);
  });
});

describe('ar remind --outbox with hostile data: file names', () => {
  it('keeps every .eml and attachment name inside the outbox, short, without device names or bidi tricks', () => {
    const entries = readdirSync(join(dir, 'out'), { recursive: true, withFileTypes: true });
    expect(entries.every((e) => e.isFile() && e.parentPath === join(dir, 'out'))).toBe(true);
    // Nothing written beside the outbox but the journal (and SQLite's side files).
    for (const f of readdirSync(dir)) expect(['ar.config.json', 'clients.csv', 'factures.csv', 'out'], f).toContain(f.replace(/^ar\.db(-wal|-shm|\.lock)?$/, 'out'));
    const names = [...outbox.map((m) => m.file), ...outbox.flatMap((m) => m.mail.attachments.map((a) => a.filename ?? ''))];
    for (const n of names) {
      expect(n, n).not.toMatch(/[/\\:\u0000-\u001f\u202e]|^\.|\.\./);
      expect(n, n).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
      expect(Buffer.byteLength(n), n).toBeLessThanOrEqual(200);
    }
    // CON and con.txt: two messages, two files, two attachments, none lost.
    expect(mailTo('e@x.example').mail.attachments.map((a) => a.filename)).toEqual(['releve-CON.xlsx']);
    expect(mailTo('f@x.example').mail.attachments.map((a) => a.filename)).toEqual(['releve-con.txt.xlsx']);
    expect(new Set(outbox.map((m) => m.file.toLowerCase())).size).toBe(outbox.length);
  });

  it('never overwrites a message: a second run the same day with another journal adds files beside the first ones', async () => {
    const before = new Map(outbox.map((m) => [m.file, m.raw]));
    const r = await arInProcess(['remind', '--outbox', 'out', '--as-of', '2026-10-31', '--journal', 'other.db'], { cwd: dir, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    const after = readdirSync(join(dir, 'out'));
    expect(after).toHaveLength(2 * before.size);
    for (const [file, raw] of before) expect(readFileSync(join(dir, 'out', file)).toString('latin1')).toBe(raw);
    expect(after.filter((f) => /-2\.eml$/.test(f))).toHaveLength(before.size);
  });

  it('makes the outbox, its messages and the journal readable by their owner only', () => {
    if (process.platform === 'win32') return;
    expect(statSync(join(dir, 'out')).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(join(dir, 'out'))) expect(statSync(join(dir, 'out', f)).mode & 0o777, f).toBe(0o600);
    // SQLite gives its side files (-wal, -shm, while a run is open) the mode of the database.
    for (const f of ['ar.db', 'other.db']) expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
  });
});

describe('ar remind --outbox with hostile data: the statement attached', () => {
  it('writes the invoice numbers and the firm as string cells, the only formula its total', async () => {
    const { mail } = mailTo('a@dupont.example');
    const { texts, formulas } = await inspectWorkbook(mail.attachments[0]!.content, [IMG, SCRIPT]);
    expect(texts).toContain(`F1${IMG}`);
    expect(texts.some((t) => t.includes(`Durand ${SCRIPT}`))).toBe(true);
    expect(formulas).toEqual(['SUM(E7:E7)']);
  });
});

describe('ar remind: a hostile sender or firm address is refused before anything is written', () => {
  it('refuses an AR_SMTP_FROM or a firm e-mail holding a second address or a line break, in one line', async () => {
    const d = tempDir('ar-remind-from-');
    writeFiles(d, { 'factures.csv': FACTURES, 'clients.csv': CLIENTS });
    const cases: [Record<string, string>, object][] = [
      [{ AR_SMTP_FROM: 'compta@durand.example,evil@attacker.example' }, {}],
      [{ AR_SMTP_FROM: 'compta@durand.example\r\nBcc: evil@attacker.example' }, {}],
      [{ AR_SMTP_FROM: '"Durand" <compta@durand.example>, evil@attacker.example' }, {}],
      [ENV, { email: 'compta@durand.example\r\nBcc: evil@attacker.example' }],
      [ENV, { email: 'compta@durand.example, evil@attacker.example' }],
    ];
    for (const [env, firm] of cases) {
      writeFileSync(join(d, 'ar.config.json'), JSON.stringify({ ...CONFIG, firm: { name: 'Durand', ...firm } }));
      const r = await arInProcess(['remind', '--outbox', 'out', '--as-of', '2026-10-31'], { cwd: d, env });
      expect({ env, firm, code: r.code, stdout: r.stdout }).toEqual({ env, firm, code: r.code === 1 ? 1 : 2, stdout: '' });
      expect(r.code).not.toBe(0);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(d)).not.toContain('out');
    }
  });
});
