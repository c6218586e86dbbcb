import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What the organisation's provider said about who signed in (ID token claims, completed by user info). */
export interface ProviderIdentity {
  preferredUsername?: unknown;
  email?: unknown;
  emailVerified?: unknown;
}

/** The staff account a provider identity stands for, or why there is none. */
export type AccountMatch =
  | { outcome: 'matched'; staffUserId: string; by: 'username' | 'email' }
  | { outcome: 'inactive' }
  | { outcome: 'unknown'; why: 'no-claim' | 'no-account' | 'email-unverified' | 'email-ambiguous' };

interface Candidate {
  id: string;
  active: boolean;
}

/**
 * Who the provider says signed in: the ID token's claims first, completed by userinfo's. The email
 * and whether it is verified come together from the same source. Entra ID sends no
 * `email_verified`; its `xms_edov: true` (the address's domain is verified as the tenant's own,
 * and the issuer is the organisation's tenant) stands for it.
 */
export function providerIdentityOf(claims: Record<string, unknown>, userinfo?: Record<string, unknown>): ProviderIdentity {
  const info = userinfo ?? {};
  const emailSource = claims.email !== undefined ? claims : info;
  return {
    preferredUsername: claims.preferred_username ?? info.preferred_username,
    email: emailSource.email,
    emailVerified: emailSource.email_verified ?? (emailSource.xms_edov === true ? true : undefined),
  };
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : null);

/**
 * Matches the person the provider vouches for to a staff account an admin created: by
 * `preferred_username` against the username, else by `email` (only when the provider says
 * `email_verified: true`) against the account's email; case-insensitively. Reads only: nothing is
 * ever created or changed here. A username that names an account decides, active or not, so a
 * deactivated account cannot be reached through its email instead.
 */
@Injectable()
export class StaffAccountMatcher {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async match(identity: ProviderIdentity): Promise<AccountMatch> {
    const username = text(identity.preferredUsername);
    const email = text(identity.email);
    if (!username && !email) return { outcome: 'unknown', why: 'no-claim' };

    if (username) {
      const [byUsername]: Candidate[] = await this.db.query(`SELECT id, active FROM staff_users WHERE username = $1`, [username]);
      if (byUsername) return byUsername.active ? { outcome: 'matched', staffUserId: byUsername.id, by: 'username' } : { outcome: 'inactive' };
    }
    if (!email) return { outcome: 'unknown', why: 'no-account' };
    // An address the provider does not vouch for could be anyone's (many providers let people type it).
    if (identity.emailVerified !== true) return { outcome: 'unknown', why: 'email-unverified' };

    const byEmail: Candidate[] = await this.db.query(`SELECT id, active FROM staff_users WHERE lower(email) = $1`, [email]);
    const active = byEmail.filter((account) => account.active);
    if (active.length === 1) return { outcome: 'matched', staffUserId: active[0].id, by: 'email' };
    // Two active accounts with one address (a supervisor's digest address shared by colleagues): not ours to pick.
    if (active.length > 1) return { outcome: 'unknown', why: 'email-ambiguous' };
    return byEmail.length > 0 ? { outcome: 'inactive' } : { outcome: 'unknown', why: 'no-account' };
  }
}
