import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Office } from '../offices/office.entity.js';

export const STAFF_ROLES = ['admin', 'supervisor', 'agent'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

@Entity('staff_users')
@Unique('uq_staff_users_username', ['username'])
@Check('ck_staff_users_office', `"role" = 'admin' OR "office_id" IS NOT NULL`)
export class StaffUser {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Lower-case login name. */
  @Column('text')
  username: string;

  /** argon2id hash; never leaves the API. */
  @Column('text', { select: false })
  passwordHash: string;

  @Column({ type: 'enum', enum: STAFF_ROLES, enumName: 'staff_role' })
  role: StaffRole;

  /** The office a supervisor or agent works for; null for admins. */
  @Column('uuid', { nullable: true })
  officeId: string | null;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id' })
  office?: Relation<Office>;

  @Column('boolean', { default: true })
  active: boolean;

  /** Where a supervisor's daily digest of overdue requests goes (issue #17); optional. */
  @Column('text', { nullable: true })
  email: string | null;

  @Column('timestamptz', { nullable: true })
  lastLoginAt: Date | null;

  /** Granted by a supervisor: may call a specific ticket out of order (recorded each time). */
  @Column('boolean', { default: false })
  canCallOutOfOrder: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
