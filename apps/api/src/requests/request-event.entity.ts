import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Request } from './request.entity.js';

export const REQUEST_EVENT_TYPES = ['filed', 'assigned', 'note', 'asked', 'replied', 'answered', 'closed', 'reopened', 'rated', 'erased'] as const;
export type RequestEventType = (typeof REQUEST_EVENT_TYPES)[number];

/** The events the person sees on the tracking page after proving the contact (notes, assignments, ratings and erasure are internal). */
export const PUBLIC_REQUEST_EVENT_TYPES = ['filed', 'asked', 'replied', 'answered', 'closed', 'reopened'] as const satisfies readonly RequestEventType[];

export const REQUEST_EVENT_ACTORS = ['staff', 'applicant', 'system'] as const;
export type RequestEventActor = (typeof REQUEST_EVENT_ACTORS)[number];

/** Every step of a request, with who and when: its history for staff and (the public types) for the person. */
@Entity('request_events')
@Check('ck_request_events_type', `"type" IN ('filed', 'assigned', 'note', 'asked', 'replied', 'answered', 'closed', 'reopened', 'rated', 'erased')`)
@Check('ck_request_events_actor', `"actor" IN ('staff', 'applicant', 'system')`)
@Index('ix_request_events_request', ['requestId', 'id'])
export class RequestEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_request_events' })
  id: string;

  @Column('uuid')
  requestId: string;

  @ManyToOne(() => Request, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'FK_request_events_request' })
  request?: Relation<Request>;

  /** The app's clock. */
  @Column('timestamptz')
  at: Date;

  @Column('text')
  type: RequestEventType;

  @Column('text')
  actor: RequestEventActor;

  @Column('uuid', { nullable: true })
  staffUserId: string | null;

  /** The note, question, reply or answer; notes are internal and never reach the person. Erased by retention. */
  @Column('text', { nullable: true })
  text: string | null;

  /** Details of the step, e.g. `{ from, to }` of an assignment. */
  @Column('jsonb', { nullable: true })
  data: Record<string, unknown> | null;
}
