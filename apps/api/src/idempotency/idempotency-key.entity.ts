import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The first response to a POST carrying an Idempotency-Key, so a retry returns it unchanged.
 * Stored in PostgreSQL so retries that land on another instance see it too.
 */
@Entity('idempotency_keys')
@Index('ix_idempotency_keys_created', ['createdAt'])
export class IdempotencyKey {
  /** The client's key, scoped by method and route so keys of different endpoints never collide. */
  @PrimaryColumn('text')
  scope: string;

  @PrimaryColumn('text')
  key: string;

  /** SHA-256 of the request body: the same key with another body is refused (422). */
  @Column('text')
  requestHash: string;

  /** null while the first request is still running. */
  @Column('int', { nullable: true })
  responseStatus: number | null;

  @Column('jsonb', { nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
