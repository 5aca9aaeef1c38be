import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** What the server does with the DATA of a message (see `onData`). */
export type DataFault = 'accept' | '451' | '550' | 'drop-mid' | 'drop-after-data';

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
  /** Wait for this before accepting each message (a gate the test opens), then `delayMs`. */
  hold: Promise<void> | null;
  /** Decides each DATA (counted from 1 over the server's life); default: accept. */
  onData: ((attempt: number, to: string) => DataFault) | null;
  /** DATA commands seen, by first recipient. */
  readonly attempts: Map<string, number>;
  /** Logins tried: the user names, and whether the password matched. */
  readonly logins: { user: string; ok: boolean; secure: boolean }[];
  /** Connections opened. */
  connections: number;
  close(): Promise<void>;
}

export interface SmtpOptions {
  /** Implicit TLS (smtps://) with this key and certificate. */
  readonly secure?: { key: string; cert: string };
  /** Offer STARTTLS with this key and certificate. */
  readonly starttls?: { key: string; cert: string };
  /** Require a login with this user and password (answering 535 otherwise). */
  readonly auth?: { user: string; pass: string; reply535?: string };
}

export async function startSmtp(options: SmtpOptions = {}): Promise<TestSmtp> {
  const state = {
    received: [] as ParsedMail[],
    raw: [] as string[],
    refuse: new Set<string>(),
    failAfter: null as number | null,
    delayMs: 0,
    hold: null as Promise<void> | null,
    onData: null as TestSmtp['onData'],
    attempts: new Map<string, number>(),
    logins: [] as TestSmtp['logins'],
    connections: 0,
  };
  let dataCount = 0;
  const tls = options.secure ?? options.starttls;
  const config: SMTPServerOptions = {
    authOptional: options.auth === undefined,
    allowInsecureAuth: true,
    disabledCommands: options.starttls ? [] : ['STARTTLS'],
    ...(tls ? { key: tls.key, cert: tls.cert } : {}),
    secure: options.secure !== undefined,
    logger: false,
    onConnect(_session, cb) {
      state.connections++;
      cb();
    },
    onAuth(auth, session, cb) {
      const ok = options.auth !== undefined && auth.username === options.auth.user && auth.password === options.auth.pass;
      state.logins.push({ user: auth.username ?? '', ok, secure: session.secure === true });
      if (ok) {
        cb(null, { user: auth.username });
        return;
      }
      const err = new Error(options.auth?.reply535 ?? '5.7.8 Authentication credentials invalid') as Error & { responseCode: number };
      err.responseCode = 535;
      cb(err);
    },
    onRcptTo(address, _session, cb) {
      if (state.refuse.has(address.address)) {
        const err = new Error('5.1.1 mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const to = session.envelope.rcptTo[0]?.address ?? '';
      state.attempts.set(to, (state.attempts.get(to) ?? 0) + 1);
      const fault = state.onData?.(++dataCount, to) ?? 'accept';
      const socket = connectionOf(session.id);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.length;
        // Half of a message, then the line goes dead: the terminating dot never arrives.
        if (fault === 'drop-mid' && size > 2000) socket?.destroy();
      });
      stream.on('end', () => {
        const finish = async () => {
          const reply = (code: number, text: string) => {
            const err = new Error(text) as Error & { responseCode: number };
            err.responseCode = code;
            cb(err);
          };
          if (fault === 'drop-mid') return;
          if (fault === '451' || (state.failAfter !== null && state.received.length >= state.failAfter)) return reply(451, '4.3.0 try again later');
          if (fault === '550') return reply(550, '5.7.1 message refused');
          const raw = Buffer.concat(chunks).toString('utf8');
          state.raw.push(raw);
          state.received.push(await simpleParser(raw));
          // The server holds the whole message, then the connection breaks before its answer.
          if (fault === 'drop-after-data') return socket?.destroy();
          cb();
        };
        void (state.hold ?? Promise.resolve()).then(() => setTimeout(() => void finish(), state.delayMs));
      });
    },
  };
  const server = new SMTPServer(config);
  // A client killed mid-session resets its connection: that is the point of the tests, not an error.
  server.on('error', () => {});
  const connectionOf = (id: string): { destroy(): void } | undefined => {
    for (const c of (server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections) if (c.id === id) return c._socket;
    return undefined;
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as { port: number }).port;
  return Object.assign(state, {
    port,
    url: `${options.secure ? 'smtps' : 'smtp'}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        // Connections still open (a killed client's) would hold close() for the server's timeout.
        for (const c of (server as unknown as { connections: Set<{ _socket: { destroy(): void } }> }).connections) c._socket.destroy();
        server.close(() => r());
      }),
  }) as TestSmtp;
}
