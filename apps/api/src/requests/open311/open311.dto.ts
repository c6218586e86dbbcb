import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsEmail, IsIn, IsObject, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsOmittable } from '../../common/validation/custom-validators.js';
import { REQUEST_TEXT_MAX } from '../dto/request-public.dto.js';
import { REQUEST_KINDS, type RequestKind } from '../request.entity.js';

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), JSON only: field names as the
 * published spec writes them (snake_case), public fields only in every answer.
 */

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An ISO 8601 instant with its offset or Z, as the spec's dates are written ("2026-10-01T00:00:00-03:00"). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const API_KEY_FIELD = 'The client key an administrator issued (POST /api/v1/open311/clients); accepted and ignored on reads';

/** GET /open311/v2/services.json */
export class Open311ServicesQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "An office's id: only its services (topics)" })
  @IsOmittable()
  @IsString()
  @Matches(UUID, { message: 'jurisdiction_id must be an office id (a UUID)' })
  jurisdiction_id?: string;

  @ApiPropertyOptional({ maxLength: 200, description: API_KEY_FIELD })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  api_key?: string;
}

/** One service of GET /open311/v2/services.json: an active topic of an office's requests and complaints. */
export class Open311ServiceDto {
  @ApiProperty({ format: 'uuid', description: "The topic's id" }) service_code: string;
  @ApiProperty({ example: 'Permisos de circulación' }) service_name: string;
  @ApiProperty({ example: 'Solicitudes, reclamos, sugerencias y felicitaciones sobre «Permisos de circulación» (Municipalidad de Iquique)' }) description: string;
  @ApiProperty({ enum: [false], description: 'No service definition: the one attribute is attribute[kind] (request, complaint, suggestion, commendation)' }) metadata: false;
  @ApiProperty({ enum: ['realtime'] }) type: 'realtime';
  @ApiProperty({ example: 'solicitud,reclamo,sugerencia,felicitación', description: 'Comma-separated' }) keywords: string;
  @ApiProperty({ example: 'Municipalidad de Iquique', description: "The office's name" }) group: string;
}

export const OPEN311_STATUSES = ['open', 'closed'] as const;
export type Open311Status = (typeof OPEN311_STATUSES)[number];

/** GET /open311/v2/requests.json */
export class Open311RequestsQueryDto {
  @ApiPropertyOptional({ example: 'K7M4QX9PTA,Q2W3E4R5T6', maxLength: 11_000, description: 'Tracking codes, comma-separated (at most 1,000); overrides every other filter' })
  @IsOmittable()
  @IsString()
  @MaxLength(11_000)
  service_request_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A service (topic) id; several comma-separated' })
  @IsOmittable()
  @IsString()
  @MaxLength(3_700)
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(,[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})*$/i, {
    message: 'service_code must be a service code (a UUID), or several separated by commas',
  })
  service_code?: string;

  @ApiPropertyOptional({ example: '2026-09-01T00:00:00-03:00', description: 'Earliest requested_datetime (ISO 8601 with offset). Default: 90 days before end_date' })
  @IsOmittable()
  @IsString()
  @Matches(ISO_INSTANT, { message: 'start_date must be an ISO 8601 date and time with its offset, such as 2026-09-01T00:00:00-03:00' })
  start_date?: string;

  @ApiPropertyOptional({ example: '2026-09-30T23:59:59-03:00', description: 'Latest requested_datetime (ISO 8601 with offset). Default: now, or 90 days after start_date' })
  @IsOmittable()
  @IsString()
  @Matches(ISO_INSTANT, { message: 'end_date must be an ISO 8601 date and time with its offset, such as 2026-09-30T23:59:59-03:00' })
  end_date?: string;

  @ApiPropertyOptional({ example: 'open', description: 'open, closed, or both comma-separated' })
  @IsOmittable()
  @IsString()
  @Matches(/^(open|closed)(,(open|closed))?$/, { message: 'status must be open, closed or open,closed' })
  status?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "An office's id: only its requests" })
  @IsOmittable()
  @IsString()
  @Matches(UUID, { message: 'jurisdiction_id must be an office id (a UUID)' })
  jurisdiction_id?: string;

  @ApiPropertyOptional({ maxLength: 200, description: API_KEY_FIELD })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  api_key?: string;
}

/** GET /open311/v2/requests/{service_request_id}.json */
export class Open311RequestQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Accepted for clients that always send it' })
  @IsOmittable()
  @IsString()
  @Matches(UUID, { message: 'jurisdiction_id must be an office id (a UUID)' })
  jurisdiction_id?: string;

  @ApiPropertyOptional({ maxLength: 200, description: API_KEY_FIELD })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  api_key?: string;
}

/**
 * A request as Open311 shows it: public fields only. Never the description, the answer, the
 * contact or an address (requests and complaints here are about a person, not a place).
 */
export class Open311RequestDto {
  @ApiProperty({ example: 'K7M4QX9PTA', description: 'The tracking code' }) service_request_id: string;
  @ApiProperty({ enum: OPEN311_STATUSES, description: 'open: received, in progress or waiting for the person; closed: answered or closed' }) status: Open311Status;
  @ApiProperty({ example: 'En revisión por la oficina.', description: 'A generic phrase for the status (es-CL), never the answer' }) status_notes: string;
  @ApiProperty({ example: 'Permisos de circulación' }) service_name: string;
  @ApiProperty({ format: 'uuid' }) service_code: string;
  @ApiProperty({ example: '2026-09-14T09:00:00-03:00' }) requested_datetime: string;
  @ApiProperty({ example: '2026-09-15T11:30:00-03:00' }) updated_datetime: string;
  @ApiProperty({ example: '2026-10-05T23:59:59-03:00', description: "The due date: the end of that office-local day (working days, the office's holidays)" })
  expected_datetime: string;
  @ApiProperty({ example: 'Municipalidad de Iquique', description: "The office's name" }) agency_responsible: string;
}

export class Open311AttributesDto {
  @ApiPropertyOptional({ enum: REQUEST_KINDS, default: 'request' })
  @IsOmittable()
  @IsIn(REQUEST_KINDS)
  kind?: RequestKind;
}

/**
 * POST /open311/v2/requests.json: form-encoded as the spec says (`attribute[kind]=complaint`), or
 * JSON (`"attribute[kind]"` or `"attribute": { "kind" }`). The location fields of the spec are
 * accepted and ignored: these requests are about a person's matter, and no address is kept.
 */
export class Open311CreateRequestDto {
  @ApiProperty({ maxLength: 200, description: 'The client key an administrator issued (POST /api/v1/open311/clients); a bad or revoked key is 403' })
  @IsString()
  @MaxLength(200)
  api_key: string;

  @ApiProperty({ format: 'uuid', description: 'A service_code of GET /open311/v2/services.json (an active topic)' })
  @IsString()
  @Matches(UUID, { message: 'service_code must be a service code of services.json (a UUID)' })
  service_code: string;

  @ApiProperty({ minLength: 1, maxLength: REQUEST_TEXT_MAX })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(REQUEST_TEXT_MAX)
  description: string;

  @ApiPropertyOptional({ maxLength: 254, example: 'maria@example.cl', description: 'A request or complaint needs an email or a phone (400 CONTACT_REQUIRED)' })
  @IsOmittable()
  @Transform(trim)
  @MaxLength(254)
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ maxLength: 30, example: '+56 9 1234 5678', description: 'Chilean numbers may omit +56; others start with + and the country code' })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MaxLength(30)
  phone?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'María José' })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  first_name?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'Pérez' })
  @IsOmittable()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  last_name?: string;

  @ApiPropertyOptional({ enum: REQUEST_KINDS, default: 'request', description: 'request (consulta/solicitud), complaint (reclamo), suggestion, commendation' })
  @IsOmittable()
  @IsIn(REQUEST_KINDS)
  'attribute[kind]'?: RequestKind;

  @ApiPropertyOptional({ type: Open311AttributesDto, description: 'The same attribute as a JSON object' })
  @IsOmittable()
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => Open311AttributesDto)
  attribute?: Open311AttributesDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'Accepted; the office is the service’s' })
  @IsOmittable()
  @IsString()
  @Matches(UUID, { message: 'jurisdiction_id must be an office id (a UUID)' })
  jurisdiction_id?: string;

  @ApiPropertyOptional({ maxLength: 40, description: 'Accepted and ignored (no location is kept)' })
  @IsOmittable()
  @IsString()
  @MaxLength(40)
  lat?: string;

  @ApiPropertyOptional({ maxLength: 40, description: 'Accepted and ignored (no location is kept)' })
  @IsOmittable()
  @IsString()
  @MaxLength(40)
  long?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Accepted and ignored (no address is kept)' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  address_string?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Accepted and ignored' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  address_id?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Accepted and ignored' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  device_id?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Accepted and ignored (no accounts)' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  account_id?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Accepted and ignored (files go through the web form)' })
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  media_url?: string;
}

/** The answer to POST /open311/v2/requests.json (an array of one, as the spec says). */
export class Open311CreatedDto {
  @ApiProperty({ example: 'K7M4QX9PTA', description: 'The tracking code: /solicitud/{code}' }) service_request_id: string;
  @ApiProperty({ example: 'Solicitud recibida. Le responderemos a más tardar el 5 de octubre de 2026.' }) service_notice: string;
  @ApiProperty({ nullable: true, type: String, enum: [null], description: 'Always null (no accounts)' }) account_id: null;
}

/** Open311's error: an array of `{ code, description }` (code: the HTTP status; description begins with our error code). */
export class Open311ErrorDto {
  @ApiProperty({ example: 403 }) code: number;
  @ApiProperty({ example: 'FORBIDDEN: api_key is not a valid key' }) description: string;
}

// ---- The admin's side: the clients' keys (under /api/v1, staff API shapes) ----

export class CreateOpen311ClientDto {
  @ApiProperty({ example: 'FixMyStreet Chile', minLength: 2, maxLength: 200, description: 'Who the key is for' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;
}

export class Open311ClientDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'FixMyStreet Chile' }) name: string;
  @ApiProperty({ format: 'uuid', description: 'The admin who issued the key' }) createdBy: string;
  @ApiProperty({ example: '2026-09-14T12:00:00Z' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Set once revoked: the key is refused from then on' }) revokedAt: string | null;
}

export class IssuedOpen311ClientDto extends Open311ClientDto {
  @ApiProperty({ example: 'o311_Yh1uJ7m2…', description: 'The key, shown this once: only its SHA-256 is kept' }) apiKey: string;
}
