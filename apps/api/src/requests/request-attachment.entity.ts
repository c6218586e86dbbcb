import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Request } from './request.entity.js';

export const ATTACHMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];

/**
 * A file the person sent with a request or a reply (PDF, JPEG or PNG, ≤ 5 MB, the type sniffed
 * from the content). PostgreSQL holds the bytes: every instance reads the same, they commit with
 * the request, and the retention job erases them with it. `content` is never selected by default.
 */
@Entity('request_attachments')
@Index('ix_request_attachments_request', ['requestId'])
export class RequestAttachment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_request_attachments' })
  id: string;

  @Column('uuid')
  requestId: string;

  @ManyToOne(() => Request, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'FK_request_attachments_request' })
  request?: Relation<Request>;

  /** The reply event it came with; null for the filing's files. */
  @Column('bigint', { nullable: true })
  eventId: string | null;

  /** Sanitised; used only for Content-Disposition. */
  @Column('text')
  fileName: string;

  /** Sniffed from the content, never taken from the name or the client's header. */
  @Column('text')
  mediaType: AttachmentMediaType;

  @Column('int')
  size: number;

  @Column('bytea', { select: false })
  content: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
