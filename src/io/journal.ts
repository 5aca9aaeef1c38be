import type { DatabaseSync as Database } from 'node:sqlite';
import { ensurePrivateFile } from './private-files.ts';
import { referenceKey } from '../core/compare.ts';
import { dayFromIso, isoFromDay, type Day, day } from '../core/dates.ts';
import type { DunningHistory, Promise_ } from '../core/dunning.ts';
import { JournalLockedError, InputError } from '../errors.ts';
import type { ContactKind, ContactRow, ContactStatus } from '../model/journal.ts';

/**
 * node:sqlite, loaded without the notice Node 22 prints on standard error when it is first loaded (it calls
 * the module experimental; Node 24 does not): a user of ar is not told of Node's internals, and a cron
 * job's mail stays empty. Any other warning goes out as usual.
 */
const { DatabaseSync } = withoutSqliteNotice(() => process.getBuiltinModule('node:sqlite'));

function withoutSqliteNotice<T>(load: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (/\bSQLite\b/.test(typeof warning === 'string' ? warning : warning.message)) return;
    (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return load();
  } finally {
    process.emitWarning = emit;
  }
}

/**
 * The journal of every contact with customers: a SQLite database (`ar.db`), with a schema version
 * and migrations. Each step of a send is its own transaction on disk (WAL, synchronous FULL), so a
 * run killed at any point loses nothing already recorded and corrupts nothing.
 */

/** A hand-off to collection (`ar escalate`): the dossier's files and the invoices it carried. */
export interface Handover {
  readonly id: number;
  readonly customerId: string;
  readonly day: string;
  readonly files: string;
  readonly invoices: readonly { readonly invoice: string; readonly open: number }[];
}

const MIGRATIONS: readonly string[] = [
  // 1: contacts, the invoices and levels each e-mail carried, disputes, promises.
  `CREATE TABLE contacts (
     id INTEGER PRIMARY KEY,
     run_id TEXT,
     at TEXT NOT NULL,
     day TEXT NOT NULL,
     customer_id TEXT NOT NULL,
     currency TEXT,
     kind TEXT NOT NULL,
     level INTEGER,
     status TEXT,
     message_id TEXT,
     recipients TEXT,
     amount_cents INTEGER,
     detail TEXT
   );
   CREATE INDEX contacts_customer ON contacts(customer_id, id);
   CREATE INDEX contacts_status ON contacts(status);
   CREATE TABLE contact_items (
     contact_id INTEGER NOT NULL REFERENCES contacts(id),
     invoice_key TEXT NOT NULL,
     invoice TEXT NOT NULL,
     level INTEGER NOT NULL,
     open_cents INTEGER,
     PRIMARY KEY (contact_id, invoice_key)
   );
   -- An invoice is sent at a level once: this table is the guard of "exactly once".
   CREATE TABLE sent_levels (
     invoice_key TEXT NOT NULL,
     level INTEGER NOT NULL,
     contact_id INTEGER NOT NULL REFERENCES contacts(id),
     PRIMARY KEY (invoice_key, level)
   );
   CREATE TABLE disputes (
     invoice_key TEXT PRIMARY KEY,
     invoice TEXT NOT NULL,
     reason TEXT,
     opened_on TEXT NOT NULL,
     closed_on TEXT
   );
   CREATE TABLE promises (
     id INTEGER PRIMARY KEY,
     invoice TEXT,
     customer_id TEXT,
     until TEXT NOT NULL,
     amount_cents INTEGER,
     created_on TEXT NOT NULL
   );`,
  // 2: what a promise covers: 'invoice', 'customer', or NULL when `ar promise` had no ledger to tell
  // (version 1 stored every promise that way: the name as invoice and as customer).
  `ALTER TABLE promises ADD COLUMN target TEXT;`,
  // 3: the rates a letter assumed; the customer of a dispute (its closing is recorded under it); the
  // hand-offs to collection, each with the invoices it carried (never two for the same debt).
  `ALTER TABLE contacts ADD COLUMN assumed_rates TEXT;
   ALTER TABLE disputes ADD COLUMN customer_id TEXT;
   CREATE TABLE handovers (
     id INTEGER PRIMARY KEY,
     customer_id TEXT NOT NULL,
     day TEXT NOT NULL,
     at TEXT NOT NULL,
     files TEXT NOT NULL,
     contact_id INTEGER REFERENCES contacts(id)
   );
   CREATE TABLE handover_items (
     handover_id INTEGER NOT NULL REFERENCES handovers(id),
     invoice_key TEXT NOT NULL,
     invoice TEXT NOT NULL,
     open_cents INTEGER NOT NULL,
     PRIMARY KEY (handover_id, invoice_key)
   );
   CREATE INDEX handover_items_key ON handover_items(invoice_key);`,
];

const SCHEMA_VERSION = MIGRATIONS.length;

export class Journal {
  readonly path: string;
  readonly db: Database;
  private lockDb: Database | null = null;

  private constructor(path: string, db: Database) {
    this.path = path;
    this.db = db;
  }

  /** Opens (creating and migrating) the journal. */
  static open(path: string): Journal {
    let db: Database;
    try {
      ensurePrivateFile(path); // owner-only, whatever the umask (SQLite gives its WAL the same mode)
      db = new DatabaseSync(path, { timeout: 5000 });
      // Said again as a pragma, first: Node 22's DatabaseSync takes no `timeout`, and a journal that another run
      // is creating at the same moment would be "locked" at once.
      db.exec('PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
    } catch (e) {
      throw new InputError('journal_unreadable', { file: path, detail: (e as Error).message });
    }
    const j = new Journal(path, db);
    j.migrate();
    return j;
  }

  /** Opens the journal only if it exists: a dry run never creates one. */
  static openIfExists(path: string, exists: boolean): Journal | null {
    return exists ? Journal.open(path) : null;
  }

  private migrate(): void {
    const version = (): number => Number((this.db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
    const tooNew = (v: number) => new InputError('journal_too_new', { file: this.path, version: v, supported: SCHEMA_VERSION });
    const seen = version();
    if (seen > SCHEMA_VERSION) throw tooNew(seen);
    if (seen === SCHEMA_VERSION) return;
    // Read again under the write lock: another process opening a new journal at the same moment
    // may have migrated it while this one waited.
    this.tx(() => {
      const from = version();
      if (from > SCHEMA_VERSION) throw tooNew(from);
      for (let v = from; v < SCHEMA_VERSION; v++) {
        this.db.exec(MIGRATIONS[v]!);
        this.db.exec(`PRAGMA user_version = ${v + 1}`);
      }
    });
  }

  /** Runs `f` in one immediate transaction. */
  tx<T>(f: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const r = f();
      this.db.exec('COMMIT');
      return r;
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }

  /**
   * Takes the run lock: an exclusive transaction on a side database, held until `unlock` or the
   * process's end (the OS releases it when a run is killed). A second run waits `waitMs`, then fails.
   */
  lock(waitMs = 5000): void {
    const lockPath = `${this.path}.lock`;
    const db = new DatabaseSync(lockPath, { timeout: waitMs });
    try {
      db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(waitMs))}`);
      db.exec('CREATE TABLE IF NOT EXISTS run_lock (x)');
      db.exec('BEGIN EXCLUSIVE');
    } catch {
      db.close();
      throw new JournalLockedError('journal_locked', { file: this.path });
    }
    this.lockDb = db;
  }

  unlock(): void {
    if (this.lockDb) {
      try {
        this.lockDb.exec('ROLLBACK');
      } catch {
        // nothing to release
      }
      this.lockDb.close();
      this.lockDb = null;
    }
  }

  close(): void {
    this.unlock();
    this.db.close();
  }

  /** Records a contact; returns its id. */
  record(c: {
    runId?: string | null;
    at: string;
    day: Day;
    customerId: string;
    currency?: string | null;
    kind: ContactKind;
    level?: number | null;
    status?: ContactStatus | null;
    messageId?: string | null;
    recipients?: string | null;
    amount?: number | null;
    detail?: string | null;
    assumedRates?: string | null;
  }): number {
    const r = this.db
      .prepare(
        `INSERT INTO contacts (run_id, at, day, customer_id, currency, kind, level, status, message_id, recipients, amount_cents, detail, assumed_rates)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        c.runId ?? null,
        c.at,
        isoFromDay(c.day),
        c.customerId,
        c.currency ?? null,
        c.kind,
        c.level ?? null,
        c.status ?? null,
        c.messageId ?? null,
        c.recipients ?? null,
        c.amount ?? null,
        c.detail ?? null,
        c.assumedRates ?? null,
      );
    return Number(r.lastInsertRowid);
  }

  /**
   * Records the intent to send an e-mail and claims its (invoice, level) pairs, in one transaction.
   * Returns null when a pair is already claimed (another e-mail carried it): nothing is recorded then.
   * With `retrying` (--retry-uncertain), a pair claimed by an uncertain e-mail is taken over: that
   * e-mail is abandoned in the same transaction, so a run killed at any point leaves each doubt
   * reported (still uncertain, or the new intent).
   */
  recordIntent(c: Parameters<Journal['record']>[0], items: readonly { invoice: string; level: number; open: number; advances: boolean }[], retrying = false): number | null {
    return this.tx(() => {
      const check = this.db.prepare('SELECT s.contact_id AS id, c.status FROM sent_levels s JOIN contacts c ON c.id = s.contact_id WHERE s.invoice_key = ? AND s.level = ?');
      const taken: number[] = [];
      for (const it of items) {
        if (!it.advances) continue;
        const claim = check.get(referenceKey(it.invoice), it.level) as { id: number; status: string } | undefined;
        if (!claim) continue;
        if (!retrying || claim.status !== 'uncertain') return null;
        taken.push(Number(claim.id));
      }
      for (const old of new Set(taken)) this.abandon(old);
      const id = this.record({ ...c, status: 'intent' });
      const item = this.db.prepare('INSERT INTO contact_items (contact_id, invoice_key, invoice, level, open_cents) VALUES (?, ?, ?, ?, ?)');
      const claim = this.db.prepare('INSERT INTO sent_levels (invoice_key, level, contact_id) VALUES (?, ?, ?)');
      for (const it of items) {
        item.run(id, referenceKey(it.invoice), it.invoice, it.level, it.open);
        if (it.advances) claim.run(referenceKey(it.invoice), it.level, id);
      }
      return id;
    });
  }

  private abandon(id: number): void {
    this.db.prepare('DELETE FROM sent_levels WHERE contact_id = ?').run(id);
    this.db.prepare("UPDATE contacts SET status = 'abandoned' WHERE id = ?").run(id);
  }

  /** The server accepted the message. */
  markSent(id: number, messageId: string, status: 'sent' | 'outbox' = 'sent'): void {
    this.tx(() => this.db.prepare('UPDATE contacts SET status = ?, message_id = ? WHERE id = ?').run(status, messageId, id));
  }

  /** The message was not delivered: its levels are released for a later run. */
  markFailed(id: number, status: 'failed' | 'bounced', detail: string): void {
    this.tx(() => {
      this.db.prepare('UPDATE contacts SET status = ?, detail = ? WHERE id = ?').run(status, detail, id);
      this.db.prepare('DELETE FROM sent_levels WHERE contact_id = ?').run(id);
    });
  }

  /**
   * The connection was lost after the server took the data: it may have accepted the message.
   * Its levels stay claimed: the next run reports it and resends it only with --retry-uncertain.
   */
  markUncertainSend(id: number, detail: string): void {
    this.tx(() => this.db.prepare("UPDATE contacts SET status = 'uncertain', detail = ? WHERE id = ?").run(detail, id));
  }

  /** Intents left by a run that died between recording and acceptance: now uncertain. Returns them. */
  markUncertain(): ContactRow[] {
    return this.tx(() => {
      this.db.prepare("UPDATE contacts SET status = 'uncertain' WHERE status = 'intent'").run();
      return this.contacts("WHERE c.status = 'uncertain'");
    });
  }

  /**
   * At the end of a --retry-uncertain run: abandon the uncertain entries it did not resend (their
   * customers owe nothing at those levels any more), releasing their levels.
   */
  releaseUncertain(): number {
    return this.tx(() => {
      const ids = (this.db.prepare("SELECT id FROM contacts WHERE status = 'uncertain'").all() as { id: number }[]).map((r) => Number(r.id));
      for (const id of ids) this.abandon(id);
      return ids.length;
    });
  }

  /**
   * What the dunning plan needs to know of the past. `retrying` (--retry-uncertain): the uncertain
   * e-mails count as not sent, so that they are planned again.
   */
  history(retrying = false): DunningHistory {
    const lastLevel = new Map<string, number>();
    const claims = retrying
      ? "SELECT s.invoice_key AS k, MAX(s.level) AS l FROM sent_levels s JOIN contacts c ON c.id = s.contact_id WHERE c.status <> 'uncertain' GROUP BY s.invoice_key"
      : 'SELECT invoice_key AS k, MAX(level) AS l FROM sent_levels GROUP BY invoice_key';
    for (const r of this.db.prepare(claims).all() as { k: string; l: number }[]) {
      lastLevel.set(r.k, Number(r.l));
    }
    const levelDays = new Map<string, Map<number, Day>>();
    for (const r of this.db
      .prepare(`SELECT s.invoice_key AS k, s.level AS l, c.day AS d FROM sent_levels s JOIN contacts c ON c.id = s.contact_id${retrying ? " WHERE c.status <> 'uncertain'" : ''}`)
      .all() as { k: string; l: number; d: string }[]) {
      const d = dayFromIso(r.d);
      if (d === null) continue;
      let m = levelDays.get(r.k);
      if (!m) levelDays.set(r.k, (m = new Map()));
      m.set(Number(r.l), d);
    }
    const lastEmail = new Map<string, Day>();
    for (const r of this.db
      .prepare(
        `SELECT customer_id AS c, MAX(day) AS d FROM contacts WHERE kind IN ('reminder','courtesy','thanks') AND status IN ('sent','outbox','intent'${retrying ? '' : ",'uncertain'"}) GROUP BY customer_id`,
      )
      .all() as { c: string; d: string }[]) {
      const d = dayFromIso(r.d);
      if (d !== null) lastEmail.set(r.c, d);
    }
    const disputed = new Set((this.db.prepare('SELECT invoice_key AS k FROM disputes WHERE closed_on IS NULL').all() as { k: string }[]).map((r) => r.k));
    const promises: Promise_[] = (
      this.db.prepare('SELECT invoice, customer_id, until, target FROM promises').all() as { invoice: string | null; customer_id: string | null; until: string; target: string | null }[]
    ).map((r) => ({ invoice: r.invoice, customerId: r.customer_id, until: dayFromIso(r.until) ?? day(0), target: r.target === 'invoice' || r.target === 'customer' ? r.target : null }));
    const keysOf = (kind: string): Set<string> =>
      new Set(
        (
          this.db
            .prepare(
              `SELECT i.invoice_key AS k FROM contact_items i JOIN contacts c ON c.id = i.contact_id WHERE c.kind = ? AND c.status IN ('sent','outbox','intent'${retrying ? '' : ",'uncertain'"})`,
            )
            .all(kind) as { k: string }[]
        ).map((r) => r.k),
      );
    const uncertain = retrying
      ? new Set<string>()
      : new Set((this.db.prepare("SELECT i.invoice_key AS k FROM contact_items i JOIN contacts c ON c.id = i.contact_id WHERE c.status = 'uncertain'").all() as { k: string }[]).map((r) => r.k));
    return { lastLevel, levelDays, lastEmail, disputed, promises, courtesySent: keysOf('courtesy'), thanked: keysOf('thanks'), uncertain };
  }

  /** Message-IDs of the e-mails already sent to a customer, oldest first (for threading). */
  threadOf(customerId: string): string[] {
    return (
      this.db.prepare("SELECT message_id AS m FROM contacts WHERE customer_id = ? AND message_id IS NOT NULL AND status IN ('sent','outbox') ORDER BY id").all(customerId) as { m: string }[]
    ).map((r) => r.m);
  }

  /** Invoices that had a reminder sent: reference keys. */
  remindedInvoices(): Set<string> {
    return new Set(
      (
        this.db.prepare("SELECT DISTINCT i.invoice_key AS k FROM contact_items i JOIN contacts c ON c.id = i.contact_id WHERE c.kind = 'reminder' AND c.status IN ('sent','outbox')").all() as {
          k: string;
        }[]
      ).map((r) => r.k),
    );
  }

  openDispute(invoice: string, reason: string | null, on: Day, customerId: string | null = null): void {
    this.tx(() =>
      this.db
        .prepare(
          'INSERT INTO disputes (invoice_key, invoice, reason, opened_on, closed_on, customer_id) VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT(invoice_key) DO UPDATE SET reason = excluded.reason, opened_on = excluded.opened_on, closed_on = NULL, customer_id = excluded.customer_id',
        )
        .run(referenceKey(invoice), invoice, reason, isoFromDay(on), customerId),
    );
  }

  /**
   * The disputes on record, each from the day it was opened to the day it was closed (null while open):
   * an invoice counts as disputed within that span, in every command (docs/accounting.md §1.3).
   */
  disputeIntervals(): { invoice: string; from: Day; to: Day | null }[] {
    const rows = this.db.prepare('SELECT invoice, opened_on AS o, closed_on AS c FROM disputes ORDER BY invoice_key').all() as { invoice: string; o: string; c: string | null }[];
    const out: { invoice: string; from: Day; to: Day | null }[] = [];
    for (const r of rows) {
      const from = dayFromIso(r.o);
      if (from === null) continue;
      out.push({ invoice: r.invoice, from, to: r.c === null ? null : dayFromIso(r.c) });
    }
    return out;
  }

  /** Closes an open dispute; returns it (its number as recorded and its customer), or null when none was open. */
  closeDispute(invoice: string, on: Day): { invoice: string; customerId: string | null } | null {
    return this.tx(() => {
      const open = this.db.prepare('SELECT invoice, customer_id AS c FROM disputes WHERE invoice_key = ? AND closed_on IS NULL').get(referenceKey(invoice)) as
        | { invoice: string; c: string | null }
        | undefined;
      if (!open) return null;
      this.db.prepare('UPDATE disputes SET closed_on = ? WHERE invoice_key = ?').run(isoFromDay(on), referenceKey(invoice));
      return { invoice: open.invoice, customerId: open.c };
    });
  }

  /** The customer a dispute was opened for, as the journal recorded it (its `dispute` row), or null. */
  disputeCustomer(invoice: string): string | null {
    const r = this.db
      .prepare("SELECT customer_id AS c FROM contacts WHERE kind = 'dispute' AND customer_id <> '' AND (detail = ? OR detail LIKE ? ESCAPE '\\') ORDER BY id DESC LIMIT 1")
      .get(invoice, `${invoice.replace(/[\\%_]/g, (c) => `\\${c}`)}: %`) as { c: string } | undefined;
    return r?.c ?? null;
  }

  /**
   * Records a skip unless the customer's last entry is the same skip: a daily run that finds nothing
   * new to do says so once, not every day. Returns whether it was recorded.
   */
  recordSkip(c: { at: string; day: Day; customerId: string; currency: string | null; amount: number; detail: string }): boolean {
    return this.tx(() => {
      const last = this.db.prepare('SELECT kind, detail FROM contacts WHERE customer_id = ? ORDER BY id DESC LIMIT 1').get(c.customerId) as { kind: string; detail: string | null } | undefined;
      if (last && last.kind === 'skip' && last.detail === c.detail) return false;
      this.record({ ...c, kind: 'skip' });
      return true;
    });
  }

  /** The hand-offs that carried any of these invoices (reference keys), oldest first. */
  handoversOf(keys: readonly string[]): Handover[] {
    const ids = new Set<number>();
    const find = this.db.prepare('SELECT handover_id AS h FROM handover_items WHERE invoice_key = ?');
    for (const k of keys) for (const r of find.all(k) as { h: number }[]) ids.add(Number(r.h));
    return [...ids]
      .sort((a, b) => a - b)
      .map((id) => {
        const h = this.db.prepare('SELECT id, customer_id AS customerId, day, files FROM handovers WHERE id = ?').get(id) as { id: number; customerId: string; day: string; files: string };
        const invoices = (this.db.prepare('SELECT invoice, open_cents AS open FROM handover_items WHERE handover_id = ? ORDER BY rowid').all(id) as { invoice: string; open: number }[]).map((r) => ({
          invoice: r.invoice,
          open: Number(r.open),
        }));
        return { id: Number(h.id), customerId: h.customerId, day: h.day, files: h.files, invoices };
      });
  }

  /** Records a hand-off to collection and its contact row, in one transaction. */
  recordHandover(h: { at: string; day: Day; customerId: string; currency: string | null; files: string; amount: number; invoices: readonly { invoice: string; open: number }[] }): number {
    return this.tx(() => {
      const contact = this.record({ at: h.at, day: h.day, customerId: h.customerId, currency: h.currency, kind: 'escalation', amount: h.amount, detail: h.files });
      const id = Number(
        this.db.prepare('INSERT INTO handovers (customer_id, day, at, files, contact_id) VALUES (?, ?, ?, ?, ?)').run(h.customerId, isoFromDay(h.day), h.at, h.files, contact).lastInsertRowid,
      );
      const item = this.db.prepare('INSERT INTO handover_items (handover_id, invoice_key, invoice, open_cents) VALUES (?, ?, ?, ?)');
      const items = this.db.prepare('INSERT INTO contact_items (contact_id, invoice_key, invoice, level, open_cents) VALUES (?, ?, ?, 0, ?)');
      for (const i of h.invoices) {
        item.run(id, referenceKey(i.invoice), i.invoice, i.open);
        items.run(contact, referenceKey(i.invoice), i.invoice, i.open);
      }
      return id;
    });
  }

  /** Records a contact with the invoices (and levels) it concerned, in one transaction: a letter written. */
  recordWith(c: Parameters<Journal['record']>[0], items: readonly { invoice: string; level: number; open: number }[]): number {
    return this.tx(() => {
      const id = this.record(c);
      const item = this.db.prepare('INSERT INTO contact_items (contact_id, invoice_key, invoice, level, open_cents) VALUES (?, ?, ?, ?, ?)');
      for (const it of items) item.run(id, referenceKey(it.invoice), it.invoice, it.level, it.open);
      return id;
    });
  }

  addPromise(p: { invoice: string | null; customerId: string | null; target: 'invoice' | 'customer' | null; until: Day; amount: number | null; on: Day }): void {
    this.tx(() =>
      this.db
        .prepare('INSERT INTO promises (invoice, customer_id, target, until, amount_cents, created_on) VALUES (?, ?, ?, ?, ?, ?)')
        .run(p.invoice, p.customerId, p.target, isoFromDay(p.until), p.amount, isoFromDay(p.on)),
    );
  }

  /** Contacts with their invoices, filtered by a WHERE clause on `c`. */
  contacts(where = '', ...params: (string | number)[]): ContactRow[] {
    const rows = this.db
      .prepare(
        `SELECT c.id, c.at, c.day, c.customer_id AS customerId, c.currency, c.kind, c.level, c.status, c.message_id AS messageId,
                c.recipients, c.amount_cents AS amount, c.detail, c.assumed_rates AS assumedRates,
                (SELECT group_concat(i.invoice || ':' || i.level, ' ') FROM contact_items i WHERE i.contact_id = c.id) AS invoices
         FROM contacts c ${where} ORDER BY c.id`,
      )
      .all(...params) as unknown as ContactRow[];
    return rows.map((r) => ({ ...r }));
  }

  /**
   * The last contact day per customer as of a date (for reports): a report as of the past shows
   * what was known then, not the contacts made since.
   */
  lastContacts(asOf: Day): Map<string, string> {
    const m = new Map<string, string>();
    const rows = this.db.prepare("SELECT customer_id AS c, MAX(day) AS d FROM contacts WHERE kind <> 'skip' AND day <= ? GROUP BY customer_id").all(isoFromDay(asOf)) as { c: string; d: string }[];
    for (const r of rows) m.set(r.c, r.d);
    return m;
  }
}
