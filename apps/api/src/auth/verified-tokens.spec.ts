import { describe, expect, it } from 'vitest';
import { VERIFIED_TOKEN_MS, VerifiedTokens } from './auth.service.js';

const claims = (exp?: number) => ({ sub: '8a0f3c1e-0000-4000-8000-000000000001', role: 'agent', officeId: null, ...(exp === undefined ? {} : { exp }) });

describe('verified tokens (the remembered signature check)', () => {
  it('remembers a check for VERIFIED_TOKEN_MS, then asks for it again', () => {
    const tokens = new VerifiedTokens();
    const t0 = 1_800_000_000_000;
    tokens.set('a', claims(t0 / 1000 + 3600), t0);
    expect(tokens.get('a', t0 + VERIFIED_TOKEN_MS - 1)).toMatchObject({ role: 'agent' });
    expect(tokens.get('a', t0 + VERIFIED_TOKEN_MS)).toBeUndefined();
    expect(tokens.get('b', t0)).toBeUndefined();
  });

  it('never answers a token at or past its exp, as jsonwebtoken would refuse it', () => {
    const tokens = new VerifiedTokens();
    const t0 = 1_800_000_000_000;
    const exp = t0 / 1000 + 2; // two seconds left, less than VERIFIED_TOKEN_MS
    tokens.set('a', claims(exp), t0);
    expect(tokens.get('a', exp * 1000 - 1)).toBeDefined();
    expect(tokens.get('a', exp * 1000)).toBeUndefined();
    tokens.set('expired', claims(t0 / 1000), t0);
    expect(tokens.get('expired', t0)).toBeUndefined();
  });

  it('stays bounded: 10,000 live tokens at most, the oldest forgotten first', () => {
    const tokens = new VerifiedTokens();
    const t0 = 1_800_000_000_000;
    for (let i = 0; i <= 10_000; i++) tokens.set(`t${i}`, claims(t0 / 1000 + 3600), t0);
    expect(tokens.get('t0', t0)).toBeUndefined();
    expect(tokens.get('t1', t0)).toBeDefined();
    expect(tokens.get('t10000', t0)).toBeDefined();
  });
});
