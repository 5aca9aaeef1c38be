/**
 * Generates the hand-checkable fixture ledger of "Atelier Durand SARL" (see fixtures/README.md):
 * fixtures/factures.csv, reglements.csv, clients.csv (as French Excel saves "CSV (séparateur:
 * point-virgule)": windows-1252, `;`, CRLF, decimal comma, dd/mm/yyyy), the same data as
 * fixtures/grand-livre.xlsx, and fixtures/README.md. Seeded and deterministic: rerunning gives
 * byte-identical CSVs.
 *
 *   node scripts/make-fixtures.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { mulberry32 } from './seeded-random.ts';

const OUT = join(import.meta.dirname, '..', 'fixtures');
const SEED = 20261031;

const rng = mulberry32(SEED);
const randInt = (lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
function pick<T>(xs: readonly T[]): T {
  const x = xs[Math.floor(rng() * xs.length)];
  if (x === undefined) throw new Error('pick from empty list');
  return x;
}

// ---- days (UTC day numbers) ----
const MS = 86400000;
const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / MS;
const ymd = (dn: number): [number, number, number] => {
  const d = new Date(dn * MS);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
};
const endOfMonth = (dn: number): number => {
  const [y, m] = ymd(dn);
  return Date.UTC(y, m, 0) / MS;
};
const dow = (dn: number): number => (((dn + 4) % 7) + 7) % 7; // 0 = Sunday
const weekdayFwd = (dn: number): number => (dow(dn) === 6 ? dn + 2 : dow(dn) === 0 ? dn + 1 : dn);
const weekdayBack = (dn: number): number => (dow(dn) === 6 ? dn - 1 : dow(dn) === 0 ? dn - 2 : dn);
const fmtDate = (dn: number): string => {
  const [y, m, d] = ymd(dn);
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
};
const isoDate = (dn: number): string => new Date(dn * MS).toISOString().slice(0, 10);
const fmtCents = (c: number): string => {
  const a = Math.abs(c);
  return `${c < 0 ? '-' : ''}${Math.floor(a / 100)},${String(a % 100).padStart(2, '0')}`;
};
const START = day(2025, 5, 1);
const END = day(2026, 10, 31);
const AS_OF = END;
const LAST_PAYMENT = day(2026, 11, 20);

// ---- customers ----
type Terms = '30' | '45FDM' | '60' | '30FDM' | '0';
type Mode = 'Virement' | 'Chèque' | 'LCR' | 'Prélèvement' | 'Espèces';
type Profile = 'late' | 'ontime' | 'early' | 'group' | 'difficult';
interface Customer {
  code: string;
  name: string;
  lang: string;
  terms: Terms;
  mode: Mode;
  profile: Profile;
  weight: number;
  plafond: number | null;
  emails: string[];
  copy: string;
  noRemind: boolean;
}
const EARLY = 'C007',
  DIFFICULT = 'C013',
  OVERPAYER = 'C021',
  NO_REMIND = 'C029',
  NO_EMAIL = 'C034',
  BAD_EMAIL = 'C036';
const CUSTOMER_SPECS: [string, string, string, Terms, Mode, Profile, number][] = [
  ['C001', 'Boulangerie Lefèvre SARL', 'fr', '30', 'Virement', 'late', 1.2],
  ['C002', 'Menuiserie Gauthier SAS', 'fr', '45FDM', 'Virement', 'ontime', 1.0],
  ['C003', 'Transports Moreau et Fils SA', 'fr', '60', 'Virement', 'group', 1.8],
  ['C004', 'Garage du Centre EURL', 'fr', '30', 'Chèque', 'late', 0.8],
  ['C005', 'Bouwwerken Janssens SRL', 'nl', '30', 'Virement', 'late', 1.1],
  ['C006', 'Imprimerie Rousseau SAS', 'fr', '30FDM', 'Virement', 'late', 1.0],
  [EARLY, 'Pharmacie Bélanger SARL', 'fr', '30', 'Virement', 'early', 1.0],
  ['C008', 'Éditions du Rivage SAS', 'fr', '60', 'Virement', 'group', 1.4],
  ['C009', 'Hôtel Beauséjour SA', 'fr', '30', 'Virement', 'late', 0.9],
  ['C010', 'Verhaegen Logistics SRL', 'en', '30', 'Virement', 'late', 1.0],
  ['C011', 'Cave à Vins Dubois EURL', 'fr', '0', 'Chèque', 'late', 0.6],
  ['C012', 'Électricité Martin SARL', 'fr', '45FDM', 'Virement', 'late', 1.2],
  [DIFFICULT, 'Constructions Mercier SAS', 'fr', '30', 'LCR', 'difficult', 2.6],
  ['C014', 'Plomberie Lambert EURL', 'fr', '30', 'Chèque', 'late', 0.8],
  ['C015', 'Agence Créa’Pixel SAS', 'fr', '30', 'Virement', 'late', 0.7],
  ['C016', 'Peeters & Claes SRL', 'nl', '60', 'Virement', 'group', 1.3],
  ['C017', 'Durand; Petit & Associés SARL', 'fr', '30', 'Virement', 'late', 0.9],
  ['C018', "L'Atelier Gourmand SARL", 'fr', '30', 'Chèque', 'late', 0.7],
  ['C019', 'Maison Renard SA', 'fr', '45FDM', 'Virement', 'ontime', 1.1],
  ['C020', 'Jardins de Wallonie SRL', 'fr', '30', 'Virement', 'late', 0.9],
  [OVERPAYER, 'Clinique vétérinaire Aubry SARL', 'fr', '30', 'Virement', 'ontime', 0.5],
  ['C022', 'Fromagerie Vandamme SRL', 'nl', '30FDM', 'Virement', 'late', 0.8],
  ['C023', 'Cabinet Fournier Conseil SAS', 'fr', '30', 'Virement', 'late', 0.7],
  ['C024', 'Boucherie Girard EURL', 'fr', '0', 'Chèque', 'late', 0.6],
  ['C025', 'Sanitaires Delcourt SA', 'fr', '60', 'Prélèvement', 'ontime', 1.2],
  ['C026', 'Ateliers Mécaniques de Namur SA', 'fr', '45FDM', 'Virement', 'group', 1.5],
  ['C027', 'Café de la Gare SARL', 'fr', '30', 'Chèque', 'late', 0.6],
  ['C028', 'De Smet Elektro SRL', 'nl', '30', 'Virement', 'late', 0.9],
  [NO_REMIND, 'Serrurerie Bonnet EURL', 'fr', '30', 'Virement', 'late', 0.8],
  ['C030', 'Nordic Trade Liège SA', 'en', '60', 'Virement', 'group', 1.2],
  ['C031', 'Carrelages Roux SAS', 'fr', '30FDM', 'Prélèvement', 'ontime', 1.0],
  ['C032', 'Pâtisserie Chevalier SARL', 'fr', '30', 'Virement', 'late', 0.7],
  ['C033', 'Van Acker Bouw SRL', 'nl', '45FDM', 'Virement', 'late', 1.0],
  [NO_EMAIL, 'Librairie Garnier EURL', 'fr', '30', 'Chèque', 'late', 0.7],
  ['C035', 'Transports Lemaire SA', 'fr', '60', 'LCR', 'ontime', 1.1],
  [BAD_EMAIL, 'Quincaillerie Perrin SARL', 'fr', '30', 'Virement', 'late', 0.8],
  ['C037', 'Béton Lorrain SAS', 'fr', '45FDM', 'LCR', 'ontime', 1.2],
  ['C038', 'Optique Mathieu SARL', 'fr', '30', 'Virement', 'late', 0.7],
  ['C039', 'Hoste Consulting SRL', 'en', '30', 'Virement', 'late', 0.8],
  ['C040', 'Ferronnerie Noël SAS', 'fr', '30', 'Virement', 'late', 0.7],
  ['0042', 'Chauffage Dumont SA', 'fr', '30', 'Virement', 'late', 0.9],
];
const slug = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b(sarl|sas|sa|srl|eurl)\b/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const customers: Customer[] = CUSTOMER_SPECS.map(([code, name, lang, terms, mode, profile, weight], i) => {
  const s = slug(name);
  let emails = [`compta@${s}.example`];
  if (code === 'C003' || code === 'C016' || code === 'C026') emails.push(`factures@${s}.example`);
  if (code === NO_EMAIL) emails = [];
  if (code === BAD_EMAIL) emails = ['compta_at_nowhere'];
  const copy = i % 6 === 2 && code !== NO_EMAIL ? `direction@${s}.example` : '';
  const plafond = i % 3 === 0 ? pick([5000, 10000, 15000, 20000, 30000]) : null;
  return { code, name, lang, terms, mode, profile, weight, plafond, emails, copy, noRemind: code === NO_REMIND };
});
const byCode = new Map(customers.map((c) => [c.code, c]));
const cust = (code: string): Customer => {
  const c = byCode.get(code);
  if (!c) throw new Error(`no customer ${code}`);
  return c;
};
function dueDate(issue: number, terms: Terms): number {
  switch (terms) {
    case '0':
      return issue;
    case '30':
      return issue + 30;
    case '60':
      return issue + 60;
    case '30FDM':
      return endOfMonth(issue + 30);
    case '45FDM':
      return endOfMonth(issue + 45);
  }
}

// ---- invoices and credit notes ----
interface Doc {
  no: string;
  code: string;
  date: number;
  due: number;
  cents: number;
  type: 'Facture' | 'Avoir';
  origin: Doc | null;
  status: string;
  hideDue: boolean;
}
const docs: Doc[] = [];
const totalWeight = customers.reduce((s, c) => s + c.weight, 0);
const N_INVOICES = 600;
for (let k = 0; k < N_INVOICES; k++) {
  const date = weekdayBack(START + Math.floor(rng() * (END - START + 1)));
  let r = rng() * totalWeight;
  let c = customers[customers.length - 1] as Customer;
  for (const x of customers) {
    r -= x.weight;
    if (r < 0) {
      c = x;
      break;
    }
  }
  const big = rng() < 0.009;
  const ttcTarget = big ? 1500000 + rng() * 1500000 : 15000 * (8000 / 150) ** (rng() ** 1.3);
  const ht = Math.round(ttcTarget / 1.2);
  docs.push({ no: '', code: c.code, date, due: dueDate(date, c.terms), cents: Math.round(ht * 1.2), type: 'Facture', origin: null, status: '', hideDue: false });
}
const invoices = (): Doc[] => docs.filter((d) => d.type === 'Facture');
const SPECIAL = new Set([EARLY, DIFFICULT, OVERPAYER, NO_REMIND, NO_EMAIL]);
// credit notes: 21 naming the credited invoice, 3 free-standing (commercial gestures)
const creditable = invoices().filter((d) => d.date <= END - 30 && !SPECIAL.has(d.code));
const credited = new Set<Doc>();
while (credited.size < 21) credited.add(pick(creditable));
for (const inv of [...credited].sort((a, b) => a.date - b.date)) {
  const full = rng() < 0.3;
  const cents = full ? inv.cents : Math.round(inv.cents * (0.1 + rng() * 0.3));
  const date = weekdayFwd(inv.date + randInt(2, 25));
  docs.push({ no: '', code: inv.code, date, due: date, cents: -cents, type: 'Avoir', origin: inv, status: '', hideDue: false });
}
for (let k = 0; k < 3; k++) {
  const c = pick(customers.filter((x) => !SPECIAL.has(x.code)));
  const date = weekdayBack(START + 60 + Math.floor(rng() * (END - START - 90)));
  docs.push({ no: '', code: c.code, date, due: date, cents: -Math.round(5000 + rng() * 55000), type: 'Avoir', origin: null, status: '', hideDue: false });
}
docs.sort((a, b) => a.date - b.date || (a.type === b.type ? 0 : a.type === 'Facture' ? -1 : 1));
const counters = new Map<string, number>();
for (const d of docs) {
  const key = `${d.type}${ymd(d.date)[0]}`;
  const n = (counters.get(key) ?? 0) + 1;
  counters.set(key, n);
  d.no = d.type === 'Facture' ? `FA${ymd(d.date)[0]}-${String(n).padStart(5, '0')}` : `AV${ymd(d.date)[0]}-${String(n).padStart(4, '0')}`;
}

// invoices that are never paid: write-off, disputes, the overdue ones of C029/C034
const unpaid = new Set<Doc>();
const c13 = invoices().filter((d) => d.code === DIFFICULT);
const writeOff = c13.find((d) => d.date >= day(2025, 12, 1));
if (!writeOff) throw new Error('no C013 invoice to write off');
writeOff.status = 'Irrécouvrable';
unpaid.add(writeOff);
const disputable = invoices().filter((d) => !SPECIAL.has(d.code) && !credited.has(d) && d.date >= day(2026, 3, 1) && d.date <= day(2026, 8, 31));
const litiges: Doc[] = [];
while (litiges.length < 2) {
  const d = pick(disputable);
  if (litiges.every((l) => l.code !== d.code)) {
    d.status = 'Litige';
    litiges.push(d);
    unpaid.add(d);
  }
}
const forcedOverdue: Doc[] = [];
for (const code of [NO_REMIND, NO_EMAIL]) {
  const d = invoices()
    .filter((x) => x.code === code && x.due <= day(2026, 10, 15))
    .pop();
  if (!d) throw new Error(`no overdue candidate for ${code}`);
  unpaid.add(d);
  forcedOverdue.push(d);
}
const noDueCandidates = invoices().filter((d) => !SPECIAL.has(d.code) && !unpaid.has(d) && cust(d.code).profile === 'late');
for (let k = 0; k < 5; k++) pick(noDueCandidates).hideDue = true;

// ---- payments ----
interface Payment {
  date: number;
  code: string;
  trueCode: string;
  cents: number;
  mode: Mode;
  refs: string[];
  note: string;
}
let payments: Payment[] = [];
const STOP = day(2026, 6, 1); // C013 pays nothing from here on
const groupKey = new Map<string, Payment>();
for (const inv of invoices()) {
  if (unpaid.has(inv)) continue;
  const c = cust(inv.code);
  let payDate: number;
  switch (c.profile) {
    case 'early':
      payDate = Math.max(inv.date + 1, inv.due - randInt(5, 10));
      break;
    case 'ontime':
      payDate = c.mode === 'Virement' ? inv.due + randInt(-3, 2) : inv.due;
      break;
    case 'group':
      payDate = endOfMonth(inv.due) + randInt(5, 12);
      break;
    case 'difficult':
      payDate = inv.date < day(2026, 1, 1) ? inv.due + randInt(0, 20) : inv.due + randInt(30, 80);
      break;
    default:
      payDate = inv.due + Math.floor(rng() ** 1.5 * 26);
  }
  payDate = weekdayFwd(payDate);
  const credits = docs.filter((d) => d.origin === inv && d.date <= payDate).reduce((s, d) => s + d.cents, 0);
  const net = inv.cents + credits;
  if (net <= 0) continue;
  const add = (date: number, cents: number): void => {
    if (c.code === DIFFICULT && date >= STOP) return;
    payments.push({ date: weekdayFwd(date), code: c.code, trueCode: c.code, cents, mode: c.mode, refs: [inv.no], note: '' });
  };
  if (c.profile === 'difficult' && inv.date >= day(2026, 1, 1)) {
    const first = Math.round(net * (0.4 + rng() * 0.3));
    add(payDate, first);
    add(payDate + randInt(30, 45), net - first);
  } else if (c.profile !== 'early' && c.profile !== 'group' && (net > 1000000 || rng() < 0.05)) {
    const k = net > 1000000 ? 3 : 2;
    const piece = Math.round(net / k);
    for (let j = 0; j < k; j++) add(payDate + 30 * j, j === k - 1 ? net - piece * (k - 1) : piece);
  } else if (c.profile === 'group') {
    const key = `${c.code}|${payDate}`;
    const g = groupKey.get(key);
    if (g) {
      g.cents += net;
      g.refs.push(inv.no);
    } else {
      const p: Payment = { date: payDate, code: c.code, trueCode: c.code, cents: net, mode: c.mode, refs: [inv.no], note: '' };
      groupKey.set(key, p);
      payments.push(p);
    }
  } else add(payDate, net);
}
payments = payments.filter((p) => p.date <= LAST_PAYMENT);
const sortPayments = (): void => {
  payments.sort((a, b) => a.date - b.date || a.trueCode.localeCompare(b.trueCode) || a.cents - b.cents);
};
sortPayments();
// the rejected LCR of C013 (spring 2026): a negative line, same amount, no reference
const lcr = payments.filter((p) => p.trueCode === DIFFICULT && p.date >= day(2026, 3, 1) && p.date < day(2026, 5, 15)).sort((a, b) => b.cents - a.cents)[0];
if (!lcr) throw new Error('no C013 LCR to reject');
const reject: Payment = { date: weekdayFwd(lcr.date + 7), code: DIFFICULT, trueCode: DIFFICULT, cents: -lcr.cents, mode: 'LCR', refs: [], note: 'rejected LCR' };
payments.push(reject);
// the overpayer pays one large invoice twice
const dupSource = payments.filter((p) => p.trueCode === OVERPAYER && p.date >= day(2026, 5, 1) && p.date <= day(2026, 9, 30)).sort((a, b) => b.cents - a.cents)[0];
if (!dupSource) throw new Error('no C021 payment to duplicate');
const dup: Payment = { ...dupSource, refs: [...dupSource.refs], date: weekdayFwd(dupSource.date + 12), note: 'duplicate' };
payments.push(dup);
dupSource.note = 'duplicated';
lcr.note = 'rejected later';
const regular = (p: Payment): boolean => !SPECIAL.has(p.trueCode) && p.cents > 0 && p.refs.length === 1 && p.note === '';
// a few payments rounded up to the next hundred euros
for (let k = 0; k < 3; k++) {
  const p = pick(payments.filter((x) => regular(x) && x.date <= day(2026, 9, 30) && x.cents % 10000 > 0 && x.cents % 10000 < 9500));
  p.cents = Math.ceil(p.cents / 10000) * 10000;
  p.note = 'rounded up';
}
for (let k = 0; k < 3; k++) pick(payments.filter((x) => regular(x) && x.cents < 80000 && (x.mode === 'Virement' || x.mode === 'Chèque'))).mode = 'Espèces';
// ~15 % without reference (never C007, the duplicate pair, the rejected LCR)
for (const p of payments) if (p.trueCode !== EARLY && (p.note === '' || p.note === 'rounded up') && p.refs.length > 0 && rng() < 0.15) p.refs = [];
for (let k = 0; k < 4; k++) {
  const p = pick(payments.filter((x) => regular(x) && x.code !== ''));
  p.code = '';
}
sortPayments();

// ---- checks and facts ----
const balanceAt = (code: string, at: number): number =>
  docs.filter((d) => d.code === code && d.date <= at).reduce((s, d) => s + d.cents, 0) - payments.filter((p) => p.trueCode === code && p.date <= at).reduce((s, p) => s + p.cents, 0);
if (balanceAt(OVERPAYER, AS_OF) >= 0) throw new Error(`C021 balance not in credit: ${balanceAt(OVERPAYER, AS_OF)}`);
for (let m = 6; m <= 10; m++) {
  if (!c13.some((d) => ymd(d.date)[0] === 2026 && ymd(d.date)[1] === m)) throw new Error(`C013 has no invoice in 2026-${m}`);
}
const nInv = invoices().length,
  nAv = docs.length - nInv;
if (nAv < 20 || nAv > 30) throw new Error(`credit notes: ${nAv}`);
const unref = payments.filter((p) => p.refs.length === 0).length;
const byMode = new Map<string, number>();
for (const p of payments) byMode.set(p.mode, (byMode.get(p.mode) ?? 0) + 1);
const afterAsOf = payments.filter((p) => p.date > AS_OF).length;
const sepOct = invoices().filter((d) => d.date >= day(2026, 9, 1));
const sepOctOpen = sepOct.filter((d) => !payments.some((p) => p.refs.includes(d.no) && p.date <= AS_OF)).length;
function bucket(inv: Doc): string {
  const late = AS_OF - inv.due;
  return late <= 0 ? 'not due' : late <= 30 ? '1-30' : late <= 60 ? '31-60' : late <= 90 ? '61-90' : '>90';
}
const c13Open = c13.filter((d) => d.date <= AS_OF && !payments.some((p) => p.refs.includes(d.no) && p.date <= AS_OF) && d.status !== 'Irrécouvrable');
const c13Buckets = new Map<string, number>();
for (const d of c13Open) c13Buckets.set(bucket(d), (c13Buckets.get(bucket(d)) ?? 0) + 1);
for (const b of ['not due', '1-30', '31-60', '61-90', '>90']) if (!c13Buckets.get(b)) throw new Error(`C013 has nothing in bucket ${b}`);

// ---- CSV writing ----
const CP1252: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '–': 0x96,
  '—': 0x97,
  Œ: 0x8c,
  œ: 0x9c,
};
function encode1252(s: string): Buffer {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) out.push(cp);
    else if (CP1252[ch] !== undefined) out.push(CP1252[ch]);
    else throw new Error(`not in windows-1252: ${ch}`);
  }
  return Buffer.from(out);
}
const field = (v: string): string => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function writeCsv(name: string, header: string[], rows: string[][]): void {
  const text = [header, ...rows].map((r) => `${r.map(field).join(';')}\r\n`).join('');
  const buf = encode1252(text);
  const back = new TextDecoder('windows-1252').decode(buf);
  if (back !== text) throw new Error(`${name}: windows-1252 round trip failed`);
  for (const line of back.split('\r\n').slice(0, -1)) {
    let cols = 1,
      quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ';' && !quoted) cols++;
    }
    if (quoted || cols !== header.length) throw new Error(`${name}: ${cols} columns in ${line}`);
  }
  writeFileSync(join(OUT, name), buf);
}
const H_FACT = ['N° facture', 'Code client', 'Client', 'Date facture', 'Échéance', 'Montant TTC', 'Type', "Facture d'origine", 'Statut'];
const H_REGL = ['Date règlement', 'Code client', 'Montant', 'Mode', 'Réf. facture'];
const H_CLI = ['Code client', 'Raison sociale', 'E-mail', 'Copie', 'Langue', 'Conditions de paiement', 'Plafond de crédit', 'Ne pas relancer'];
mkdirSync(OUT, { recursive: true });
writeCsv(
  'factures.csv',
  H_FACT,
  docs.map((d) => [
    d.no,
    d.code,
    cust(d.code).name,
    fmtDate(d.date),
    d.hideDue || d.type === 'Avoir' ? (d.type === 'Avoir' ? fmtDate(d.due) : '') : fmtDate(d.due),
    fmtCents(d.cents),
    d.type,
    d.origin?.no ?? '',
    d.status,
  ]),
);
writeCsv(
  'reglements.csv',
  H_REGL,
  payments.map((p) => [fmtDate(p.date), p.code, fmtCents(p.cents), p.mode, p.refs.join(', ')]),
);
writeCsv(
  'clients.csv',
  H_CLI,
  customers.map((c) => [c.code, c.name, c.emails.join(', '), c.copy, c.lang, c.terms, c.plafond === null ? '' : String(c.plafond), c.noRemind ? 'oui' : '']),
);

// ---- XLSX ----
const FIXED = new Date(Date.UTC(2026, 10, 1, 8, 0, 0));
const wb = new ExcelJS.Workbook();
wb.creator = 'Atelier Durand SARL';
wb.created = FIXED;
wb.modified = FIXED;
const xDate = (dn: number): Date => new Date(dn * MS);
function sheet(name: string, header: string[], rows: (string | number | Date | null)[][], title?: string): void {
  const ws = wb.addWorksheet(name);
  if (title !== undefined) {
    ws.addRow([title]);
    ws.addRow([]);
  }
  ws.addRow(header).font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow(r);
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'dd/mm/yyyy';
      else if (typeof cell.value === 'number') cell.numFmt = '#,##0.00';
    });
  }
  ws.columns.forEach((col, i) => {
    col.width = i === 2 && name === 'Factures' ? 34 : 16;
  });
}
sheet(
  'Factures',
  H_FACT,
  docs.map((d) => [d.no, d.code, cust(d.code).name, xDate(d.date), d.hideDue && d.type === 'Facture' ? null : xDate(d.due), d.cents / 100, d.type, d.origin?.no ?? null, d.status || null]),
  'Grand livre clients — export du 31/10/2026',
);
sheet(
  'Règlements',
  H_REGL,
  payments.map((p) => [xDate(p.date), p.code || null, p.cents / 100, p.mode, p.refs.join(', ') || null]),
);
sheet(
  'Clients',
  H_CLI,
  customers.map((c) => [c.code, c.name, c.emails.join(', ') || null, c.copy || null, c.lang, c.terms, c.plafond, c.noRemind ? 'oui' : null]),
);
writeFileSync(join(OUT, 'grand-livre.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));

// ---- README ----
const eur = (c: number): string => `${fmtCents(c)} €`;
const total = customers.reduce((s, c) => s + balanceAt(c.code, AS_OF), 0);
const modes = [...byMode].map(([m, n]) => `${m} ${n}`).join(', ');
const readme = `# Fixtures: the ledger of Atelier Durand SARL

Generated by \`node scripts/make-fixtures.ts\` (seed ${SEED}; do not edit by hand; rerunning gives
byte-identical CSVs). "Atelier Durand SARL" is a B2B supplier; the export date is **31/10/2026**.

| File | Content |
|---|---|
| \`factures.csv\` | ${docs.length} rows: ${nInv} invoices (\`FA2025-00001\`…, numbered by date within the year of issue) and ${nAv} credit notes (\`AV2025-0001\`…, negative amounts) |
| \`reglements.csv\` | ${payments.length} payments (${modes}) |
| \`clients.csv\` | ${customers.length} customers (\`C001\`…\`C040\` and \`0042\`) |
| \`grand-livre.xlsx\` | the same three tables as sheets \`Factures\` (title row, blank row, then header), \`Règlements\`, \`Clients\`; real dates, numeric amounts, codes as text |

CSV format: exactly what French Excel writes for "CSV (séparateur: point-virgule)": windows-1252, \`;\`,
CRLF (also after the last line), decimal comma without thousands separator, dates dd/mm/yyyy, a
field quoted only when it contains \`;\` or \`"\`.

## Facts a test can rely on

- Invoices issued ${isoDate(docs[0]?.date ?? 0)} … ${isoDate(END)} (weekdays only). TTC = round(HT × 1.2). Due date from the customer's terms
  (\`30\`, \`60\`, \`0\` = same day, \`30FDM\`/\`45FDM\` = +30/+45 days then end of month).
  ${invoices().filter((d) => d.hideDue).length} invoices have an empty Échéance: ${invoices()
    .filter((d) => d.hideDue)
    .map((d) => d.no)
    .join(', ')}.
- Credit notes: ${docs.filter((d) => d.type === 'Avoir' && d.origin).length} name their invoice in \`Facture d'origine\`; ${docs.filter((d) => d.type === 'Avoir' && !d.origin).length} do not (${docs
  .filter((d) => d.type === 'Avoir' && !d.origin)
  .map((d) => d.no)
  .join(', ')}).
  Their Échéance equals their date. When a credit note precedes the payment, the customer pays the invoice net of it.
- Statut: \`Litige\` on ${litiges.map((d) => `${d.no} (${d.code})`).join(' and ')}; \`Irrécouvrable\` on ${writeOff.no} (${DIFFICULT}, ${eur(writeOff.cents)}). None of them has a payment.
- Net balance of all customers at 31/10/2026 (documents and payments dated up to then): **${eur(total)}**.
- Payments after 31/10/2026 (up to 20/11/2026): ${afterAsOf}. ${unref} payments (${Math.round((unref / payments.length) * 100)} %) have an empty Réf. facture;
  ${payments.filter((p) => p.refs.length > 1).length} name several invoices (\`, \`-separated); partial payments (instalments) reference the same invoice several times.
- ${payments.filter((p) => p.code === '').length} referenced payments have an EMPTY Code client (the customer must be inferred from the reference):
  ${payments
    .filter((p) => p.code === '')
    .map((p) => `${fmtDate(p.date)} ${p.refs.join(', ')} (${p.trueCode})`)
    .join('; ')}.
- Payments rounded up to the next 100 € (small credit left): ${payments
  .filter((p) => p.note === 'rounded up')
  .map((p) => `${fmtDate(p.date)} ${p.trueCode} ${p.refs.join(', ') || '(no ref)'}`)
  .join('; ')}.
- ${sepOctOpen} of the ${sepOct.length} invoices issued in Sept–Oct 2026 have no payment dated ≤ 31/10/2026.

## Special customers

| Code | Who | What to expect |
|---|---|---|
| ${EARLY} | ${cust(EARLY).name} | always pays 5–10 days BEFORE the due date, every payment referenced |
| ${DIFFICULT} | ${cust(DIFFICULT).name} (LCR) | normal in 2025; from 2026 pays 30–80 days late and in two parts; nothing paid from 01/06/2026. Rejected LCR: ${fmtDate(reject.date)}, ${eur(reject.cents)}, no reference (re-opens the payment of ${fmtDate(lcr.date)} for ${lcr.refs.join(', ') || 'an invoice'}). Written-off ${writeOff.no}. Open (unpaid, not written off) invoices at 31/10/2026 by days overdue: ${[...c13Buckets].map(([b, n]) => `${b}: ${n}`).join(', ')}. Balance at 31/10/2026: ${eur(balanceAt(DIFFICULT, AS_OF))} |
| ${OVERPAYER} | ${cust(OVERPAYER).name} | pays on time and paid ${dupSource.refs.join(', ')} twice (${fmtDate(dupSource.date)} and ${fmtDate(dup.date)}, ${eur(dup.cents)}): balance at 31/10/2026 is a CREDIT of ${eur(balanceAt(OVERPAYER, AS_OF))} |
| ${NO_REMIND} | ${cust(NO_REMIND).name} | \`Ne pas relancer\` = \`oui\`; ${forcedOverdue[0]?.no} (due ${fmtDate(forcedOverdue[0]?.due ?? 0)}) is unpaid and overdue at 31/10/2026 |
| ${NO_EMAIL} | ${cust(NO_EMAIL).name} | no e-mail address; ${forcedOverdue[1]?.no} (due ${fmtDate(forcedOverdue[1]?.due ?? 0)}) is unpaid and overdue at 31/10/2026 |
| ${BAD_EMAIL} | ${cust(BAD_EMAIL).name} | invalid e-mail \`compta_at_nowhere\` |
| C017 | ${cust('C017').name} | name contains \`;\` (quoted in the CSV) |
| C018, C015 | ${cust('C018').name} / ${cust('C015').name} | straight apostrophe / typographic apostrophe (’, byte 0x92) |
| 0042 | ${cust('0042').name} | code with leading zeros (must stay text) |
| C003, C016, C026 | | two e-mail addresses (\`, \`-separated); they (and C008, C030) pay monthly, one payment for several invoices |

Other customers pay 0–25 days late; ${customers
  .filter((c) => c.profile === 'ontime')
  .map((c) => c.code)
  .join(', ')} pay on time
(Prélèvement/LCR on the due date). Languages: ${['fr', 'nl', 'en'].map((l) => `${l} ${customers.filter((c) => c.lang === l).length}`).join(', ')}.

## Other fixture sets (written by hand or by their own script, not by this one)

| Folder | Content |
|---|---|
| \`fec/\` | one small set of business facts (4 customers, 10 documents, 9 payments) in every form \`ar\` reads: CSV ledgers, a FEC with lettering, and, written by \`scripts/make-fec-forms.ts\`, an XLSX workbook and e-invoices (UBL, CII, Factur-X); see \`fec/README.md\` |
| \`bank/\` | the payments of \`fec/\` as bank statements (CAMT.053, a French and a Belgian bank CSV export), with unidentified credits; see \`bank/README.md\` |
| \`einvoices/\` | other facts as e-invoices: UBL invoice, credit note and negative-invoice correction, CII, a Factur-X PDF (\`scripts/make-facturx.ts\`), a lifecycle (CDAR) message |
| \`errors/\` | damaged files for the error tests |
`;
writeFileSync(join(OUT, 'README.md'), readme);
console.log(`customers ${customers.length}, invoices ${nInv}, credit notes ${nAv}, payments ${payments.length} (${modes}), after 31/10/2026: ${afterAsOf}, unreferenced ${unref}`);
