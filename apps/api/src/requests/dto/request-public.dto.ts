import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmail, IsIn, IsInt, IsObject, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsOmittable } from '../../common/validation/custom-validators.js';
import { toE164 } from '../../notifications/sms/phone.js';
import { ATTACHMENT_MEDIA_TYPES } from '../request-attachment.entity.js';
import { REQUEST_EVENT_ACTORS, REQUEST_EVENT_TYPES } from '../request-event.entity.js';
import { officeInstant } from '../../common/time/office-instant.js';
import { REQUEST_KINDS, REQUEST_STATUSES, type RequestKind, type RequestStatus } from '../request.entity.js';
import type { RequestRow } from '../requests.repository.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A phone in E.164 when it is one; anything else as given, for the validators to refuse. */
const toE164OrAsGiven = ({ value }: { value: unknown }) => (typeof value === 'string' && value.length <= 30 ? (toE164(value.trim()) ?? value) : value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The longest description, reply or answer. */
export const REQUEST_TEXT_MAX = 5000;
/** The longest comment with a rating. */
export const RATING_COMMENT_MAX = 1000;

export class RequestContactDto {
  @ApiPropertyOptional({ example: 'María José Pérez', maxLength: 200 })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ example: 'maria@example.cl', maxLength: 254, description: 'Where the answer goes; with the phone, the key to the request with its code' })
  @IsOmittable()
  @Transform(trim)
  @MaxLength(254)
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({
    example: '+56 9 1234 5678',
    maxLength: 30,
    description: 'Stored in E.164. Chilean numbers may omit +56; others start with + and the country code.',
  })
  @IsOmittable()
  @Transform(toE164OrAsGiven)
  @IsString()
  @MaxLength(30)
  @Matches(/^\+[1-9][0-9]{7,14}$/, { message: 'phone must be a phone number such as +56 9 1234 5678 (Chilean numbers may omit +56; others start with + and the country code)' })
  phone?: string;

  @ApiPropertyOptional({ example: '12.345.678-5', maxLength: 64, description: 'RUT (stored as 12345678-5 when valid) or another document' })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  documentNumber?: string;

  @ApiPropertyOptional({ default: false, description: 'The person agrees to text messages (SMS) about this request; only with a phone' })
  @IsOmittable()
  @IsBoolean()
  smsConsent?: boolean;
}

/**
 * POST /requests. As JSON, or as multipart/form-data with the same fields (the contact's as
 * `contact.email`, `contact.phone`…, or `contact` holding the object as JSON text) plus up to 3
 * files named `attachments`.
 */
export class CreateRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @Matches(UUID, { message: 'officeId must be a UUID' })
  officeId: string;

  @ApiProperty({ enum: REQUEST_KINDS, description: 'request (consulta/solicitud), complaint (reclamo), suggestion (sugerencia), commendation (felicitación)' })
  @IsIn(REQUEST_KINDS)
  kind: RequestKind;

  @ApiProperty({ format: 'uuid', description: "One of the office's active topics (GET /offices/{officeId}/request-topics)" })
  @IsString()
  @Matches(UUID, { message: 'topicId must be a UUID' })
  topicId: string;

  @ApiProperty({ minLength: 1, maxLength: REQUEST_TEXT_MAX })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(REQUEST_TEXT_MAX)
  description: string;

  @ApiPropertyOptional({ type: RequestContactDto, description: 'A request or complaint needs an email or a phone (400 CONTACT_REQUIRED); a suggestion or commendation may be anonymous' })
  @IsOmittable()
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RequestContactDto)
  contact?: RequestContactDto;
}

/** The code and the email or phone given at filing: the key to a request's whole content. */
export class RequestKeyDto {
  @ApiProperty({ example: 'K7M4QX9PTA', maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  code: string;

  @ApiProperty({ example: 'maria@example.cl', maxLength: 254, description: 'The email or phone given at filing' })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  contact: string;
}

export class ReplyRequestDto extends RequestKeyDto {
  @ApiProperty({ minLength: 1, maxLength: REQUEST_TEXT_MAX })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(REQUEST_TEXT_MAX)
  text: string;
}

export class RateRequestDto extends RequestKeyDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;

  @ApiPropertyOptional({ maxLength: RATING_COMMENT_MAX })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MaxLength(RATING_COMMENT_MAX)
  comment?: string;
}

export class RequestAttachmentKeyDto extends RequestKeyDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @Matches(UUID, { message: 'attachmentId must be a UUID' })
  attachmentId: string;
}

export class RequestTopicDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Licencias de conducir' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: "Driver's licences" }) nameEn: string | null;
}

export class FiledRequestDto {
  @ApiProperty({ example: 'K7M4QX9PTA', description: 'The tracking code: /solicitud/{code}' }) code: string;
  @ApiProperty({ enum: ['received'] }) status: 'received';
  @ApiProperty({ example: '2026-12-15', description: "The last day to answer, office-local (working days, the office's holidays)" }) dueDate: string;
}

/** GET /requests/{code}: public fields only (no description, answer or personal data). */
export class RequestSummaryDto {
  @ApiProperty({ example: 'K7M4QX9PTA' }) code: string;
  @ApiProperty({ enum: REQUEST_KINDS }) kind: RequestKind;
  @ApiProperty({ type: RequestTopicDto }) topic: RequestTopicDto;
  @ApiProperty({ enum: REQUEST_STATUSES, description: "'waiting': the office asked for information (the deadline is paused until the reply)" }) status: RequestStatus;
  @ApiProperty({ example: '2026-12-01T09:00:00-03:00' }) filedAt: string;
  @ApiProperty({ example: '2026-12-15' }) dueDate: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-12-10T12:00:00-03:00' }) answeredAt?: string | null;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty({ example: 'Municipalidad de Iquique' }) officeName: string;
  @ApiProperty({ example: 'America/Santiago' }) timeZone: string;
}

/** A request's public fields (no description, answer or personal data). */
export function toRequestSummaryDto(row: RequestRow): RequestSummaryDto {
  return {
    code: row.code,
    kind: row.kind,
    topic: { id: row.topic_id, name: row.topic_name, nameEn: row.topic_name_en },
    status: row.status,
    filedAt: officeInstant(row.filed_at, row.time_zone),
    dueDate: row.due_date,
    answeredAt: row.answered_at ? officeInstant(row.answered_at, row.time_zone) : null,
    officeId: row.office_id,
    officeName: row.office_name,
    timeZone: row.time_zone,
  };
}

export class RequestAttachmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'foto.jpg' }) fileName: string;
  @ApiProperty({ enum: ATTACHMENT_MEDIA_TYPES, description: 'Sniffed from the content' }) mediaType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ nullable: true, type: String, description: 'The reply event it came with; null for the filing' }) eventId: string | null;
}

export class RequestEventDto {
  @ApiProperty({ example: '42' }) id: string;
  @ApiProperty({ enum: REQUEST_EVENT_TYPES }) type: string;
  @ApiProperty({ example: '2026-12-01T09:00:00-03:00' }) at: string;
  @ApiProperty({ enum: REQUEST_EVENT_ACTORS }) actor: string;
  @ApiProperty({ nullable: true, type: String, description: "The office's question, the person's reply, the answer" }) text: string | null;
  @ApiProperty({ type: [RequestAttachmentDto] }) attachments: RequestAttachmentDto[];
}

/** POST /requests/lookup: the whole request, for whoever gives the contact it was filed with. */
export class RequestDetailDto extends RequestSummaryDto {
  @ApiProperty({ nullable: true, type: String, description: 'Null once erased by retention' }) description: string | null;
  @ApiProperty({ nullable: true, type: String }) answer: string | null;
  @ApiProperty({ type: [RequestEventDto], description: 'The steps the person sees (internal notes and assignments never)' }) events: RequestEventDto[];
  @ApiProperty({ type: [RequestAttachmentDto], description: 'Every file, the filing’s and the replies’' }) attachments: RequestAttachmentDto[];
  @ApiProperty({ nullable: true, type: Number, minimum: 1, maximum: 5 }) rating: number | null;
  @ApiProperty({ description: 'A reply is accepted now (waiting, or answered/closed at most 10 working days ago)' }) canReply: boolean;
  @ApiProperty({ description: 'A rating is accepted now (answered or closed, not rated yet)' }) canRate: boolean;
}

export class RatedRequestDto {
  @ApiProperty({ minimum: 1, maximum: 5 }) rating: number;
}
