import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** The longest comment kept (characters); the column's CHECK holds it too. */
export const SURVEY_COMMENT_MAX = 1000;

/**
 * A person's rating of their visit, once per ticket: the unique constraint on `ticketId` is the
 * guarantee when several answers race. No personal data beside it; the comment is plain text, and
 * the retention job erases it with the applicant's data (a person may sign a comment).
 */
@Entity('survey_answers')
@Unique('uq_survey_answers_ticket', ['ticketId'])
@Check('ck_survey_answers_rating', '"rating" BETWEEN 1 AND 5')
@Check('ck_survey_answers_comment_length', `char_length("comment") <= ${SURVEY_COMMENT_MAX}`)
// The reports join an office's answers to its tickets: read them by office, not across all offices.
@Index('ix_survey_answers_office', ['officeId'])
export class SurveyAnswer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  ticketId: string;

  @Column('uuid')
  officeId: string;

  @Column('smallint')
  rating: number;

  @Column('text', { nullable: true })
  comment: string | null;

  @Column('timestamptz')
  answeredAt: Date;
}
