import { Logger } from '@nestjs/common';
import type { Config } from '../../config/environment.js';
import { toE164 } from './phone.js';

/**
 * What became of one message: accepted by the provider (its message SID), or refused. A permanent
 * failure (the provider's 4xx: an invalid number, a blocked recipient, wrong credentials) would
 * fail the same way again, so it is recorded; a temporary one (5xx, 429, a network error, no
 * answer in time) is worth trying again later. `code` is safe to store and log: the provider's
 * numeric error code (`21211`) or one of ours (`http_503`, `timeout`, `network_ECONNREFUSED`,
 * `invalid_phone`, `sms_disabled`), never the number or the text.
 */
export type SmsResult = { kind: 'sent'; providerId: string } | { kind: 'failed'; permanent: boolean; code: string };

/** A WhatsApp template approved for the sender (Twilio Content API): its SID and its numbered variables. */
export interface WhatsAppTemplate {
  contentSid: string;
  variables?: Record<string, string>;
}

/** The SMS channel, behind one seam: the outbox asks it to send and records the result. */
export abstract class SmsSender {
  /** False when no provider is configured: nothing can be sent (and nothing should be queued). */
  abstract readonly enabled: boolean;
  /** Sends a text message to a phone number (normalised to E.164 first; Chilean numbers may omit +56). */
  abstract send(to: string, body: string): Promise<SmsResult>;
  /** Sends an approved WhatsApp template to a phone number; refused (`whatsapp_disabled`) without TWILIO_WHATSAPP_FROM. */
  abstract sendWhatsApp(to: string, template: WhatsAppTemplate): Promise<SmsResult>;
}

export interface TwilioSettings {
  /** Scheme and host of the REST API: https://api.twilio.com, or a local fake in tests. */
  apiUrl: string;
  accountSid: string;
  authToken: string;
  /** The sender number or alphanumeric ID; ignored when `messagingServiceSid` is set. */
  from?: string;
  messagingServiceSid?: string;
  /** The WhatsApp sender number (E.164), for templates. */
  whatsappFrom?: string;
  /** The bound of one request, answer included. */
  timeoutMs: number;
}

type TwilioVariables = Pick<
  Config,
  'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_FROM' | 'TWILIO_MESSAGING_SERVICE_SID' | 'TWILIO_WHATSAPP_FROM' | 'TWILIO_API_URL' | 'SMS_TIMEOUT_MS'
>;

/** The provider's settings from the validated environment, or null when SMS is off (TWILIO_ACCOUNT_SID unset). */
export function twilioSettings(config: TwilioVariables): TwilioSettings | null {
  if (!config.TWILIO_ACCOUNT_SID || !config.TWILIO_AUTH_TOKEN) return null;
  return {
    apiUrl: config.TWILIO_API_URL,
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN,
    from: config.TWILIO_FROM,
    messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID,
    whatsappFrom: config.TWILIO_WHATSAPP_FROM,
    timeoutMs: config.SMS_TIMEOUT_MS,
  };
}

/** Where the sender writes: codes and SIDs only. */
export interface SmsLog {
  warn(message: string): void;
  debug(message: string): void;
}

const CONTENT_SID = /^HX[0-9a-f]{32}$/;
const SAFE_CODE = /^[A-Za-z0-9_]{1,40}$/;

/**
 * Twilio's Messages API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded,
 * Basic authentication) called with Node's fetch, not the `twilio` package: the package has no
 * base-URL option (only `edge`/`region`, which still name twilio.com hosts), so pointing it at the
 * local fake the tests use would need a hand-made HTTP client rewriting its URLs; one form POST
 * needs none of its 6 MB. Every request is bounded by `timeoutMs`; no retry here (the outbox
 * retries temporary failures with its backoff).
 */
export class TwilioSmsSender extends SmsSender {
  private readonly endpoint: string | null;
  private readonly authorization: string | null;

  constructor(
    private readonly settings: TwilioSettings | null,
    private readonly log: SmsLog = new Logger('SmsSender'),
  ) {
    super();
    this.endpoint = settings ? `${settings.apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json` : null;
    this.authorization = settings ? `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}` : null;
  }

  get enabled(): boolean {
    return this.settings !== null && (this.settings.from !== undefined || this.settings.messagingServiceSid !== undefined);
  }

  async send(to: string, body: string): Promise<SmsResult> {
    if (!this.settings || !this.enabled) return this.failed(true, 'sms_disabled');
    const number = toE164(to);
    if (!number) return this.failed(true, 'invalid_phone');
    if (body.trim() === '') return this.failed(true, 'empty_body');
    const form = new URLSearchParams({ To: number, Body: body });
    if (this.settings.messagingServiceSid) form.set('MessagingServiceSid', this.settings.messagingServiceSid);
    else form.set('From', this.settings.from!);
    return this.post(form);
  }

  async sendWhatsApp(to: string, template: WhatsAppTemplate): Promise<SmsResult> {
    if (!this.settings?.whatsappFrom) return this.failed(true, 'whatsapp_disabled');
    const number = toE164(to);
    if (!number) return this.failed(true, 'invalid_phone');
    if (!CONTENT_SID.test(template.contentSid)) return this.failed(true, 'invalid_content_sid');
    const form = new URLSearchParams({ To: `whatsapp:${number}`, From: `whatsapp:${this.settings.whatsappFrom}`, ContentSid: template.contentSid });
    if (template.variables && Object.keys(template.variables).length > 0) form.set('ContentVariables', JSON.stringify(template.variables));
    return this.post(form);
  }

  private async post(form: URLSearchParams): Promise<SmsResult> {
    let status: number;
    let answer: unknown;
    try {
      const response = await fetch(this.endpoint!, {
        method: 'POST',
        headers: { authorization: this.authorization!, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(this.settings!.timeoutMs),
      });
      status = response.status;
      const text = await response.text();
      try {
        answer = JSON.parse(text);
      } catch {
        answer = null;
      }
    } catch (error) {
      return this.failed(false, networkCode(error));
    }
    if (status >= 200 && status < 300) {
      const sid = (answer as { sid?: unknown } | null)?.sid;
      // Accepted even if the answer cannot be read: sending again could deliver the message twice.
      const providerId = typeof sid === 'string' && SAFE_CODE.test(sid) ? sid : 'unknown';
      this.log.debug(`SMS accepted by the provider: ${providerId}`);
      return { kind: 'sent', providerId };
    }
    const providerCode = (answer as { code?: unknown } | null)?.code;
    const code = typeof providerCode === 'number' && Number.isInteger(providerCode) ? String(providerCode) : `http_${status}`;
    // 429 (too many requests) is the one 4xx worth trying again later.
    return this.failed(status < 500 && status !== 429, code);
  }

  /** A failure, logged by its code only. */
  private failed(permanent: boolean, code: string): SmsResult {
    this.log.warn(`SMS not sent: ${code} (${permanent ? 'refused for good' : 'temporary, to be tried again'})`);
    return { kind: 'failed', permanent, code };
  }
}

/** A fetch failure as a code: `timeout`, or `network_` and the system error's code (ECONNREFUSED…). */
function networkCode(error: unknown): string {
  const e = error as { name?: unknown; cause?: { code?: unknown; name?: unknown } } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.name === 'TimeoutError') return 'timeout';
  const cause = e?.cause?.code;
  return typeof cause === 'string' && SAFE_CODE.test(cause) ? `network_${cause}` : 'network';
}
