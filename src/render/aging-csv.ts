import type { AgedItem, BucketDef } from '../core/aging.ts';
import { isoFromDay } from '../core/dates.ts';
import { formatCentsPlain as money } from '../core/money.ts';
import { unidentifiedTotals, type AgingReportInput } from './aging-report.ts';
import { csvField, csvLine, csvStart, RFC4180, type CsvDialect } from './csv.ts';
import { bucketCaption } from './format.ts';

/**
 * A bucket as a CSV writes it: its key for programs (`1-30`); for people, its caption (`1–30 j`), which
 * a spreadsheet keeps as text where it would turn `1-30` into the 30th of January.
 */
function bucketName(b: BucketDef, input: AgingReportInput, dialect: CsvDialect): string {
  return dialect.forPeople ? bucketCaption(b, input.lang) : b.key;
}

/**
 * The aged balance as CSV (`--format csv`): one row per customer and currency, the buckets as
 * columns, then unapplied credit and the net balance. Stable columns, documented in docs/output.md.
 */
export function agingCsv(input: AgingReportInput, dialect: CsvDialect = RFC4180): string {
  const d = dialect;
  const n = (c: number) => csvField(money(c), 'number', d);
  const names = input.aged.buckets.map((b) => csvField(bucketName(b, input, d), 'text', d));
  let out = csvStart(d) + csvLine(['customer_id', 'customer_name', 'currency', ...names, 'unapplied', 'total', 'disputed', 'written_off'], d);
  for (const cur of input.aged.currencies) {
    for (const c of cur.customers) {
      out += csvLine(
        [
          csvField(c.customerId, 'text', d),
          csvField(input.customerName(c.customerId), 'text', d),
          csvField(cur.currency, 'text', d),
          ...c.buckets.map(n),
          n(c.unapplied),
          n(c.total),
          n(c.disputed),
          n(c.writtenOff),
        ],
        d,
      );
    }
  }
  // Bank credits that match no customer: one row per currency, no customer id, their total as credit.
  for (const t of unidentifiedTotals(input.unidentified ?? [])) {
    out += csvLine(['', csvField('unidentified_receipts', 'text', d), csvField(t.currency, 'text', d), ...names.map(() => n(0)), n(-t.total), n(-t.total), n(0), n(0)], d);
  }
  return out;
}

const DETAIL_COLUMNS = ['customer_id', 'customer_name', 'currency', 'kind', 'number', 'date', 'due_date', 'amount', 'open', 'days_past_due', 'bucket', 'status'] as const;

/**
 * The detailed aged balance (`--format csv --detail`, the *balance âgée détaillée*): one row per open
 * item (`invoice`, `refund`) with its bucket, one per credit not applied (`payment`, `credit_note`: its
 * date, its amount and what is left of it, in `open`, negative), and one per bank receipt matched to no
 * customer (`unidentified_receipt`). Per customer and currency, the `open` of its rows other than
 * `written_off` adds up to its net balance in the summary CSV; written-off invoices are listed with
 * their status, outside the balance.
 */
export function agingDetailCsv(input: AgingReportInput, dialect: CsvDialect = RFC4180): string {
  const d = dialect;
  const t = (s: string | null) => csvField(s, 'text', d);
  const n = (c: number) => csvField(money(c), 'number', d);
  const buckets = input.aged.buckets.map((b) => bucketName(b, input, d));
  const unapplied = d.forPeople ? (input.lang === 'fr' ? 'Non imputé' : 'Unapplied') : 'unapplied';
  let out = csvStart(d) + csvLine([...DETAIL_COLUMNS], d);
  for (const cur of input.aged.currencies) {
    for (const c of cur.customers) {
      const who = [t(c.customerId), t(input.customerName(c.customerId)), t(cur.currency)];
      const item = (it: AgedItem) => {
        const x = it.debit;
        out += csvLine(
          [
            ...who,
            t(x.kind),
            t(x.number),
            t(isoFromDay(x.issueDate)),
            t(isoFromDay(x.dueDate)),
            n(x.amount),
            n(x.open),
            csvField(String(it.daysPastDue), 'number', d),
            t(x.status === 'written_off' ? '' : buckets[it.bucket]!),
            t(x.status),
          ],
          d,
        );
      };
      c.items.forEach(item);
      for (const u of c.account.unappliedCredits) {
        out += csvLine([...who, t(u.kind), t(u.id), t(isoFromDay(u.date)), '', n(-u.amount), n(-u.left), '', t(unapplied), ''], d);
      }
      c.writtenOffItems.forEach(item);
    }
  }
  for (const r of input.unidentified ?? []) {
    out += csvLine(['', '', t(r.currency), t('unidentified_receipt'), t(r.id), t(isoFromDay(r.date)), '', n(-r.amount), n(-r.amount), '', '', ''], d);
  }
  return out;
}
