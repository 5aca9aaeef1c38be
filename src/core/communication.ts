import { isValidStructuredCommunication, paymentReferenceKey, structuredCommunication } from './import/bank.ts';

/**
 * The Belgian structured communication (+++123/4567/89002+++) a customer quotes when paying an
 * invoice: the invoice's own payment reference from the ledger when it is one (its check digits
 * valid), else one derived from the invoice number: its digits, leading zeros aside, as the first ten
 * digits (padded with zeros on the left), followed by their remainder modulo 97 (97 when 0) — the scheme
 * the bank matching reads back (docs/reminders.md). Null when the ledger gives none and the number has
 * no digit or more than ten.
 * @example paymentCommunication('FA2026-002', null) === '+++000/2026/00260+++'
 */
export function paymentCommunication(number: string, paymentReference: string | null | undefined): string | null {
  const key = paymentReference ? paymentReferenceKey(paymentReference) : '';
  if (/^\d{12}$/.test(key) && isValidStructuredCommunication(key)) return `+++${key.slice(0, 3)}/${key.slice(3, 7)}/${key.slice(7)}+++`;
  const digits = number.replace(/\D/g, '').replace(/^0+/, '');
  if (digits === '' || digits.length > 10) return null;
  return structuredCommunication(digits);
}
