/**
 * `npm run faults`: kills `ar remind --send` at least 200 times (random SIGKILLs and the chosen
 * points of the send loop) on the sample firm, against a real SMTP server on loopback, and checks
 * the journal and the server after every kill (see scripts/faults-cases.ts). Needs the build
 * (`npm run build`, which the script runs first).
 *
 *   node scripts/faults.ts [--seed N] [--kills 200] [--days 2026-10-31,2026-11-20,2026-12-10] [--kills-per-day 6]
 *
 * Prints the seed first, one line per scenario, then a summary line; exits 1 on any violation.
 */
import { runFaults, summaryLine } from './faults-cases.ts';

const args = process.argv.slice(2);
const opt = (k: string, d: string): string => {
  const i = args.indexOf(k);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : d;
};
const seed = Number(opt('--seed', String(Date.now() % 1_000_000)));
const minKills = Number(opt('--kills', '200'));
const days = opt('--days', '2026-10-31,2026-11-20,2026-12-10').split(',');
console.log(`faults: seed ${seed} (replay with --seed ${seed}), at least ${minKills} kills over ${days.join(', ')}`);
const summary = await runFaults({ seed, scenarios: 1, minKills, days, killsPerDay: Number(opt('--kills-per-day', '6')), log: (l) => console.log(l) });
for (const v of summary.violations) console.log(`✗ ${v}`);
console.log(summaryLine(summary));
process.exitCode = summary.violations.length > 0 ? 1 : 0;
