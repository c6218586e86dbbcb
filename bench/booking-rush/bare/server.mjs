#!/usr/bin/env node
// The booking yardstick (issue #19 §1): the booking rush's two hot endpoints on bare Fastify + pg,
// without NestJS, TypeORM or class-validator, so that the API's cost per request can be stated as a
// ratio to what the same work costs without the framework, measured in the same run.
//
//   DATABASE_URL=postgres://… PORT=3001 FAKE_NOW=2026-12-01T08:00:00-03:00 node bench/booking-rush/bare/server.mjs
//
// It serves, on a database the API migrated and seeded:
//   GET  /api/v1/services/:serviceId/availability?from&to
//   POST /api/v1/bookings            (one person; companions are refused naming `companions`)
// with the API's SQL (the versioned calendar read, `book_seat`, the booked-counts read), the same
// domain library (@turnero/scheduling, built), the same validation rules and messages written by
// hand, the same caching policy (the API's own TtlCache, the same lifetimes) and byte-identical
// JSON answers. test/bench/booking-yardstick.spec.ts compares both servers' answers on one
// database: when the API's booking path changes, this file must change with it (README.md,
// "The yardstick").
//
// Environment: DATABASE_URL, PORT (default 3001), HOST (127.0.0.1), FAKE_NOW, DATABASE_POOL_SIZE (10),
// LOG_LEVEL (info), BODY_LIMIT_BYTES (102400), API_ROOT (the checkout whose dist/ and libs/*/dist
// are imported; default: this repository).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import validator from 'validator';

const env = process.env;
const apiRoot = resolve(env.API_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '../../..'));
const fromApi = (path) => import(pathToFileURL(join(apiRoot, path)).href);

// The domain library and the API's pure helpers, from the built checkout (the framework is what the
// yardstick leaves out, not the domain).
const schedulingEntry = join(apiRoot, 'libs/scheduling/dist/index.js');
const { DOCUMENT_TYPES, addDays, availability, checkBooking, generateBookingCode, isLocalDate, nextSlotsWithRoom, normalizeDocument } = await import(pathToFileURL(schedulingEntry).href);
// The luxon the domain library imports (its ESM build, as the API's): one copy in the process, with one
// set of zone and format caches (createRequire alone would resolve the CommonJS build, a second copy).
const luxonManifest = createRequire(schedulingEntry).resolve('luxon/package.json');
const { DateTime } = await import(pathToFileURL(join(dirname(luxonManifest), JSON.parse(readFileSync(luxonManifest, 'utf8')).exports['.'].import)).href);
const { TtlCache } = await fromApi('dist/apps/api/common/ttl-cache.js');
const { API_SECURITY_HEADERS, securityHeaders } = await fromApi('dist/apps/api/common/http/security-headers.js');
const { loggerOptions, requestIdOf } = await fromApi('dist/apps/api/common/logging/logger-options.js');
const { localDateIn } = await fromApi('dist/apps/api/common/time/local-date.js');
const { toE164 } = await fromApi('dist/apps/api/notifications/sms/phone.js');

// ---------------------------------------------------------------- clock (common/clock/clock.ts)

const clockOffsetMs = env.FAKE_NOW ? DateTime.fromISO(env.FAKE_NOW, { setZone: true }).toMillis() - Date.now() : 0;
const now = () => DateTime.fromMillis(Date.now() + clockOffsetMs, { zone: 'utc' });

// ---------------------------------------------------------------- errors (common/errors)

// The API's codes and their HTTP statuses (common/errors/error-code.ts, a module without imports).
const { ErrorCode, httpStatusOf } = await fromApi('dist/apps/api/common/errors/error-code.js');
const statusOf = (code) => httpStatusOf(ErrorCode[code]);

/** An answer that is a refusal (ApiException): no stack captured, as the API's Refusal. */
class Refusal extends Error {
  constructor(code, message, details, headers = {}) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

const validationFailed = (problems) => new Refusal('VALIDATION_FAILED', `Invalid input: ${problems.map((p) => p.field).join(', ')}`, problems);
const schedulingRefusal = (error, field) => new Refusal(error.code, error.message, field ? [{ field, messages: [error.message] }] : undefined);

function errorBody(error) {
  const body = { statusCode: statusOf(error.code), error: error.code, message: error.message };
  if (error.details !== undefined) body.details = error.details;
  return body;
}

// ---------------------------------------------------------------- input guard (common/validation/request-input-guard.ts)

const MAX_JSON_DEPTH = 16;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A string without NUL or any surrogate has nothing for the guard to refuse (one scan). */
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
function textProblem(value) {
  if (!SUSPECT.test(value)) return undefined;
  if (value.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return undefined;
}
const dotted = (parent, key) => (parent ? `${parent}.${key}` : String(key));
function depthField(path) {
  const names = [];
  for (const segment of path.split('.')) {
    if (segment === '' || /^\d+$/.test(segment) || names.length === 2) break;
    names.push(segment);
  }
  return names.join('.');
}
function inputProblems(value, root) {
  const problems = [];
  const stack = [{ value, path: '', depth: 0 }];
  while (stack.length > 0 && problems.length < 20) {
    const { value: current, path, depth } = stack.pop();
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) problems.push({ field: path || root, messages: [`${path || root} ${problem}`] });
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      const field = depthField(path) || root;
      problems.push({ field, messages: [`${field} is nested more than ${MAX_JSON_DEPTH} levels deep`] });
      continue;
    }
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: dotted(path, i), depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(current)) {
      const keyProblem = textProblem(key);
      if (keyProblem) {
        problems.push({ field: path || root, messages: [`a field name in ${path || root} ${keyProblem}`] });
        continue;
      }
      stack.push({ value: current[key], path: dotted(path, key), depth: depth + 1 });
    }
  }
  return problems;
}

/**
 * True when the guard has nothing to say about `value` (no refused string or key, nesting within
 * MAX_JSON_DEPTH): the common case, walked without building paths; otherwise inputProblems names them.
 */
function guardPasses(value, depth) {
  if (typeof value === 'string') return textProblem(value) === undefined;
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!guardPasses(value[i], depth + 1)) return false;
    return true;
  }
  for (const key of Object.keys(value)) if (textProblem(key) !== undefined || !guardPasses(value[key], depth + 1)) return false;
  return true;
}

// ---------------------------------------------------------------- validation by hand (bookings/dto/booking.dto.ts)
//
// class-validator's behaviour under the API's ValidationPipe (whitelist, forbidNonWhitelisted,
// transform): unknown fields first ("unknown field", in the body's key order), then each declared
// field in declaration order; a field's messages in the order class-validator registers its
// decorators (the last decorator written first); an omittable field (IsOmittable) is skipped only
// when absent. Messages are class-validator's defaults or the DTO's own.

const UUID_BODY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_PARAM = /^(?:[0-9A-F]{8}-[0-9A-F]{4}-[1-8][0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}|00000000-0000-0000-0000-000000000000|FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF)$/i;
const PHONE = /^\+[1-9][0-9]{7,14}$/;
const isString = (v) => typeof v === 'string';
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const maxLength = (v, n) => typeof v === 'string' && v.length <= n;
const minLength = (v, n) => typeof v === 'string' && v.length >= n;
const trim = (v) => (typeof v === 'string' ? v.trim() : v);

/** Appends `field`'s failed rules (in class-validator's order) to `problems`. */
function check(problems, field, rules) {
  const messages = [];
  for (const [ok, message] of rules) if (!ok) messages.push(message);
  if (messages.length > 0) problems.push({ field, messages });
}

function unknownFields(problems, object, known, parent) {
  for (const key of Object.keys(object)) if (!known.has(key)) problems.push({ field: parent ? `${parent}.${key}` : key, messages: ['unknown field'] });
}

const BOOKING_FIELDS = new Set(['serviceId', 'slotStart', 'applicant', 'preferential', 'companions']);
const APPLICANT_FIELDS = new Set(['documentType', 'documentNumber', 'fullName', 'email', 'phone', 'smsConsent']);

const COMPANION_FIELDS = new Set(['documentType', 'documentNumber', 'fullName']);

/** The fields ApplicantDto and CompanionDto share: documentType, documentNumber, fullName. */
function personProblems(problems, person, parent) {
  const { documentType, documentNumber, fullName } = person;
  check(problems, `${parent}.documentType`, [[DOCUMENT_TYPES.includes(documentType), `documentType must be one of the following values: ${DOCUMENT_TYPES.join(', ')}`]]);
  check(problems, `${parent}.documentNumber`, [
    [maxLength(documentNumber, 64), 'documentNumber must be shorter than or equal to 64 characters'],
    [minLength(documentNumber, 1), 'documentNumber must be longer than or equal to 1 characters'],
    [isString(documentNumber), 'documentNumber must be a string'],
  ]);
  check(problems, `${parent}.fullName`, [
    [maxLength(fullName, 200), 'fullName must be shorter than or equal to 200 characters'],
    [minLength(fullName, 2), 'fullName must be longer than or equal to 2 characters'],
    [isString(fullName), 'fullName must be a string'],
  ]);
}

const onlyKnown = (object, known) => {
  for (const key of Object.keys(object)) if (!known.has(key)) return false;
  return true;
};

/**
 * CreateBookingDto's rules as one yes/no over the transformed input, building no message: the valid
 * case (nearly every request) answers here; anything else goes to createBookingInput's detailed path,
 * which names every bad field (the API does the same with its compiled check and the ValidationPipe).
 */
function validBookingInput(body) {
  if (!isObject(body) || !onlyKnown(body, BOOKING_FIELDS)) return undefined;
  const { serviceId, slotStart, preferential, companions } = body;
  if (!(isString(serviceId) && UUID_BODY.test(serviceId))) return undefined;
  if (!(isString(slotStart) && slotStart.length <= 40 && validator.isISO8601(slotStart, { strict: true }))) return undefined;
  if (preferential !== undefined && typeof preferential !== 'boolean') return undefined;
  if (companions !== undefined && !(Array.isArray(companions) && companions.length === 0)) return undefined;
  if (!isObject(body.applicant)) return undefined;
  const applicant = { ...body.applicant };
  if ('fullName' in applicant) applicant.fullName = trim(applicant.fullName);
  if ('email' in applicant) applicant.email = trim(applicant.email);
  if ('phone' in applicant && typeof applicant.phone === 'string' && applicant.phone.length <= 30) applicant.phone = toE164(applicant.phone) ?? applicant.phone;
  if (!onlyKnown(applicant, APPLICANT_FIELDS)) return undefined;
  const { documentType, documentNumber, fullName, email, phone, smsConsent } = applicant;
  if (!DOCUMENT_TYPES.includes(documentType)) return undefined;
  if (!(isString(documentNumber) && documentNumber.length >= 1 && documentNumber.length <= 64)) return undefined;
  if (!(isString(fullName) && fullName.length >= 2 && fullName.length <= 200)) return undefined;
  if (email !== undefined && !(isString(email) && email.length <= 254 && validator.isEmail(email))) return undefined;
  if (phone !== undefined && !(isString(phone) && phone.length <= 30 && PHONE.test(phone))) return undefined;
  if (smsConsent !== undefined && typeof smsConsent !== 'boolean') return undefined;
  return { serviceId, slotStart, applicant, preferential };
}

/** CreateBookingDto: the transformed input, or a Refusal naming every bad field. */
function createBookingInput(raw) {
  const valid = validBookingInput(raw);
  if (valid) return valid;
  const body = isObject(raw) ? raw : {};
  const problems = [];
  unknownFields(problems, body, BOOKING_FIELDS, '');
  const { serviceId, slotStart, preferential, companions } = body;
  check(problems, 'serviceId', [
    [isString(serviceId) && UUID_BODY.test(serviceId), 'serviceId must be a UUID'],
    [isString(serviceId), 'serviceId must be a string'],
  ]);
  check(problems, 'slotStart', [
    [isString(slotStart) && validator.isISO8601(slotStart, { strict: true }), 'slotStart must be an ISO 8601 instant with offset'],
    [maxLength(slotStart, 40), 'slotStart must be shorter than or equal to 40 characters'],
    [isString(slotStart), 'slotStart must be a string'],
  ]);
  let applicant = body.applicant;
  if (isObject(applicant)) applicant = { ...applicant };
  check(problems, 'applicant', [
    [applicant !== undefined && applicant !== null, 'applicant should not be null or undefined'],
    [isObject(applicant), 'applicant must be an object'],
    [applicant === undefined || (applicant !== null && typeof applicant === 'object'), 'nested property applicant must be either object or array'],
  ]);
  if (isObject(applicant)) {
    // class-transformer's @Transform runs before validation, on the fields that are there.
    if ('fullName' in applicant) applicant.fullName = trim(applicant.fullName);
    if ('email' in applicant) applicant.email = trim(applicant.email);
    if ('phone' in applicant && typeof applicant.phone === 'string' && applicant.phone.length <= 30) applicant.phone = toE164(applicant.phone) ?? applicant.phone;
    unknownFields(problems, applicant, APPLICANT_FIELDS, 'applicant');
    const { email, phone, smsConsent } = applicant;
    personProblems(problems, applicant, 'applicant');
    if (email !== undefined) {
      check(problems, 'applicant.email', [
        [isString(email) && validator.isEmail(email), 'email must be an email'],
        [maxLength(email, 254), 'email must be shorter than or equal to 254 characters'],
      ]);
    }
    if (phone !== undefined) {
      check(problems, 'applicant.phone', [
        [isString(phone) && PHONE.test(phone), 'phone must be a phone number such as +56 9 1234 5678 (Chilean numbers may omit +56; others start with + and the country code)'],
        [maxLength(phone, 30), 'phone must be shorter than or equal to 30 characters'],
        [isString(phone), 'phone must be a string'],
      ]);
    }
    if (smsConsent !== undefined) check(problems, 'applicant.smsConsent', [[typeof smsConsent === 'boolean', 'smsConsent must be a boolean value']]);
  }
  if (preferential !== undefined) check(problems, 'preferential', [[typeof preferential === 'boolean', 'preferential must be a boolean value']]);
  if (companions !== undefined) {
    check(problems, 'companions', [
      [Array.isArray(companions), 'companions must be an array'],
      [companions !== null && typeof companions === 'object', 'each value in nested property companions must be either object or array'],
      // The yardstick books one person at a time (README.md): a group is refused here, not in the API.
      [!Array.isArray(companions) || companions.length === 0, 'the yardstick books one person at a time: companions are not served here'],
    ]);
    // A plain object is validated as one CompanionDto (class-validator's ValidateNested on an object).
    if (isObject(companions)) {
      const companion = { ...companions };
      if ('fullName' in companion) companion.fullName = trim(companion.fullName);
      unknownFields(problems, companion, COMPANION_FIELDS, 'companions');
      personProblems(problems, companion, 'companions');
    }
  }
  if (problems.length > 0) throw validationFailed(problems);
  return { serviceId, slotStart, applicant, preferential };
}

/** The office-local calendar date as IsLocalDate accepts it (common/validation/custom-validators.ts). */
function isLocalDateString(value) {
  // As the API (ea8d87c): libs/scheduling's isLocalDate arithmetic, not a luxon parse.
  return isLocalDate(value) && Number(value.slice(0, 4)) >= 1900;
}

const QUERY_FIELDS = new Set(['from', 'to']);

function availabilityInput(params, query) {
  if (!UUID_PARAM.test(params.serviceId)) throw validationFailed([{ field: 'serviceId', messages: ['serviceId must be a UUID'] }]);
  if (onlyKnown(query, QUERY_FIELDS) && isLocalDateString(query.from) && isLocalDateString(query.to)) return { serviceId: params.serviceId, from: query.from, to: query.to };
  const problems = [];
  unknownFields(problems, query, QUERY_FIELDS, '');
  check(problems, 'from', [[isLocalDateString(query.from), 'from must be a date written YYYY-MM-DD']]);
  check(problems, 'to', [[isLocalDateString(query.to), 'to must be a date written YYYY-MM-DD']]);
  if (problems.length > 0) throw validationFailed(problems);
  return { serviceId: params.serviceId, from: query.from, to: query.to };
}

// ---------------------------------------------------------------- database (the API's statements)

const pool = new pg.Pool({
  connectionString: env.DATABASE_URL,
  max: Number(env.DATABASE_POOL_SIZE ?? 10),
  application_name: 'turnero-bare',
  keepAlive: true,
  connectionTimeoutMillis: 5_000,
});
pool.on('error', () => undefined);

const statementNames = new Map();
/** A named prepared statement per text, as the API's preparedQuery (database/prepared.ts). */
async function prepared(text, values) {
  let name = statementNames.get(text);
  if (!name) {
    name = `turnero_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return (await pool.query({ name, text, values })).rows;
}

const SERVICE_SQL = `SELECT id, office_id, code, name, mode, requirements, active, slot_minutes, seats_per_slot, daily_appointment_cap, booking_horizon_days,
        booking_opens_at, booking_lead_minutes, check_in_before_minutes, check_in_grace_minutes, walk_in_daily_cap, average_service_minutes, max_group_size,
        requires_verified_identity
   FROM services WHERE id = $1`;
const OFFICE_SQL = `SELECT id, name, address, time_zone FROM offices WHERE id = $1`;
// closures/office-calendars.ts versionedCalendarOf
const CALENDAR_SQL = `SELECT o.calendar_version AS version, o.time_zone, o.opening_hours, o.holiday_country, o.holiday_region,
              (SELECT json_agg(json_build_object('kind', c.kind, 'date', to_char(c.date, 'YYYY-MM-DD'), 'start_time', c.start_time,
                                                 'end_time', c.end_time, 'intervals', c.intervals, 'reason', c.reason) ORDER BY c.date, c.created_at)
                 FROM office_closures c WHERE c.office_id = o.id AND c.date BETWEEN $2 AND $3) AS closures
         FROM offices o WHERE o.id = $1`;
// bookings/capacity-ledger.ts bookedBySlot
const BOOKED_SQL = `SELECT (extract(epoch FROM slot_start) * 1000)::float8 AS ms, booked FROM slot_capacity
        WHERE service_id = $1 AND slot_start >= $2 AND slot_start < $3 AND booked > 0`;
// bookings/capacity-ledger.ts bookSeat
const BOOK_SEAT_SQL = `SELECT out_outcome, out_id, out_created_at
         FROM book_seat($1::uuid, $2::bigint, $3::uuid, $4::timestamptz, $5::timestamptz, $6::date, $7::int, $8::int, $9, $10::document_type, $11, $12, $13, $14, $15::boolean, $16, $17, $18::boolean, $19::boolean, $20::boolean, $21::timestamptz)`;
// bookings/bookings.service.ts expireStale (a single document)
const EXPIRE_STALE_SQL = `WITH expired AS (
         UPDATE bookings SET status = 'expired' WHERE service_id = $1
            AND (document_type::text, document_number) IN (SELECT * FROM unnest($2::text[], $3::text[]))
            AND status = 'confirmed' AND local_date < $4 RETURNING 1)
       SELECT count(*)::int AS n FROM expired`;

const UNCAPPED = 2_147_483_647;
const DAY_MS = 86_400_000;
const SUGGESTIONS = 3;
const SUGGESTION_DAYS = 14;
const STALE_CALENDAR_ROUNDS = 3;

/** Confirmation channels as the API's MessageChannels: email with SMTP_URL, SMS with Twilio configured. */
const channels = { email: Boolean(env.SMTP_URL), sms: Boolean(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && (env.TWILIO_FROM || env.TWILIO_MESSAGING_SERVICE_SID)) };

function toService(row) {
  return {
    id: row.id,
    officeId: row.office_id,
    name: row.name,
    active: row.active,
    requirements: row.requirements,
    bookingHorizonDays: row.booking_horizon_days,
    requiresVerifiedIdentity: row.requires_verified_identity,
    settings: {
      mode: row.mode,
      slotMinutes: row.slot_minutes,
      seatsPerSlot: row.seats_per_slot,
      dailyAppointmentCap: row.daily_appointment_cap,
      bookingHorizonDays: row.booking_horizon_days,
      bookingOpensAt: row.booking_opens_at,
      bookingLeadMinutes: row.booking_lead_minutes,
      checkInBeforeMinutes: row.check_in_before_minutes,
      checkInGraceMinutes: row.check_in_grace_minutes,
      walkInDailyCap: row.walk_in_daily_cap,
      averageServiceMinutes: row.average_service_minutes,
    },
  };
}

// ---------------------------------------------------------------- the read model (BookingsService's caches, same lifetimes)

const services = new TtlCache(2_000, { staleMs: 2_000 });
const offices = new TtlCache(2_000, { staleMs: 2_000 });
const sharedCalendars = new TtlCache(2_000, { staleMs: 2_000 });
const suggestionCache = new TtlCache(1_000, { maxEntries: 5_000, staleMs: 1_000 });
const availabilityAnswers = new TtlCache(500, { maxEntries: 5_000, staleMs: 1_000 });
const soldOut = new TtlCache(500, { maxEntries: 20_000 });
const bookedCounts = new TtlCache(500, { staleMs: 1_000 });

async function activeService(serviceId) {
  const service = await services.get(serviceId, async () => {
    const rows = await prepared(SERVICE_SQL, [serviceId]);
    return rows[0] ? toService(rows[0]) : null;
  });
  if (!service || !service.active) throw new Refusal('SERVICE_NOT_FOUND', 'Service not found', [{ field: 'serviceId', messages: ['no such service'] }]);
  return service;
}

async function office(officeId) {
  const found = await offices.get(officeId, async () => {
    const rows = await prepared(OFFICE_SQL, [officeId]);
    return rows[0] ? { id: rows[0].id, name: rows[0].name, address: rows[0].address, timeZone: rows[0].time_zone } : null;
  });
  if (!found) throw new Refusal('OFFICE_NOT_FOUND', 'Office not found');
  return found;
}

function toCalendarException(row) {
  if (row.kind === 'open') return { kind: 'open', date: row.date, intervals: row.intervals ?? [], reason: row.reason };
  if (row.start_time && row.end_time) return { kind: 'closed', date: row.date, start: row.start_time, end: row.end_time, reason: row.reason };
  return { kind: 'closed', date: row.date, reason: row.reason };
}

async function calendarFor(officeId, range, fresh = false) {
  const key = `${officeId}|${range.from}|${range.to}`;
  if (fresh) sharedCalendars.delete(key);
  const found = await sharedCalendars.get(key, async () => {
    const row = (await prepared(CALENDAR_SQL, [officeId, range.from, range.to]))[0];
    if (!row) return null;
    const calendar = {
      timeZone: row.time_zone,
      weeklyHours: row.opening_hours,
      exceptions: (row.closures ?? []).map(toCalendarException),
      holidays: row.holiday_country ? { country: row.holiday_country, region: row.holiday_region } : null,
    };
    return { calendar, version: row.version };
  });
  if (!found) throw new Refusal('OFFICE_NOT_FOUND', 'Office not found');
  return found;
}

function instantSpan(from, to) {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  return { from: new Date(start - DAY_MS), to: new Date(end + 2 * DAY_MS) };
}

async function readBooked(serviceId, from, to) {
  const rows = await prepared(BOOKED_SQL, [serviceId, from, to]);
  return new Map(rows.map((row) => [row.ms, row.booked]));
}

function sharedCounts(service) {
  return bookedCounts.get(service.id, async () => {
    const nowMs = now().toMillis();
    const window = { from: nowMs - 2 * DAY_MS, to: nowMs + (Math.max(service.bookingHorizonDays, 62) + 2) * DAY_MS };
    const booked = await readBooked(service.id, new Date(window.from), new Date(window.to));
    return { ...window, booked, readAt: performance.now() };
  });
}

async function bookedBySlot(service, from, to) {
  const hit = await sharedCounts(service);
  if (from.getTime() >= hit.from && to.getTime() <= hit.to) return hit.booked;
  return readBooked(service.id, from, to);
}

function seatTaken(serviceId, slotStartMs, bookingBegan) {
  availabilityAnswers.expireWithin(`${serviceId}|`, 100);
  void bookedCounts.latest(serviceId)?.then(
    (counts) => {
      if (counts.readAt < bookingBegan && slotStartMs >= counts.from && slotStartMs < counts.to) counts.booked.set(slotStartMs, (counts.booked.get(slotStartMs) ?? 0) + 1);
    },
    () => undefined,
  );
}

// ---------------------------------------------------------------- availability

function availabilityJson(serviceId, from, to) {
  return availabilityAnswers.get(`${serviceId}|${from}|${to}`, async () => {
    const service = await activeService(serviceId);
    const place = await office(service.officeId);
    const { calendar } = await calendarFor(place.id, { from, to });
    const span = instantSpan(from, to);
    const booked = span ? await bookedBySlot(service, span.from, span.to) : new Map();
    const result = availability({ calendar, settings: service.settings, from, to, booked: (slotStart) => booked.get(Date.parse(slotStart)) ?? 0, now: now() });
    if (!result.ok) throw schedulingRefusal(result.error, result.error.code === 'INVALID_DATE_RANGE' ? 'to' : undefined);
    return JSON.stringify({ serviceId, timeZone: result.value.timeZone, days: result.value.days });
  });
}

// ---------------------------------------------------------------- booking

class SeatUnavailable extends Refusal {}

function checkRules(context, slotStart) {
  const check = checkBooking({ calendar: context.calendar, settings: context.service.settings, slotStart, now: now(), bookedInSlot: 0, bookedInDay: 0, hasActiveBookingForService: false });
  if (!check.ok) throw schedulingRefusal(check.error, 'slotStart');
  const { start, end, localDate, seats } = check.value;
  return { start: new Date(Date.parse(start)), end: new Date(Date.parse(end)), startIso: start, endIso: end, localDate, seats };
}

async function checkedSlot(place, slotStart, fresh) {
  const start = Date.parse(slotStart);
  const date = localDateIn(Number.isNaN(start) ? now().toMillis() : start, place.office.timeZone);
  const { calendar, version } = await calendarFor(place.office.id, { from: addDays(date, -1), to: addDays(date, 1) }, fresh);
  const context = { service: place.service, office: place.office, calendar };
  return { context, version, slot: checkRules(context, slotStart) };
}

async function roomFromDay({ service, office: place }, day) {
  const to = addDays(day, SUGGESTION_DAYS + 1);
  const { calendar } = await calendarFor(place.id, { from: day, to });
  const span = instantSpan(day, to);
  const booked = await bookedBySlot(service, span.from, span.to);
  const lookup = (slotStart) => booked.get(Date.parse(slotStart)) ?? 0;
  const at = now();
  const sameDay = availability({ calendar, settings: service.settings, from: day, to: day, booked: lookup, now: at });
  const endOfDay = DateTime.fromISO(day, { zone: calendar.timeZone }).endOf('day').toISO();
  return [
    ...(sameDay.ok ? sameDay.value.days.flatMap((d) => d.slots.filter((slot) => slot.remaining >= 1)) : []),
    ...nextSlotsWithRoom({ calendar, settings: service.settings, after: endOfDay, now: at, booked: lookup, limit: SUGGESTIONS }).filter((slot) => slot.remaining >= 1),
  ];
}

async function full(code, context, slotStart) {
  const after = Date.parse(slotStart);
  let suggestions = [];
  if (!Number.isNaN(after)) {
    const day = localDateIn(after, context.calendar.timeZone);
    const candidates = await suggestionCache.get(`${context.service.id}|${day}`, () => roomFromDay(context, day));
    const until = after + SUGGESTION_DAYS * DAY_MS;
    suggestions = candidates
      .filter((slot) => {
        const start = Date.parse(slot.start);
        return start > after && start < until;
      })
      .slice(0, SUGGESTIONS);
  }
  const base = code === 'SLOT_FULL' ? 'This time is fully booked' : 'This day is fully booked';
  const message = suggestions.length > 0 ? `${base}; the next times with room are listed` : `${base}; there is no time with room in the next two weeks`;
  return new Refusal(code, message, { nextSlots: suggestions });
}

async function refuseIfKnownSoldOut({ context, slot }, slotStart) {
  const { service } = context;
  const start = slot.start.getTime();
  let code = (await soldOut.peek(`${service.id}|${start}`)) ?? (await soldOut.peek(`${service.id}|day|${slot.localDate}`));
  const counts = code ? undefined : await bookedCounts.latest(service.id);
  if (counts && (counts.booked.get(start) ?? 0) + 1 > slot.seats) code = 'SLOT_FULL';
  if (code) throw await full(code, context, slotStart);
}

const isRetryable = (error) => error?.code === '40001' || error?.code === '40P01' || (error?.code === '23505' && error.constraint === 'uq_bookings_code');
const isDuplicate = (error) => error?.code === '23505' && error.constraint === 'uq_bookings_active_document';

/** One round of book_seat per calendar version (bookOnce), retried as withRetry does. */
async function bookOnce(place, input, documentNumber, checked) {
  for (let round = 1; ; round++) {
    const { context, version, slot } = round === 1 ? checked : await checkedSlot(place, input.slotStart, true);
    const { applicant } = input;
    const fields = {
      code: generateBookingCode(),
      fullName: applicant.fullName,
      email: applicant.email ?? null,
      phone: applicant.phone ?? null,
      smsConsent: applicant.phone !== undefined && applicant.smsConsent === true,
      preferential: input.preferential ?? false,
    };
    const cap = context.service.settings.dailyAppointmentCap ?? UNCAPPED;
    let result;
    if (slot.seats <= 0) result = { out_outcome: 'slot_full' };
    else if (cap <= 0) result = { out_outcome: 'day_full' };
    else {
      [result] = await prepared(BOOK_SEAT_SQL, [
        place.office.id, version, place.service.id, slot.start, slot.end, slot.localDate, slot.seats, cap,
        fields.code, applicant.documentType, documentNumber, fields.fullName, fields.email, fields.phone, fields.preferential,
        null, null, fields.smsConsent, channels.email, channels.sms, now().toJSDate(),
      ]);
    }
    if (result.out_outcome === 'stale') {
      if (round >= STALE_CALENDAR_ROUNDS) throw new Refusal('SERVICE_UNAVAILABLE', "The office's calendar is being changed; please retry", undefined, { 'Retry-After': '1' });
      continue;
    }
    if (result.out_outcome !== 'taken') throw new SeatUnavailable(result.out_outcome === 'slot_full' ? 'SLOT_FULL' : 'DAY_FULL', '', { context, slotStart: input.slotStart });
    return {
      id: result.out_id,
      code: fields.code,
      status: 'confirmed',
      serviceId: place.service.id,
      officeId: place.office.id,
      slotStart: slot.startIso,
      slotEnd: slot.endIso,
      localDate: slot.localDate,
      preferential: fields.preferential,
      // The yardstick has no ClaveÚnica sessions: every booking it makes is anonymous.
      identityVerified: false,
      serviceName: place.service.name,
      requirements: place.service.requirements,
      officeName: place.office.name,
      officeAddress: place.office.address,
      timeZone: place.office.timeZone,
      cancelReason: null,
      partySize: 1,
      members: [{ index: 0, fullName: fields.fullName, status: 'confirmed' }],
    };
  }
}

async function attempt(place, input, documentNumber, checked) {
  try {
    for (let tries = 1; ; tries++) {
      try {
        return await bookOnce(place, input, documentNumber, checked);
      } catch (error) {
        if (tries >= 4 || !isRetryable(error)) throw error;
        await new Promise((r) => setTimeout(r, 5 * tries + Math.floor(Math.random() * 10)));
      }
    }
  } catch (error) {
    if (error instanceof SeatUnavailable) {
      const { context, slotStart } = error.details;
      const start = Date.parse(slotStart);
      soldOut.set(`${context.service.id}|${start}`, error.code);
      if (error.code === 'DAY_FULL') soldOut.set(`${context.service.id}|day|${localDateIn(start, context.calendar.timeZone)}`, 'DAY_FULL');
      throw await full(error.code, context, slotStart);
    }
    throw error;
  }
}

const DUPLICATE_MESSAGE = 'This document already has an appointment for this procedure; reschedule or cancel it instead of booking again';
const VERIFIED_IDENTITY_MESSAGE = 'This procedure can only be booked with a verified identity: sign in with ClaveÚnica and book again';

async function createBooking(input) {
  const document = normalizeDocument(input.applicant.documentType, input.applicant.documentNumber);
  if (!document.ok) throw schedulingRefusal(document.error, 'applicant.documentNumber');
  const service = await activeService(input.serviceId);
  // Without sessions (the API's ApplicantIdentityGuard), a procedure that requires one is always refused.
  if (service.requiresVerifiedIdentity) throw new Refusal('VERIFIED_IDENTITY_REQUIRED', VERIFIED_IDENTITY_MESSAGE);
  const place = { service, office: await office(service.officeId) };
  const checked = await checkedSlot(place, input.slotStart, false);
  await refuseIfKnownSoldOut(checked, input.slotStart);
  const began = performance.now();
  let booking;
  try {
    booking = await attempt(place, input, document.value, checked);
  } catch (error) {
    if (!isDuplicate(error)) throw error;
    // An old booking never used does not block a new one: expire it and try once more.
    const today = now().setZone(place.office.timeZone).toISODate();
    const [{ n }] = await pool.query(EXPIRE_STALE_SQL, [service.id, [input.applicant.documentType], [document.value], today]).then((r) => r.rows);
    if (n === 0) throw new Refusal('DUPLICATE_BOOKING', DUPLICATE_MESSAGE);
    try {
      booking = await attempt(place, input, document.value, checked);
    } catch (retryError) {
      if (isDuplicate(retryError)) throw new Refusal('DUPLICATE_BOOKING', DUPLICATE_MESSAGE);
      throw retryError;
    }
  }
  seatTaken(service.id, Date.parse(booking.slotStart), began);
  return booking;
}

// ---------------------------------------------------------------- HTTP

const logger = pino(loggerOptions(env.LOG_LEVEL ?? 'info'));
const app = Fastify({
  loggerInstance: logger,
  bodyLimit: Number(env.BODY_LIMIT_BYTES ?? 100 * 1024),
  genReqId: requestIdOf,
  forceCloseConnections: 'idle',
  return503OnClosing: true,
});

// create-app.ts: the same static security headers and the request id on every answer.
const headers = securityHeaders(API_SECURITY_HEADERS);
app.addHook('onRequest', (request, reply, done) => {
  reply.headers(headers);
  reply.header('x-request-id', request.id);
  done();
});
app.addHook('preValidation', (request, _reply, done) => {
  const contentType = request.headers['content-type'];
  if (request.body !== undefined && !(contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType))) {
    done(new Refusal('UNSUPPORTED_MEDIA_TYPE', 'Send JSON (Content-Type: application/json)'));
    return;
  }
  if (guardPasses(request.params, 0) && guardPasses(request.query, 0) && guardPasses(request.body, 0)) {
    done();
    return;
  }
  const problems = [...inputProblems(request.params, 'path'), ...inputProblems(request.query, 'query'), ...inputProblems(request.body, 'body')];
  done(problems.length > 0 ? validationFailed(problems) : undefined);
});

function fromFastifyError(error) {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Refusal('PAYLOAD_TOO_LARGE', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Refusal('UNSUPPORTED_MEDIA_TYPE', 'Send JSON (Content-Type: application/json)');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new Refusal('INVALID_JSON', 'The request body is not valid JSON');
    default:
      return error instanceof SyntaxError && error.statusCode === 400 ? new Refusal('INVALID_JSON', 'The request body is not valid JSON') : undefined;
  }
}

const isDatabaseUnavailable = (error) => ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001'].includes(error?.code) || /timeout exceeded when trying to connect/i.test(error?.message ?? '');

app.setErrorHandler((error, request, reply) => {
  let refusal = error instanceof Refusal ? error : fromFastifyError(error);
  if (!refusal && isDatabaseUnavailable(error)) refusal = new Refusal('DATABASE_UNAVAILABLE', 'The database is unavailable for a moment; please retry', undefined, { 'Retry-After': '2' });
  if (!refusal && (error?.code === '40001' || error?.code === '40P01')) refusal = new Refusal('SERVICE_UNAVAILABLE', 'The server is busy; please retry', undefined, { 'Retry-After': '1' });
  if (!refusal) {
    request.log.error(error);
    void reply.status(500).send({ statusCode: 500, error: 'INTERNAL_ERROR', message: 'Something went wrong on our side' });
    return;
  }
  void reply.status(statusOf(refusal.code)).headers(refusal.headers).send(errorBody(refusal));
});
app.setNotFoundHandler((_request, reply) => void reply.status(404).send({ statusCode: 404, error: 'NOT_FOUND', message: 'No such endpoint' }));

app.get('/api/health', async () => ({ status: 'ok' }));

app.get('/api/v1/services/:serviceId/availability', async (request, reply) => {
  const { serviceId, from, to } = availabilityInput(request.params, request.query);
  const json = await availabilityJson(serviceId, from, to);
  return reply.type('application/json; charset=utf-8').send(json);
});

app.post('/api/v1/bookings', async (request, reply) => {
  const booking = await createBooking(createBookingInput(request.body));
  return reply.status(201).send(booking);
});

const port = Number(env.PORT ?? 3001);
const host = env.HOST ?? '127.0.0.1';
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    void app.close().then(() => pool.end()).finally(() => process.exit(0));
  });
}
await app.listen({ port, host });
console.log(`Turnero is running (the booking yardstick: bare Fastify + pg) on http://${host}:${port}`);
