import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the mail server received it, decoded enough to read. */
export interface ReceivedMail {
  /** RCPT TO addresses (the envelope). */
  to: string[];
  mailFrom: string;
  /** The user that authenticated, if any. */
  user: string | null;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface SmtpReceiver {
  /** `smtp://user:password@127.0.0.1:<port>` */
  url: string;
  messages: ReceivedMail[];
  /** RCPT TO commands seen, accepted or not: one per sending attempt here. */
  recipientsTried: string[];
  /** Refuse every recipient with this reply (e.g. 451, 550) until set back to null. */
  refuseWith(code: number | null): void;
  /** Resolves when the next message's data starts arriving. */
  nextData(): Promise<void>;
  close(): Promise<void>;
}

const USER = 'turnero';
const PASSWORD = 'clave-smtp-de-prueba';

/**
 * A real SMTP server on 127.0.0.1 and a free port (smtp-server), without TLS, accepting the test
 * credentials (authentication optional), that keeps what it receives. `delayMs` holds each
 * message's data that long before accepting it (a slow server).
 */
export async function startSmtpReceiver(options: { delayMs?: number } = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const recipientsTried: string[] = [];
  let refusal: number | null = null;
  let dataWaiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      recipientsTried.push(address.address);
      // The reply quotes the address, as real servers do: it must not reach the logs or the outbox.
      if (refusal !== null) callback(Object.assign(new Error(`<${address.address}>: mailbox unavailable`), { responseCode: refusal }));
      else callback();
    },
    onData(stream, session, callback) {
      const waiters = dataWaiters;
      dataWaiters = [];
      waiters.forEach((resolve) => resolve());
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const keep = () => {
          messages.push({
            ...parseMessage(raw),
            to: session.envelope.rcptTo.map((a) => a.address),
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            user: typeof session.user === 'string' ? session.user : null,
            raw,
          });
          callback();
        };
        if (options.delayMs) setTimeout(keep, options.delayMs);
        else keep();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`,
    messages,
    recipientsTried,
    refuseWith: (code) => {
      refusal = code;
    },
    nextData: () => new Promise((resolve) => dataWaiters.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Headers, subject, and the text and HTML parts of a (multipart/alternative) message, decoded. */
function parseMessage(raw: string): Pick<ReceivedMail, 'headers' | 'subject' | 'text' | 'html'> {
  const { headers, body } = splitPart(raw);
  const parts: { type: string; content: string }[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitPart(chunk.replace(/^\r\n/, ''));
      parts.push({ type: part.headers['content-type'] ?? '', content: decodeBody(part.body, part.headers['content-transfer-encoding']) });
    }
  } else {
    parts.push({ type: headers['content-type'] ?? 'text/plain', content: decodeBody(body, headers['content-transfer-encoding']) });
  }
  return {
    headers,
    subject: decodeWords(headers.subject ?? ''),
    text: parts.find((p) => p.type.startsWith('text/plain'))?.content ?? '',
    html: parts.find((p) => p.type.startsWith('text/html'))?.content ?? '',
  };
}

function splitPart(raw: string): { headers: Record<string, string>; body: string } {
  const end = raw.indexOf('\r\n\r\n');
  const head = (end < 0 ? raw : raw.slice(0, end)).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: end < 0 ? '' : raw.slice(end + 4) };
}

function decodeBody(body: string, encoding = '7bit'): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return quotedPrintable(body);
    default:
      return body;
  }
}

function quotedPrintable(value: string): string {
  const escaped = value.replace(/=\r?\n/g, '').replace(/%/g, '%25').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(escaped);
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`); whitespace between two of them goes. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : quotedPrintable(data.replace(/_/g, ' ')),
    );
}
