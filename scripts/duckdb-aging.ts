/**
 * The benchmark's baseline: the aged balance of a generated ledger (scripts/gen-ledger.ts, clean CSV)
 * computed by DuckDB in SQL, from the same CSV files `ar aging` reads. Prints the EUR totals as JSON
 * (`{"total", "unapplied", "buckets": {…}}`, amounts as decimal strings) for the benchmark to compare
 * with `ar aging`.
 *
 *   node scripts/duckdb-aging.ts invoices.csv payments.csv 2026-10-31 [--threads 2] [--shape real|v2]
 *
 * The SQL follows docs/accounting.md §3 and §4 for the shapes the generator writes, per customer and
 * currency: credit notes that name an invoice or none, payments naming one invoice, two invoices (the
 * second named by no other payment), or none, partial payments, negative payments (refunds: debits from
 * their own date), references to invoices the ledger lacks or another customer's (left to the pool).
 * The named settlements need no recursion: on an invoice, the payments naming it are taken by date then
 * id and each settles up to what is left; what a payment leaves goes to its second invoice, then to the
 * pool. The pool here settles the oldest debits first, the disputed ones last, as a running total.
 *
 * What the benchmark holds it to: the net balance and the unapplied credit, which no order of lettering
 * changes. Its buckets are not ar's: lettering by amount (§3.3a) takes each credit in turn, which SQL
 * does not state without a loop; the property tests hold ar's engine to §3 read literally
 * (src/core/allocation-model.ts), and the bench holds ar's buckets equal across the forms of one ledger.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [invoices, payments, asOf] = process.argv.slice(2);
const threads = process.argv.includes('--threads') ? process.argv[process.argv.indexOf('--threads') + 1]! : '2';
const real = !(process.argv.includes('--shape') && process.argv[process.argv.indexOf('--shape') + 1] === 'v2');
if (!invoices || !payments || !asOf || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
  process.stderr.write('usage: node scripts/duckdb-aging.ts invoices.csv payments.csv YYYY-MM-DD [--threads N]\n');
  process.exit(1);
}
const q = (s: string): string => `'${s.replaceAll("'", "''")}'`;

const sql = `
with
inv as (
  select "Invoice" as number, "Customer" || '|' || ${real ? '"Currency"' : "'EUR'"} as customer, ${real ? '"Currency"' : "'EUR'"} as currency,
         "Invoice date" as issue, "Due date" as due, cast(round("Amount" * 100) as bigint) as cents,
         coalesce("Document type", '') = 'credit note' or "Amount" < 0 as is_cn,
         "Original invoice" as credited, ${real ? `coalesce("Status", '') = 'disputed'` : 'false'} as disputed
  from read_csv(${q(invoices)}, header = true, auto_detect = false, delim = ',', columns = {
    'Invoice': 'VARCHAR', 'Customer': 'VARCHAR', ${real ? "'Customer name': 'VARCHAR', " : ''}'Invoice date': 'DATE', 'Due date': 'DATE',
    'Amount': 'DECIMAL(18,2)', ${real ? "'Currency': 'VARCHAR', 'Status': 'VARCHAR', " : ''}'Document type': 'VARCHAR', 'Original invoice': 'VARCHAR'})
  where "Invoice date" <= DATE ${q(asOf)}
),
pay as (
  select "Payment id" as id, cast(substr("Payment id", 2) as bigint) as seq, "Payment date" as day,
         "Customer" || '|' || ${real ? '"Currency"' : "'EUR'"} as customer, ${real ? '"Currency"' : "'EUR'"} as currency,
         cast(round("Amount" * 100) as bigint) as cents,
         nullif(split_part(coalesce("Invoice ref", ''), ' ', 1), '') as ref1,
         nullif(split_part(coalesce("Invoice ref", ''), ' ', 2), '') as ref2
  from read_csv(${q(payments)}, header = true, auto_detect = false, delim = ',', columns = {
    'Payment id': 'VARCHAR', 'Payment date': 'DATE', 'Customer': 'VARCHAR', 'Amount': 'DECIMAL(18,2)',
    ${real ? "'Currency': 'VARCHAR', " : ''}'Invoice ref': 'VARCHAR'${real ? ", 'Payment method': 'VARCHAR'" : ''}})
  where "Payment date" <= DATE ${q(asOf)}
),
-- Step 1: credit notes that name an invoice of the same customer.
cn_named as (
  select i.number, sum(-c.cents) as credit
  from inv c join inv i on i.number = c.credited and i.customer = c.customer and not i.is_cn
  where c.is_cn
  group by i.number
),
inv1 as (
  select i.*, i.cents - least(i.cents, coalesce(n.credit, 0)) as open1, coalesce(n.credit, 0) - least(i.cents, coalesce(n.credit, 0)) as cn_excess
  from inv i left join cn_named n using (number)
  where not i.is_cn
),
-- Step 2, first invoice named: by date then id, each payment settles what is left.
first_ref as (
  select p.id, p.cents, p.ref2, p.customer,
         greatest(0, least(p.cents, i.open1 - coalesce(sum(p.cents) over (partition by i.number order by p.day, p.seq rows between unbounded preceding and 1 preceding), 0))) as used1,
         i.number as number
  from pay p join inv1 i on i.number = p.ref1 and i.customer = p.customer
  where p.cents > 0
),
-- Its second invoice gets what the first left (no other payment names it).
second_ref as (
  select f.id, f.number as first_number, i.number, least(f.cents - f.used1, i.open1) as used2
  from first_ref f join inv1 i on i.number = f.ref2 and i.customer = f.customer
),
settled as (
  select number, sum(used) as used from (
    select number, used1 as used from first_ref
    union all select number, used2 as used from second_ref
  ) group by number
),
-- What every credit leaves to the customer's pool.
pool as (
  select customer, sum(left_over) as pool from (
    select p.customer, p.cents - coalesce(f.used1, 0) - coalesce(s.used2, 0) as left_over
    from pay p left join first_ref f using (id) left join second_ref s using (id)
    where p.cents > 0
    union all select customer, -cents from inv where is_cn and (credited is null or credited = '')
    union all select customer, cn_excess from inv1 where cn_excess > 0
    union all select c.customer, -c.cents from inv c
      where c.is_cn and c.credited is not null and c.credited <> ''
        and not exists (select 1 from inv i where i.number = c.credited and i.customer = c.customer and not i.is_cn)
  ) group by customer
),
debits as (
  select i.customer, i.currency, i.due, i.issue, i.number, i.disputed, i.open1 - coalesce(s.used, 0) as open
  from inv1 i left join settled s using (number)
  union all select customer, currency, day, day, id, false, -cents from pay where cents < 0
),
ordered as (
  select d.*, coalesce(p.pool, 0) as pool,
         sum(d.open) over (partition by d.customer order by d.disputed, d.due, d.issue, d.number rows unbounded preceding) as running
  from debits d left join pool p using (customer)
),
final as (
  select customer, currency, due, greatest(0, least(open, running - pool)) as open_final from ordered
),
unapplied as (
  select p.customer, -greatest(0, p.pool - coalesce(o.total_open, 0)) as unapplied
  from pool p left join (select customer, sum(open) as total_open from debits group by customer) o using (customer)
  where p.customer like '%|EUR'
)
select
  (select sum(open_final) from final where currency = 'EUR') as open_total,
  (select coalesce(sum(unapplied), 0) from unapplied) as unapplied,
  (select sum(open_final) from final where currency = 'EUR' and DATE ${q(asOf)} - due <= 0) as b0,
  (select sum(open_final) from final where currency = 'EUR' and DATE ${q(asOf)} - due between 1 and 30) as b1,
  (select sum(open_final) from final where currency = 'EUR' and DATE ${q(asOf)} - due between 31 and 60) as b2,
  (select sum(open_final) from final where currency = 'EUR' and DATE ${q(asOf)} - due between 61 and 90) as b3,
  (select sum(open_final) from final where currency = 'EUR' and DATE ${q(asOf)} - due > 90) as b4
`;

const instance = await DuckDBInstance.create(':memory:', { threads });
const connection = await instance.connect();
const reader = await connection.runAndReadAll(sql);
const row = reader.getRows()[0]!;
const cents = (v: unknown): bigint => BigInt(String(v ?? 0));
const dec = (c: bigint): string => {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
};
const [open, unapplied, ...buckets] = row.map(cents) as [bigint, bigint, ...bigint[]];
const keys = ['not_due', '1-30', '31-60', '61-90', '91+'];
process.stdout.write(
  `${JSON.stringify({
    total: dec(open + unapplied),
    unapplied: dec(unapplied),
    buckets: Object.fromEntries(keys.map((k, i) => [k, dec(buckets[i] ?? 0n)])),
  })}\n`,
);
