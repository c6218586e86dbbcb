import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEnvironment } from '../../config/environment.js';
import { startSmsProvider, type SmsProviderServer } from '../../testing/sms-provider.js';
import { SmsSender } from './sms-sender.js';
import { SmsModule } from './sms.module.js';

/** SmsModule builds its sender from the validated environment, as the app's ConfigModule gives it. */
describe('SmsModule', () => {
  let provider: SmsProviderServer;
  beforeAll(async () => {
    provider = await startSmsProvider();
  });
  afterAll(() => provider.close());

  const senderFor = async (env: Record<string, string>) => {
    const config = validateEnvironment(env);
    const module = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: () => config }), SmsModule],
    }).compile();
    return module.get(SmsSender);
  };

  it('is off without the TWILIO_ variables', async () => {
    const sender = await senderFor({});
    expect(sender.enabled).toBe(false);
    expect(await sender.send('+56987654321', 'Hola')).toEqual({ kind: 'failed', permanent: true, code: 'sms_disabled' });
    expect(provider.requests).toHaveLength(0);
  });

  it('sends through the provider the variables name', async () => {
    const sender = await senderFor({
      ...provider.env,
    });
    expect(sender.enabled).toBe(true);
    expect(await sender.send('9 8765 4321', 'Hola')).toMatchObject({ kind: 'sent', providerId: provider.accepted[0] });
    expect(provider.requests[0]!.form).toEqual({ To: '+56987654321', From: 'Turnero', Body: 'Hola' });
  });
});
