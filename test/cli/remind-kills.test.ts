import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { runFaults, summaryLine } from '../../scripts/faults-cases.ts';

/**
 * The quick subset of `npm run faults` (the full run kills at least 200 times over three days):
 * the built `ar remind --send` on the sample firm, killed at random delays and at each point of
 * the send loop, against a real SMTP server on loopback (scripts/faults-cases.ts for the checks).
 */
describe('ar remind --send killed again and again', () => {
  it('keeps the journal sound, sends nothing twice, and after --retry-uncertain has delivered every due e-mail', async () => {
    const lines: string[] = [];
    const s = await runFaults({ seed: 20261031, scenarios: 1, minKills: 20, days: ['2026-10-31'], killsPerDay: 20, log: (l) => lines.push(l) });
    expect(s.violations, lines.join('\n')).toEqual([]);
    expect(s.kills).toBeGreaterThanOrEqual(20);
    // Both kinds of kill landed: real signals at random delays, and the chosen points of the loop.
    expect(s.byKind.signal ?? 0).toBeGreaterThan(0);
    expect(Object.keys(s.byKind).filter((k) => k !== 'signal').length).toBeGreaterThanOrEqual(3);
    expect(summaryLine(s)).toMatch(/^faults: \d+ kills survived .* 0 violations$/);
  }, 120_000);

  it('catches a journal that lies: a message recorded as sent that the server never got, and sent messages forgotten', async () => {
    const tamper = (file: string) => {
      const db = new DatabaseSync(file);
      try {
        if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'contacts'").get()) return;
        db.exec("DELETE FROM sent_levels; DELETE FROM contact_items; DELETE FROM contacts WHERE status = 'sent' AND message_id <> '<forged@durand.example>'");
        db.exec(
          "INSERT INTO contacts (at, day, customer_id, kind, level, status, message_id) SELECT '2026-10-31T08:00:00Z', '2026-10-31', 'C999', 'reminder', 1, 'sent', '<forged@durand.example>' WHERE NOT EXISTS (SELECT 1 FROM contacts WHERE message_id = '<forged@durand.example>')",
        );
      } finally {
        db.close();
      }
    };
    const s = await runFaults({ seed: 1, scenarios: 1, days: ['2026-10-31'], killsPerDay: 1, tamper });
    const all = s.violations.join('\n');
    expect(all).toContain('<forged@durand.example> recorded as sent, never received by the server');
    expect(all).toMatch(/the server received \S+ 2 times on 2026-10-31/);
    expect(summaryLine(s)).not.toMatch(/ 0 violations$/);
  }, 60_000);
});
