import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.ts';
import { ar } from '../helpers/run.ts';

describe('ar --help', () => {
  it('prints, from the copy made at build time, exactly what the program prints', async () => {
    let out = '';
    const sink = { write: (s: string) => ((out += s), true), isTTY: true };
    const code = await run(['--help'], { cwd: '/', env: {}, today: 0 as never, now: () => new Date(0), stdout: sink, stderr: sink, stdinIsTTY: false });
    expect(code).toBe(0);
    const r = ar(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(out);
    expect(ar(['-h']).stdout).toBe(out);
    // Every command is listed.
    for (const c of ['aging', 'remind', 'impact', 'dso', 'customers', 'dispute', 'promise', 'log']) expect(out).toContain(c);
  });
});
