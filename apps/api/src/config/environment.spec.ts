import { describe, expect, it } from 'vitest';
import { validateEnvironment } from './environment.js';

const TWILIO = { TWILIO_ACCOUNT_SID: `AC${'0a'.repeat(16)}`, TWILIO_AUTH_TOKEN: 'f'.repeat(32), TWILIO_FROM: '+56987654321' };

describe('validateEnvironment', () => {
  it('fills in development defaults', () => {
    const config = validateEnvironment({});
    expect(config).toMatchObject({ PORT: 3000, NODE_ENV: 'development', RATE_LIMIT_PER_MINUTE: 120, MIGRATIONS_RUN: true, ADMIN_USERNAME: 'admin' });
    expect(config.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('converts numbers and booleans from strings', () => {
    expect(validateEnvironment({ PORT: '8080', MIGRATIONS_RUN: 'false', TRUST_PROXY: 'yes' })).toMatchObject({ PORT: 8080, MIGRATIONS_RUN: false, TRUST_PROXY: true });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ FAKE_NOW: 'tomorrow' }, 'FAKE_NOW'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ NOTIFY_RATE_PER_SECOND: '-1' }, 'NOTIFY_RATE_PER_SECOND'],
    [{ NOTIFY_RATE_PER_SECOND: 'fast' }, 'NOTIFY_RATE_PER_SECOND'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ SMTP_URL: 'mail.example.cl:587' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://:587' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'Turnero' }, 'MAIL_FROM'],
    [{ MAIL_FROM: 'Turnero <no-reply>' }, 'MAIL_FROM'],
    [{ PUBLIC_URL: 'turnos.example.cl' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://turnos.example.cl/?a=1' }, 'PUBLIC_URL'],
    [{ ...TWILIO, TWILIO_ACCOUNT_SID: 'AC123' }, 'TWILIO_ACCOUNT_SID'],
    [{ ...TWILIO, TWILIO_AUTH_TOKEN: 'short' }, 'TWILIO_AUTH_TOKEN'],
    [{ ...TWILIO, TWILIO_FROM: '912345678' }, 'TWILIO_FROM'],
    [{ ...TWILIO, TWILIO_FROM: 'Turnero-Oficina' }, 'TWILIO_FROM'],
    [{ ...TWILIO, TWILIO_MESSAGING_SERVICE_SID: 'MS123' }, 'TWILIO_MESSAGING_SERVICE_SID'],
    [{ ...TWILIO, TWILIO_WHATSAPP_FROM: 'whatsapp:+56912345678' }, 'TWILIO_WHATSAPP_FROM'],
    [{ TWILIO_API_URL: 'api.twilio.com' }, 'TWILIO_API_URL'],
    [{ TWILIO_API_URL: 'https://api.twilio.com/2010-04-01' }, 'TWILIO_API_URL'],
    [{ SMS_TIMEOUT_MS: '10' }, 'SMS_TIMEOUT_MS'],
  ])('stops on %o naming %s', (env, variable) => {
    expect(() => validateEnvironment(env)).toThrow(new RegExp(`\\b${variable}\\b`));
  });

  it('sends no email by default; the sender and the links have defaults', () => {
    const config = validateEnvironment({ PORT: '8080' });
    expect(config.SMTP_URL).toBeUndefined();
    expect(config).toMatchObject({ MAIL_FROM: 'Turnero <no-reply@localhost>', PUBLIC_URL: 'http://localhost:8080' });
  });

  it('takes the mail server, the sender and the public address, without a trailing slash', () => {
    const config = validateEnvironment({ SMTP_URL: 'smtp://turnero:s3cret@mail.example.cl:587', MAIL_FROM: 'Gobernación <turnos@example.cl>', PUBLIC_URL: 'https://example.cl/turnos/' });
    expect(config).toMatchObject({ SMTP_URL: 'smtp://turnero:s3cret@mail.example.cl:587', MAIL_FROM: 'Gobernación <turnos@example.cl>', PUBLIC_URL: 'https://example.cl/turnos' });
  });

  it('sends no SMS by default, and takes a whole Twilio account with a sender or a messaging service', () => {
    const off = validateEnvironment({});
    expect(off.TWILIO_ACCOUNT_SID).toBeUndefined();
    expect(off).toMatchObject({ TWILIO_API_URL: 'https://api.twilio.com', SMS_TIMEOUT_MS: 10_000 });
    expect(validateEnvironment({ ...TWILIO, TWILIO_API_URL: 'http://127.0.0.1:4010', SMS_TIMEOUT_MS: '2000' })).toMatchObject({ ...TWILIO, TWILIO_API_URL: 'http://127.0.0.1:4010', SMS_TIMEOUT_MS: 2000 });
    const { TWILIO_FROM: _from, ...account } = TWILIO;
    expect(validateEnvironment({ ...account, TWILIO_MESSAGING_SERVICE_SID: `MG${'1b'.repeat(16)}` }).TWILIO_FROM).toBeUndefined();
    expect(validateEnvironment({ ...TWILIO, TWILIO_FROM: 'Gobernacion' }).TWILIO_FROM).toBe('Gobernacion');
  });

  it('refuses half a Twilio configuration, naming what is missing, without repeating the token', () => {
    expect(() => validateEnvironment({ TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID })).toThrow(/TWILIO_AUTH_TOKEN is required[\s\S]*TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID is required/);
    expect(() => validateEnvironment({ TWILIO_FROM: '+56987654321' })).toThrow(/TWILIO_ACCOUNT_SID is required/);
    expect(() => validateEnvironment({ ...TWILIO, TWILIO_AUTH_TOKEN: 'secret-token!' })).not.toThrow(/secret-token/);
    expect(() => validateEnvironment({ ...TWILIO, NODE_ENV: 'production', TWILIO_API_URL: 'http://127.0.0.1:4010' })).toThrow(/TWILIO_API_URL must be https/);
  });

  it('never repeats the SMTP password in its message', () => {
    expect(() => validateEnvironment({ SMTP_URL: 'smtp://turnero:s3cret@' })).toThrow(/SMTP_URL/);
    expect(() => validateEnvironment({ SMTP_URL: 'smtp://turnero:s3cret@' })).not.toThrow(/s3cret/);
  });

  it('requires real secrets and a database in production, and refuses FAKE_NOW there', () => {
    const attempt = () => validateEnvironment({ NODE_ENV: 'production', FAKE_NOW: '2026-12-01T09:00:00-03:00' });
    expect(attempt).toThrow(/JWT_SECRET is required/);
    expect(attempt).toThrow(/ADMIN_PASSWORD is required/);
    expect(attempt).toThrow(/DATABASE_URL is required/);
    expect(attempt).toThrow(/FAKE_NOW is refused/);
    expect(() => validateEnvironment({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.cl' })).toThrow(/PUBLIC_URL is required with SMTP_URL/);
  });

  it('accepts a complete production configuration', () => {
    const config = validateEnvironment({
      NODE_ENV: 'production',
      JWT_SECRET: 'a'.repeat(40),
      ADMIN_PASSWORD: 'a-strong-password',
      DATABASE_URL: 'postgres://turnero@db:5432/turnero',
    });
    expect(config.DATABASE_URL).toBe('postgres://turnero@db:5432/turnero');
  });
});
