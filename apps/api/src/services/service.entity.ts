import { SERVICE_MODES, type ServiceMode } from '@turnero/scheduling';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Office } from '../offices/office.entity.js';

/** A procedure an office attends to ("Residencia temporal"), with its booking and capacity settings. */
@Entity('services')
@Unique('uq_services_office_code', ['officeId', 'code'])
@Index('ix_services_office', ['officeId', 'position'])
@Check('ck_services_max_group_size', '"max_group_size" BETWEEN 1 AND 10')
@Check('ck_services_positive', '"slot_minutes" > 0 AND "seats_per_slot" > 0 AND "average_service_minutes" > 0')
export class ServiceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  officeId: string;

  @ManyToOne(() => Office, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'office_id' })
  office?: Relation<Office>;

  /** Ticket prefix, unique within the office ("A" → A-001). */
  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column({ type: 'enum', enum: SERVICE_MODES, enumName: 'service_mode' })
  mode: ServiceMode;

  /** What the applicant must bring, in display order. */
  @Column('text', { array: true, default: () => "'{}'" })
  requirements: string[];

  @Column('boolean', { default: true })
  active: boolean;

  /** Display order within the office. */
  @Column('int', { default: 0 })
  position: number;

  @Column('int', { default: 15 })
  slotMinutes: number;

  @Column('int', { default: 1 })
  seatsPerSlot: number;

  @Column('int', { nullable: true })
  dailyAppointmentCap: number | null;

  @Column('int', { default: 30 })
  bookingHorizonDays: number;

  @Column('text', { default: '00:00' })
  bookingOpensAt: string;

  @Column('int', { default: 10 })
  bookingLeadMinutes: number;

  @Column('int', { default: 30 })
  checkInBeforeMinutes: number;

  @Column('int', { default: 15 })
  checkInGraceMinutes: number;

  @Column('int', { nullable: true })
  walkInDailyCap: number | null;

  @Column('int', { default: 15 })
  averageServiceMinutes: number;

  /** People one booking may take (the holder and companions, issue #18); 1 = no group bookings. */
  @Column('int', { default: 1 })
  maxGroupSize: number;

  /** Only an applicant signed in with ClaveÚnica may book it (issue #20); set by the office's supervisor. */
  @Column('boolean', { default: false })
  requiresVerifiedIdentity: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
