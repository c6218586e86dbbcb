import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { officeInstant } from '../../common/time/office-instant.js';
import { toE164 } from '../../notifications/sms/phone.js';
import { RequestsPublicService } from '../public/requests-public.service.js';
import { normalizeRequestCode } from '../request-code.js';
import type { RequestStatus } from '../request.entity.js';
import type {
  Open311CreatedDto,
  Open311CreateRequestDto,
  Open311RequestDto,
  Open311RequestsQueryDto,
  Open311ServiceDto,
  Open311ServicesQueryDto,
  Open311Status,
} from './open311.dto.js';

/** The spec's default window and its widest: 90 days of requested_datetime. */
export const OPEN311_WINDOW_DAYS = 90;
/** The most requests one GET /requests.json answers (the spec's suggestion). */
export const OPEN311_MAX_RESULTS = 1000;

/** Open311's two statuses: answered counts as closed (the person has the answer; a reply reopens it). */
const OPEN311_STATUS: Record<RequestStatus, Open311Status> = {
  received: 'open',
  in_progress: 'open',
  waiting: 'open',
  answered: 'closed',
  closed: 'closed',
};

/** A generic phrase per status (es-CL): never the answer or a note. */
export const OPEN311_STATUS_NOTES: Record<RequestStatus, string> = {
  received: 'Recibida; pendiente de revisión.',
  in_progress: 'En revisión por la oficina.',
  waiting: 'La oficina pidió más información a la persona; el plazo está suspendido hasta su respuesta.',
  answered: 'Respondida a la persona.',
  closed: 'Cerrada.',
};

const KEYWORDS = 'solicitud,reclamo,sugerencia,felicitación';

interface TopicRow {
  id: string;
  name: string;
  office_name: string;
}

interface PublicRow {
  code: string;
  status: RequestStatus;
  filed_at: Date;
  updated_at: Date;
  due_date: string;
  topic_id: string;
  topic_name: string;
  office_name: string;
  time_zone: string;
}

/** Only public columns are ever read here: no description, answer, contact or document. */
const PUBLIC_COLUMNS = `r.code, r.status::text AS status, r.filed_at, r.updated_at, to_char(r.due_date, 'YYYY-MM-DD') AS due_date,
  t.id AS topic_id, t.name AS topic_name, o.name AS office_name, o.time_zone`;
const PUBLIC_JOINS = `FROM requests r JOIN request_topics t ON t.id = r.topic_id JOIN offices o ON o.id = r.office_id`;

const field = (name: string, message: string) => ApiException.validation([{ field: name, messages: [`${name} ${message}`] }]);

/**
 * Open311 GeoReport v2 over requests and complaints (issue #17): the topics as services, the
 * requests' public status, and filing by an issued client through the public filing's own rules
 * (RequestsPublicService.file, channel 'open311').
 */
@Injectable()
export class Open311Service {
  private readonly logger = new Logger('Open311');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly filing: RequestsPublicService,
  ) {}

  /** Every active topic of every office (or of the jurisdiction's office), as services. */
  async services(query: Open311ServicesQueryDto): Promise<Open311ServiceDto[]> {
    if (query.jurisdiction_id) await this.assertJurisdiction(query.jurisdiction_id);
    const rows = (await this.db.query(
      `SELECT t.id, t.name, o.name AS office_name FROM request_topics t JOIN offices o ON o.id = t.office_id
        WHERE t.active AND ($1::uuid IS NULL OR t.office_id = $1::uuid)
        ORDER BY lower(o.name), o.id, t.sort_order, lower(t.name), t.id`,
      [query.jurisdiction_id ?? null],
    )) as TopicRow[];
    return rows.map((t) => ({
      service_code: t.id,
      service_name: t.name,
      description: `Solicitudes, reclamos, sugerencias y felicitaciones sobre «${t.name}» (${t.office_name})`,
      metadata: false,
      type: 'realtime',
      keywords: KEYWORDS,
      group: t.office_name,
    }));
  }

  /**
   * Requests by the spec's filters: service_request_id (overrides the rest), service_code,
   * start_date/end_date on requested_datetime (default the last 90 days; at most 90 days),
   * status; newest first, at most 1,000.
   */
  async requests(query: Open311RequestsQueryDto): Promise<Open311RequestDto[]> {
    if (query.service_request_id !== undefined) {
      const codes = query.service_request_id.split(',').map((c) => c.trim()).filter((c) => c !== '');
      if (codes.length === 0) throw field('service_request_id', 'must name at least one request');
      if (codes.length > OPEN311_MAX_RESULTS) throw field('service_request_id', `may name at most ${OPEN311_MAX_RESULTS} requests`);
      const known = [...new Set(codes.map(normalizeRequestCode).filter((c): c is string => c !== null))];
      if (known.length === 0) return [];
      const rows = (await this.db.query(`SELECT ${PUBLIC_COLUMNS} ${PUBLIC_JOINS} WHERE r.code = ANY($1::text[]) ORDER BY r.filed_at DESC, r.id`, [known])) as PublicRow[];
      return rows.map(toOpen311);
    }
    if (query.jurisdiction_id) await this.assertJurisdiction(query.jurisdiction_id);
    const { from, to } = this.window(query);
    const statuses = query.status ? [...new Set(query.status.split(','))].flatMap((s) => statusesOf(s as Open311Status)) : null;
    const topics = query.service_code ? query.service_code.split(',') : null;
    const rows = (await this.db.query(
      `SELECT ${PUBLIC_COLUMNS} ${PUBLIC_JOINS}
        WHERE r.filed_at >= $1 AND r.filed_at <= $2
          AND ($3::uuid IS NULL OR r.office_id = $3::uuid)
          AND ($4::uuid[] IS NULL OR r.topic_id = ANY($4::uuid[]))
          AND ($5::request_status[] IS NULL OR r.status = ANY($5::request_status[]))
        ORDER BY r.filed_at DESC, r.id
        LIMIT ${OPEN311_MAX_RESULTS}`,
      [from, to, query.jurisdiction_id ?? null, topics, statuses],
    )) as PublicRow[];
    return rows.map(toOpen311);
  }

  /** One request, as an array of one (the spec's shape); 404 for an unknown code. */
  async request(code: string): Promise<Open311RequestDto[]> {
    const normalized = normalizeRequestCode(code);
    const [row] = normalized ? ((await this.db.query(`SELECT ${PUBLIC_COLUMNS} ${PUBLIC_JOINS} WHERE r.code = $1`, [normalized])) as PublicRow[]) : [];
    if (!row) throw ApiException.notFound(ErrorCode.REQUEST_NOT_FOUND, 'Request');
    return [toOpen311(row)];
  }

  /** Files a request for an issued client: the public filing's rules, channel 'open311'. */
  async create(clientId: string, input: Open311CreateRequestDto): Promise<Open311CreatedDto[]> {
    const [topic] = (await this.db.query(`SELECT office_id FROM request_topics WHERE id = $1 AND active`, [input.service_code])) as { office_id: string }[];
    if (!topic) throw field('service_code', 'must be a service code of services.json (an active topic)');
    if (input.jurisdiction_id && input.jurisdiction_id.toLowerCase() !== topic.office_id) throw field('jurisdiction_id', "must be the service's office");
    let phone: string | undefined;
    if (input.phone) {
      phone = toE164(input.phone) ?? undefined;
      if (!phone) throw field('phone', 'must be a phone number such as +56 9 1234 5678 (Chilean numbers may omit +56; others start with + and the country code)');
    }
    const fullName = [input.first_name, input.last_name].filter((part) => part).join(' ').trim();
    const kind = input['attribute[kind]'] ?? input.attribute?.kind ?? 'request';
    const filed = await this.filing.file(
      {
        officeId: topic.office_id,
        kind,
        topicId: input.service_code,
        description: input.description,
        contact: { fullName: fullName.length >= 2 ? fullName.slice(0, 200) : undefined, email: input.email || undefined, phone },
      },
      [],
      { channel: 'open311', filedBy: null },
    );
    this.logger.log(`Open311 client ${clientId} filed request ${filed.code} (${kind})`);
    const due = DateTime.fromISO(filed.dueDate).setLocale('es-CL').toFormat("d 'de' MMMM 'de' yyyy");
    return [{ service_request_id: filed.code, service_notice: `Solicitud recibida. Le responderemos a más tardar el ${due}.`, account_id: null }];
  }

  private async assertJurisdiction(officeId: string): Promise<void> {
    const rows = (await this.db.query(`SELECT 1 FROM offices WHERE id = $1`, [officeId])) as unknown[];
    if (rows.length === 0) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'jurisdiction_id: office');
  }

  /** The requested_datetime window: the given ends, or 90 days back from the end (now by default). */
  private window(query: Open311RequestsQueryDto): { from: Date; to: Date } {
    const parse = (name: 'start_date' | 'end_date') => {
      const value = query[name];
      if (value === undefined) return undefined;
      const instant = DateTime.fromISO(value, { setZone: true });
      if (!instant.isValid) throw field(name, 'must be a real date and time (ISO 8601 with its offset)');
      return instant;
    };
    const start = parse('start_date');
    const end = parse('end_date');
    const to = end ?? (start ? DateTime.min(start.plus({ days: OPEN311_WINDOW_DAYS }), this.clock.now())! : this.clock.now());
    const from = start ?? to.minus({ days: OPEN311_WINDOW_DAYS });
    if (from > to) throw field('end_date', 'must not be before start_date');
    if (to.diff(from, 'days').days > OPEN311_WINDOW_DAYS) throw field('end_date', `must be at most ${OPEN311_WINDOW_DAYS} days after start_date`);
    return { from: from.toJSDate(), to: to.toJSDate() };
  }
}

function statusesOf(status: Open311Status): RequestStatus[] {
  return (Object.keys(OPEN311_STATUS) as RequestStatus[]).filter((s) => OPEN311_STATUS[s] === status);
}

/** The public fields, and only those. */
function toOpen311(row: PublicRow): Open311RequestDto {
  const endOfDueDay = DateTime.fromISO(row.due_date, { zone: row.time_zone }).set({ hour: 23, minute: 59, second: 59, millisecond: 0 });
  return {
    service_request_id: row.code,
    status: OPEN311_STATUS[row.status],
    status_notes: OPEN311_STATUS_NOTES[row.status],
    service_name: row.topic_name,
    service_code: row.topic_id,
    requested_datetime: officeInstant(row.filed_at, row.time_zone),
    updated_datetime: officeInstant(row.updated_at, row.time_zone),
    expected_datetime: endOfDueDay.toISO({ suppressMilliseconds: true })!,
    agency_responsible: row.office_name,
  };
}
