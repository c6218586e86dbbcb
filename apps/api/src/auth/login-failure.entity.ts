import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed logins per username (whether or not the account exists, so lockouts reveal nothing),
 * kept in PostgreSQL so that the limit holds across API instances.
 */
@Entity('login_failures')
export class LoginFailure {
  @PrimaryColumn('text')
  username: string;

  @Column('int')
  failures: number;

  @Column('timestamptz')
  windowStartedAt: Date;

  @Column('timestamptz', { nullable: true })
  lockedUntil: Date | null;
}
