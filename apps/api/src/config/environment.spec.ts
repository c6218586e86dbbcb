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
  ])('stops on %o naming %s', (env, variable) => {
    expect(() => validateEnvironment(env)).toThrow(new RegExp(`\\b${variable}\\b`));
  });

  it('requires real secrets and a database in production, and refuses FAKE_NOW there', () => {
    const attempt = () => validateEnvironment({ NODE_ENV: 'production', FAKE_NOW: '2026-12-01T09:00:00-03:00' });
    expect(attempt).toThrow(/JWT_SECRET is required/);
    expect(attempt).toThrow(/ADMIN_PASSWORD is required/);
    expect(attempt).toThrow(/DATABASE_URL is required/);
    expect(attempt).toThrow(/FAKE_NOW is refused/);
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
