import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSmsProvider, type SmsProviderServer } from '../../testing/sms-provider.js';
import { type SmsLog, TwilioSmsSender, type TwilioSettings, twilioSettings } from './sms-sender.js';

const FROM = '+56229183700';
const TO = '9 8765 4321';
const BODY = 'Su hora del 02-12 a las 10:00 en Oficina La Serena está confirmada. Código K7M-4QX-9PT';

describe('TwilioSmsSender against a local server speaking Twilio\'s Messages API', () => {
  let provider: SmsProviderServer;
  let lines: string[];
  const log: SmsLog = { warn: (m) => lines.push(m), debug: (m) => lines.push(m) };
  const settings = (overrides: Partial<TwilioSettings> = {}): TwilioSettings => ({
    apiUrl: provider.url,
    accountSid: provider.accountSid,
    authToken: provider.authToken,
    from: FROM,
    timeoutMs: 10_000,
    ...overrides,
  });
  const sender = (overrides: Partial<TwilioSettings> = {}) => new TwilioSmsSender(settings(overrides), log);

  beforeAll(async () => {
    provider = await startSmsProvider();
  });
  afterAll(() => provider.close());
  afterEach(() => {
    provider.answerWith('accept');
    provider.requests.length = 0;
    // Whatever happened, the number and the text never reach the log.
    for (const line of lines) {
      expect(line).not.toMatch(/8765|87654321|4321/);
      expect(line).not.toContain('La Serena');
    }
  });
  const reset = () => {
    lines = [];
  };
  reset();

  it('sends: form-encoded To (E.164), From and Body with Basic authentication, and answers the message SID', async () => {
    reset();
    const result = await sender().send(TO, BODY);
    expect(result).toEqual({ kind: 'sent', providerId: provider.accepted.at(-1) });
    expect(result.kind === 'sent' && result.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(provider.requests).toHaveLength(1);
    const [request] = provider.requests;
    expect(request).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${provider.accountSid}/Messages.json`, contentType: 'application/x-www-form-urlencoded' });
    expect(request!.authorization).toBe(`Basic ${Buffer.from(`${provider.accountSid}:${provider.authToken}`).toString('base64')}`);
    expect(request!.form).toEqual({ To: '+56987654321', From: FROM, Body: BODY });
    expect(lines).toEqual([`SMS accepted by the provider: ${provider.accepted.at(-1)}`]);
  });

  it('sends through a messaging service instead of a number when one is configured', async () => {
    reset();
    const service = `MG${'ab'.repeat(16)}`;
    expect(await sender({ from: undefined, messagingServiceSid: service }).send('+56987654321', BODY)).toMatchObject({ kind: 'sent' });
    expect(provider.requests[0]!.form).toEqual({ To: '+56987654321', MessagingServiceSid: service, Body: BODY });
  });

  it("a 400 (Twilio 21211, invalid 'To') is a permanent failure with the provider's code", async () => {
    reset();
    provider.answerWith('invalid_to');
    expect(await sender().send(TO, BODY)).toEqual({ kind: 'failed', permanent: true, code: '21211' });
    expect(lines).toEqual(['SMS not sent: 21211 (refused for good)']);
  });

  it('wrong credentials (401, Twilio 20003) are permanent: sending again would fail the same', async () => {
    reset();
    expect(await sender({ authToken: 'not-the-token-0000' }).send(TO, BODY)).toEqual({ kind: 'failed', permanent: true, code: '20003' });
  });

  it('a 500 is temporary, and so is a 429 (too many requests)', async () => {
    reset();
    provider.answerWith('server_error');
    expect(await sender().send(TO, BODY)).toEqual({ kind: 'failed', permanent: false, code: '20500' });
    provider.answerWith('rate_limited');
    expect(await sender().send(TO, BODY)).toEqual({ kind: 'failed', permanent: false, code: '20429' });
    expect(provider.requests).toHaveLength(2);
  });

  it('a provider that does not answer is a temporary failure after the configured bound', async () => {
    reset();
    provider.answerWith('hang');
    const started = performance.now();
    expect(await sender({ timeoutMs: 1000 }).send(TO, BODY)).toEqual({ kind: 'failed', permanent: false, code: 'timeout' });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(5000);
    expect(provider.requests).toHaveLength(1);
  });

  it('a provider that cannot be reached is a temporary failure', async () => {
    reset();
    const closed = await startSmsProvider();
    await closed.close();
    expect(await sender({ apiUrl: closed.url }).send(TO, BODY)).toEqual({ kind: 'failed', permanent: false, code: 'network_ECONNREFUSED' });
  });

  it('refuses an invalid number or an empty text without calling the provider', async () => {
    reset();
    expect(await sender().send('12345', BODY)).toEqual({ kind: 'failed', permanent: true, code: 'invalid_phone' });
    expect(await sender().send(TO, '  ')).toEqual({ kind: 'failed', permanent: true, code: 'empty_body' });
    expect(provider.requests).toHaveLength(0);
  });

  it('sends nothing when SMS is off (no TWILIO_ACCOUNT_SID)', async () => {
    reset();
    const settingsOff = twilioSettings({ TWILIO_API_URL: 'https://api.twilio.com', SMS_TIMEOUT_MS: 10_000 });
    expect(settingsOff).toBeNull();
    const off = new TwilioSmsSender(settingsOff, log);
    expect(off.enabled).toBe(false);
    expect(await off.send(TO, BODY)).toEqual({ kind: 'failed', permanent: true, code: 'sms_disabled' });
    expect(provider.requests).toHaveLength(0);
  });

  it('sends an approved WhatsApp template from the WhatsApp number, with its variables', async () => {
    reset();
    const contentSid = `HX${'cd'.repeat(16)}`;
    const whatsapp = sender({ whatsappFrom: '+56229183701' });
    expect(await whatsapp.sendWhatsApp(TO, { contentSid, variables: { '1': '02-12 10:00', '2': 'K7M-4QX-9PT' } })).toMatchObject({ kind: 'sent' });
    expect(provider.requests[0]!.form).toEqual({
      To: 'whatsapp:+56987654321',
      From: 'whatsapp:+56229183701',
      ContentSid: contentSid,
      ContentVariables: '{"1":"02-12 10:00","2":"K7M-4QX-9PT"}',
    });
    expect(await sender().sendWhatsApp(TO, { contentSid })).toEqual({ kind: 'failed', permanent: true, code: 'whatsapp_disabled' });
    expect(await whatsapp.sendWhatsApp(TO, { contentSid: 'template-1' })).toEqual({ kind: 'failed', permanent: true, code: 'invalid_content_sid' });
    expect(provider.requests).toHaveLength(1);
  });
});
