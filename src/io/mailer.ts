import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { UsageError } from '../errors.ts';

/**
 * Sending e-mail: SMTP through nodemailer (one pooled connection, a rate limit, retries with backoff
 * on temporary 4xx failures, every wait bounded so that a message is given up within a minute),
 * or building the RFC 5322 message for an outbox (.eml). The SMTP password comes from the
 * environment only and never appears in any output: every error text is redacted.
 */

export interface OutgoingMessage {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly replyTo: string | null;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  readonly references: readonly string[];
  readonly date: Date;
  readonly attachments: readonly { filename: string; content: Buffer; contentType: string }[];
}

export type SendResult = { readonly ok: true; readonly response: string; readonly rejected: readonly string[] } | { readonly ok: false; readonly kind: FailureKind; readonly detail: string };

/**
 * Why a message was not delivered. `refused` (a 5xx for this message: a bounce) and `temporary`
 * (a 4xx still there after the retries) concern one message: the run goes on. `uncertain`: the
 * connection was lost after the server took the message's data (354) and before its answer, so
 * the server may have accepted it; it is never retried blindly. The others stop the run:
 * `unreachable` (no connection), `auth` (the login was refused), `tls` (the certificate is not
 * valid) and `plain` (STARTTLS is not offered and the password would go in clear).
 */
export type FailureKind = 'refused' | 'temporary' | 'uncertain' | 'unreachable' | 'auth' | 'tls' | 'plain';

export interface Sender {
  send(msg: OutgoingMessage): Promise<SendResult>;
  close(): void;
}

function mailOptions(msg: OutgoingMessage): Mail.Options {
  const last = msg.references[msg.references.length - 1];
  return {
    from: msg.from,
    to: [...msg.to],
    cc: msg.cc.length > 0 ? [...msg.cc] : undefined,
    replyTo: msg.replyTo ?? undefined,
    subject: msg.subject,
    text: msg.text,
    html: msg.html,
    messageId: msg.messageId,
    date: msg.date,
    ...(last ? { inReplyTo: last, references: [...msg.references] } : {}),
    attachments: msg.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    // Addresses come from validated data; nodemailer encodes every header, so no data reaches a header raw.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** The whole message as an .eml file (CRLF line ends, as mail clients expect). */
export async function buildEml(msg: OutgoingMessage): Promise<Buffer> {
  return new MailComposer({ ...mailOptions(msg), newline: 'windows' } as Mail.Options).compile().build();
}

export interface SmtpSettings {
  readonly url: URL;
  /** Accept an invalid TLS certificate (AR_SMTP_TLS_INSECURE=1). */
  readonly insecureTls: boolean;
  /** Allow authentication without TLS to a host that is not loopback (AR_SMTP_ALLOW_PLAIN=1). */
  readonly allowPlain: boolean;
  /** Messages per second at most. */
  readonly ratePerSecond: number;
  /** Base delay of the retry backoff, in ms (1 s by default; tests lower it). */
  readonly retryBaseMs: number;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i;

/** Reads AR_SMTP_URL (smtp:// or smtps://, user and password inside). Never echoes the password. */
export function smtpSettings(env: Readonly<Record<string, string | undefined>>): SmtpSettings {
  const raw = env.AR_SMTP_URL;
  if (!raw) throw new UsageError('smtp_missing');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError('smtp_bad_url');
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '') throw new UsageError('smtp_bad_url');
  return {
    url,
    insecureTls: env.AR_SMTP_TLS_INSECURE === '1',
    allowPlain: env.AR_SMTP_ALLOW_PLAIN === '1',
    ratePerSecond: Number(env.AR_SMTP_RATE ?? '10') || 10,
    retryBaseMs: Number(env.AR_SMTP_RETRY_MS ?? '1000'),
  };
}

/**
 * Removes the SMTP password from a text: as written in the URL, decoded, encoded again, and in
 * base64 alone or as AUTH PLAIN sends it (a server's reply may echo any of them).
 */
export function redact(text: string, settings: SmtpSettings | null): string {
  if (!settings || settings.url.password === '') return text;
  const enc = settings.url.password;
  let dec = enc;
  try {
    dec = decodeURIComponent(enc);
  } catch {
    // keep the encoded form
  }
  let user = settings.url.username;
  try {
    user = decodeURIComponent(user);
  } catch {
    // keep the encoded form
  }
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const hex = (s: string, f: (h: string) => string) => s.replace(/%[0-9a-f]{2}/gi, f);
  const encoded = [enc, encodeURIComponent(dec)].flatMap((e) => [e, hex(e, (h) => h.toUpperCase()), hex(e, (h) => h.toLowerCase())]);
  const secrets = [...encoded, dec, b64(dec), b64(`\u0000${user}\u0000${dec}`), b64(dec).replace(/=+$/, '')];
  let out = text;
  for (const secret of secrets.sort((a, b) => b.length - a.length)) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function smtpSender(settings: SmtpSettings): Sender {
  const { url } = settings;
  const secure = url.protocol === 'smtps:';
  const host = url.hostname;
  const user = decodeURIComponent(url.username);
  const pass = (() => {
    try {
      return decodeURIComponent(url.password);
    } catch {
      return url.password;
    }
  })();
  const hasAuth = user !== '';
  // The one thing read from nodemailer's log: whether the server has agreed to take the data (354)
  // of the message being sent. Nothing of the log is kept or printed (it holds the AUTH lines).
  let dataAccepted = false;
  const watch = (meta: { tnx?: string } | undefined, line: unknown): void => {
    if (meta?.tnx === 'server' && typeof line === 'string' && line.startsWith('354')) dataAccepted = true;
  };
  const logger = { trace: watch, debug: watch, info: () => {}, warn: () => {}, error: () => {}, fatal: () => {}, level: () => {}, child: () => logger };
  const transport = nodemailer.createTransport({
    host,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: hasAuth ? { user, pass } : undefined,
    // A password is never sent in clear to another machine: STARTTLS is then required.
    requireTLS: hasAuth && !secure && !LOOPBACK.test(host) && !settings.allowPlain,
    ignoreTLS: !hasAuth && LOOPBACK.test(host) && !secure,
    tls: { rejectUnauthorized: !settings.insecureTls },
    pool: true,
    maxConnections: 1,
    maxMessages: 100,
    rateDelta: 1000,
    rateLimit: settings.ratePerSecond,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    logger,
    debug: true,
  } as Parameters<typeof nodemailer.createTransport>[0]);

  return {
    async send(msg) {
      const deadline = Date.now() + 60_000;
      let attempt = 0;
      for (;;) {
        attempt++;
        dataAccepted = false;
        try {
          const info = (await transport.sendMail(mailOptions(msg))) as { response?: string; rejected?: (string | { address: string })[]; accepted?: unknown[] };
          const rejected = (info.rejected ?? []).map((r) => (typeof r === 'string' ? r : r.address));
          return { ok: true, response: redact(String(info.response ?? ''), settings), rejected };
        } catch (e) {
          const err = e as { responseCode?: number; code?: string; message?: string; command?: string };
          const detail = redact(`${err.code ?? ''} ${err.responseCode ?? ''} ${String(err.message ?? '').split('\n')[0]}`.trim(), settings);
          const code = err.responseCode ?? 0;
          const kind = classify(err, dataAccepted);
          const wait = settings.retryBaseMs * 2 ** (attempt - 1);
          if (kind === 'temporary' && attempt < 4 && Date.now() + wait < deadline) {
            await sleep(wait);
            continue;
          }
          if (kind === 'temporary' && !(code >= 400 && code < 500)) return { ok: false, kind: 'unreachable', detail };
          return { ok: false, kind, detail };
        }
      }
    },
    close() {
      transport.close();
    },
  };
}

const CERT_ERROR = /certificate|self[- ]signed|CERT_|unable to verify|altnames/i;

/** What a failure of nodemailer means for the message and the run (see FailureKind). */
function classify(err: { responseCode?: number; code?: string; message?: string; command?: string }, dataAccepted: boolean): FailureKind {
  const code = err.responseCode ?? 0;
  const text = String(err.message ?? '');
  if ((err.code === 'ESOCKET' || err.code === 'ETLS') && CERT_ERROR.test(text)) return 'tls';
  if (err.code === 'ETLS') return 'plain';
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH') return code >= 400 && code < 500 ? 'temporary' : 'auth';
  // The server said 354 and then never answered: it may hold the whole message.
  if (dataAccepted && code === 0) return 'uncertain';
  if (code >= 500) return 'refused';
  if (code >= 400) return 'temporary';
  if (err.code === 'ESOCKET' || err.code === 'ECONNECTION' || err.code === 'ETIMEDOUT' || err.code === 'EDNS') return 'temporary';
  return 'unreachable';
}
