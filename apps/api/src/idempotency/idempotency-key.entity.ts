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

  /**
   * The liveness lock key of the instance running the request (InstanceLiveness): while that
   * instance lives it holds this session-level advisory lock; once the lock is gone from pg_locks
   * the claim is abandoned. null for claims recorded before owners were.
   */
  @Column('bigint', { nullable: true })
  owner: string | null;

  /** The claim was given back after a failure on our side: the next attempt takes it over. */
  @Column('boolean', { default: false })
  interrupted: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
