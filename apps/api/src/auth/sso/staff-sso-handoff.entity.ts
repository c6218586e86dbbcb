import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { StaffUser } from '../../staff/staff-user.entity.js';

/**
 * A staff member who has just signed in through the organisation's provider, waiting for the
 * login page to collect their token (POST /auth/sso/session) within 60 s. The browser holds the
 * hand-off's secret in an HttpOnly cookie; PostgreSQL keeps only its SHA-256, so the row alone
 * cannot be turned into a session. Taken once by `DELETE … RETURNING`, on any instance.
 */
@Entity('staff_sso_handoffs')
@Index('ix_staff_sso_handoffs_expires', ['expiresAt'])
export class StaffSsoHandoff {
  /** SHA-256 of the cookie's value, hex. */
  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_staff_sso_handoffs' })
  secretHash: string;

  @Column('uuid')
  staffUserId: string;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_user_id', foreignKeyConstraintName: 'FK_staff_sso_handoffs_staff_user' })
  staffUser?: Relation<StaffUser>;

  @Column('timestamptz')
  expiresAt: Date;
}
