import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Office } from '../offices/office.entity.js';
import { StaffUser } from '../staff/staff-user.entity.js';
import { RequestTopic } from './request-topic.entity.js';

export const REQUEST_KINDS = ['request', 'complaint', 'suggestion', 'commendation'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * 'received': filed, nobody acted; 'in_progress': assigned or worked on, or reopened; 'waiting':
 * staff asked the person for information (the deadline is paused); 'answered': the answer was
 * sent; 'closed'.
 */
export const REQUEST_STATUSES = ['received', 'in_progress', 'waiting', 'answered', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
/** The states in which the office still owes the person something (the inbox's open items). */
export const OPEN_REQUEST_STATUSES = ['received', 'in_progress', 'waiting'] as const satisfies readonly RequestStatus[];

export const REQUEST_CHANNELS = ['web', 'phone', 'email', 'letter', 'counter', 'open311'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

/**
 * A request, complaint, suggestion or commendation filed with an office (OIRS, issue #17): on the
 * public site, through Open311, or registered by staff on the person's behalf. The tracking code
 * is the only thing that ever appears in a URL; the description, the answer and the contact show
 * only to the office's staff and to whoever proves the contact given at filing.
 * The retention job erases the personal data and the texts of closed requests (`erasedAt`) and
 * keeps the figures (kind, topic, channel, dates, deadline, rating).
 */
@Entity('requests')
@Unique('uq_requests_code', ['code'])
@Check('ck_requests_rating', `"rating" BETWEEN 1 AND 5`)
// The inbox: an office's requests by status and due date (filters, overdue, due this week).
@Index('ix_requests_office_status_due', ['officeId', 'status', 'dueDate'])
// Reports and the inbox's default order: an office's requests by filing time.
@Index('ix_requests_office_filed', ['officeId', 'filedAt'])
// "Assigned to me / to someone / nobody" among the open ones.
@Index('ix_requests_office_assignee_open', ['officeId', 'assigneeId'], { where: `"status" IN ('received', 'in_progress', 'waiting')` })
@Index('ix_requests_topic', ['topicId'])
// "Mis trámites" (issue #20): a signed-in person's requests, by the document they were filed with.
@Index('ix_requests_contact_document', ['contactDocument'], { where: `"contact_document" IS NOT NULL` })
export class Request {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_requests' })
  id: string;

  @Column('uuid')
  officeId: string;

  @ManyToOne(() => Office, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'FK_requests_office' })
  office?: Relation<Office>;

  /** 10 symbols of the booking codes' unambiguous alphabet: the person's key to the request (with the contact). */
  @Column('text')
  code: string;

  @Column({ type: 'enum', enum: REQUEST_KINDS, enumName: 'request_kind' })
  kind: RequestKind;

  @Column('uuid')
  topicId: string;

  @ManyToOne(() => RequestTopic, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'topic_id', foreignKeyConstraintName: 'FK_requests_topic' })
  topic?: Relation<RequestTopic>;

  @Column({ type: 'enum', enum: REQUEST_CHANNELS, enumName: 'request_channel' })
  channel: RequestChannel;

  @Column({ type: 'enum', enum: REQUEST_STATUSES, enumName: 'request_status', default: 'received' })
  status: RequestStatus;

  /** The person's text (1..5,000 characters); null once erased. */
  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { nullable: true })
  contactName: string | null;

  /** Lower-cased. */
  @Column('text', { nullable: true })
  contactEmail: string | null;

  /** In E.164 (+56912345678). */
  @Column('text', { nullable: true })
  contactPhone: string | null;

  /** Normalised like a booking's document (RUT as 12345678-5). */
  @Column('text', { nullable: true })
  contactDocument: string | null;

  /** Filed while signed in with ClaveÚnica (issue #20): the contact's name and document are the ones the provider vouched for. */
  @Column('boolean', { default: false })
  identityVerified: boolean;

  /** The person agreed to text messages about this request (only with a phone). */
  @Column('boolean', { default: false })
  smsConsent: boolean;

  /** When it was filed (the app's clock). */
  @Column('timestamptz')
  filedAt: Date;

  /** The staff user who registered it on the person's behalf; null when the person filed it. */
  @Column('uuid', { nullable: true })
  filedBy: string | null;

  /** The last day to answer, office-local: recomputed when a pause ends or the request is reopened. */
  @Column('date')
  dueDate: string;

  /** The working days it was given (the office's deadline for its kind when filed or reopened). */
  @Column('int')
  deadlineDays: number;

  /** Working days spent waiting for the person (ended pauses), added to the deadline. */
  @Column('int', { default: 0 })
  pausedWorkingDays: number;

  /** Since when staff have been waiting for the person's reply (status 'waiting'). */
  @Column('timestamptz', { nullable: true })
  waitingSince: Date | null;

  @Column('uuid', { nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => StaffUser, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'FK_requests_assignee' })
  assignee?: Relation<StaffUser>;

  /** The office's answer as sent to the person; null before, and once erased. */
  @Column('text', { nullable: true })
  answer: string | null;

  @Column('timestamptz', { nullable: true })
  answeredAt: Date | null;

  @Column('uuid', { nullable: true })
  answeredBy: string | null;

  /** Working days from filing to the answer minus the pauses (reports). */
  @Column('int', { nullable: true })
  answerWorkingDays: number | null;

  @Column('boolean', { nullable: true })
  answeredOnTime: boolean | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @Column('int', { default: 0 })
  reopenedCount: number;

  /** The person's rating of the answer (1–5), once. */
  @Column('smallint', { nullable: true })
  rating: number | null;

  @Column('timestamptz', { nullable: true })
  ratedAt: Date | null;

  /**
   * Failed lookups (a wrong contact for this code) since the last success or lock; the 10th locks
   * lookups of the code until `lookupLockedUntil` (15 minutes), across instances.
   */
  @Column('int', { default: 0 })
  lookupFailures: number;

  @Column('timestamptz', { nullable: true })
  lookupLockedUntil: Date | null;

  /** When the retention job erased its personal data, texts and attachments. */
  @Column('timestamptz', { nullable: true })
  erasedAt: Date | null;

  /** Bumped by every change staff or the person make. */
  @Column('int', { default: 0 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
