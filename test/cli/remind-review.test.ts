import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arInProcess, cp1252, tempDir, writeFiles } from '../helpers/run.ts';
import { smallFirm } from '../helpers/remind-firm.ts';

/**
 * What the e-mails say and what the journal commands record, through the built CLI: the promise of
 * a customer, each invoice's level and a rejected payment in the e-mails, the signature of a firm
 * without a config, the "too soon" reason, `ar log`, `ar dispute` and the last contact as of a date.
 */
const FROM = { AR_SMTP_FROM: '"Atelier Durand" <compta@durand.example>' };

describe('ar promise <customer>: holds every invoice of the customer until the date', () => {
  let dir: string;
  beforeAll(() => {
    dir = smallFirm('ar-promise-');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('skips the customer while the promise runs, and sends the next level once it lapsed unpaid', async () => {
    const run = async (asOf: string) => {
      const r = await arInProcess(['remind', '--as-of', asOf, '--outbox', `out-${asOf}`, '--format', 'json'], { cwd: dir, env: FROM });
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { emails: { customer: string; level: number; invoices: { number: string; level: number }[] }[]; skipped: { customer: string; reason: string }[] };
    };
    const first = await run('2026-10-31');
    expect(first.emails.find((e) => e.customer === 'C1')?.level).toBe(1);
    // The config names the ledger: C1 is known as a customer there, so the promise is the customer's.
    const p = await arInProcess(['promise', 'C1', '--until', '2026-11-25', '--amount', '150'], { cwd: dir });
    expect(p).toMatchObject({ code: 0, stderr: '' });
    const held = await run('2026-11-20');
    expect(held.emails.map((e) => e.customer)).not.toContain('C1');
    expect(held.skipped).toContainEqual(expect.objectContaining({ customer: 'C1', reason: 'promise' }));
    const lapsed = await run('2026-11-26');
    const c1 = lapsed.emails.find((e) => e.customer === 'C1');
    expect(c1?.invoices.map((i) => `${i.number}:${i.level}`)).toEqual(['F1:2', 'F2:2']);
    const db = new DatabaseSync(join(dir, 'ar.db'), { readOnly: true });
    expect(db.prepare('SELECT invoice, customer_id AS c, target, amount_cents AS a FROM promises').all()).toEqual([{ invoice: null, c: 'C1', target: 'customer', a: 15000 }]);
    db.close();
  });

  it('reads an invoice number as the invoice, refuses a name the ledger does not know, and asks which when both', async () => {
    const d = tempDir('ar-promise-which-');
    try {
      writeFiles(d, {
        // Invoice "C2" of customer C1, and a customer C2: the same name for both.
        'factures.csv': cp1252(
          ['N° facture;Code client;Date facture;Échéance;Montant TTC', 'F1;C1;01/09/2026;01/10/2026;100,00', 'C2;C1;01/09/2026;01/10/2026;10,00', 'F3;C2;01/09/2026;01/10/2026;10,00'].join('\r\n'),
        ),
      });
      const promise = (args: string[]) => arInProcess(['promise', ...args, '--until', '2026-11-30', '--invoices', 'factures.csv'], { cwd: d });
      expect(await promise(['F1'])).toMatchObject({ code: 0, stderr: '' });
      const both = await promise(['C2']);
      expect(both.code).toBe(1);
      expect(both.stderr).toBe('ar: "C2" is both an invoice number and a customer id: add --customer C2 for the customer\'s promise, or --customer <its customer> for the invoice\'s\n');
      expect((await promise(['C2', '--customer', 'C2'])).code).toBe(0);
      expect((await promise(['C2', '--customer', 'C1'])).code).toBe(0);
      const unknown = await promise(['NOPE']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toBe('ar: "NOPE" is neither an invoice nor a customer of factures.csv: nothing recorded\n');
      // Without a ledger it is recorded, unresolved, and said so.
      const unchecked = await arInProcess(['promise', 'C9', '--until', '2026-11-30'], { cwd: d });
      expect(unchecked.code).toBe(0);
      expect(unchecked.stderr).toMatch(/^! "C9" recorded without being checked: no invoices ledger/);
      const db = new DatabaseSync(join(d, 'ar.db'), { readOnly: true });
      expect(db.prepare('SELECT invoice, customer_id AS c, target FROM promises ORDER BY id').all()).toEqual([
        { invoice: 'F1', c: 'C1', target: 'invoice' },
        { invoice: null, c: 'C2', target: 'customer' },
        { invoice: 'C2', c: 'C1', target: 'invoice' },
        { invoice: 'C9', c: 'C9', target: null },
      ]);
      db.close();
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('ar dispute and ar log, with and without a ledger or a journal', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('ar-dispute-');
    writeFiles(dir, { 'factures.csv': cp1252(['N° facture;Code client;Date facture;Échéance;Montant TTC', 'F1;C1;01/09/2026;01/10/2026;100,00'].join('\r\n')) });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints that nothing is recorded where no journal exists yet, and exits 2 for a journal named but missing', async () => {
    const none = await arInProcess(['log'], { cwd: dir });
    expect(none).toEqual({ code: 0, stdout: 'No contact recorded.\n', stderr: '' });
    expect((await arInProcess(['log', '--format', 'json'], { cwd: dir })).stdout).toBe('[]\n');
    const named = await arInProcess(['log', '--journal', 'typo.db'], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('typo.db: no journal yet');
  });

  it('refuses an invoice the ledger does not have, records one it has with its customer, and says when it could not check', async () => {
    const unknown = await arInProcess(['dispute', 'NOPE-1', '--invoices', 'factures.csv'], { cwd: dir });
    expect(unknown).toMatchObject({ code: 2, stderr: 'ar: "NOPE-1" is not an invoice of factures.csv: nothing recorded\n' });
    expect((await arInProcess(['dispute', 'f1', '--invoices', 'factures.csv', '--reason', 'livraison'], { cwd: dir })).code).toBe(0);
    const unchecked = await arInProcess(['dispute', 'NOPE-2'], { cwd: dir });
    expect(unchecked.code).toBe(0);
    expect(unchecked.stderr).toBe('! "NOPE-2" recorded in dispute without being checked: no invoices ledger (--invoices, or "invoices" in the config)\n');
    const log = JSON.parse((await arInProcess(['log', '--format', 'json'], { cwd: dir })).stdout) as { customerId: string; detail: string }[];
    expect(log.map((r) => [r.customerId, r.detail])).toEqual([
      ['C1', 'f1: livraison'],
      ['', 'NOPE-2'],
    ]);
  });
});

describe('the e-mails of a firm whose config names no firm: levels, rejected payments, signature, too soon, last contact', () => {
  let dir: string;
  const mails = new Map<string, ParsedMail>();
  const runs: Record<string, { code: number; stdout: string; stderr: string }> = {};
  const ledgers = ['--invoices', 'factures.csv', '--payments', 'reglements.csv', '--customers', 'clients.csv'];
  beforeAll(async () => {
    dir = tempDir('ar-remind-mails-');
    writeFiles(dir, {
      'factures.csv': cp1252(
        [
          'N° facture;Code client;Client;Date facture;Échéance;Montant TTC',
          'F1;C1;Dupont SARL;02/08/2026;01/09/2026;100,00',
          'F2;C1;Dupont SARL;20/09/2026;20/10/2026;50,00',
          'F3;C1;Dupont SARL;11/10/2026;10/11/2026;20,00',
          'F4;C2;Smith Ltd;01/09/2026;01/10/2026;200,00',
          'F5;C3;Janssens BV;01/09/2026;01/10/2026;80,00',
        ].join('\r\n'),
      ),
      // A rejected payment (negative) for each: owed again from its day. A file of rejected payments only: the
      // config says its amounts are written positive, so that its negatives are not read as payments written as credits.
      'reglements.csv': cp1252(['Date règlement;Code client;Montant;Réf. facture', '18/09/2026;C1;-30,00;', '18/09/2026;C2;-25,00;', '18/09/2026;C3;-20,00;'].join('\r\n')),
      'clients.csv': cp1252(
        ['Code client;Raison sociale;E-mail;Langue', 'C1;Dupont SARL;compta@dupont.example;fr', 'C2;Smith Ltd;ap@smith.example;en', 'C3;Janssens BV;boekhouding@janssens.example;nl'].join('\r\n'),
      ),
      // No firm: its name comes from AR_SMTP_FROM. Every exchange opens friendly; the H2 2026 rate is the firm's word.
      'ar.config.json': JSON.stringify({ policy: { firstContact: {} }, lateInterestRates: { FR: { '2026-H2': 12.15 } }, paymentSign: 'positive' }),
    });
    // Level 1, level 2, a run 5 days later (too soon), the formal notice once level 2's 8 days (and 4 of delivery) have passed.
    for (const [name, args] of [
      ['2026-10-31', []],
      ['2026-11-16', []],
      ['2026-11-21', ['--lang', 'fr']],
      ['2026-11-21 dry', null],
      ['2026-11-29', []],
    ] as const) {
      const asOf = name.slice(0, 10);
      runs[name] = await arInProcess(['remind', ...ledgers, '--as-of', asOf, ...(args === null ? [] : ['--outbox', 'out', ...args])], { cwd: dir, env: FROM });
    }
    for (const f of readdirSync(join(dir, 'out'))) mails.set(f.replace(/^(\d{4}-\d\d-\d\d)-\d+-(C\d)-niveau-(\d)\.eml$/, '$1 $2 $3'), await simpleParser(readFileSync(join(dir, 'out', f))));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists each invoice with its level for the customer, in the text and the HTML, and a rejected payment dated once', () => {
    for (const r of Object.values(runs)) expect(r.code).toBe(0);
    const notice = mails.get('2026-11-29 C1 3')!;
    expect(notice.text).toContain('- F1 du 02/08/2026, échue le 01/09/2026 : 100,00\u00a0€ ; intérêts de retard : 2,96\u00a0€ (89 jours) ; indemnité forfaitaire : 40,00\u00a0€ — mise en demeure\n');
    expect(notice.text).toContain('- Paiement rejeté du 18/09/2026 : 30,00\u00a0€ ; intérêts de retard : 0,72\u00a0€ (72 jours) ; indemnité forfaitaire : 0,00\u00a0€ — mise en demeure\n');
    expect(notice.text).toContain('- F3 du 11/10/2026, échue le 10/11/2026 : 20,00\u00a0€ ; intérêts de retard : 0,13\u00a0€ (19 jours) ; indemnité forfaitaire : 40,00\u00a0€ — 2e relance\n');
    expect(notice.html).toContain('<th>Relance</th></tr>');
    // A rejected payment has no due date of its own: the cell is empty.
    expect(notice.html).toContain('<tr><td>Paiement rejeté</td><td>18/09/2026</td><td></td>');
    expect(notice.html).toContain('<td align="right">40,00\u00a0€</td><td>2e relance</td></tr>');
    const friendly = mails.get('2026-10-31 C1 1')!;
    expect(friendly.text).toContain('- Paiement rejeté du 18/09/2026 : 30,00\u00a0€ (43 jours de retard) — 1re relance\n');
    const english = mails.get('2026-11-16 C2 2')!;
    expect(english.text).toContain('- Returned payment of 18 Sep 2026: €25.00 (59 days late) — second reminder\n');
    expect(english.text).toContain('- F4 of 1 Sep 2026, due 1 Oct 2026: €200.00 (46 days late) — second reminder\n');
    expect(english.html).toContain('<td align="right">46</td><td>second reminder</td></tr>');
    const dutch = mails.get('2026-10-31 C3 1')!;
    expect(dutch.text).toContain('- Teruggestorte betaling van 18-09-2026: €\u00a020,00 (43 dagen te laat) — eerste herinnering\n');
    expect(dutch.text).toContain('- F5 van 01-09-2026, vervallen op 01-10-2026: €\u00a080,00 (30 dagen te laat) — eerste herinnering\n');
    expect(dutch.html).toContain('<th>Aanmaning</th></tr>');
    for (const m of mails.values()) expect(`${m.text}\n${m.html}`).not.toMatch(/du \S+ du |of \S+ \S+ \S+ of /);
  });

  it("signs with the firm's name once when no config gives a signature, above the firm's identity", () => {
    for (const key of ['2026-11-29 C1 3', '2026-11-29 C2 3', '2026-11-29 C3 3']) {
      const [body, identity] = mails.get(key)!.text!.split('\n--\n');
      expect(body!.trimEnd().endsWith('.\n\nAtelier Durand'), key).toBe(true);
      expect(body!.match(/Atelier Durand$/gm), key).toHaveLength(1);
      expect(identity!.trim()).toBe('Atelier Durand');
    }
    expect(mails.get('2026-11-29 C1 3')!.html).toContain('<p>Atelier Durand</p>');
  });

  it("says until when the last letter's deadline runs, and ar log shows that date", async () => {
    expect(runs['2026-11-21']!.stdout).toContain('C1 Dupont SARL — 200,00 EUR — délai de la dernière lettre en cours : niveau suivant à partir du 29/11/2026');
    expect(runs['2026-11-21 dry']!.stdout).toContain('C1 Dupont SARL — 200.00 EUR — the last letter’s deadline is running: next level from 29 Nov 2026');
    const log = await arInProcess(['log', 'C1', '--lang', 'fr'], { cwd: dir });
    expect(log.stdout).toContain('délai de la dernière lettre en cours : niveau suivant à partir du 29/11/2026');
    expect(log.stdout).not.toMatch(/deadline|\b20\d{3}\b/);
  });

  it('shows the last contact as of the date of the report, not the contacts made since', async () => {
    const customers = await arInProcess(['customers', ...ledgers, '--as-of', '2026-11-20', '--format', 'json'], { cwd: dir });
    expect(customers.code).toBe(0);
    const rows = (JSON.parse(customers.stdout) as { customers: { id: string; lastContact: string | null }[] }).customers;
    expect(rows.find((r) => r.id === 'C1')?.lastContact).toBe('2026-11-16');
    const aging = await arInProcess(['aging', ...ledgers, '--as-of', '2026-10-30', '--format', 'json'], { cwd: dir });
    expect(aging.code).toBe(0);
    expect(aging.stdout).toContain('"lastContact": null');
    expect(aging.stdout).not.toMatch(/"lastContact": "2026/);
    const later = await arInProcess(['aging', ...ledgers, '--as-of', '2026-11-29', '--format', 'json'], { cwd: dir });
    expect(later.stdout).toContain('"lastContact": "2026-11-29"');
  });
});
