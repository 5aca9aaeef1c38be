import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.ts';
import { ROOT } from '../helpers/run.ts';

/** `ar aging` on the sample firm, its stdout a terminal (or not), under an environment. */
async function aging(env: Record<string, string>, isTTY: boolean): Promise<string> {
  let out = '';
  const code = await run(['aging', 'fixtures/factures.csv', '--payments', 'fixtures/reglements.csv', '--as-of', '2026-10-31'], {
    cwd: ROOT,
    env,
    today: 0 as never,
    now: () => new Date(0),
    stdout: { write: (s: string) => ((out += s), true), isTTY },
    stderr: { write: () => true },
    stdinIsTTY: false,
  });
  expect(code).toBe(0);
  return out;
}

const COLOURED = /\u001b\[\d+m/;

describe('colour', () => {
  it('is on a terminal, off into a pipe, off with NO_COLOR, FORCE_COLOR=0 or TERM=dumb, forced by FORCE_COLOR', async () => {
    expect(await aging({}, true)).toMatch(COLOURED);
    expect(await aging({}, false)).not.toMatch(COLOURED);
    expect(await aging({ NO_COLOR: '1' }, true)).not.toMatch(COLOURED);
    expect(await aging({ FORCE_COLOR: '0' }, true)).not.toMatch(COLOURED);
    expect(await aging({ FORCE_COLOR: 'false' }, true)).not.toMatch(COLOURED);
    expect(await aging({ TERM: 'dumb' }, true)).not.toMatch(COLOURED);
    expect(await aging({ FORCE_COLOR: '1' }, false)).toMatch(COLOURED);
    expect(await aging({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).not.toMatch(COLOURED);
  });
});
