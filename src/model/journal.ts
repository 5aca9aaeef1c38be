/**
 * The rows of the journal (src/io/journal.ts keeps them in SQLite), as the commands and the renderers
 * read them: what was sent, written, skipped, disputed or promised, to whom and when.
 */

export type ContactKind = 'reminder' | 'courtesy' | 'thanks' | 'skip' | 'bounce' | 'dispute' | 'dispute_closed' | 'promise' | 'note' | 'escalation' | 'to_call' | 'letter';

export type ContactStatus = 'intent' | 'sent' | 'outbox' | 'failed' | 'bounced' | 'uncertain' | 'abandoned';

export interface ContactRow {
  readonly id: number;
  readonly at: string;
  readonly day: string;
  readonly customerId: string;
  readonly currency: string | null;
  readonly kind: ContactKind;
  readonly level: number | null;
  readonly status: ContactStatus | null;
  readonly messageId: string | null;
  readonly recipients: string | null;
  readonly amount: number | null;
  readonly detail: string | null;
  readonly invoices: string | null;
  /** Half-years whose rate was assumed in the charges this contact stated (`FR commercial 2026-H2`), or null. */
  readonly assumedRates: string | null;
}
