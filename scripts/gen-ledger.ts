/**
 * Generates seeded, deterministic ledgers for the benchmark and for scale tests: invoices (with ~3 %
 * credit notes) and about as many payments (referenced, unreferenced, partial, naming two invoices,
 * negative).
 *
 * Two shapes:
 * - `v2`, the ledger of earlier benchmarks: seven columns of invoices, five of payments;
 * - `real` (the default), what real exports carry besides: the customer's name, a currency column (a
 *   twentieth of the customers invoiced in USD), a status column (some invoices in dispute, the rest
 *   open or paid), a payment method, references to invoices the ledger does not have and to another
 *   customer's invoice, and unreferenced payments of exactly one invoice.
 * Each as clean CSV (UTF-8, `,`, ISO dates, decimal point) or in French (`--locale fr`: windows-1252, `;`,
 * decimal comma, no-break-space thousands, dd/mm/yyyy, a title row above the header).
 *
 *   node scripts/gen-ledger.ts --invoices 100000 --out bench-data/100k [--locale fr] [--shape v2] [--seed 42]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from './seeded-random.ts';

export interface GeneratedLedger {
  readonly invoicesCsv: Buffer;
  readonly paymentsCsv: Buffer;
  /** Net balance in EUR as of 2026-10-31 in cents (invoices − credits − payments up to that day), computed independently. */
  readonly expectedNet: bigint;
}

const DAY0 = Date.UTC(2025, 0, 1) / 86400000; // 2025-01-01 as a day number
const AS_OF = Date.UTC(2026, 9, 31) / 86400000;

function ymd(day: number): [number, number, number] {
  const dt = new Date(day * 86400000);
  return [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
}
const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export type Shape = 'v2' | 'real';

export function generateLedger(opts: { invoices: number; customers?: number; seed?: number; locale?: 'clean' | 'fr'; shape?: Shape }): GeneratedLedger {
  const n = opts.invoices;
  const customers = opts.customers ?? Math.max(50, Math.round(n / 50));
  const rnd = mulberry32(opts.seed ?? 42);
  const fr = opts.locale === 'fr';
  const real = (opts.shape ?? 'real') === 'real';
  const sep = fr ? ';' : ',';
  const date = fr
    ? (day: number) => {
        const [y, m, d] = ymd(day);
        return `${p2(d)}/${p2(m)}/${y}`;
      }
    : (day: number) => {
        const [y, m, d] = ymd(day);
        return `${y}-${p2(m)}-${p2(d)}`;
      };
  // French amounts group thousands with a no-break space (written in windows-1252 as 0xA0), as Excel does.
  const money = (c: number): string => {
    const neg = c < 0;
    const a = Math.abs(c);
    const units = String(Math.floor(a / 100));
    const grouped = fr && real ? units.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0') : units;
    const s = `${grouped}${fr ? ',' : '.'}${p2(a % 100)}`;
    return neg ? `-${s}` : s;
  };
  const span = AS_OF - DAY0 + 1;
  const netByCurrency = new Map<string, bigint>([['EUR', 0n]]);
  const addNet = (currency: string, cents: number): void => {
    netByCurrency.set(currency, (netByCurrency.get(currency) ?? 0n) + BigInt(cents));
  };
  const customerOf = (k: number): string => `C${String(k).padStart(6, '0')}`;
  // A twentieth of the customers are invoiced in USD, all their documents and payments alike.
  // The v2 shape has no currency column: everything is in the default currency, EUR.
  const currencyOf = (cust: number): string => (real && cust % 20 === 7 ? 'USD' : 'EUR');
  const nameOf = (cust: number): string => (fr ? `Société ${customerOf(cust)} SARL` : `Customer ${customerOf(cust)} Ltd`);
  const status = fr ? { open: 'Ouverte', paid: 'Payée', disputed: 'Litige' } : { open: 'open', paid: 'paid', disputed: 'disputed' };
  const methods = fr ? ['Virement', 'Chèque', 'Prélèvement', 'LCR'] : ['Transfer', 'Cheque', 'Direct debit', 'Card'];
  const inv: string[] = [];
  const pay: string[] = [];
  if (fr && real) {
    inv.push('Grand livre clients - export du 31/10/2026');
    pay.push('Règlements clients - export du 31/10/2026');
  }
  inv.push(
    real
      ? fr
        ? "N\u00b0 facture;Code client;Raison sociale;Date facture;\u00c9ch\u00e9ance;Montant TTC;Devise;Statut;Type;Facture d'origine"
        : 'Invoice,Customer,Customer name,Invoice date,Due date,Amount,Currency,Status,Document type,Original invoice'
      : fr
        ? "N\u00b0 facture;Code client;Date facture;\u00c9ch\u00e9ance;Montant TTC;Type;Facture d'origine"
        : 'Invoice,Customer,Invoice date,Due date,Amount,Document type,Original invoice',
  );
  pay.push(
    real
      ? fr
        ? 'N\u00b0 r\u00e8glement;Date r\u00e8glement;Code client;Montant;Devise;R\u00e9f. facture;Mode de r\u00e8glement'
        : 'Payment id,Payment date,Customer,Amount,Currency,Invoice ref,Payment method'
      : fr
        ? 'N\u00b0 r\u00e8glement;Date r\u00e8glement;Code client;Montant;R\u00e9f. facture'
        : 'Payment id,Payment date,Customer,Amount,Invoice ref',
  );
  const chunksInv: string[] = [];
  const chunksPay: string[] = [];
  let pid = 0;
  /** The last invoice of each customer, so that a credit note or a payment naming two invoices stays within one customer. */
  const lastOf = new Map<string, string>();
  /** Invoices some payment already names: a payment names two invoices only when the second is named by no other. */
  const named = new Set<string>();
  /** The last invoice of anyone: for a reference, now and then, to another customer's invoice. */
  let lastNumber = '';
  const flush = (force: boolean) => {
    if (force || inv.length >= 10000) {
      chunksInv.push(`${inv.join('\r\n')}\r\n`);
      inv.length = 0;
    }
    if (force || pay.length >= 10000) {
      chunksPay.push(`${pay.join('\r\n')}\r\n`);
      pay.length = 0;
    }
  };
  const payment = (day: number, cust: number, cents: number, refs: string) => {
    pid++;
    const c = customerOf(cust);
    const currency = currencyOf(cust);
    if (real) {
      // References, now and then, to an invoice the ledger does not have (a typo) or to another customer's.
      const r = rnd();
      if (refs !== '' && r < 0.01) refs = `${refs}9`;
      else if (refs === '' && r < 0.005 && lastNumber !== '') refs = lastNumber;
      pay.push(`P${pid}${sep}${date(day)}${sep}${c}${sep}${money(cents)}${sep}${currency}${sep}${refs}${sep}${methods[pid % methods.length]}`);
    } else {
      pay.push(`P${pid}${sep}${date(day)}${sep}${c}${sep}${money(cents)}${sep}${refs}`);
    }
    if (day <= AS_OF) addNet(currency, -cents);
  };
  for (let i = 1; i <= n; i++) {
    const issue = DAY0 + Math.floor(((i - 1) * span) / n);
    const k = 1 + Math.floor(rnd() * customers);
    const cust = customerOf(k);
    const currency = currencyOf(k);
    const number = `F${String(i).padStart(8, '0')}`;
    const terms = rnd() < 0.7 ? 30 : 60;
    const amount = 1000 + Math.floor(rnd() * 1999000);
    const r = rnd();
    const head = real ? `${number}${sep}${cust}${sep}${nameOf(k)}${sep}` : `${number}${sep}${cust}${sep}`;
    if (r < 0.03) {
      // A credit note, half of them naming an earlier invoice.
      const credited = rnd() < 0.5 ? (lastOf.get(cust) ?? '') : '';
      const c = -Math.floor(amount / 10);
      const tail = real ? `${currency}${sep}${sep}` : '';
      inv.push(`${head}${date(issue)}${sep}${date(issue)}${sep}${money(c)}${sep}${tail}${fr ? 'Avoir' : 'credit note'}${sep}${credited}`);
      if (issue <= AS_OF) addNet(currency, c);
      flush(false);
      continue;
    }
    const paidOn = issue + terms - 10 + Math.floor(rnd() * 60);
    const q = rnd();
    // Some invoices in dispute: mostly among those never paid, a few paid all the same.
    const disputed = real && ((q >= 0.955 && rnd() < 0.3) || rnd() < 0.002);
    const state = q >= 0.955 ? status.open : paidOn <= AS_OF ? status.paid : status.open;
    const tail = real ? `${currency}${sep}${disputed ? status.disputed : state}${sep}` : '';
    inv.push(`${head}${date(issue)}${sep}${date(issue + terms)}${sep}${money(amount)}${sep}${tail}${sep}`);
    const previous = lastOf.get(cust);
    lastOf.set(cust, number);
    lastNumber = number;
    if (issue <= AS_OF) addNet(currency, amount);
    if (q < 0.6) {
      named.add(number);
      payment(paidOn, k, amount, number);
    } else if (q < 0.65) {
      named.add(number);
      const half = Math.floor(amount / 2);
      payment(paidOn, k, half, number);
      payment(paidOn + 15, k, amount - half, number);
    } else if (q < 0.7 && previous !== undefined && !named.has(previous)) {
      named.add(number);
      named.add(previous);
      payment(paidOn, k, amount, `${number} ${previous}`);
    } else if (q < 0.7) {
      named.add(number);
      payment(paidOn, k, amount, number);
    }
    // Unreferenced, of exactly the invoice's amount: lettered by amount (docs/accounting.md §3.3a).
    else if (q < 0.95) payment(paidOn, k, amount, '');
    else if (q < 0.955) payment(paidOn, k, -Math.floor(amount / 3), '');
    flush(false);
  }
  flush(true);
  // Each chunk encoded on its own: ten million rows are longer than the longest string.
  const encode = (chunks: string[]): Buffer => Buffer.concat(chunks.map((s) => Buffer.from(s, fr ? 'latin1' : 'utf8')));
  return { invoicesCsv: encode(chunksInv), paymentsCsv: encode(chunksPay), expectedNet: netByCurrency.get('EUR')! };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const get = (k: string): string | undefined => {
    const i = args.indexOf(k);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const invoices = Number(get('--invoices') ?? '10000');
  const out = get('--out') ?? `bench-data/${invoices}`;
  const locale = get('--locale') === 'fr' ? 'fr' : 'clean';
  const shape = get('--shape') === 'v2' ? 'v2' : 'real';
  const g = generateLedger({ invoices, seed: Number(get('--seed') ?? '42'), locale, shape });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'invoices.csv'), g.invoicesCsv);
  writeFileSync(join(out, 'payments.csv'), g.paymentsCsv);
  process.stdout.write(`${out}: expected net ${g.expectedNet} cents (EUR)\n`);
}
