import { day } from '../../src/core/dates.ts';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import ExcelJS from 'exceljs';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arInProcess, tempDir, writeFiles } from '../helpers/run.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp.ts';

/**
 * What the reminders say in law, through the built CLI against a real SMTP server on loopback: a
 * consumer in France and in Belgium, a public body, a backlog on the first run, the bank details and
 * the firm's identity, the structured communication, plurals, the statement, assumed rates, the
 * registered letter (read back with pdftotext) and the hand-off (its workbook read back). Every figure
 * is worked out by hand in a comment. The dates stay in H1 2026, whose rates are published, unless a
 * test is about a half-year past the table.
 */

const FROM = 'compta@durand.example';
const FIRM = {
  name: 'Atelier Durand',
  legalForm: 'SARL',
  capital: '10 000 €',
  address: '12 rue des Forges\n69003 Lyon',
  siren: '812 345 678',
  rcs: 'Lyon',
  vat: 'FR12812345678',
  iban: 'FR76 3000 6000 0112 3456 7890 189',
  bic: 'AGRIFRPP',
  accountHolder: 'Atelier Durand SARL',
  email: FROM,
  phone: '04 78 00 00 00',
  signature: 'Claire Durand\nService comptabilité',
};
const BE_FIRM = {
  name: 'Atelier Janssens',
  legalForm: 'SRL',
  address: 'Rue Haute 5\n1000 Bruxelles',
  bce: '0123.456.749',
  rpm: 'Bruxelles',
  vat: 'BE0123456749',
  iban: 'BE68 5390 0754 7034',
  bic: 'BBRUBEBB',
  email: FROM,
  signature: 'Marc Janssens',
};

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp.close();
});

/** A firm in a fresh folder: ledgers (`;`-separated, UTF-8) and config. */
function firm(files: Record<string, string[]>, config: object): string {
  const dir = tempDir('ar-law-');
  writeFiles(dir, { ...Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.join('\r\n')])), 'ar.config.json': JSON.stringify(config) });
  return dir;
}
const env = (extra: Record<string, string> = {}) => ({ AR_SMTP_URL: smtp.url, AR_SMTP_FROM: FROM, AR_SMTP_RETRY_MS: '10', AR_LOCK_WAIT_MS: '300', ...extra });
const send = async (dir: string, asOf: string, extra: string[] = []) => {
  const r = await arInProcess(['remind', '--send', '--as-of', asOf, '--format', 'json', ...extra], { cwd: dir, env: env() });
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return JSON.parse(r.stdout) as RemindJson;
};
const mailsTo = (addr: string): ParsedMail[] => smtp.received.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.value : []).some((v) => v.address === addr));
const lastTo = (addr: string): ParsedMail => mailsTo(addr).slice(-1)[0]!;
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const squash = (s: string) => s.replace(/\s+/g, ' ');
/** A day as ExcelJS reads a date cell back: midnight UTC. */
const utcDay = (iso: string) => new Date(`${iso}T00:00:00Z`);

interface RemindJson {
  emails: {
    customer: string;
    level: number;
    customerType: string;
    assumedRates: string[];
    interest: string;
    indemnity: string;
    invoices: { number: string; level: number; interest: string; indemnity: string; periods: { from: string; to: string; days: number; base: string; rate: string; interest: string }[] }[];
    paidLate: { number: string; interest: string; indemnity: string }[];
  }[];
  skipped: { customer: string; reason: string; detail: string | null }[];
  assumedRates: { customer: string; table: string; halfYears: string[]; sent: boolean }[];
}

describe('a consumer in France: the legal rate from the formal notice, no indemnity', () => {
  let dir: string;
  beforeAll(() => {
    dir = firm(
      {
        'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', 'P1;C1;01/12/2025;31/12/2025;1000,00'],
        'clients.csv': ['Code client;Nom;E-mail;Langue;Type;Adresse;Code postal;Ville', 'C1;Marie Martin;marie@martin.example;fr;Particulier;3 impasse des Lilas;69100;Villeurbanne'],
      },
      { invoices: 'factures.csv', customers: 'clients.csv', country: 'FR', firm: FIRM },
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a 100-day-old debt with a formal notice that states the legal rate running from it, and a registered letter', async () => {
    const j = await send(dir, '2026-04-10');
    expect(j.emails.map((e) => [e.customer, e.level, e.customerType, e.interest, e.indemnity])).toEqual([['C1', 3, 'consumer', '0.00', '0.00']]);
    const m = lastTo('marie@martin.example');
    expect(m.subject).toBe('Mise en demeure de payer — Atelier Durand');
    expect(m.text).toContain('- P1 du 01/12/2025, échue le 31/12/2025 : 1\u202f000,00\u00a0€ — mise en demeure\n');
    expect(squash(m.text!)).toContain(
      "Conformément à l'article 1231-6 du Code civil, les sommes dues portent intérêt au taux de l'intérêt légal (2,62 % l'an pour le semestre en cours) à compter de la présente mise en demeure.",
    );
    expect(m.text).not.toMatch(/L441-10|indemnité forfaitaire|40 EUR|frais de recouvrement/);
    expect(m.text).toContain('Par la présente, nous vous mettons en demeure de nous régler la somme de 1\u202f000,00\u00a0€ dans un délai de 8 jours à compter de la réception de ce courrier.');
    const pdf = m.attachments.find((a) => a.filename === 'mise-en-demeure-C1-2026-04-10.pdf');
    expect(pdf).toBeDefined();
    const letters = readdirSync(join(dir, 'letters'));
    expect(letters).toEqual(['mise-en-demeure-C1-2026-04-10.pdf']);
    const text = squash(pdfText(join(dir, 'letters', letters[0]!)));
    for (const s of [
      'Lettre recommandée avec demande d’avis de réception',
      'Marie Martin 3 impasse des Lilas 69100 Villeurbanne',
      'Lyon, le 10/04/2026',
      'Objet : mise en demeure de payer',
      '1231-6',
      'P1',
      '31/12/2025',
      '1 000,00 €',
      'IBAN FR76 3000 6000 0112 3456 7890 189',
      'BIC AGRIFRPP',
      'titulaire du compte : Atelier Durand SARL',
      'Claire Durand',
      'SIREN 812 345 678 RCS Lyon',
    ])
      expect(text, s).toContain(s);
    const log = JSON.parse((await arInProcess(['log', 'C1', '--format', 'json'], { cwd: dir })).stdout) as { kind: string; level: number; detail: string }[];
    expect(log.map((r) => [r.kind, r.level])).toEqual([
      ['reminder', 3],
      ['letter', 3],
    ]);
  });

  it('then counts the interest from the notice, day after day: 1,000.00 × 2.62 % × 20 days / 365 = 1.44, and still no indemnity nor costs', async () => {
    const j = await send(dir, '2026-04-30');
    expect(j.emails.map((e) => [e.level, e.interest, e.indemnity])).toEqual([[4, '1.44', '0.00']]);
    expect(j.emails[0]!.invoices[0]!.periods).toEqual([{ from: '2026-04-11', to: '2026-04-30', days: 20, base: '1000.00', rate: '2.62', interest: '1.44', assumed: false }]);
    const m = lastTo('marie@martin.example');
    expect(m.text).toContain('Notre mise en demeure du 10/04/2026 est restée sans effet. La somme suivante reste due :');
    expect(m.text).toContain('  du 11/04/2026 au 30/04/2026 : 1\u202f000,00\u00a0€ × 2,62\u00a0% × 20 jours / 365 = 1,44\u00a0€');
    expect(squash(m.text!)).toContain('à compter de notre mise en demeure du 10/04/2026');
    expect(m.text).not.toMatch(/à votre charge|sur justification|indemnit/);
  });
});

describe('a consumer in Belgium (Book XIX): a free first reminder, 14 days, then the legal rate and the damages of the scale', () => {
  let dir: string;
  beforeAll(() => {
    dir = firm(
      {
        'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', '2026/0042;B1;01/01/2026;31/01/2026;500,00'],
        'clients.csv': ['Code client;Nom;E-mail;Langue;Catégorie', 'B1;Luc Peeters;luc@peeters.example;fr;consommateur'],
      },
      { invoices: 'factures.csv', customers: 'clients.csv', country: 'BE', firm: BE_FIRM, policy: { consumerIndemnityAgreed: true } },
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends the free reminder first whatever the age, with its 14 days, the structured communication and what may follow', async () => {
    const j = await send(dir, '2026-03-10');
    expect(j.emails.map((e) => [e.level, e.interest, e.indemnity])).toEqual([[1, '0.00', '0.00']]);
    const m = lastTo('luc@peeters.example');
    // 2026/0042 → 0020260042, 20260042 mod 97 = 40: +++002/0260/04240+++
    expect(m.text).toContain('- 2026/0042 du 01/01/2026, échue le 31/01/2026 : 500,00\u00a0€ (38 jours de retard) — 1re relance — communication structurée +++002/0260/04240+++');
    // The scale on 500.00: 30 EUR + 10 % of 350.00 = 65.00.
    expect(squash(m.text!)).toContain(
      "Ce premier rappel est gratuit. Vous disposez d'un délai de 14 jours calendrier, à compter du jour qui suit l'envoi de ce message, pour payer 500,00 €. Passé ce délai, des intérêts de retard au taux d'intérêt légal (4,50 % l'an) et l'indemnité forfaitaire prévue par nos conditions générales (65,00 € au plus) pourront vous être réclamés, conformément au livre XIX du Code de droit économique.",
    );
    expect(m.text).toContain('Règlement par virement : IBAN BE68 5390 0754 7034, BIC BBRUBEBB, titulaire du compte : Atelier Janssens, communication structurée : +++002/0260/04240+++.');
    expect(m.text).toContain('Atelier Janssens SRL — Rue Haute 5, 1000 Bruxelles — BCE 0123.456.749 RPM Bruxelles — TVA BE0123456749');
    expect(m.text).not.toContain('simple oubli');
  });

  it('waits the 14 days and the delivery time, then charges nothing at level 2, and from level 3 the legal rate since the period ended', async () => {
    const early = await send(dir, '2026-03-20');
    expect(early.emails).toEqual([]);
    expect(early.skipped).toEqual([expect.objectContaining({ customer: 'B1', reason: 'deadline', detail: '2026-03-29' })]);
    expect((await send(dir, '2026-03-29')).emails.map((e) => [e.level, e.interest])).toEqual([[2, '0.00']]);
    const j = await send(dir, '2026-04-11');
    // Interest from 25/03 (10/03 + 14 days, + 1) to 11/04: 500.00 × 4.5 % × 18 / 365 = 1.11; damages 65.00.
    expect(j.emails.map((e) => [e.level, e.interest, e.indemnity])).toEqual([[3, '1.11', '65.00']]);
    const m = lastTo('luc@peeters.example');
    expect(squash(m.text!)).toContain(
      "Conformément au livre XIX du Code de droit économique, le délai de 14 jours qui suivait notre premier rappel gratuit du 10/03/2026 étant expiré, des intérêts de retard au taux d'intérêt légal (4,50 % l'an) courent depuis son expiration",
    );
    expect(m.text).toContain('  du 25/03/2026 au 11/04/2026 : 500,00\u00a0€ × 4,50\u00a0% × 18 jours / 365 = 1,11\u00a0€');
    expect(m.text).not.toMatch(/loi du 2 août 2002|40 EUR|sur justification/);
  });
});

describe('a public body in France: the intérêts moratoires of public procurement and 40 EUR', () => {
  it('holds the rate of the half-year the interest began in (ECB 2.15 % + 8 = 10.15 %) and says the public-procurement articles', async () => {
    const dir = firm(
      {
        'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', 'M1;MAIRIE;15/11/2025;15/12/2025;10000,00'],
        'clients.csv': ['Code client;Nom;E-mail;Langue;Type', 'MAIRIE;Commune de Bron;finances@bron.example;fr;administration'],
      },
      { invoices: 'factures.csv', customers: 'clients.csv', country: 'FR', firm: FIRM },
    );
    try {
      const j = await send(dir, '2026-03-15');
      // 10,000.00 × 10.15 % × 90 days (16/12/2025 to 15/03/2026) / 365 = 250.27, at the rate of H2 2025 throughout.
      expect(j.emails.map((e) => [e.level, e.customerType, e.interest, e.indemnity])).toEqual([[3, 'public', '250.27', '40.00']]);
      const m = lastTo('finances@bron.example');
      expect(m.text).toContain('  du 16/12/2025 au 15/03/2026 : 10\u202f000,00\u00a0€ × 10,15\u00a0% × 90 jours / 365 = 250,27\u00a0€');
      expect(squash(m.text!)).toContain('Conformément aux articles L2192-13, R2192-31 et D2192-35 du Code de la commande publique');
      expect(m.text).toContain('Total dû : 10\u202f290,27\u00a0€');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a backlog on the first run, a business in France', () => {
  let dir: string;
  beforeAll(() => {
    dir = firm(
      {
        'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', 'A1;K1;12/09/2025;12/10/2025;1200,00', 'A2;K1;05/04/2026;06/05/2026;300,00'],
        'clients.csv': ['Code client;Nom;E-mail;Langue', 'K1;Garage Roux SARL;compta@roux.example;fr'],
      },
      { invoices: 'factures.csv', customers: 'clients.csv', country: 'FR', firm: FIRM },
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a 246-day-old invoice with the formal notice and a 40-day-old one at level 2, in one e-mail', async () => {
    const j = await send(dir, '2026-06-15');
    const e = j.emails[0]!;
    expect(e.invoices.map((i) => [i.number, i.level])).toEqual([
      ['A1', 3],
      ['A2', 2],
    ]);
    // A1: 1,200.00 × 12.15 % × 246 / 365 = 98.27; A2: 300.00 × 12.15 % × 40 / 365 = 3.99.
    expect(e.invoices.map((i) => [i.number, i.interest, i.indemnity])).toEqual([
      ['A1', '98.27', '40.00'],
      ['A2', '3.99', '40.00'],
    ]);
    const m = lastTo('compta@roux.example');
    expect(m.text).toContain('Sauf erreur de notre part, les factures suivantes restent impayées :');
    expect(m.text).not.toMatch(/simple oubli|Malgré nos relances/);
  });

  it("then sends one letter at a time: nothing the next day, nothing before the notice's deadline, then the last notice", async () => {
    expect((await send(dir, '2026-06-16')).emails).toEqual([]);
    const waiting = await send(dir, '2026-06-27');
    expect(waiting.skipped).toEqual([expect.objectContaining({ customer: 'K1', reason: 'deadline', detail: '2026-06-28' })]);
    const last = await send(dir, '2026-06-28');
    expect(last.emails.map((e) => [e.level, e.invoices.map((i) => `${i.number}:${i.level}`)])).toEqual([[4, ['A1:4', 'A2:3']]]);
    const m = lastTo('compta@roux.example');
    expect(m.text).toContain('Notre mise en demeure du 15/06/2026 est restée sans effet.');
    // Only what the law allows: costs beyond the indemnity on proof, nothing "at your expense".
    expect(m.text).toContain("Les frais de recouvrement exposés au-delà de l'indemnité forfaitaire ne pourront vous être demandés que sur justification.");
    expect(m.text).not.toContain('à votre charge');
  });
});

describe('a rate past the published table: said everywhere, and no letter quotes it unless the config confirms it', () => {
  it('holds the formal notice back, says so in the table, the JSON and the journal; with confirmAssumedRates it goes and the journal says which half-year', async () => {
    const files = {
      'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', 'H1;Z1;01/06/2026;01/07/2026;1000,00'],
      'clients.csv': ['Code client;Nom;E-mail;Langue', 'Z1;Zèbre SAS;z@zebre.example;fr'],
    };
    const dir = firm(files, { invoices: 'factures.csv', customers: 'clients.csv', country: 'FR', firm: FIRM, policy: { firstContact: { 3: 90 } } });
    try {
      const table = await arInProcess(['remind', '--as-of', '2026-10-05'], { cwd: dir, env: env() });
      expect(table.stdout).toContain('Z1 Zèbre SAS — 1,000.00 EUR — rate not published (assumed): letter not sent (2026-H2)');
      expect(table.stdout).toContain('! Assumed rate for Z1 Zèbre SAS (statutory late-payment rate, 2026-H2): the last published rate is used; letter not sent');
      const held = await send(dir, '2026-10-05');
      expect(held.emails).toEqual([]);
      expect(held.assumedRates).toEqual([{ customer: 'Z1', table: 'commercial', halfYears: ['2026-H2'], sent: false }]);
      const log = JSON.parse((await arInProcess(['log', 'Z1', '--format', 'json'], { cwd: dir })).stdout) as { kind: string; detail: string }[];
      expect(log.map((r) => [r.kind, r.detail])).toEqual([['skip', 'assumed_rate: 2026-H2']]);
      writeFileSync(
        join(dir, 'ar.config.json'),
        JSON.stringify({ invoices: 'factures.csv', customers: 'clients.csv', country: 'FR', firm: FIRM, policy: { firstContact: { 3: 90 } }, confirmAssumedRates: true }),
      );
      const sent = await send(dir, '2026-10-05');
      // 1,000.00 × 12.15 % (H1 2026's, assumed for H2) × 96 days / 365 = 31.96
      expect(sent.emails.map((e) => [e.level, e.interest, e.assumedRates])).toEqual([[3, '31.96', ['2026-H2']]]);
      expect(sent.assumedRates).toEqual([{ customer: 'Z1', table: 'commercial', halfYears: ['2026-H2'], sent: true }]);
      const db = new DatabaseSync(join(dir, 'ar.db'), { readOnly: true });
      expect(db.prepare("SELECT assumed_rates AS a FROM contacts WHERE kind = 'reminder'").all()).toEqual([{ a: 'FR commercial 2026-H2' }]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what a payer needs, plurals, and the statement attached', () => {
  let dir: string;
  let j: RemindJson;
  beforeAll(async () => {
    dir = firm(
      {
        'factures.csv': [
          'N° facture;Code client;Date facture;Échéance;Montant TTC',
          'S1;S;01/01/2026;31/01/2026;600,00',
          'S2;S;01/03/2026;31/03/2026;200,00',
          'T1;T;01/05/2026;31/05/2026;99,00',
          'U1;U;01/05/2026;31/05/2026;10,00',
        ],
        'reglements.csv': ['Id;Date règlement;Code client;Montant;Réf. facture', 'R1;10/03/2026;S;-120,00;', 'R2;01/05/2026;S;100,00;S1'],
        'clients.csv': ['Code client;Nom;E-mail;Langue', 'S;Société Sud;s@sud.example;fr', 'T;Tea Ltd;t@tea.example;en', 'U;Unique SARL;u@unique.example;fr'],
      },
      { invoices: 'factures.csv', payments: 'reglements.csv', customers: 'clients.csv', country: 'FR', firm: { ...FIRM, name: 'Atelier Durand' } },
    );
    j = await send(dir, '2026-06-01');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names the firm in From:, gives the bank details and the firm's identity in the e-mail, and agrees in number", () => {
    const t = lastTo('t@tea.example');
    expect(t.from?.value).toEqual([{ name: 'Atelier Durand', address: 'compta@durand.example' }]);
    expect(t.subject).toBe('Friendly reminder: 1 overdue invoice — Atelier Durand');
    expect(t.text).toContain('- T1 of 1 May 2026, due 31 May 2026: €99.00 (1 day late) — first reminder');
    expect(t.text).toContain('Payment by bank transfer: IBAN FR76 3000 6000 0112 3456 7890 189, BIC AGRIFRPP, account holder: Atelier Durand SARL, quoting the invoice numbers.');
    expect(t.text).toContain('Atelier Durand SARL, with a share capital of 10 000 € — 12 rue des Forges, 69003 Lyon — SIREN 812 345 678 RCS Lyon — VAT FR12812345678');
    expect(j.emails.find((e) => e.customer === 'S')!.level).toBe(3);
    const u = lastTo('u@unique.example');
    expect(u.subject).toBe('Rappel amical : 1 facture échue — Atelier Durand');
    expect(u.text).toContain('Sauf erreur de notre part, la facture suivante reste impayée à ce jour :');
    expect(u.text).toContain('- U1 du 01/05/2026, échue le 31/05/2026 : 10,00\u00a0€ (1 jour de retard) — 1re relance');
  });

  it('attaches a statement that names the customer, labels every cell, shows the rejected payment as such, and carries the charges claimed', async () => {
    const s = lastTo('s@sud.example');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(s.attachments.find((a) => a.filename === 'releve-S.xlsx')!.content as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (r) =>
      rows.push((r.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v && typeof v === 'object' && 'result' in v ? (v as { result: number }).result : v))),
    );
    expect(rows[0]).toEqual(['Relevé de compte — Atelier Durand']);
    expect(rows[1]).toEqual(['Client', 'Société Sud (S)']);
    expect(rows[2]).toEqual(['Situation au', '2026-06-01']);
    expect(rows[5]).toEqual(['Pièce', 'Date', 'Échéance', 'Montant', 'Reste dû', 'Jours de retard', 'Relance', 'Intérêts de retard', 'Indemnité forfaitaire']);
    // S1 600.00 less 100.00 paid on 01/05: 500.00 open, 121 days late; the 100.00 earned interest until 01/05.
    const s1 = rows.find((r) => r[0] === 'S1')!;
    expect(s1.slice(0, 7)).toEqual(['S1', '2026-01-01', '2026-01-31', 600, 500, 121, 'mise en demeure']);
    const refund = rows.find((r) => String(r[0]).startsWith('Paiement rejeté'))!;
    expect(refund.slice(0, 6)).toEqual(['Paiement rejeté du 10/03/2026', '2026-03-10', undefined, 120, 120, 83]);
    expect(rows.find((r) => r[0] === 'Total')!.slice(4, 5)).toEqual([820]);
    const claimed = j.emails.find((e) => e.customer === 'S')!;
    expect(rows.find((r) => r[0] === 'Total')!.slice(7, 9)).toEqual([Number(claimed.interest), Number(claimed.indemnity)]);
  });
});

describe('ar letter and ar escalate', () => {
  let dir: string;
  beforeAll(() => {
    dir = firm(
      {
        'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', 'E1;G;01/10/2025;31/10/2025;2400,00', 'E2;G;01/11/2025;01/12/2025;600,00'],
        'clients.csv': ['Code client;Nom;E-mail;Langue;Adresse;Code postal;Ville', 'G;Garage Gilles SARL;g@gilles.example;fr;8 avenue Jean Jaurès;69007;Lyon'],
      },
      { invoices: 'factures.csv', customers: 'clients.csv', country: 'FR', firm: FIRM },
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the registered letter on demand, with the interest period by period, and records it', async () => {
    const r = await arInProcess(['letter', 'G', '--as-of', '2026-02-10'], { cwd: dir, env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Letter of formal notice for G: 2 item(s)');
    const text = squash(pdfText(join(dir, 'letters', 'mise-en-demeure-G-2026-02-10.pdf')));
    // E1: 2,400.00 × 12.15 % × 102 days / 365 = 81.49 (one line across the new year: the rate did not change); E2: 600.00 × 12.15 % × 71 / 365 = 14.18.
    expect(text).toContain('du 01/11/2025 au 10/02/2026 : 2 400,00 € × 12,15 % × 102 jours / 365 = 81,49 €');
    expect(text).toContain('du 02/12/2025 au 10/02/2026 : 600,00 € × 12,15 % × 71 jours / 365 = 14,18 €');
    expect(text).toContain('Total 3 000,00 € 95,67 € 80,00 €');
    expect(text).toContain('Garage Gilles SARL 8 avenue Jean Jaurès 69007 Lyon');
    const unknown = await arInProcess(['letter', 'NOPE', '--as-of', '2026-02-10'], { cwd: dir, env: env() });
    expect(unknown).toMatchObject({ code: 2, stderr: 'ar: "NOPE" is not a customer of clients.csv: nothing recorded\n' });
  });

  it('hands the debt over once the last notice has expired: a workbook and a PDF with every reminder and its Message-ID, never twice without --again', async () => {
    await send(dir, '2026-02-10');
    await send(dir, '2026-02-23');
    const none = await arInProcess(['escalate', '--all', '--as-of', '2026-03-01'], { cwd: dir, env: env() });
    expect(none.stdout).toBe('No customer to hand over: none has a last notice whose deadline has passed.\n');
    await arInProcess(['note', 'G', 'Appel du gérant : paiement promis fin février'], { cwd: dir, env: env() });
    const r = await arInProcess(['escalate', '--all', '--as-of', '2026-03-08'], { cwd: dir, env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Collection dossier for G: 2 item\(s\), 3,\d{3}\.\d\d EUR in all: .*dossier-G-2026-03-08\.xlsx and .*dossier-G-2026-03-08\.pdf/);
    const folder = join(dir, 'dossiers', 'G-2026-03-08');
    expect(readdirSync(folder).sort()).toEqual(['dossier-G-2026-03-08.pdf', 'dossier-G-2026-03-08.xlsx', 'mise-en-demeure-G-2026-02-10-2.pdf', 'mise-en-demeure-G-2026-02-10.pdf'].sort());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(folder, 'dossier-G-2026-03-08.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Collection dossier — customer G', 'Invoices', 'Interest', 'Reminders', 'Journal', 'Letters']);
    const cells = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return out;
    };
    expect(
      cells('Invoices')
        .slice(1)
        .map((r) => r.slice(0, 5)),
    ).toEqual([
      // Days are dates, amounts numbers: an accountant sorts and sums them.
      ['E1', utcDay('2025-10-01'), utcDay('2025-10-31'), 2400, 2400],
      ['E2', utcDay('2025-11-01'), utcDay('2025-12-01'), 600, 600],
    ]);
    expect(wb.getWorksheet('Invoices')!.getRow(2).getCell(2).numFmt).toBe('dd/mm/yyyy');
    const reminders = cells('Reminders').slice(1);
    expect(reminders.map((r) => [r[0], r[1], r[2]])).toEqual([
      [utcDay('2026-02-10'), 'letter of formal notice', 3],
      [utcDay('2026-02-10'), 'reminder', 3],
      [utcDay('2026-02-10'), 'letter of formal notice', 3],
      [utcDay('2026-02-23'), 'reminder', 4],
    ]);
    for (const row of reminders.filter((x) => x[1] === 'reminder')) expect(String(row[5])).toMatch(/^<ar\.\d+\.\d+\.[a-z0-9]+@durand\.example>$/);
    expect(
      cells('Journal')
        .slice(1)
        .map((r) => [r[1], r[3]]),
    ).toEqual([['note', 'Appel du gérant : paiement promis fin février']]);
    const text = squash(pdfText(join(folder, 'dossier-G-2026-03-08.pdf')));
    expect(text).toContain('Collection dossier — customer G');
    expect(text).toContain('injonction de payer');
    // The PDF, for people: days and amounts as its reader writes them.
    expect(text).toContain('1 Oct 2025');
    expect(text).toContain('2,400.00');
    expect(cells('Collection dossier — customer G').find((r) => r[0] === 'Principal')?.[1]).toMatch(/^3,\d{3}\.\d\d$/);
    expect(text).not.toContain('2025-10-01');
    const again = await arInProcess(['escalate', 'G', '--as-of', '2026-03-09'], { cwd: dir, env: env() });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^ar: G: E1, E2 already handed over on 8 Mar 2026 \(.*\): nothing written; --again to write a second dossier for the same debt\n$/);
    expect((await arInProcess(['escalate', 'G', '--as-of', '2026-03-09', '--again'], { cwd: dir, env: env() })).code).toBe(0);
    const log = JSON.parse((await arInProcess(['log', 'G', '--format', 'json'], { cwd: dir })).stdout) as { kind: string }[];
    expect(log.filter((x) => x.kind === 'escalation')).toHaveLength(2);
  });
});

describe('the journal commands', () => {
  let dir: string;
  beforeAll(() => {
    dir = firm(
      {
        'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', 'J1;C1;01/01/2026;31/01/2026;100,00', 'J2;C2;01/01/2026;31/01/2026;100,00'],
        'clients.csv': ['Code client;Nom;E-mail;Langue', 'C1;Un SARL;un@un.example;fr', 'C2;Deux SARL;deux@deux.example;fr'],
      },
      { invoices: 'factures.csv', customers: 'clients.csv', country: 'FR', firm: FIRM },
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('say what they recorded and for whom, close a dispute under its customer, read --until as the ledgers do, refuse an unknown customer', async () => {
    const d = await arInProcess(['dispute', 'j1', '--reason', 'livraison incomplète'], { cwd: dir });
    expect(d).toEqual({ code: 0, stdout: 'Dispute recorded: invoice j1, customer C1 (livraison incomplète): no reminder for it until the dispute is closed (ar dispute j1 --close).\n', stderr: '' });
    const c = await arInProcess(['dispute', 'J1', '--close', '--lang', 'fr'], { cwd: dir });
    expect(c).toEqual({ code: 0, stdout: 'Litige clos : facture j1, client C1 : les relances reprennent.\n', stderr: '' });
    const p = await arInProcess(['promise', 'C2', '--until', '30/11/2026', '--amount', '50'], { cwd: dir });
    expect(p).toEqual({ code: 0, stdout: 'Promise recorded: customer C2, every invoice it owes, until 30 Nov 2026 (50.00 promised): no reminder until then.\n', stderr: '' });
    const bad = await arInProcess(['promise', 'C2', '--until', '31/02/2026'], { cwd: dir });
    expect(bad).toMatchObject({ code: 1, stderr: 'ar: --until: "31/02/2026" is not a date (write 2026-11-30, 30/11/2026, 30.11.2026 or 20261130)\n' });
    const n = await arInProcess(['note', 'C1', 'Appel : règlement la semaine prochaine'], { cwd: dir });
    expect(n).toEqual({ code: 0, stdout: 'Note recorded for customer C1: Appel : règlement la semaine prochaine\n', stderr: '' });
    const typo = await arInProcess(['note', 'C9', 'perdu'], { cwd: dir });
    expect(typo).toMatchObject({ code: 2, stdout: '', stderr: 'ar: "C9" is not a customer of factures.csv: nothing recorded\n' });
    const log = JSON.parse((await arInProcess(['log', '--format', 'json'], { cwd: dir })).stdout) as { customerId: string; kind: string; detail: string }[];
    expect(log.map((r) => [r.customerId, r.kind, r.detail])).toEqual([
      ['C1', 'dispute', 'j1: livraison incomplète'],
      ['C1', 'dispute_closed', 'j1'],
      ['C2', 'promise', 'C2 → 2026-11-30'],
      ['C1', 'note', 'Appel : règlement la semaine prochaine'],
    ]);
    // For people, the day a promise runs to in the reader's form, as every date of the table.
    const people = await arInProcess(['log', 'C2', '--lang', 'fr'], { cwd: dir });
    expect(people.stdout).toContain('C2 → 30/11/2026');
    expect(people.stdout).not.toContain('2026-11-30');
  });

  it('keeps ar log readable: a daily run that finds a customer as before records no new skip', async () => {
    for (const day of ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']) await arInProcess(['remind', '--outbox', 'out', '--as-of', day], { cwd: dir, env: env() });
    const rows = JSON.parse((await arInProcess(['log', 'C1', '--format', 'json'], { cwd: dir })).stdout) as { kind: string; day: string }[];
    // 01/03: the reminder; 02/03 to 05/03: one skip line, the day it began, not four.
    expect(rows.filter((r) => r.kind === 'reminder').map((r) => r.day)).toEqual(['2026-03-01']);
    expect(rows.filter((r) => r.kind === 'skip').map((r) => r.day)).toEqual(['2026-03-02']);
  });
});

describe('a daily cron over 60 days', () => {
  it("never sends a level before the last letter's deadline and the delivery time, nor two e-mails within the minimum gap", async () => {
    const dir = firm(
      {
        'factures.csv': [
          'N° facture;Code client;Date facture;Échéance;Montant TTC',
          'D1;X1;01/12/2025;31/12/2025;100,00',
          'D2;X1;15/01/2026;14/02/2026;50,00',
          'D3;X2;01/08/2025;01/09/2025;700,00',
          'D4;X3;01/12/2025;15/01/2026;80,00',
        ],
        'clients.csv': ['Code client;Nom;E-mail;Langue;Type', 'X1;Un;x1@x.example;fr;B2B', 'X2;Deux;x2@x.example;en;B2B', 'X3;Trois;x3@x.example;fr;particulier'],
      },
      { invoices: 'factures.csv', customers: 'clients.csv', country: 'FR', firm: FIRM },
    );
    try {
      const sent: { day: number; customer: string; level: number }[] = [];
      const start = Date.UTC(2026, 0, 1) / 86400000;
      for (let n = 0; n < 60; n++) {
        const asOf = new Date((start + n) * 86400000).toISOString().slice(0, 10);
        const j = await send(dir, asOf);
        for (const e of j.emails) sent.push({ day: start + n, customer: e.customer, level: e.level });
      }
      const deadline = { 1: null, 2: 8, 3: 8, 4: 8 } as Record<number, number | null>;
      let gaps = 0;
      for (const c of ['X1', 'X2', 'X3']) {
        const mine = sent.filter((s) => s.customer === c);
        expect(mine.length, c).toBeGreaterThan(1);
        for (let i = 1; i < mine.length; i++) {
          const [a, b] = [mine[i - 1]!, mine[i]!];
          expect(b.day - a.day, `${c} ${a.level}→${b.level}`).toBeGreaterThanOrEqual(7);
          if (b.level > a.level && deadline[a.level] !== null) expect(b.day - a.day, `${c} ${a.level}→${b.level}`).toBeGreaterThanOrEqual(deadline[a.level]! + 4 + 1);
          expect(b.level - a.level, c).toBeLessThanOrEqual(1);
          gaps++;
        }
      }
      // X2 opens with the formal notice (122 days late on 01/01), then the last notice 13 days later, then nothing.
      expect(sent.filter((s) => s.customer === 'X2').map((s) => [s.day - start, s.level])).toEqual([
        [0, 3],
        [13, 4],
      ]);
      expect(gaps).toBeGreaterThanOrEqual(5);
      expect(smtp.received.length).toBeGreaterThanOrEqual(sent.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

/**
 * Interest on what was paid late needs to know when each portion was paid: the allocation gives each
 * debit its settlements (the credits that paid it, in order), checked here before relying on them.
 */
const settlementsLanded = await (async () => {
  const { allocatePayments } = await import('../../src/core/allocate.ts');
  const { inv, pay } = await import('../helpers/build.ts');
  const a = allocatePayments([inv('F', 'C', '2026-01-01', '2026-01-31', 100)], [pay('P', 'C', '2026-02-01', 100, ['F'])], day(20500));
  return 'settlements' in a.accounts[0]!.debits[0]!;
})();

describe.skipIf(!settlementsLanded)('interest on what was paid late, portion by portion', () => {
  it("charges 10,000.00 due 2025-03-15 with 4,000.00 paid 2025-09-30 1,542.57 as of 2026-11-30 (the contract's example), and shows an invoice paid late in full", async () => {
    const dir = firm(
      {
        'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', 'Q1;Q;13/02/2025;15/03/2025;10000,00', 'Q0;Q;01/01/2025;31/01/2025;1000,00'],
        'reglements.csv': ['Id;Date règlement;Code client;Montant;Réf. facture', 'R1;30/09/2025;Q;4000,00;Q1', 'R0;02/03/2025;Q;1000,00;Q0'],
        'clients.csv': ['Code client;Nom;E-mail;Langue', 'Q;Quai SARL;q@quai.example;fr'],
      },
      { invoices: 'factures.csv', payments: 'reglements.csv', customers: 'clients.csv', country: 'FR', firm: FIRM, lateInterestRates: { FR: { '2026-H2': 12.15 } }, policy: { claimPaidLate: true } },
    );
    try {
      const j = await send(dir, '2026-11-30');
      const e = j.emails[0]!;
      expect(e.invoices.map((i) => [i.number, i.interest])).toEqual([['Q1', '1542.57']]);
      // Q0 paid on 02/03/2025, 30 days late: 1,000.00 × 13.15 % × 30 / 365 = 10.81, and 40.00; claimed (claimPaidLate).
      expect([e.interest, e.indemnity]).toEqual(['1553.38', '80.00']);
      const m = lastTo('q@quai.example');
      expect(m.text).toContain('- Q0, échue le 31/01/2025, payée le 02/03/2025 (30 jours de retard) : intérêts de retard : 10,81\u00a0€ ; indemnité forfaitaire : 40,00\u00a0€');
      expect(m.text).toContain('  du 16/03/2025 au 30/06/2025 : 10\u202f000,00\u00a0€ × 13,15\u00a0% × 107 jours / 365 = 385,49\u00a0€');
      expect(m.text).toContain('  du 01/10/2025 au 30/11/2026 : 6\u202f000,00\u00a0€ × 12,15\u00a0% × 426 jours / 365 = 850,83\u00a0€');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('by default shows an invoice paid late in full in the statement, marked as not claimed, and claims only the open ones', async () => {
    const dir = firm(
      {
        'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', 'V1;V;01/01/2026;31/01/2026;300,00', 'V0;V;01/12/2025;31/12/2025;1000,00'],
        'reglements.csv': ['Id;Date règlement;Code client;Montant;Réf. facture', 'R0;30/01/2026;V;1000,00;V0'],
        'clients.csv': ['Code client;Nom;E-mail;Langue', 'V;Vert SARL;v@vert.example;fr'],
      },
      { invoices: 'factures.csv', payments: 'reglements.csv', customers: 'clients.csv', country: 'FR', firm: FIRM },
    );
    try {
      const j = await send(dir, '2026-05-15');
      // V1: 300.00 × 12.15 % × 104 / 365 = 10.39, and 40.00; V0 (paid 30 days late: 1,000.00 × 12.15 % × 30 / 365 = 9.99) is not claimed.
      expect(j.emails.map((e) => [e.level, e.interest, e.indemnity])).toEqual([[3, '10.39', '40.00']]);
      // Unclaimed, it is still stated, in the JSON as in the statement (the plan makes the list when it is read).
      expect(j.emails[0]!.paidLate.map((p) => [p.number, p.interest, p.indemnity])).toEqual([['V0', '9.99', '40.00']]);
      const m = lastTo('v@vert.example');
      expect(m.text).not.toContain('V0');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(m.attachments.find((a) => a.filename === 'releve-V.xlsx')!.content as unknown as ArrayBuffer);
      const rows: unknown[][] = [];
      wb.worksheets[0]!.eachRow((r) =>
        rows.push((r.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v && typeof v === 'object' && 'result' in v ? (v as { result: number }).result : v))),
      );
      expect(rows).toContainEqual(['Factures payées en retard (pour information : non réclamé dans ce courrier)']);
      expect(rows).toContainEqual(['V0', '2025-12-31', '2026-01-30', 1000, 30, 9.99, 40]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a character the letter's font cannot print", () => {
  it('stops the letter with one line naming it, rather than print a blank', async () => {
    const dir = firm(
      {
        'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', 'W1;W;01/01/2026;31/01/2026;100,00'],
        'clients.csv': ['Code client;Nom;E-mail;Langue', 'W;東京商事;w@tokyo.example;fr'],
      },
      { invoices: 'factures.csv', customers: 'clients.csv', country: 'FR', firm: FIRM },
    );
    try {
      const r = await arInProcess(['letter', 'W', '--as-of', '2026-03-01'], { cwd: dir, env: env() });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        'ar: mise-en-demeure-W-2026-03-01.pdf: the recipient holds "東" (U+6771), which the letter\'s font (DejaVu Sans) cannot print: "東京商事"; write it otherwise in the ledger or the config\n',
      );
      expect(existsSync(join(dir, 'letters'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('an invoice paid in installments (docs/accounting.md §1.12)', () => {
  it('is reminded installment by installment, each by its own due date; a promise on the invoice holds them all', async () => {
    const dir = firm(
      {
        'factures.csv': [
          'N° facture;Code client;Date facture;Échéance;Montant TTC',
          'F1;C1;01/09/2026;01/10/2026;500,00',
          'F1;C1;01/09/2026;01/11/2026;500,00',
          'F1;C1;01/09/2026;01/12/2026;500,00',
          'J2;C2;01/09/2026;01/10/2026;300,00',
        ],
        'clients.csv': ['Code client;Nom;E-mail;Langue', 'C1;Un SARL;un@un.example;fr', 'C2;Deux SARL;deux@deux.example;fr'],
      },
      { invoices: 'factures.csv', customers: 'clients.csv', country: 'FR', firm: FIRM },
    );
    const dry = async () => JSON.parse((await arInProcess(['remind', '--as-of', '2026-11-20', '--format', 'json'], { cwd: dir })).stdout) as RemindJson;
    // As of 20 November, the third installment is not due: the letter asks for the first two.
    const before = await dry();
    expect(before.emails.map((e) => [e.customer, e.invoices.map((i) => i.number)])).toEqual([
      ['C1', ['F1', 'F1 (2)']],
      ['C2', ['J2']],
    ]);
    expect((await arInProcess(['promise', 'F1', '--until', '2027-01-31'], { cwd: dir })).code).toBe(0);
    const after = await dry();
    expect(after.emails.map((e) => e.customer)).toEqual(['C2']);
    expect(after.skipped.map((s) => [s.customer, s.reason])).toEqual([['C1', 'promise']]);
    rmSync(dir, { recursive: true, force: true });
  });
});
