/**
 * Generates a seeded ledger whose customers pay in different ways, to measure `ar forecast --backtest`
 * on something other than the fixtures: customers that pay late but steadily, early payers, direct
 * debits on the due date, erratic payers, monthly payers (one unreferenced payment for a month's
 * invoices), payers in two instalments, customers whose delays grow until they stop paying, and
 * defaulters. Terms of 0, 30, 60 days and 45 days end of month; amounts of each customer around its
 * own size. Two years of invoices up to the export date 2026-11-30; the payments dated after it are
 * not in the files (they had not happened).
 *
 * Written in two forms of the same facts: invoices + payments (`invoices.csv`, `payments.csv`, a
 * third of the payments naming no invoice) and a one-sheet ledger with a paid date and paid amount
 * (`one-sheet.csv`: what was paid by the export date, dated its last payment).
 *
 *   node scripts/gen-behaviour-ledger.ts --out bench-data/behaviour [--invoices 4000] [--customers 120] [--seed 7]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from './seeded-random.ts';

const DAY0 = Date.UTC(2024, 11, 1) / 86400000; // 2024-12-01
export const EXPORT_DAY = Date.UTC(2026, 10, 30) / 86400000; // 2026-11-30

const iso = (day: number): string => new Date(day * 86400000).toISOString().slice(0, 10);
const money = (c: number): string => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
/** The last day of the month of a day. */
const endOfMonth = (day: number): number => {
  const d = new Date(day * 86400000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / 86400000;
};

export type Profile = 'steady_late' | 'early' | 'direct_debit' | 'erratic' | 'monthly' | 'instalments' | 'deteriorating' | 'defaulter';

const PROFILES: readonly [Profile, number][] = [
  ['steady_late', 0.25],
  ['early', 0.12],
  ['direct_debit', 0.12],
  ['erratic', 0.18],
  ['monthly', 0.1],
  ['instalments', 0.1],
  ['deteriorating', 0.08],
  ['defaulter', 0.05],
];

export interface BehaviourLedger {
  readonly invoicesCsv: string;
  readonly paymentsCsv: string;
  readonly oneSheetCsv: string;
  readonly profiles: ReadonlyMap<string, Profile>;
}

export function generateBehaviourLedger(opts: { invoices?: number; customers?: number; seed?: number } = {}): BehaviourLedger {
  const n = opts.invoices ?? 4000;
  const nc = opts.customers ?? 120;
  const rnd = mulberry32(opts.seed ?? 7);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const uniform = (a: number, b: number): number => a + rnd() * (b - a);

  interface Customer {
    id: string;
    profile: Profile;
    terms: number | 'eom45';
    size: number;
    lateBy: number;
    stopsOn: number;
    share: number;
  }
  const customers: Customer[] = [];
  for (let c = 1; c <= nc; c++) {
    let x = rnd();
    let profile: Profile = 'steady_late';
    for (const [p, w] of PROFILES) {
      if (x < w) {
        profile = p;
        break;
      }
      x -= w;
    }
    const t = rnd();
    const terms = profile === 'direct_debit' ? 30 : t < 0.1 ? 0 : t < 0.55 ? 30 : t < 0.8 ? 60 : 'eom45';
    customers.push({
      id: `K${String(c).padStart(4, '0')}`,
      profile,
      terms,
      size: Math.exp(uniform(Math.log(30000), Math.log(3000000))),
      lateBy: uniform(8, 55),
      stopsOn: profile === 'deteriorating' ? EXPORT_DAY - Math.round(uniform(60, 150)) : profile === 'defaulter' ? Math.round(uniform(DAY0 + 200, EXPORT_DAY - 30)) : Infinity,
      // Some customers buy much more often than others.
      share: Math.exp(normal()),
    });
  }
  const totalShare = customers.reduce((s, c) => s + c.share, 0);

  const inv: string[] = ['Invoice,Customer,Invoice date,Due date,Amount'];
  const pay: string[] = ['Payment id,Payment date,Customer,Amount,Invoice ref'];
  const sheet: string[] = ['Invoice,Customer,Invoice date,Due date,Amount,Paid date,Amount paid'];
  const span = EXPORT_DAY - DAY0 + 1;
  let pid = 0;
  // Monthly payers: the invoices due in a month, paid together on the 10th of the next.
  const monthly = new Map<string, { day: number; cents: number; refs: string[] }>();
  for (let i = 1; i <= n; i++) {
    const issue = DAY0 + Math.floor(((i - 1) * span) / n);
    let pick = rnd() * totalShare;
    let cust = customers[0]!;
    for (const c of customers) {
      pick -= c.share;
      if (pick <= 0) {
        cust = c;
        break;
      }
    }
    const number = `INV${String(i).padStart(6, '0')}`;
    const due = cust.terms === 'eom45' ? endOfMonth(issue + 45) : issue + cust.terms;
    const amount = Math.max(1000, Math.round(cust.size * Math.exp(0.5 * normal())));
    inv.push(`${number},${cust.id},${iso(issue)},${iso(due)},${money(amount)}`);
    // When (and how) it is paid.
    const parts: { day: number; cents: number }[] = [];
    const progress = (issue - DAY0) / span;
    switch (cust.profile) {
      case 'steady_late':
        parts.push({ day: due + Math.round(cust.lateBy + 4 * normal()), cents: amount });
        break;
      case 'early':
        parts.push({ day: due - Math.round(uniform(2, 12)), cents: amount });
        break;
      case 'direct_debit':
        parts.push({ day: due, cents: amount });
        break;
      case 'erratic': {
        const r = rnd();
        parts.push({ day: due + Math.round(r < 0.4 ? uniform(0, 10) : r < 0.8 ? uniform(20, 70) : uniform(90, 180)), cents: amount });
        break;
      }
      case 'monthly': {
        const m = endOfMonth(due) + 10;
        const key = `${cust.id}|${m}`;
        const entry = monthly.get(key) ?? { day: m, cents: 0, refs: [] };
        entry.cents += amount;
        entry.refs.push(number);
        monthly.set(key, entry);
        parts.push({ day: m, cents: amount });
        break;
      }
      case 'instalments': {
        const half = Math.floor(amount / 2);
        const first = due + Math.round(uniform(-5, 10));
        parts.push({ day: first, cents: half }, { day: first + Math.round(uniform(25, 35)), cents: amount - half });
        break;
      }
      case 'deteriorating':
      case 'defaulter': {
        const late = cust.profile === 'deteriorating' ? 5 + 85 * progress + 6 * normal() : uniform(30, 60);
        const day = due + Math.round(late);
        if (day < cust.stopsOn) parts.push({ day, cents: amount });
        break;
      }
    }
    for (const p of parts) p.day = Math.max(issue, p.day);
    if (cust.profile !== 'monthly') {
      for (const p of parts) {
        if (p.day > EXPORT_DAY) continue;
        pid++;
        // A third of the payments name no invoice: the allocation letters them oldest first.
        const ref = rnd() < 0.67 ? number : '';
        pay.push(`P${pid},${iso(p.day)},${cust.id},${money(p.cents)},${ref}`);
      }
    }
    const paid = parts.filter((p) => p.day <= EXPORT_DAY);
    const paidCents = paid.reduce((s, p) => s + p.cents, 0);
    const lastDay = paid.length > 0 ? Math.max(...paid.map((p) => p.day)) : null;
    sheet.push(`${number},${cust.id},${iso(issue)},${iso(due)},${money(amount)},${lastDay === null ? '' : iso(lastDay)},${paidCents > 0 ? money(paidCents) : ''}`);
  }
  for (const [key, m] of [...monthly.entries()].sort((a, b) => a[1].day - b[1].day || (a[0] < b[0] ? -1 : 1))) {
    if (m.day > EXPORT_DAY) continue;
    pid++;
    pay.push(`P${pid},${iso(m.day)},${key.split('|')[0]},${money(m.cents)},`);
  }
  return {
    invoicesCsv: `${inv.join('\n')}\n`,
    paymentsCsv: `${pay.join('\n')}\n`,
    oneSheetCsv: `${sheet.join('\n')}\n`,
    profiles: new Map(customers.map((c) => [c.id, c.profile])),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const get = (k: string): string | undefined => {
    const i = args.indexOf(k);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = get('--out') ?? 'bench-data/behaviour';
  const g = generateBehaviourLedger({ invoices: Number(get('--invoices') ?? '4000'), customers: Number(get('--customers') ?? '120'), seed: Number(get('--seed') ?? '7') });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'invoices.csv'), g.invoicesCsv);
  writeFileSync(join(out, 'payments.csv'), g.paymentsCsv);
  writeFileSync(join(out, 'one-sheet.csv'), g.oneSheetCsv);
  const counts = new Map<string, number>();
  for (const p of g.profiles.values()) counts.set(p, (counts.get(p) ?? 0) + 1);
  process.stdout.write(`${out}: invoices.csv, payments.csv, one-sheet.csv; customers: ${[...counts].map(([p, c]) => `${p} ${c}`).join(', ')}\n`);
}
