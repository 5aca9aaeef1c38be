import { cp1252, tempDir, writeFiles } from './run.ts';

/**
 * The small firm of test/cli/remind.test.ts, whose every reminder is known by hand. As of
 * 2026-10-31, `ar remind --send` sends three e-mails: C1 (compta@dupont.example, cc direction@),
 * C2 (ap@smith.example) and C9 (boekhouding@janssens.example); C7 is under a promise only when the
 * test records it (`ar promise F8 --until 2026-11-15`), else it gets a fourth.
 */
export const FACTURES = [
  'N° facture;Code client;Client;Date facture;Échéance;Montant TTC;Statut',
  'F1;C1;Dupont SARL;02/08/2026;01/09/2026;100,00;',
  'F2;C1;Dupont SARL;20/09/2026;20/10/2026;50,00;',
  'F3;C2;Smith Ltd;01/09/2026;01/10/2026;200,00;',
  'F4;C3;Ne Pas Relancer SA;01/09/2026;01/10/2026;70,00;',
  'F5;C4;Sans Adresse EURL;01/09/2026;01/10/2026;60,00;',
  'F6;C5;Créditeur SAS;01/09/2026;01/10/2026;100,00;',
  'F7;C6;Litige SARL;01/09/2026;01/10/2026;90,00;Litige',
  'F8;C7;Promesse SA;01/09/2026;01/10/2026;40,00;',
  'F10;C9;Janssens BV;15/09/2026;15/10/2026;80,00;',
  'F11;C1;Dupont SARL;15/10/2026;30/11/2026;30,00;',
].join('\r\n');
export const REGLEMENTS = ['Date règlement;Code client;Montant;Réf. facture', '15/10/2026;C5;150,00;'].join('\r\n');
export const CLIENTS = [
  'Code client;Raison sociale;E-mail;Copie;Langue;Ne pas relancer',
  'C1;Dupont SARL;compta@dupont.example;direction@dupont.example;fr;',
  'C2;Smith Ltd;ap@smith.example;;en;',
  'C3;Ne Pas Relancer SA;x@npr.example;;fr;oui',
  'C4;Sans Adresse EURL;;;fr;',
  'C5;Créditeur SAS;c@credit.example;;fr;',
  'C6;Litige SARL;l@litige.example;;fr;',
  'C7;Promesse SA;p@promesse.example;;fr;',
  'C9;Janssens BV;boekhouding@janssens.example;;nl;',
].join('\r\n');
/**
 * The firm opens every exchange with the friendly reminder (`firstContact: {}`: these tests are about
 * sending, not about a backlog), and gives the rate of H2 2026 itself (the shipped table ends with the
 * last half-year whose publication was checked).
 */
export const CONFIG = {
  invoices: 'factures.csv',
  payments: 'reglements.csv',
  customers: 'clients.csv',
  country: 'FR',
  policy: { firstContact: {} },
  lateInterestRates: { FR: { '2026-H2': 12.15 } },
  firm: { name: 'Atelier Durand SARL', email: 'compta@durand.example', iban: 'FR76 3000 6000 0112 3456 7890 189', phone: '01 23 45 67 89', signature: 'Service comptabilité' },
};

/** A fresh folder holding the small firm's ledgers and config. */
export function smallFirm(prefix = 'ar-remind-'): string {
  const dir = tempDir(prefix);
  writeFiles(dir, { 'factures.csv': cp1252(FACTURES), 'reglements.csv': cp1252(REGLEMENTS), 'clients.csv': cp1252(CLIENTS), 'ar.config.json': JSON.stringify(CONFIG) });
  return dir;
}
