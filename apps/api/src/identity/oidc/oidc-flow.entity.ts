import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A login started at an OpenID Connect provider and not yet come back (identity/oidc/oidc-flows.ts):
 * what its callback must check. The browser holds a random id (cookie turnero_oidc); only its
 * SHA-256 is stored. Taken once (DELETE … RETURNING), ten minutes at most.
 */
@Entity('oidc_flows')
@Index('ix_oidc_flows_expires', ['expiresAt'])
export class OidcFlowRow {
  /** SHA-256 (hex) of the cookie's id. */
  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_oidc_flows' })
  idHash: string;

  /** Whose login: 'claveunica' (applicants) or 'staff_sso'. A flow is only taken by its own callback. */
  @Column('text')
  purpose: string;

  @Column('text')
  state: string;

  @Column('text')
  nonce: string;

  @Column('text')
  codeVerifier: string;

  /** Where to go after the callback: a relative path checked when the login started. */
  @Column('text')
  returnTo: string;

  @Column('timestamptz')
  expiresAt: Date;
}
