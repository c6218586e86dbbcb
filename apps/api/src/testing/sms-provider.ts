import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

/** A request the fake provider received, as Twilio would read it. */
export interface ReceivedSmsRequest {
  method: string;
  path: string;
  /** The Authorization header as sent (Basic base64(AccountSid:AuthToken)). */
  authorization: string | null;
  contentType: string | null;
  /** The form-encoded fields: To, From or MessagingServiceSid, Body, ContentSid, ContentVariables… */
  form: Record<string, string>;
}

/**
 * How the fake answers the next requests: `accept` (201 with a message SID), `invalid_to` (400,
 * Twilio error 21211 "Invalid 'To' Phone Number"), `rate_limited` (429, error 20429),
 * `server_error` (500), `hang` (never answers; the connection stays open until closed).
 */
export type SmsProviderMode = 'accept' | 'invalid_to' | 'rate_limited' | 'server_error' | 'hang';

export interface SmsProviderServer {
  /** `http://127.0.0.1:<port>`: give it as TWILIO_API_URL. */
  url: string;
  accountSid: string;
  authToken: string;
  /** The environment that points the API's SMS channel at this server. */
  env: Record<'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_FROM' | 'TWILIO_API_URL' | 'SMS_TIMEOUT_MS', string>;
  /** Every request received, in order, answered or not. */
  requests: ReceivedSmsRequest[];
  /** The SIDs of the messages accepted. */
  accepted: string[];
  answerWith(mode: SmsProviderMode): void;
  close(): Promise<void>;
}

const ERRORS = {
  invalid_to: { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." },
  rate_limited: { status: 429, code: 20429, message: 'Too Many Requests' },
  server_error: { status: 500, code: 20500, message: 'Internal Server Error' },
} as const;

/**
 * A local HTTP server speaking the part of Twilio's REST API the SMS channel uses:
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, Basic authentication with
 * the account SID and auth token (401, error 20003, otherwise), answering as `answerWith` says.
 */
export async function startSmsProvider(): Promise<SmsProviderServer> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const requests: ReceivedSmsRequest[] = [];
  const accepted: string[] = [];
  let mode: SmsProviderMode = 'accept';

  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const form = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(body)) : {};
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: request.headers.authorization ?? null,
        contentType: request.headers['content-type'] ?? null,
        form,
      });
      if (mode === 'hang') return;
      if (request.method !== 'POST' || request.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
        return answer(response, 404, { code: 20404, message: 'The requested resource was not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 });
      }
      if (request.headers.authorization !== `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`) {
        return answer(response, 401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
      }
      if (mode !== 'accept') {
        const error = ERRORS[mode];
        return answer(response, error.status, { code: error.code, message: error.message, more_info: `https://www.twilio.com/docs/errors/${error.code}`, status: error.status });
      }
      const sid = `SM${randomBytes(16).toString('hex')}`;
      accepted.push(sid);
      answer(response, 201, {
        sid,
        account_sid: accountSid,
        to: form.To,
        from: form.From ?? null,
        messaging_service_sid: form.MessagingServiceSid ?? null,
        body: form.Body ?? '',
        status: form.MessagingServiceSid ? 'accepted' : 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: new Date().toUTCString(),
        error_code: null,
        error_message: null,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    accountSid,
    authToken,
    env: { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: 'Turnero', TWILIO_API_URL: url, SMS_TIMEOUT_MS: '2000' },
    requests,
    accepted,
    answerWith(next) {
      mode = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', () => resolve(''));
  });
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
