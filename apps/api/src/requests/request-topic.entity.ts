import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Office } from '../offices/office.entity.js';

/**
 * One entry of an office's catalogue of topics for requests and complaints ("Permisos de
 * circulación", "Licencias de conducir"…). A topic in use is deactivated rather than deleted.
 * Names are unique per office whatever their case: `uq_request_topics_office_name` is a unique
 * index on (office_id, lower(name)) written by the migration (TypeORM cannot express it, hence
 * `synchronize: false`).
 */
@Entity('request_topics')
@Index('uq_request_topics_office_name', { synchronize: false })
export class RequestTopic {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_request_topics' })
  id: string;

  @Column('uuid')
  officeId: string;

  @ManyToOne(() => Office, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'FK_request_topics_office' })
  office?: Relation<Office>;

  /** The name in Spanish (es-CL), as the public form shows it. */
  @Column('text')
  name: string;

  /** The English name, when the office gave one; the English pages fall back to `name`. */
  @Column('text', { nullable: true })
  nameEn: string | null;

  /** Inactive topics are kept for the requests filed under them but are not offered any more. */
  @Column('boolean', { default: true })
  active: boolean;

  @Column('int', { default: 0 })
  sortOrder: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
