import { describe, expect, it } from 'vitest';
import { providerIdentityOf } from './staff-account-matcher.js';

describe('what a provider says about who signed in', () => {
  it('reads the ID token first and completes it from userinfo', () => {
    expect(providerIdentityOf({ sub: 'x', preferred_username: 'ana' }, { sub: 'x', preferred_username: 'otra', email: 'ana@servicio.cl', email_verified: true })).toEqual({
      preferredUsername: 'ana',
      email: 'ana@servicio.cl',
      emailVerified: true,
    });
  });

  it('never pairs an email from one source with the other source\'s verification', () => {
    expect(providerIdentityOf({ sub: 'x', email: 'ana@servicio.cl' }, { sub: 'x', email: 'ana@servicio.cl', email_verified: true })).toMatchObject({ emailVerified: undefined });
  });

  it("takes Entra ID's xms_edov: true as a verified email, and nothing else in its place", () => {
    expect(providerIdentityOf({ sub: 'x', email: 'ana@servicio.cl', xms_edov: true }).emailVerified).toBe(true);
    expect(providerIdentityOf({ sub: 'x', email: 'ana@servicio.cl', xms_edov: false }).emailVerified).toBeUndefined();
    expect(providerIdentityOf({ sub: 'x', email: 'ana@servicio.cl', xms_edov: 'true' }).emailVerified).toBeUndefined();
    expect(providerIdentityOf({ sub: 'x', email: 'ana@servicio.cl', email_verified: false, xms_edov: true }).emailVerified).toBe(false);
  });
});
