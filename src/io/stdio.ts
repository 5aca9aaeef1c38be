import { fstatSync, statSync, writeSync } from '../fs.ts';

/**
 * Thrown by a write to standard output or error once its reader has gone away (EPIPE: `ar aging |
 * head`). It unwinds the command, and the run ends with exit 0, as Unix tools do. The process is not
 * ended from inside the write with process.exit: that can hang for ever when V8 is compiling on
 * another thread at that moment (nodejs/node#54918; seen here in the test of `| head`).
 */
export class OutputClosed extends Error {
  constructor() {
    super('the reader of the output went away');
  }
}

/**
 * Standard output or error of the binary, written straight to its descriptor when that is a file or a
 * pipe (how cron, scripts and `| less` run `ar`), and through Node's stream on a terminal.
 *
 * The first use of `process.stdout`, `process.stderr` or `process.stdin` loads Node's stream and net
 * modules: together about 4 ms of a 60 ms `ar aging` (measured: npm run bench). Written here, the
 * bytes go out as `process.stdout` would have sent them into a file or a blocking pipe: at once, in
 * order. A pipe another program left non-blocking may refuse bytes when it is full (EAGAIN): the rest
 * then goes through Node's stream, which waits for the pipe. Once the reader has gone away, a write
 * throws OutputClosed (straight to the descriptor) or, through the stream, which learns it later,
 * writes nothing more.
 */
export class StdSink {
  #mode: 'direct' | 'stream' | undefined;
  #stream: NodeJS.WriteStream | null = null;
  #gone = false;
  readonly #fd: number;
  readonly #open: () => NodeJS.WriteStream;

  /** @param open Node's stream for this descriptor (process.stdout, process.stderr), made on first need. */
  constructor(fd: number, open: () => NodeJS.WriteStream) {
    this.#fd = fd;
    this.#open = open;
  }

  get isTTY(): boolean {
    return this.#modeNow() === 'stream' && this.#streamNow().isTTY === true;
  }

  /** The terminal's width in columns; undefined when it is not a terminal. */
  get columns(): number | undefined {
    return this.isTTY ? this.#streamNow().columns : undefined;
  }

  write(s: string): boolean {
    if (this.#gone) return false;
    if (this.#modeNow() === 'stream') return this.#streamNow().write(s);
    const bytes = Buffer.from(s, 'utf8');
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(this.#fd, bytes, done);
      return true;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        this.#gone = true;
        throw new OutputClosed();
      }
      if (code !== 'EAGAIN') throw e;
      this.#mode = 'stream';
      return this.#streamNow().write(bytes.subarray(done));
    }
  }

  #modeNow(): 'direct' | 'stream' {
    this.#mode ??= isTerminalOrUnknown(this.#fd) ? 'stream' : 'direct';
    return this.#mode;
  }

  #streamNow(): NodeJS.WriteStream {
    if (this.#stream === null) {
      const stream = this.#open();
      stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EPIPE') throw e;
        this.#gone = true;
      });
      this.#stream = stream;
    }
    return this.#stream;
  }
}

/**
 * Whether a descriptor is a terminal, or is not open. A terminal is a character device, so a file or a
 * pipe is known not to be one without loading node:tty (and with it Node's streams); so is /dev/null,
 * the one character device that is not a terminal and that output is commonly sent to.
 */
export function isTerminalOrUnknown(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    if (st.rdev === nullDevice()) return false;
  } catch {
    return true; // closed: Node's stream knows what to do with it
  }
  return process.getBuiltinModule('node:tty').isatty(fd);
}

/** The device number of /dev/null (-1 where there is none), which cron jobs write to. */
function nullDevice(): number {
  try {
    return statSync('/dev/null').rdev;
  } catch {
    return -1;
  }
}
