import { formatCentsPlain as money } from '../core/money.ts';
import { unidentifiedTotals, type AgingReportInput } from './aging-report.ts';
import { csvField, csvLine } from './csv.ts';

/**
 * The aged balance as CSV (`--format csv`): one row per customer and currency, the bucket keys as
 * columns, then unapplied credit and the net balance. Stable columns, documented in the README.
 */
export function agingCsv(input: AgingReportInput): string {
  const keys = input.aged.buckets.map((b) => b.key);
  let out = csvLine(['customer_id', 'customer_name', 'currency', ...keys, 'unapplied', 'total', 'disputed', 'written_off']);
  for (const cur of input.aged.currencies) {
    for (const c of cur.customers) {
      out += csvLine([
        csvField(c.customerId),
        csvField(input.customerName(c.customerId)),
        csvField(cur.currency),
        ...c.buckets.map((b) => csvField(money(b), 'number')),
        csvField(money(c.unapplied), 'number'),
        csvField(money(c.total), 'number'),
        csvField(money(c.disputed), 'number'),
        csvField(money(c.writtenOff), 'number'),
      ]);
    }
  }
  // Bank credits that match no customer: one row per currency, no customer id, their total as credit.
  for (const t of unidentifiedTotals(input.unidentified ?? [])) {
    out += csvLine([
      csvField(''), csvField('unidentified_receipts'), csvField(t.currency), ...keys.map(() => csvField(money(0), 'number')),
      csvField(money(-t.total), 'number'), csvField(money(-t.total), 'number'), csvField(money(0), 'number'), csvField(money(0), 'number'),
    ]);
  }
  return out;
}
