import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { DEFAULT_TIME_ZONE, type WeeklyHours } from '@turnero/scheduling';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsOmittable, IsTimeZone, IsWeeklyHours } from '../../common/validation/custom-validators.js';
import { toE164 } from '../../notifications/sms/phone.js';
import { messageSwitches } from '../message-switches.js';
import { GROUP_TICKET_MODES, type GroupTicketMode, type Office } from '../office.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A phone in E.164 when it is one; anything else as given, for the validators to refuse. */
const toE164OrAsGiven = ({ value }: { value: unknown }) => (typeof value === 'string' && value.length <= 30 ? (toE164(value) ?? value) : value);

const SWITCH_DESCRIPTIONS = {
  bookingConfirmed: 'The confirmation of a new booking (email and SMS)',
  bookingRescheduled: 'The message saying a booking moved to another time',
  bookingCancelled: 'The message confirming a cancellation the applicant made',
  bookingCancelledByOffice: "The message telling the applicant a closure cancelled their booking (with the reason, a link to book again and the office's contact)",
  reminder: "The reminder before the appointment (reminderLeadMinutes before it); not queued while off",
  officeNotice: "An office notice sent to the people booked in its period; not queued while off",
  rating: 'The email asking to rate a completed booked visit (the same switch as ratingEmail)',
} as const;

/**
 * Which messages the office sends to applicants, one switch per kind (all on by default). A
 * booking message of a kind switched off is still queued and then skipped with the reason
 * `switched_off`, so staff see it in the booking's messages; reminders and notices are not queued.
 */
export class OfficeMessagesDto {
  @ApiProperty({ description: SWITCH_DESCRIPTIONS.bookingConfirmed }) bookingConfirmed: boolean;
  @ApiProperty({ description: SWITCH_DESCRIPTIONS.bookingRescheduled }) bookingRescheduled: boolean;
  @ApiProperty({ description: SWITCH_DESCRIPTIONS.bookingCancelled }) bookingCancelled: boolean;
  @ApiProperty({ description: SWITCH_DESCRIPTIONS.bookingCancelledByOffice }) bookingCancelledByOffice: boolean;
  @ApiProperty({ description: SWITCH_DESCRIPTIONS.reminder }) reminder: boolean;
  @ApiProperty({ description: SWITCH_DESCRIPTIONS.officeNotice }) officeNotice: boolean;
  @ApiProperty({ description: SWITCH_DESCRIPTIONS.rating }) rating: boolean;
}

/** A change of some switches: the ones left out keep their value. */
export class OfficeMessagesChangeDto {
  @ApiPropertyOptional({ description: SWITCH_DESCRIPTIONS.bookingConfirmed }) @IsOmittable() @IsBoolean() bookingConfirmed?: boolean;
  @ApiPropertyOptional({ description: SWITCH_DESCRIPTIONS.bookingRescheduled }) @IsOmittable() @IsBoolean() bookingRescheduled?: boolean;
  @ApiPropertyOptional({ description: SWITCH_DESCRIPTIONS.bookingCancelled }) @IsOmittable() @IsBoolean() bookingCancelled?: boolean;
  @ApiPropertyOptional({ description: SWITCH_DESCRIPTIONS.bookingCancelledByOffice }) @IsOmittable() @IsBoolean() bookingCancelledByOffice?: boolean;
  @ApiPropertyOptional({ description: SWITCH_DESCRIPTIONS.reminder }) @IsOmittable() @IsBoolean() reminder?: boolean;
  @ApiPropertyOptional({ description: SWITCH_DESCRIPTIONS.officeNotice }) @IsOmittable() @IsBoolean() officeNotice?: boolean;
  @ApiPropertyOptional({ description: SWITCH_DESCRIPTIONS.rating }) @IsOmittable() @IsBoolean() rating?: boolean;
}

const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;
/** A Content SID as Twilio writes it (HX and lowercase hex): one given in capitals is stored so. */
const toContentSid = ({ value }: { value: unknown }) => (typeof value === 'string' && CONTENT_SID.test(value.trim()) ? `HX${value.trim().slice(2).toLowerCase()}` : value);
const SID_MESSAGE = 'must be a Twilio Content SID (HX and 32 hexadecimal digits) or null to remove it';
const TEMPLATE_KINDS = {
  booking_confirmed: 'variables: {{1}} office, {{2}} procedure, {{3}} date and time ("07/12 a las 09:30"), {{4}} code, {{5}} "my booking" link',
  booking_rescheduled: 'variables: {{1}} office, {{2}} procedure, {{3}} new date and time, {{4}} code, {{5}} "my booking" link',
  booking_cancelled: 'variables: {{1}} office, {{2}} procedure, {{3}} date and time, {{4}} code, {{5}} "book again" link',
  booking_cancelled_by_office: 'variables: {{1}} office, {{2}} procedure, {{3}} date and time, {{4}} code, {{5}} reason, {{6}} "book again" link',
  booking_reminder: 'variables: {{1}} office, {{2}} procedure, {{3}} date and time, {{4}} code, {{5}} "my booking" link',
  office_notice: 'variables: {{1}} office, {{2}} the notice, {{3}} period (dd/MM-dd/MM), {{4}} the booking\'s code (or "-")',
} as const;
export type WhatsAppTemplateKind = keyof typeof TEMPLATE_KINDS;
export const WHATSAPP_TEMPLATE_KINDS = Object.keys(TEMPLATE_KINDS) as WhatsAppTemplateKind[];

const sidProperty = (kind: WhatsAppTemplateKind, nullable = true) =>
  ApiPropertyOptional({ type: String, nullable, pattern: CONTENT_SID.source, example: 'HXb5b62575e6e4ff6129ad7c8efe1f983e', description: `The approved template's Content SID; ${TEMPLATE_KINDS[kind]}` });

/**
 * The office's approved WhatsApp templates (Twilio Content API), per message kind. A phone message
 * of a kind with a template goes as WhatsApp when the server has a WhatsApp sender
 * (TWILIO_WHATSAPP_FROM), with the kind's numbered variables; otherwise as SMS.
 */
export class WhatsAppTemplatesDto {
  @sidProperty('booking_confirmed', false) booking_confirmed?: string;
  @sidProperty('booking_rescheduled', false) booking_rescheduled?: string;
  @sidProperty('booking_cancelled', false) booking_cancelled?: string;
  @sidProperty('booking_cancelled_by_office', false) booking_cancelled_by_office?: string;
  @sidProperty('booking_reminder', false) booking_reminder?: string;
  @sidProperty('office_notice', false) office_notice?: string;
}

/** A change of some templates: a SID sets the kind's, null removes it, the kinds left out keep theirs. */
export class WhatsAppTemplatesChangeDto {
  @sidProperty('booking_confirmed') @IsOptional() @Transform(toContentSid) @Matches(CONTENT_SID, { message: `booking_confirmed ${SID_MESSAGE}` }) booking_confirmed?: string | null;
  @sidProperty('booking_rescheduled') @IsOptional() @Transform(toContentSid) @Matches(CONTENT_SID, { message: `booking_rescheduled ${SID_MESSAGE}` }) booking_rescheduled?: string | null;
  @sidProperty('booking_cancelled') @IsOptional() @Transform(toContentSid) @Matches(CONTENT_SID, { message: `booking_cancelled ${SID_MESSAGE}` }) booking_cancelled?: string | null;
  @sidProperty('booking_cancelled_by_office') @IsOptional() @Transform(toContentSid) @Matches(CONTENT_SID, { message: `booking_cancelled_by_office ${SID_MESSAGE}` })
  booking_cancelled_by_office?: string | null;
  @sidProperty('booking_reminder') @IsOptional() @Transform(toContentSid) @Matches(CONTENT_SID, { message: `booking_reminder ${SID_MESSAGE}` }) booking_reminder?: string | null;
  @sidProperty('office_notice') @IsOptional() @Transform(toContentSid) @Matches(CONTENT_SID, { message: `office_notice ${SID_MESSAGE}` }) office_notice?: string | null;
}

/** The working days an office gives itself to answer, per kind of request, unless it sets its own (issue #17). */
export const DEFAULT_REQUEST_DEADLINE_DAYS = { request: 10, complaint: 15, suggestion: 10, commendation: 10 } as const;
const DEADLINE_DESCRIPTIONS = {
  request: 'Working days to answer a request (consulta/solicitud)',
  complaint: 'Working days to answer a complaint (reclamo)',
  suggestion: 'Working days to answer a suggestion',
  commendation: 'Working days to answer a commendation (felicitación)',
} as const;

/** The office's deadlines for requests and complaints, in working days per kind (weekends and the office's holidays skipped). */
export class RequestDeadlineDaysDto {
  @ApiProperty({ type: 'integer', example: 10, description: DEADLINE_DESCRIPTIONS.request }) request: number;
  @ApiProperty({ type: 'integer', example: 15, description: DEADLINE_DESCRIPTIONS.complaint }) complaint: number;
  @ApiProperty({ type: 'integer', example: 10, description: DEADLINE_DESCRIPTIONS.suggestion }) suggestion: number;
  @ApiProperty({ type: 'integer', example: 10, description: DEADLINE_DESCRIPTIONS.commendation }) commendation: number;
}

const deadlineProperty = (kind: keyof typeof DEADLINE_DESCRIPTIONS) =>
  ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 60, example: DEFAULT_REQUEST_DEADLINE_DAYS[kind], description: `${DEADLINE_DESCRIPTIONS[kind]}, 1 to 60` });

/** A change of some deadlines: the kinds left out keep theirs. Requests already filed keep the deadline they were given. */
export class RequestDeadlineDaysChangeDto {
  @deadlineProperty('request') @IsOmittable() @IsInt() @Min(1) @Max(60) request?: number;
  @deadlineProperty('complaint') @IsOmittable() @IsInt() @Min(1) @Max(60) complaint?: number;
  @deadlineProperty('suggestion') @IsOmittable() @IsInt() @Min(1) @Max(60) suggestion?: number;
  @deadlineProperty('commendation') @IsOmittable() @IsInt() @Min(1) @Max(60) commendation?: number;
}

const OPENING_HOURS_EXAMPLE = {
  1: [{ start: '08:30', end: '14:00' }],
  2: [{ start: '08:30', end: '14:00' }],
  3: [{ start: '08:30', end: '14:00' }],
  4: [{ start: '08:30', end: '14:00' }],
  5: [{ start: '08:30', end: '14:00' }],
};

export class CreateOfficeDto {
  @ApiProperty({ example: 'Gobernación Provincial de Elqui – Extranjería', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: DEFAULT_TIME_ZONE, default: DEFAULT_TIME_ZONE, description: 'IANA time zone' })
  @IsOmittable()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ example: 'Arturo Prat 350, La Serena', maxLength: 300, nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @ApiPropertyOptional({
    description: 'Opening hours per ISO weekday (1 = Monday … 7 = Sunday), local time; absent days are closed',
    example: OPENING_HOURS_EXAMPLE,
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' } } } },
  })
  @IsOmittable()
  @IsObject()
  @IsWeeklyHours()
  openingHours?: WeeklyHours;

  @ApiPropertyOptional({ example: 'CL', default: 'CL', description: 'ISO 3166 country whose public holidays close the office' })
  @IsOmittable()
  @Matches(/^[A-Z]{2}$/, { message: 'holidayCountry must be an ISO 3166 two-letter country code' })
  holidayCountry?: string;

  @ApiPropertyOptional({ example: 'CO', nullable: true, type: String, description: 'Region code for regional holidays' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{1,3}$/, { message: 'holidayRegion must be a region code such as CO' })
  holidayRegion?: string | null;

  @ApiPropertyOptional({ type: 'integer', example: 30, default: 30, minimum: 1, maximum: 480, description: "The office's standard for waiting, in minutes: the reports give the share of people called within it" })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(480)
  waitTargetMinutes?: number;

  @ApiPropertyOptional({
    type: 'integer',
    example: 365,
    default: 365,
    minimum: 1,
    maximum: 3650,
    description:
      "Days after an appointment's date when the applicant's name, document, email and phone are erased (a daily job); the rows and the figures stay. Survey comments of tickets that old are erased too.",
  })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(3650)
  personalDataRetentionDays?: number;

  @ApiPropertyOptional({
    example: true,
    default: true,
    description:
      'Email the applicant, when they gave an address when booking, a link to rate a completed visit (1–5 and a comment, once, within 7 days). Sent only when the server has a mail server (SMTP_URL).',
  })
  @IsOmittable()
  @IsBoolean()
  ratingEmail?: boolean;

  @ApiPropertyOptional({
    type: OfficeMessagesChangeDto,
    description: 'Switch message kinds on or off; the kinds left out keep their setting. `rating` is the same switch as ratingEmail (given both, `messages.rating` wins).',
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => OfficeMessagesChangeDto)
  messages?: OfficeMessagesChangeDto;

  @ApiPropertyOptional({ type: 'integer', example: 1440, default: 1440, minimum: 60, maximum: 10080, description: 'How long before the appointment its reminder is sent, in minutes (1 hour to 7 days)' })
  @IsOmittable()
  @IsInt()
  @Min(60)
  @Max(10080)
  reminderLeadMinutes?: number;

  @ApiPropertyOptional({
    example: '+56 51 221 3400',
    nullable: true,
    type: String,
    maxLength: 30,
    description:
      "The office's phone for applicants, given in its messages; stored in E.164. Chilean numbers may omit +56 (2 2345 6789, 9 1234 5678); other countries start with + and the country code. null clears it.",
  })
  @IsOptional()
  @Transform(toE164OrAsGiven)
  @IsString()
  @MaxLength(30)
  @Matches(/^\+[1-9][0-9]{7,14}$/, { message: 'contactPhone must be a phone number such as +56 51 221 3400 (Chilean numbers may omit +56; others start with + and the country code)' })
  contactPhone?: string | null;

  @ApiPropertyOptional({ example: 'extranjeria.elqui@example.cl', nullable: true, type: String, maxLength: 254, description: "The office's email address for applicants, given in its messages. null clears it." })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'contactEmail must be an email address' })
  contactEmail?: string | null;

  @ApiPropertyOptional({
    type: WhatsAppTemplatesChangeDto,
    description:
      "The office's approved WhatsApp templates (Twilio Content SIDs) per message kind: a SID sets a kind's, null removes it, the kinds left out keep theirs. A phone message of a kind with a template goes as WhatsApp when the server has TWILIO_WHATSAPP_FROM; otherwise as SMS.",
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => WhatsAppTemplatesChangeDto)
  whatsappTemplates?: WhatsAppTemplatesChangeDto;

  @ApiPropertyOptional({
    type: 'integer',
    example: 30,
    default: 30,
    minimum: 5,
    maximum: 1440,
    description:
      'How long a seat freed for the waitlist is held for the person offered it, in minutes (5 to 1,440); an offer for a sooner slot is held for less, and a slot too close to be useful is not offered',
  })
  @IsOmittable()
  @IsInt()
  @Min(5)
  @Max(1440)
  waitlistHoldMinutes?: number;

  @ApiPropertyOptional({ enum: GROUP_TICKET_MODES, default: 'one', description: "A group booking's check-in gets one ticket for the group ('one') or one per person ('per_person'); either way the group is called to one counter" })
  @IsOmittable()
  @IsIn(GROUP_TICKET_MODES)
  groupTickets?: GroupTicketMode;

  @ApiPropertyOptional({
    type: RequestDeadlineDaysChangeDto,
    description: 'Working days to answer requests and complaints, per kind (1 to 60 each); the kinds left out keep theirs. New requests get them; those already filed keep their deadline.',
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => RequestDeadlineDaysChangeDto)
  requestDeadlineDays?: RequestDeadlineDaysChangeDto;
}

export class UpdateOfficeDto extends PartialType(CreateOfficeDto, { skipNullProperties: false }) {}

export class OfficeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: DEFAULT_TIME_ZONE }) timeZone: string;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ example: OPENING_HOURS_EXAMPLE, type: 'object', additionalProperties: true }) openingHours: WeeklyHours;
  @ApiProperty({ example: 'CL' }) holidayCountry: string;
  @ApiProperty({ nullable: true, type: String }) holidayRegion: string | null;
  @ApiProperty({ type: 'integer', example: 30, description: "The office's standard for waiting, in minutes" }) waitTargetMinutes: number;
  @ApiProperty({ type: 'integer', example: 365, description: "Days after an appointment's date when the applicant's personal data is erased" })
  personalDataRetentionDays: number;
  @ApiProperty({ example: true, description: 'Whether a completed booked visit gets an email asking for a rating (the same as messages.rating)' }) ratingEmail: boolean;
  // Public like the rest of the office: which messages it sends and when the reminder goes out are
  // what an applicant may be told when booking; the contact is the office's public one.
  @ApiProperty({ type: OfficeMessagesDto, description: 'Which messages the office sends to applicants (public: the booking site may say what to expect)' })
  messages: OfficeMessagesDto;
  @ApiProperty({ type: 'integer', example: 1440, description: 'How long before the appointment its reminder is sent, in minutes' }) reminderLeadMinutes: number;
  @ApiProperty({ nullable: true, type: String, example: '+56512213400', description: "The office's public phone (E.164), given in its messages" }) contactPhone: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'extranjeria.elqui@example.cl', description: "The office's public email address, given in its messages" })
  contactEmail: string | null;
  // Public too: a Content SID names a template of the server's Twilio account, of no use without its credentials.
  @ApiProperty({
    type: WhatsAppTemplatesDto,
    description:
      "The office's approved WhatsApp templates (Twilio Content SIDs) per message kind; the kinds without one are sent as SMS. Public like the other message settings: a Content SID is of no use without the server's Twilio credentials.",
  })
  whatsappTemplates: WhatsAppTemplatesDto;
  @ApiProperty({ type: 'integer', example: 30, description: 'How long a seat freed for the waitlist is held for the person offered it, in minutes (less for a sooner slot)' })
  waitlistHoldMinutes: number;
  @ApiProperty({ enum: GROUP_TICKET_MODES, description: "A group's check-in gets one ticket ('one') or one per person ('per_person')" })
  groupTickets: GroupTicketMode;
  @ApiProperty({ type: RequestDeadlineDaysDto, description: 'Working days the office gives itself to answer requests and complaints, per kind' })
  requestDeadlineDays: RequestDeadlineDaysDto;
}

export function toOfficeDto(office: Office): OfficeDto {
  return {
    id: office.id,
    name: office.name,
    timeZone: office.timeZone,
    address: office.address,
    openingHours: office.openingHours,
    holidayCountry: office.holidayCountry,
    holidayRegion: office.holidayRegion,
    waitTargetMinutes: office.waitTargetMinutes,
    personalDataRetentionDays: office.personalDataRetentionDays,
    ratingEmail: office.ratingEmail,
    messages: messageSwitches(office),
    reminderLeadMinutes: office.reminderLeadMinutes,
    contactPhone: office.contactPhone,
    contactEmail: office.contactEmail,
    whatsappTemplates: whatsAppTemplates(office.whatsappTemplates),
    requestDeadlineDays: { ...DEFAULT_REQUEST_DEADLINE_DAYS, ...office.requestDeadlineDays },
    waitlistHoldMinutes: office.waitlistHoldMinutes,
    groupTickets: office.groupTickets,
  };
}

/** The templates of the known kinds only, in their order. */
export function whatsAppTemplates(stored: Partial<Record<string, string>> | undefined): WhatsAppTemplatesDto {
  return Object.fromEntries(WHATSAPP_TEMPLATE_KINDS.flatMap((kind) => (stored?.[kind] ? [[kind, stored[kind]]] : []))) as WhatsAppTemplatesDto;
}

/** The stored templates after a change: a SID sets a kind's, null removes it, undefined keeps it. */
export function applyWhatsAppTemplates(stored: Partial<Record<string, string>> | undefined, change: WhatsAppTemplatesChangeDto): Record<string, string> {
  const next: Record<string, string> = { ...whatsAppTemplates(stored) } as Record<string, string>;
  for (const kind of WHATSAPP_TEMPLATE_KINDS) {
    const value = change[kind];
    if (value === null) delete next[kind];
    else if (value !== undefined) next[kind] = value;
  }
  return next;
}
