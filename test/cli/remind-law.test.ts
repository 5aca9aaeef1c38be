import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import ExcelJS from 'exceljs';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arAsync, tempDir, writeFiles } from '../helpers/run.ts';
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
  name: 'Atelier Durand', legalForm: 'SARL', capital: '10 000 €', address: '12 rue des Forges\n69003 Lyon', siren: '812 345 678', rcs: 'Lyon',
  vat: 'FR12812345678', iban: 'FR76 3000 6000 0112 3456 7890 189', bic: 'AGRIFRPP', accountHolder: 'Atelier Durand SARL', email: FROM, phone: '04 78 00 00 00',
  signature: 'Claire Durand\nService comptabilité',
};
const BE_FIRM = {
  name: 'Atelier Janssens', legalForm: 'SRL', address: 'Rue Haute 5\n1000 Bruxelles', bce: '0123.456.749', rpm: 'Bruxelles', vat: 'BE0123456749',
  iban: 'BE68 5390 0754 7034', bic: 'BBRUBEBB', email: FROM, signature: 'Marc Janssens',
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
  const r = await arAsync(['remind', '--send', '--as-of', asOf, '--format', 'json', ...extra], { cwd: dir, env: env() });
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return JSON.parse(r.stdout) as RemindJson;
};
const mailsTo = (addr: string): ParsedMail[] => smtp.received.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.value : []).some((v) => v.address === addr));
const lastTo = (addr: string): ParsedMail => mailsTo(addr).slice(-1)[0]!;
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const squash = (s: string) => s.replace(/\s+/g, ' ');

interface RemindJson {
  emails: { customer: string; level: number; customerType: string; assumedRates: string[]; interest: string; indemnity: string; invoices: { number: string; level: number; interest: string; indemnity: string; periods: { from: string; to: string; days: number; base: string; rate: string; interest: string }[] }[] }[];
  skipped: { customer: string; reason: string; detail: string | null }[];
  assumedRates: { customer: string; table: string; halfYears: string[]; sent: boolean }[];
}

describe('a consumer in France: the legal rate from the formal notice, no indemnity', () => {
  let dir: string;
  beforeAll(() => {
    dir = firm({
      'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', 'P1;C1;01/12/2025;31/12/2025;1000,00'],
      'clients.csv': ['Code client;Nom;E-mail;Langue;Type;Adresse;Code postal;Ville', 'C1;Marie Martin;marie@martin.example;fr;Particulier;3 impasse des Lilas;69100;Villeurbanne'],
    }, { invoices: 'factures.csv', customers: 'clients.csv', country: 'FR', firm: FIRM });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a 100-day-old debt with a formal notice that states the legal rate running from it, and a registered letter', async () => {
    const j = await send(dir, '2026-04-10');
    expect(j.emails.map((e) => [e.customer, e.level, e.customerType, e.interest, e.indemnity])).toEqual([['C1', 3, 'consumer', '0.00', '0.00']]);
    const m = lastTo('marie@martin.example');
    expect(m.subject).toBe('Mise en demeure de payer — Atelier Durand');
    expect(m.text).toContain('- P1 du 01/12/2025, échue le 31/12/2025 : 1\u202f000,00\u00a0€ — mise en demeure\n');
    expect(squash(m.text!)).toContain("Conformément à l'article 1231-6 du Code civil, les sommes dues portent intérêt au taux de l'intérêt légal (2,62 % l'an pour le semestre en cours) à compter de la présente mise en demeure.");
    expect(m.text).not.toMatch(/L441-10|indemnité forfaitaire|40 EUR|frais de recouvrement/);
    expect(m.text).toContain('Par la présente, nous vous mettons en demeure de nous régler la somme de 1\u202f000,00\u00a0€ dans un délai de 8 jours à compter de la réception de ce courrier.');
    const pdf = m.attachments.find((a) => a.filename === 'mise-en-demeure-C1-2026-04-10.pdf');
    expect(pdf).toBeDefined();
    const letters = readdirSync(join(dir, 'letters'));
    expect(letters).toEqual(['mise-en-demeure-C1-2026-04-10.pdf']);
    const text = squash(pdfText(join(dir, 'letters', letters[0]!)));
    for (const s of ['Lettre recommandée avec demande d’avis de réception', 'Marie Martin 3 impasse des Lilas 69100 Villeurbanne', 'Lyon, le 10/04/2026', 'Objet : mise en demeure de payer', '1231-6', 'P1', '31/12/2025', '1 000,00 €', 'IBAN FR76 3000 6000 0112 3456 7890 189', 'BIC AGRIFRPP', 'titulaire du compte : Atelier Durand SARL', 'Claire Durand', 'SIREN 812 345 678 RCS Lyon']) expect(text, s).toContain(s);
    const log = JSON.parse((await arAsync(['log', 'C1', '--format', 'json'], { cwd: dir })).stdout) as { kind: string; level: number; detail: string }[];
    expect(log.map((r) => [r.kind, r.level])).toEqual([['reminder', 3], ['letter', 3]]);
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
    dir = firm({
      'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', '2026/0042;B1;01/01/2026;31/01/2026;500,00'],
      'clients.csv': ['Code client;Nom;E-mail;Langue;Catégorie', 'B1;Luc Peeters;luc@peeters.example;fr;consommateur'],
    }, { invoices: 'factures.csv', customers: 'clients.csv', country: 'BE', firm: BE_FIRM, policy: { consumerIndemnityAgreed: true } });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends the free reminder first whatever the age, with its 14 days, the structured communication and what may follow', async () => {
    const j = await send(dir, '2026-03-10');
    expect(j.emails.map((e) => [e.level, e.interest, e.indemnity])).toEqual([[1, '0.00', '0.00']]);
    const m = lastTo('luc@peeters.example');
    // 2026/0042 → 0020260042, 20260042 mod 97 = 40: +++002/0260/04240+++
    expect(m.text).toContain('- 2026/0042 du 01/01/2026, échue le 31/01/2026 : 500,00\u00a0€ (38 jours de retard) — 1re relance — communication structurée +++002/0260/04240+++');
    // The scale on 500.00: 30 EUR + 10 % of 350.00 = 65.00.
    expect(squash(m.text!)).toContain("Ce premier rappel est gratuit. Vous disposez d'un délai de 14 jours calendrier, à compter du jour qui suit l'envoi de ce message, pour payer 500,00 €. Passé ce délai, des intérêts de retard au taux d'intérêt légal (4,50 % l'an) et l'indemnité forfaitaire prévue par nos conditions générales (65,00 € au plus) pourront vous être réclamés, conformément au livre XIX du Code de droit économique.");
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
    expect(squash(m.text!)).toContain("Conformément au livre XIX du Code de droit économique, le délai de 14 jours qui suivait notre premier rappel gratuit du 10/03/2026 étant expiré, des intérêts de retard au taux d'intérêt légal (4,50 % l'an) courent depuis son expiration");
    expect(m.text).toContain('  du 25/03/2026 au 11/04/2026 : 500,00\u00a0€ × 4,50\u00a0% × 18 jours / 365 = 1,11\u00a0€');
    expect(m.text).not.toMatch(/loi du 2 août 2002|40 EUR|sur justification/);
  });
});

describe('a public body in France: the intérêts moratoires of public procurement and 40 EUR', () => {
  it('holds the rate of the half-year the interest began in (ECB 2.15 % + 8 = 10.15 %) and says the public-procurement articles', async () => {
    const dir = firm({
      'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', 'M1;MAIRIE;15/11/2025;15/12/2025;10000,00'],
      'clients.csv': ['Code client;Nom;E-mail;Langue;Type', 'MAIRIE;Commune de Bron;finances@bron.example;fr;administration'],
    }, { invoices: 'factures.csv', customers: 'clients.csv', country: 'FR', firm: FIRM });
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
    dir = firm({
      'factures.csv': ['N° facture;Code client;Date facture;Échéance;Montant TTC', 'A1;K1;12/09/2025;12/10/2025;1200,00', 'A2;K1;05/04/2026;06/05/2026;300,00'],
      'clients.csv': ['Code client;Nom;E-mail;Langue', 'K1;Garage Roux SARL;compta@roux.example;fr'],
    }, { invoices: 'factures.csv', customers: 'clients.csv', country: 'FR', firm: FIRM });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a 246-day-old invoice with the formal notice and a 40-day-old one at level 2, in one e-mail', async () => {
    const j = await send(dir, '2026-06-15');
    const e = j.emails[0]!;
    expect(e.invoices.map((i) => [i.number, i.level])).toEqual([['A1', 3], ['A2', 2]]);
    // A1: 1,200.00 × 12.15 % × 246 / 365 = 98.27; A2: 300.00 × 12.15 % × 40 / 365 = 3.99.
    expect(e.invoices.map((i) => [i.number, i.interest, i.indemnity])).toEqual([['A1', '98.27', '40.00'], ['A2', '3.99', '40.00']]);
    const m = lastTo('compta@roux.example');
    expect(m.text).toContain('Sauf erreur de notre part, les factures suivantes restent impayées :');
    expect(m.text).not.toMatch(/simple oubli|Malgré nos relances/);
  });

  it('then sends one letter at a time: nothing the next day, nothing before the notice\'s deadline, then the last notice', async () => {
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
