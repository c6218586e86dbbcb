import { Column, CreateDateColumn, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Office } from '../offices/office.entity.js';
import { ServiceEntity } from '../services/service.entity.js';

/** A desk where staff serve people ("Módulo 3"), and the services it may serve. */
@Entity('counters')
@Unique('uq_counters_office_name', ['officeId', 'name'])
export class Counter {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  officeId: string;

  @ManyToOne(() => Office, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'office_id' })
  office?: Relation<Office>;

  /** What the screens show and the voice says ("3", "Módulo 3"). */
  @Column('text')
  name: string;

  @Column('boolean', { default: true })
  active: boolean;

  @ManyToMany(() => ServiceEntity)
  @JoinTable({
    name: 'counter_services',
    joinColumn: { name: 'counter_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'service_id', referencedColumnName: 'id' },
  })
  services: Relation<ServiceEntity>[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
