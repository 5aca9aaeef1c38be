import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback that keeps what it receives, with faults to order. */
export interface TestSmtp {
  readonly port: number;
  readonly url: string;
  readonly received: ParsedMail[];
  readonly raw: string[];
  /** Recipients to refuse with 550. */
  readonly refuse: Set<string>;
  /** After this many accepted messages, answer 451 to every DATA. */
  failAfter: number | null;
  /** Wait this long before accepting each message. */
  delayMs: number;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const state = {
    received: [] as ParsedMail[],
    raw: [] as string[],
    refuse: new Set<string>(),
    failAfter: null as number | null,
    delayMs: 0,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (state.refuse.has(address.address)) {
        const err = new Error('5.1.1 mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const finish = async () => {
          if (state.failAfter !== null && state.received.length >= state.failAfter) {
            const err = new Error('4.3.0 try again later') as Error & { responseCode: number };
            err.responseCode = 451;
            cb(err);
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          state.raw.push(raw);
          state.received.push(await simpleParser(raw));
          cb();
        };
        setTimeout(() => void finish(), state.delayMs);
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as { port: number }).port;
  return Object.assign(state, {
    port,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }) as TestSmtp;
}
