/**
 * Generates seeded, deterministic ledgers for the benchmark and for scale tests:
 * invoices (with ~3 % credit notes) and about as many payments (referenced, unreferenced,
 * partial, naming two invoices, negative), as clean CSV or as French-locale CSV
 * (windows-1252, `;`, decimal comma, dd/mm/yyyy).
 *
 *   node scripts/gen-ledger.ts --invoices 100000 --out bench-data/100k [--locale fr] [--seed 42]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from './seeded-random.ts';

export interface GeneratedLedger {
  readonly invoicesCsv: Buffer;
  readonly paymentsCsv: Buffer;
  /** Net balance as of 2026-10-31 in cents (invoices − credits − payments up to that day), computed independently. */
  readonly expectedNet: bigint;
}


const DAY0 = Date.UTC(2025, 0, 1) / 86400000; // 2025-01-01 as a day number
const AS_OF = Date.UTC(2026, 9, 31) / 86400000;

function ymd(day: number): [number, number, number] {
  const dt = new Date(day * 86400000);
  return [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
}
const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function generateLedger(opts: { invoices: number; customers?: number; seed?: number; locale?: 'clean' | 'fr' }): GeneratedLedger {
  const n = opts.invoices;
  const customers = opts.customers ?? Math.max(50, Math.round(n / 50));
  const rnd = mulberry32(opts.seed ?? 42);
  const fr = opts.locale === 'fr';
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
  const money = (c: number): string => {
    const neg = c < 0;
    const a = Math.abs(c);
    const s = `${Math.floor(a / 100)}${fr ? ',' : '.'}${p2(a % 100)}`;
    return neg ? `-${s}` : s;
  };
  const span = AS_OF - DAY0 + 1;
  let net = 0n;
  const inv: string[] = [fr ? `N\u00b0 facture;Code client;Date facture;\u00c9ch\u00e9ance;Montant TTC;Type;Facture d'origine` : 'Invoice,Customer,Invoice date,Due date,Amount,Document type,Original invoice'];
  const pay: string[] = [fr ? `N\u00b0 r\u00e8glement;Date r\u00e8glement;Code client;Montant;R\u00e9f. facture` : 'Payment id,Payment date,Customer,Amount,Invoice ref'];
  const chunksInv: string[] = [];
  const chunksPay: string[] = [];
  let pid = 0;
  /** The last invoice of each customer, so that a credit note or a payment naming two invoices stays within one customer. */
  const lastOf = new Map<string, string>();
  /**
   * Invoices some payment already names. A payment names two invoices only when the second is named by
   * no other payment: every invoice's named payments then come from one scenario, which keeps the
   * benchmark's SQL baseline (scripts/duckdb-aging.ts) an exact statement of docs/accounting.md §3, without recursion.
   */
  const named = new Set<string>();
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
  const payment = (day: number, cust: string, cents: number, refs: string) => {
    pid++;
    pay.push(`P${pid}${sep}${date(day)}${sep}${cust}${sep}${money(cents)}${sep}${refs}`);
    if (day <= AS_OF) net -= BigInt(cents);
  };
  for (let i = 1; i <= n; i++) {
    const issue = DAY0 + Math.floor((i - 1) * span / n);
    const cust = `C${String(1 + Math.floor(rnd() * customers)).padStart(6, '0')}`;
    const number = `F${String(i).padStart(8, '0')}`;
    const terms = rnd() < 0.7 ? 30 : 60;
    const amount = 1000 + Math.floor(rnd() * 1999000);
    const r = rnd();
    if (r < 0.03) {
      // A credit note, half of them naming an earlier invoice.
      const credited = rnd() < 0.5 ? lastOf.get(cust) ?? '' : '';
      const c = -Math.floor(amount / 10);
      inv.push(`${number}${sep}${cust}${sep}${date(issue)}${sep}${date(issue)}${sep}${money(c)}${sep}${fr ? 'Avoir' : 'credit note'}${sep}${credited}`);
      net += BigInt(c);
      flush(false);
      continue;
    }
    inv.push(`${number}${sep}${cust}${sep}${date(issue)}${sep}${date(issue + terms)}${sep}${money(amount)}${sep}${sep}`);
    const previous = lastOf.get(cust);
    lastOf.set(cust, number);
    net += BigInt(amount);
    const paidOn = issue + terms - 10 + Math.floor(rnd() * 60);
    const q = rnd();
    if (q < 0.6) {
      named.add(number);
      payment(paidOn, cust, amount, number);
    } else if (q < 0.65) {
      named.add(number);
      const half = Math.floor(amount / 2);
      payment(paidOn, cust, half, number);
      payment(paidOn + 15, cust, amount - half, number);
    } else if (q < 0.7 && previous !== undefined && !named.has(previous)) {
      named.add(number);
      named.add(previous);
      payment(paidOn, cust, amount, `${number} ${previous}`);
    } else if (q < 0.7) {
      named.add(number);
      payment(paidOn, cust, amount, number);
    }
    else if (q < 0.95) payment(paidOn, cust, amount, '');
    else if (q < 0.955) payment(paidOn, cust, -Math.floor(amount / 3), '');
    flush(false);
  }
  flush(true);
  const encode = (s: string): Buffer => (fr ? Buffer.from(s, 'latin1') : Buffer.from(s, 'utf8'));
  return { invoicesCsv: encode(chunksInv.join('')), paymentsCsv: encode(chunksPay.join('')), expectedNet: net };
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
  const g = generateLedger({ invoices, seed: Number(get('--seed') ?? '42'), locale });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'invoices.csv'), g.invoicesCsv);
  writeFileSync(join(out, 'payments.csv'), g.paymentsCsv);
  process.stdout.write(`${out}: expected net ${g.expectedNet} cents\n`);
}
