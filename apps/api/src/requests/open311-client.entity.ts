import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** An Open311 GeoReport v2 client an admin issued an `api_key` to; only the key's hash is kept. */
@Entity('open311_clients')
@Unique('uq_open311_clients_key_hash', ['keyHash'])
export class Open311Client {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_open311_clients' })
  id: string;

  @Column('text')
  name: string;

  /** SHA-256 of the key, hex. */
  @Column('text')
  keyHash: string;

  /** The admin who issued it. */
  @Column('uuid')
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;
}
