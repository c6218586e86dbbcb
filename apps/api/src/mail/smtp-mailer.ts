import { Transform, type TransformCallback } from 'node:stream';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createTransport, type NodemailerError, type Transporter } from 'nodemailer';
import type { Config } from '../config/environment.js';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Files and inline images (a booking's QR as `cid:`, its .ics), as nodemailer takes them. */
  attachments?: { filename: string; content: Buffer | string; contentType: string; cid?: string }[];
  /** Extra headers (List-Unsubscribe…), added to the automatic-message ones. */
  headers?: Record<string, string>;
}

/** Why a send failed, in words safe to store and log: codes only, never the server's text. */
export interface SendFailure {
  /** `ECONNECTION`, `EENVELOPE 550`, `EMESSAGE 451`… */
  code: string;
  /** The server refused the message for good (a 5xx reply): trying again would get the same. */
  permanent: boolean;
}

/**
 * The mail server of SMTP_URL behind one seam (nodemailer). Its connections are pooled (up to
 * NOTIFY_CONCURRENCY, each reused for up to 100 messages): the notifications worker sends that many
 * at once, and a batch (a closure's notices, the day's reminders) no longer pays a TCP + TLS +
 * AUTH handshake per message. Disabled when SMTP_URL is unset. Timeouts bound every send, so a hung
 * server cannot hold a message or the shutdown for long.
 */
@Injectable()
export class SmtpMailer implements OnApplicationShutdown {
  private readonly transport: Transporter | null;
  private readonly from: string;

  constructor(config: ConfigService<Config, true>) {
    const url = config.get('SMTP_URL', { infer: true });
    this.from = config.get('MAIL_FROM', { infer: true });
    this.transport = url
      ? createTransport({
          url,
          pool: true,
          maxConnections: Math.max(config.get('NOTIFY_CONCURRENCY', { infer: true }), 1),
          maxMessages: 100,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 60_000,
          dnsTimeout: 10_000,
          logger: false,
          debug: false,
        })
      : null;
    // Each message reaches the socket in one write instead of one per chunk of its MIME stream.
    this.transport?.use('stream', (mail, done) => {
      mail.message.processFunc((input) => input.pipe(new WholeMessage()));
      done();
    });
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Sends the email, or throws (see `sendFailure` to read the error safely). */
  async send(email: OutgoingEmail): Promise<void> {
    if (!this.transport) throw new Error('No mail server is configured (SMTP_URL)');
    await this.transport.sendMail({
      from: this.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      attachments: email.attachments,
      // Base64 rather than quoted-printable for the text and HTML parts: nodemailer's QP encoder
      // walks the ~15 KB of HTML byte by byte in JS (~40 % of building the MIME message); base64 is
      // native. The message grows ~11 % (24.0 → 26.7 KB for a confirmation); mail readers decode both.
      textEncoding: 'base64',
      // RFC 3834: an automatic message, so out-of-office replies are not sent back.
      headers: { ...email.headers, 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

/**
 * Holds a message's MIME stream and passes it on as one chunk. nodemailer's MIME builder emits a
 * message of ~25 KB (HTML, QR, .ics, base64 lines) in hundreds of small chunks and its SMTP client
 * writes each to the socket: ~1.8 ms of CPU per message in writes alone at a burst's pace
 * (bench/notifications). One message at a time per connection is held, so memory stays bounded.
 */
class WholeMessage extends Transform {
  private readonly chunks: Buffer[] = [];

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.chunks.push(chunk);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    callback(null, Buffer.concat(this.chunks));
  }
}

/**
 * The code of a send error. nodemailer's messages and `response` may quote the recipient's
 * address ("550 <maria@…>: mailbox unavailable"), so only its code and reply number are kept.
 */
export function sendFailure(error: unknown): SendFailure {
  const e = (error ?? {}) as NodemailerError;
  const code = typeof e.code === 'string' && /^[A-Z0-9_]{1,32}$/.test(e.code) ? e.code : 'ERROR';
  const reply = typeof e.responseCode === 'number' && Number.isInteger(e.responseCode) ? ` ${e.responseCode}` : '';
  return { code: `${code}${reply}`, permanent: e.permanent === true };
}
