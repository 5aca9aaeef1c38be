import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir, writeFiles } from '../helpers/run.ts';

/**
 * StdSink (src/io/stdio.ts) in real processes: a child runs a script that writes through it into a
 * file, /dev/null, a pipe that fills up, a pipe whose reader went away, and a terminal.
 */
const SINK = join(ROOT, 'src/io/stdio.ts');

/** A child script: a sink on fd 1, then `body`; it reports on stderr what it saw. */
function script(body: string): string {
  return `
import { OutputClosed, StdSink, isTerminalOrUnknown } from ${JSON.stringify(SINK)};
const out = new StdSink(1, () => process.stdout);
${body}
`;
}

function child(body: string, stdio: ['ignore' | 'pipe', number | 'pipe' | 'ignore', 'pipe']) {
  const dir = tempDir();
  const f = writeFiles(dir, { 'child.ts': script(body) });
  return spawn(process.execPath, [f['child.ts']!], { stdio });
}

function done(c: ReturnType<typeof spawn>): Promise<{ code: number | null; err: string; out: Buffer }> {
  const err: Buffer[] = [];
  const out: Buffer[] = [];
  c.stderr?.on('data', (d: Buffer) => err.push(d));
  c.stdout?.on('data', (d: Buffer) => out.push(d));
  return new Promise((res) => c.on('close', (code) => res({ code, err: Buffer.concat(err).toString(), out: Buffer.concat(out) })));
}

const TEXT = 'Créances échues : 1 234,56 € ✓ 🙂\n';

describe('StdSink, the binary’s standard output', () => {
  it('writes into a file at once, byte for byte, without loading Node’s streams or node:tty', async () => {
    const dir = tempDir();
    const path = join(dir, 'out.txt');
    const fd = openSync(path, 'w');
    const c = child(
      `
for (let i = 0; i < 1000; i++) out.write(${JSON.stringify(TEXT)});
const report = JSON.stringify({ tty: out.isTTY, loaded: process.moduleLoadList.filter((m) => /^NativeModule (stream|net|tty)$/.test(m)) });
process.stderr.write(report);
`,
      ['ignore', fd, 'pipe'],
    );
    const r = await done(c);
    closeSync(fd);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.err)).toEqual({ tty: false, loaded: [] });
    expect(readFileSync(path, 'utf8')).toBe(TEXT.repeat(1000));
  });

  it('knows /dev/null is no terminal without asking node:tty', async () => {
    const fd = openSync('/dev/null', 'w');
    const c = child(
      `
out.write('x');
const report = JSON.stringify({ tty: out.isTTY, maybe: isTerminalOrUnknown(1), loaded: process.moduleLoadList.filter((m) => /^NativeModule (stream|net|tty)$/.test(m)) });
process.stderr.write(report);
`,
      ['ignore', fd, 'pipe'],
    );
    const r = await done(c);
    closeSync(fd);
    expect(JSON.parse(r.err)).toEqual({ tty: false, maybe: false, loaded: [] });
  });

  it('hands a pipe left non-blocking to Node’s stream when it is full, losing and reordering nothing', async () => {
    // Making process.stdout for a pipe sets it non-blocking (libuv): writing straight to it then meets
    // EAGAIN once the reader lags behind, and the rest must go through the stream.
    const c = child(
      `
process.stdout;
const chunk = (i) => String(i).padStart(8, '0') + '.'.repeat(8183) + '\\n';
for (let i = 0; i < 256; i++) out.write(chunk(i));
process.stderr.write(JSON.stringify({ throughStream: process.stdout.bytesWritten > 0 }));
`,
      ['ignore', 'pipe', 'pipe'],
    );
    c.stdout!.pause();
    await new Promise((r) => setTimeout(r, 300));
    c.stdout!.resume();
    const r = await done(c);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.err)).toEqual({ throughStream: true });
    const lines = r.out.toString().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(256);
    lines.forEach((l, i) => expect(l).toBe(String(i).padStart(8, '0') + '.'.repeat(8183)));
  });

  it('throws OutputClosed when the reader of the pipe went away (EPIPE), then writes nothing more', async () => {
    const c = child(
      `
await new Promise((r) => setTimeout(r, 200));
try {
  for (let i = 0; i < 100; i++) out.write('x'.repeat(65536));
  process.stderr.write('not closed\\n');
} catch (e) {
  process.stderr.write(e instanceof OutputClosed ? 'closed\\n' : 'other: ' + e.message + '\\n');
}
process.stderr.write(out.write('more') === false ? 'quiet\\n' : 'wrote\\n');
`,
      ['ignore', 'pipe', 'pipe'],
    );
    c.stdout!.destroy();
    const r = await done(c);
    expect(r.err).toBe('closed\nquiet\n');
    expect(r.code).toBe(0);
  });

  it('keeps a terminal on Node’s stream: `ar aging` on a pseudo-terminal is in colour, into a pipe it is not', () => {
    const py = `
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.environ.pop('NO_COLOR', None)
    os.environ['LANG'] = 'en_US.UTF-8'
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
while True:
    try:
        b = os.read(fd, 65536)
    except OSError:
        break
    if not b:
        break
    out += b
os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf-8', 'replace'))
`;
    const args = [BIN, 'aging', 'fixtures/factures.csv', '--payments', 'fixtures/reglements.csv', '--as-of', '2026-10-31'];
    const tty = spawnSync('python3', ['-c', py, process.execPath, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(tty.stdout).toContain('Total');
    expect(tty.stdout).toMatch(/\x1b\[[0-9;]*m/);
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'en_US.UTF-8' };
    delete env.NO_COLOR;
    const piped = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env, timeout: 60_000 });
    expect(piped.stdout).toContain('Total');
    expect(piped.stdout).not.toMatch(/\x1b\[/);
  });
});
