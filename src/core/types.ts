import type { Cents, Currency } from './money.ts';
import type { Day } from './dates.ts';

export type InvoiceStatus = 'normal' | 'disputed' | 'written_off';

/**
 * Lettering (lettrage) read from the books (a FEC): the debits a credit was lettered with, and the
 * day it was lettered. As of a date on or after `on`, the credit names `refs` like a payment names
 * invoices (docs/accounting.md §3.1–§3.2); before it, the credit is unreferenced and goes to the pool (§3.3).
 */
export interface Lettering {
  /** Invoice numbers of the debits of the lettering group, oldest first. */
  readonly refs: readonly string[];
  readonly on: Day;
}

/**
 * An invoice or a credit note (docs/accounting.md §1.1, §1.2). `amount` is signed, TTC: positive for an invoice,
 * negative for a credit note.
 */
export interface Invoice {
  readonly number: string;
  readonly customerId: string;
  readonly customerName: string | null;
  readonly issueDate: Day;
  readonly dueDate: Day;
  /** True when the due date was not in the ledger and came from the payment terms. */
  readonly dueDateDerived: boolean;
  readonly amount: Cents;
  readonly currency: Currency;
  readonly isCreditNote: boolean;
  /** For a credit note: the number of the invoice it credits, if named. */
  readonly creditedInvoice: string | null;
  readonly status: InvoiceStatus;
  /** Where it was read: file and line (flat, not an object: a million records count). */
  readonly file: string;
  readonly line: number;
  /** For a credit note read from a FEC: the debits it was lettered with. */
  readonly lettering?: Lettering;
  /**
   * The reference the customer is asked to quote when paying, so that a bank payment can be matched
   * to it: a Belgian structured communication (`+++123/4567/89002+++`, kept as its 12 digits) or an RF
   * creditor reference; for e-invoices UBL `PaymentMeans/PaymentID`, CII `PaymentReference` (BT-83).
   * Null or absent when none.
   */
  readonly paymentReference?: string | null;
}

/**
 * A payment (docs/accounting.md §1.4, §1.7). Positive: money received. Negative: a refund or a rejected payment
 * (an unpaid LCR, a bounced cheque), which the customer owes again.
 */
export interface Payment {
  readonly id: string;
  /** Null when the ledger named none: then it belongs to the customer of the first invoice it names. */
  readonly customerId: string | null;
  readonly date: Day;
  readonly amount: Cents;
  readonly currency: Currency;
  readonly refs: readonly string[];
  readonly method: string | null;
  /** Where it was read: file and line (flat, not an object: a million records count). */
  readonly file: string;
  readonly line: number;
  /** For a payment read from a FEC: the debits it was lettered with. */
  readonly lettering?: Lettering;
}

export type Language = 'fr' | 'en' | 'nl';

/** Who the customer is, for what a late payment may cost them: a business, a consumer, a public body. */
export type CustomerType = 'business' | 'consumer' | 'public';

export interface Customer {
  readonly id: string;
  readonly name: string | null;
  readonly emails: readonly string[];
  readonly cc: readonly string[];
  readonly language: Language | null;
  readonly terms: string | null;
  readonly creditLimit: Cents | null;
  readonly doNotRemind: boolean;
  /** Business, consumer or public body (customers-file column `Type` / `Catégorie`); null or absent: the config's default. */
  readonly type?: CustomerType | null;
  /** Postal address (for the registered letter): lines, each a column of the customers file; absent when none. */
  readonly address?: readonly string[];
  /** The customer's bank accounts (IBAN, no spaces, upper case): a bank credit from one of them is theirs. */
  readonly ibans?: readonly string[];
  /** Where it was read: file and line (flat, not an object: a million records count). */
  readonly file: string;
  readonly line: number;
}

export type Severity = 'error' | 'warning';

/**
 * A problem found while importing or computing: a rejected row (error) or something the user
 * should know (warning). Collected, never thrown one at a time.
 */
export interface Problem {
  readonly severity: Severity;
  readonly code: string;
  readonly file: string;
  /** 1-based line (CSV) or row (XLSX); 0 for the file as a whole. */
  readonly line: number;
  readonly column?: string;
  /** The XML element, for e-invoices (`Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount`), instead of a column. */
  readonly element?: string;
  /** 1-based character column, for XML (then `column` is the element's name). */
  readonly col?: number;
  readonly value?: string;
  /** Extra parameters for the message catalogue. */
  readonly params?: Readonly<Record<string, string | number>>;
}
