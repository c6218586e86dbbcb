import { describe, expect, it } from 'vitest';
import { validateEnvironment } from './environment.js';

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
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ SMTP_URL: 'mail.example.cl:587' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://:587' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'Turnero' }, 'MAIL_FROM'],
    [{ MAIL_FROM: 'Turnero <no-reply>' }, 'MAIL_FROM'],
    [{ PUBLIC_URL: 'turnos.example.cl' }, 'PUBLIC_URL'],
    [{ PUBLIC_URL: 'https://turnos.example.cl/?a=1' }, 'PUBLIC_URL'],
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
