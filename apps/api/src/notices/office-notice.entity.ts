import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Office } from '../offices/office.entity.js';

/**
 * A notice an office publishes for a period ("Oficina cerrada por emergencia sanitaria: sus
 * trámites por correo a …"): public text, shown on the booking site, the kiosk and the
 * waiting-room screen while in force. Deleting one keeps the row (`deletedAt`): the messages that
 * announced it still name it (`notifications.notice_id`), and the history stays for reports.
 */
@Entity('office_notices')
// The public read: an office's live notices that have not ended.
@Index('ix_office_notices_live', ['officeId', 'endsAt'], { where: `"deleted_at" IS NULL` })
@Check('ck_office_notices_period', `"starts_at" < "ends_at"`)
export class OfficeNotice {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_office_notices' })
  id: string;

  @Column('uuid')
  officeId: string;

  @ManyToOne(() => Office, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'FK_office_notices_office' })
  office?: Relation<Office>;

  /** As staff wrote it (trimmed): plain text everywhere, never HTML. */
  @Column('text')
  message: string;

  @Column('timestamptz')
  startsAt: Date;

  @Column('timestamptz')
  endsAt: Date;

  /** The staff user who published it. */
  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** When it was withdrawn (the app's clock); null while live. */
  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;

  /** The staff user who withdrew it. */
  @Column('uuid', { nullable: true })
  deletedBy: string | null;
}
