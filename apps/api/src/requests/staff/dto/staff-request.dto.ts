import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsOmittable } from '../../../common/validation/custom-validators.js';
import { CreateRequestDto } from '../../dto/request-public.dto.js';
import { REQUEST_EVENT_ACTORS, REQUEST_EVENT_TYPES, type RequestEventActor, type RequestEventType } from '../../request-event.entity.js';
import { REQUEST_CHANNELS, REQUEST_KINDS, REQUEST_STATUSES, type RequestChannel, type RequestKind, type RequestStatus } from '../../request.entity.js';

/** The channels staff record when they register a request on the person's behalf. */
export const ON_BEHALF_CHANNELS = ['phone', 'email', 'letter', 'counter'] as const;
export type OnBehalfChannel = (typeof ON_BEHALF_CHANNELS)[number];

/** The most items one inbox page carries. */
export const INBOX_MAX_PAGE_SIZE = 100;
export const INBOX_DEFAULT_PAGE_SIZE = 25;
/** A note, a question or an answer of staff: plain text. */
export const STAFF_TEXT_MAX = 5_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** "a,b" or repeated parameters → ['a', 'b']. */
const list = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value);
/** A tracking code as typed: case, spaces and dashes forgiven. */
const toCode = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/[\s-]/g, '').toUpperCase() : value);

/**
 * `GET /offices/{officeId}/requests`: the inbox's filters. Nothing personal: it travels in the
 * URL (the code is the only identifier allowed there).
 */
export class InboxQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES, isArray: true, description: 'Only these statuses (repeated or comma-separated); default: every status' })
  @IsOptional()
  @Transform(list)
  @IsIn(REQUEST_STATUSES, { each: true, message: `status must list some of ${REQUEST_STATUSES.join(', ')}, comma-separated` })
  status?: RequestStatus[];

  @ApiPropertyOptional({ enum: REQUEST_KINDS, isArray: true, description: 'Only these kinds (repeated or comma-separated)' })
  @IsOptional()
  @Transform(list)
  @IsIn(REQUEST_KINDS, { each: true, message: `kind must list some of ${REQUEST_KINDS.join(', ')}, comma-separated` })
  kind?: RequestKind[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Only requests of this topic' })
  @IsOptional()
  @IsString()
  @Matches(UUID, { message: 'topicId must be a UUID' })
  topicId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: "true: only open requests (received, in progress) whose due date is before the office's today" })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue must be true or false' })
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['week'], description: "week: only open requests (received, in progress) due from the office's today to its 5th working day after today" })
  @IsOptional()
  @IsIn(['week'], { message: 'due must be week' })
  due?: 'week';

  @ApiPropertyOptional({ example: 'me', description: "me (the caller), none (nobody), or a staff user's id" })
  @IsOptional()
  @IsString()
  @Matches(/^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: "assignee must be me, none or a staff user's UUID" })
  assignee?: string;

  @ApiPropertyOptional({ enum: REQUEST_CHANNELS, isArray: true, description: 'Only requests that came through these channels (repeated or comma-separated)' })
  @IsOptional()
  @Transform(list)
  @IsIn(REQUEST_CHANNELS, { each: true, message: `channel must list some of ${REQUEST_CHANNELS.join(', ')}, comma-separated` })
  channel?: RequestChannel[];

  @ApiPropertyOptional({ example: 'K7M4QX9PTR', description: 'A tracking code (case, spaces and dashes forgiven): only that request' })
  @IsOptional()
  @Transform(toCode)
  @IsString()
  @Matches(/^[0-9A-Z]{1,20}$/, { message: 'q must be a tracking code' })
  q?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: INBOX_MAX_PAGE_SIZE, default: INBOX_DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1)
  @Max(INBOX_MAX_PAGE_SIZE)
  pageSize?: number;
}

export class RequestTopicRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Licencias de conducir' }) name: string;
}

export class StaffRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ana.soto' }) username: string;
}

/** A staff member a request can be assigned to. */
export class AssigneeDto extends StaffRefDto {
  @ApiProperty({ enum: ['agent', 'supervisor'] }) role: 'agent' | 'supervisor';
}

/** One line of the inbox: no description, contact or other personal data. */
export class InboxItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'K7M4QX9PTR' }) code: string;
  @ApiProperty({ enum: REQUEST_KINDS }) kind: RequestKind;
  @ApiProperty({ type: RequestTopicRefDto }) topic: RequestTopicRefDto;
  @ApiProperty({ enum: REQUEST_STATUSES }) status: RequestStatus;
  @ApiProperty({ enum: REQUEST_CHANNELS }) channel: RequestChannel;
  @ApiProperty({ example: '2026-12-01T09:15:00-03:00', description: "When it was filed, in the office's offset" }) filedAt: string;
  @ApiProperty({ example: '2026-12-15', description: "The office-local date by which it must be answered (moves on when a pause for the person's reply ends)" }) dueDate: string;
  @ApiProperty({ description: "Open (received, in progress) and due before the office's today" }) overdue: boolean;
  @ApiProperty({ type: StaffRefDto, nullable: true }) assignee: StaffRefDto | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-03T10:00:00-03:00', description: 'Since when it waits for the person (the deadline is paused); null unless waiting' })
  waitingSince: string | null;
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto], description: 'Ordered by due date, then filing time' }) items: InboxItemDto[];
  @ApiProperty({ description: 'How many requests match the filters, over every page' }) total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class StaffContactDto {
  @ApiProperty({ type: String, nullable: true }) fullName: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'E.164' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Normalised document number' }) documentNumber: string | null;
  @ApiProperty({ description: 'Filed while signed in with ClaveÚnica: the name and document are the ones the provider vouched for (issue #20)' })
  identityVerified: boolean;
}

export class StaffRequestEventDto {
  @ApiProperty({ example: '42', description: 'Increasing per request' }) id: string;
  @ApiProperty({ enum: REQUEST_EVENT_TYPES }) type: RequestEventType;
  @ApiProperty({ enum: REQUEST_EVENT_ACTORS }) actor: RequestEventActor;
  @ApiProperty({ example: '2026-12-01T09:15:00-03:00' }) at: string;
  @ApiProperty({ type: StaffRefDto, nullable: true, description: 'The staff user who acted' }) staff: StaffRefDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'A note, question, reply or answer; plain text' }) text: string | null;
  @ApiProperty({ description: 'An internal note: never shown to the person' }) internal: boolean;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'E.g. { from, to } of an assignment' }) data: Record<string, unknown> | null;
}

export class StaffAttachmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'boleta.pdf' }) fileName: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png'] }) mediaType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ type: String, nullable: true, description: 'The reply event it came with; null when filed with the request' }) eventId: string | null;
  @ApiProperty({ example: '2026-12-01T09:15:00-03:00' }) createdAt: string;
}

/** A request as its office's staff see it: everything, internal notes included. */
export class StaffRequestDto extends InboxItemDto {
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty({ example: 'America/Santiago' }) timeZone: string;
  @ApiProperty({ type: StaffRefDto, nullable: true, description: 'The staff user who registered it on the person\'s behalf; null when filed by the person' }) filedBy: StaffRefDto | null;
  @ApiProperty({ description: 'Working days it was given' }) deadlineDays: number;
  @ApiProperty({ description: 'Working days paused while waiting for the person' }) pausedWorkingDays: number;
  @ApiProperty({ description: 'Working days left to the due date (negative: overdue); 0 on the due date' }) workingDaysLeft: number;
  @ApiProperty({ type: StaffContactDto }) contact: StaffContactDto;
  @ApiProperty({ type: String, nullable: true, description: 'Plain text; null once erased by retention' }) description: string | null;
  @ApiProperty({ type: String, nullable: true }) answer: string | null;
  @ApiProperty({ type: String, nullable: true }) answeredAt: string | null;
  @ApiProperty({ type: StaffRefDto, nullable: true }) answeredBy: StaffRefDto | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Working days from filing to the answer, pauses excluded' }) answerWorkingDays: number | null;
  @ApiProperty({ type: Boolean, nullable: true }) answeredOnTime: boolean | null;
  @ApiProperty({ type: String, nullable: true }) closedAt: string | null;
  @ApiProperty() reopenedCount: number;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: 5 }) rating: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'When retention erased its personal data and attachments' }) erasedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: [StaffRequestEventDto], description: 'Oldest first' }) events: StaffRequestEventDto[];
  @ApiProperty({ type: [StaffAttachmentDto] }) attachments: StaffAttachmentDto[];
}

export class AssignRequestDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'An active agent or supervisor of the office; null unassigns' })
  @ValidateIf((body: AssignRequestDto) => body.staffUserId !== null)
  @IsString({ message: 'staffUserId must be a UUID or null' })
  @Matches(UUID, { message: 'staffUserId must be a UUID or null' })
  staffUserId: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    default: null,
    description: 'Who the caller believes holds it now (default: nobody); 409 ASSIGNMENT_CONFLICT with details.assigneeId when someone else does',
  })
  @IsOptional()
  @IsString()
  @Matches(UUID, { message: 'expectedAssigneeId must be a UUID or null' })
  expectedAssigneeId?: string | null;
}

export class StaffTextDto {
  @ApiProperty({ minLength: 1, maxLength: STAFF_TEXT_MAX, description: 'Plain text (trimmed)' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'text must not be empty' })
  @MaxLength(STAFF_TEXT_MAX)
  text: string;
}

/** The request after a staff step: its new state in the inbox's terms. */
export class TransitionResultDto extends InboxItemDto {
  @ApiProperty() version: number;
}

export class StaffTopicDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Permisos de circulación' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: 'Vehicle permits' }) nameEn: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: 'integer' }) sortOrder: number;
  @ApiProperty({ description: 'Requests filed under it' }) requests: number;
}

export class CreateTopicDto {
  @ApiProperty({ example: 'Permisos de circulación', minLength: 2, maxLength: 120, description: 'Spanish (es-CL) name, unique in the office (case forgiven)' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Vehicle permits', maxLength: 120 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  nameEn?: string | null;

  @ApiPropertyOptional({ default: true, description: 'Offered to the public; an inactive topic keeps its requests' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: -1000, maximum: 1000, description: 'Lower first' })
  @IsOmittable()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  sortOrder?: number;
}

export class UpdateTopicDto {
  @ApiPropertyOptional({ example: 'Permisos de circulación', minLength: 2, maxLength: 120 })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 120, description: 'null clears it' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  nameEn?: string | null;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: -1000, maximum: 1000 })
  @IsOmittable()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  sortOrder?: number;
}

/**
 * `POST /offices/{officeId}/requests`: a request registered by staff on the person's behalf: the
 * public filing's fields (the office from the path) and the channel it came through.
 */
export class RegisterRequestDto extends OmitType(CreateRequestDto, ['officeId'] as const) {
  @ApiProperty({ enum: ON_BEHALF_CHANNELS, description: 'How it reached the office: phone, email, letter or counter' })
  @IsIn(ON_BEHALF_CHANNELS, { message: `channel must be one of ${ON_BEHALF_CHANNELS.join(', ')}` })
  channel: OnBehalfChannel;
}

export class RegisteredRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'K7M4QX9PTR', description: 'The tracking code to give the person (with the email or phone given, the key to the request)' }) code: string;
  @ApiProperty({ enum: ['received'] }) status: 'received';
  @ApiProperty({ example: '2026-12-15' }) dueDate: string;
}
