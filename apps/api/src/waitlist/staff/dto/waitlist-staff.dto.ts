import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsLocalDate } from '../../../common/validation/custom-validators.js';

/** The statuses of a waitlist entry (migration 1795880000000-Waitlist). */
export const WAITLIST_ENTRY_STATUSES = ['waiting', 'offered', 'booked', 'left', 'removed'] as const;
export type WaitlistEntryStatus = (typeof WAITLIST_ENTRY_STATUSES)[number];

/** The days one overview covers by default (four weeks from the office's today) and at most. */
export const WAITLIST_OVERVIEW_DEFAULT_DAYS = 28;
export const WAITLIST_OVERVIEW_MAX_DAYS = 366;

/** The most entries one answer carries: an office's waitlist of a procedure is a few hundred people. */
export const WAITLIST_ENTRIES_LIMIT = 500;

/** `GET /offices/{officeId}/waitlist`: which procedure and days. Nothing personal: it travels in the URL. */
export class WaitlistOverviewQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One procedure of the office; default: every procedure' })
  @IsOptional()
  @IsUUID('all')
  serviceId?: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: "First day, the office's local date; default: the office's today" })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-28',
    description: `Last day, inclusive; default: ${WAITLIST_OVERVIEW_DEFAULT_DAYS} days from \`from\` counting it; at most ${WAITLIST_OVERVIEW_MAX_DAYS} days`,
  })
  @IsOptional()
  @IsLocalDate()
  to?: string;
}

/** `GET /offices/{officeId}/waitlist/entries`: which procedure and status. */
export class WaitlistEntriesQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One procedure of the office; default: every procedure' })
  @IsOptional()
  @IsUUID('all')
  serviceId?: string;

  @ApiPropertyOptional({ enum: WAITLIST_ENTRY_STATUSES, description: 'Only entries in this status; default: the active ones (waiting and offered)' })
  @IsOptional()
  @IsIn(WAITLIST_ENTRY_STATUSES)
  status?: WaitlistEntryStatus;
}

/** One procedure on one day: who waits for a seat that day and how many seats are held for someone. */
export class WaitlistDayDto {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ example: '2026-12-01', description: "The office's local date" }) date: string;
  @ApiProperty({
    type: 'integer',
    description: 'Entries still waiting (no offer held) whose wishes cover the day: the day is in their range and, when they chose weekdays, one of them (a morning-only entry counts too)',
  })
  waiting: number;
  @ApiProperty({ type: 'integer', description: "Offers held now for a slot of that day (seats kept for a waiting person until they confirm or the hold ends)" })
  offered: number;
}

export class WaitlistCountsDto {
  @ApiProperty({ type: 'integer', description: 'Distinct entries still waiting whose wishes cover at least one day of the range' }) waiting: number;
  @ApiProperty({ type: 'integer', description: 'Offers held now for slots of the range' }) offered: number;
}

export class WaitlistServiceCountsDto extends WaitlistCountsDto {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ example: 'Residencia temporal' }) serviceName: string;
}

/** An office's waitlist per procedure and day (issue #18), for its staff: counts only, nobody named. */
export class WaitlistOverviewDto {
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty({ example: 'America/Santiago' }) timeZone: string;
  @ApiProperty({ example: '2026-12-01' }) from: string;
  @ApiProperty({ example: '2026-12-28' }) to: string;
  @ApiProperty({
    type: [WaitlistDayDto],
    description: 'One row per procedure and day with someone waiting or an offer held, by date then procedure; days with neither are left out (zero)',
  })
  days: WaitlistDayDto[];
  @ApiProperty({ type: [WaitlistServiceCountsDto], description: 'Per procedure with someone waiting or an offer held in the range, in the office\'s order of procedures' })
  services: WaitlistServiceCountsDto[];
  @ApiProperty({ type: WaitlistCountsDto }) totals: WaitlistCountsDto;
}

/** The seat held for an entry now. */
export class WaitlistStaffOfferDto {
  @ApiProperty({ example: '2026-12-01T09:00:00-03:00' }) slotStart: string;
  @ApiProperty({ example: '2026-12-01T09:15:00-03:00' }) slotEnd: string;
  @ApiProperty({ example: '2026-11-28T10:30:00-03:00', description: 'When the hold ends unless the person confirms' }) expiresAt: string;
  @ApiProperty({ enum: ['cancellation', 'reschedule', 'sweep'], description: 'How the seat came free: a cancellation, a reschedule, or a free seat found later' }) cause: string;
}

/** A waitlist entry as the office's staff see it: no name, document, email or phone. */
export class WaitlistStaffEntryDto {
  @ApiProperty({ example: 'W7K-4QX-9PT', description: "The entry's code (the person needs it with their document to act on it)" }) code: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ example: 'Residencia temporal' }) serviceName: string;
  @ApiProperty({ enum: WAITLIST_ENTRY_STATUSES }) status: WaitlistEntryStatus;
  @ApiProperty({ example: '2026-11-20T10:00:00-03:00' }) joinedAt: string;
  @ApiProperty({ example: '2026-12-01', description: 'First day that suits (office-local)' }) from: string;
  @ApiProperty({ example: '2026-12-31', description: 'Last day that suits, inclusive' }) to: string;
  @ApiProperty({ type: 'integer', isArray: true, nullable: true, example: [1, 3], description: 'ISO weekdays that suit (1 = Monday … 7 = Sunday); null: any' })
  weekdays: number[] | null;
  @ApiProperty({ description: 'Only slots starting before 12:00 office time' }) morningOnly: boolean;
  @ApiProperty({ type: 'integer', description: 'Offers declined or left to expire (two remove the entry)' }) misses: number;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 3,
    description: 'For a waiting entry, its place in the line of the procedure, in order of joining among the entries still waiting (1 = the next to get an offer); null otherwise',
  })
  place: number | null;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'When it left the line (booked, left, removed); null while active' }) endedAt: string | null;
  @ApiProperty({ type: WaitlistStaffOfferDto, nullable: true, description: 'The offer held for it now; null when none' }) offer: WaitlistStaffOfferDto | null;
}

export class WaitlistStaffEntryListDto {
  @ApiProperty({ example: 'America/Santiago' }) timeZone: string;
  @ApiProperty({ type: [WaitlistStaffEntryDto], description: `By procedure (the office's order), then order of joining; at most ${WAITLIST_ENTRIES_LIMIT}` })
  entries: WaitlistStaffEntryDto[];
  @ApiProperty({ description: 'More entries matched than the answer carries' }) truncated: boolean;
}
