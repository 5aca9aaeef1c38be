import { cents, type Cents } from '../core/money.ts';
import { existsSync } from '../fs.ts';
import { dayFromIso, type Day } from '../core/dates.ts';
import type { KnownPromise } from '../core/forecast.ts';

/**
 * What `ar forecast` and `ar report` read of the journal (src/io/journal.ts): the promises with the day
 * each was recorded (a forecast as of a past date knows only those recorded by then, docs/accounting.md
 * §2) and their amounts, and the disputes with their reasons. Read only: a journal that does not exist
 * is not created.
 */

export interface JournalPromise extends KnownPromise {
  /** The amount promised, informational; null when none was given. */
  readonly amount: Cents | null;
}

export interface JournalDisputeView {
  readonly invoice: string;
  readonly reason: string | null;
  readonly from: Day;
  readonly to: Day | null;
}

export interface JournalView {
  readonly promises: JournalPromise[];
  readonly disputes: JournalDisputeView[];
}

const EMPTY_JOURNAL: JournalView = { promises: [], disputes: [] };

/** The journal's promises and disputes; empty when the file does not exist. */
export async function readJournalView(path: string): Promise<JournalView> {
  if (!existsSync(path)) return EMPTY_JOURNAL;
  const { Journal } = await import('./journal.ts');
  const j = Journal.open(path);
  try {
    const promises = (
      j.db.prepare('SELECT invoice, customer_id, target, until, amount_cents, created_on FROM promises ORDER BY id').all() as {
        invoice: string | null;
        customer_id: string | null;
        target: string | null;
        until: string;
        amount_cents: number | null;
        created_on: string;
      }[]
    ).flatMap((r): JournalPromise[] => {
      const until = dayFromIso(r.until);
      if (until === null) return [];
      return [
        {
          invoice: r.invoice,
          customerId: r.customer_id,
          target: r.target === 'invoice' || r.target === 'customer' ? r.target : null,
          until,
          createdOn: dayFromIso(r.created_on),
          amount: r.amount_cents === null ? null : cents(Number(r.amount_cents)),
        },
      ];
    });
    const disputes = (
      j.db.prepare('SELECT invoice, reason, opened_on, closed_on FROM disputes ORDER BY opened_on, invoice_key').all() as {
        invoice: string;
        reason: string | null;
        opened_on: string;
        closed_on: string | null;
      }[]
    ).flatMap((r): JournalDisputeView[] => {
      const from = dayFromIso(r.opened_on);
      if (from === null) return [];
      return [{ invoice: r.invoice, reason: r.reason, from, to: r.closed_on === null ? null : dayFromIso(r.closed_on) }];
    });
    return { promises, disputes };
  } finally {
    j.close();
  }
}
