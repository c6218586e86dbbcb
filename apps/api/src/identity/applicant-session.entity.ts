import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An applicant signed in with ClaveÚnica (identity/applicant-sessions.ts). The browser holds the
 * random token (cookie turnero_applicant); only its SHA-256 is stored. No provider token is kept.
 * Rows past `expires_at` are removed by IdentitySweep.
 */
@Entity('applicant_sessions')
@Index('ix_applicant_sessions_expires', ['expiresAt'])
export class ApplicantSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_applicant_sessions' })
  id: string;

  /** SHA-256 (hex) of the cookie's token. */
  @Index('uq_applicant_sessions_token', { unique: true })
  @Column('text')
  tokenHash: string;

  /** The RUT as normalizeDocument('RUT', …) gives it: what bookings store. */
  @Column('text')
  documentNumber: string;

  @Column('text')
  fullName: string;

  @Column('timestamptz')
  expiresAt: Date;
}
