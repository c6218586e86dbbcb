import 'reflect-metadata';
import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AvailabilityQueryDto, CreateBookingDto } from '../../../bookings/dto/booking.dto.js';
import { ApiException } from '../../errors/api.exception.js';
import { ApiValidationPipe, VALIDATION_PIPE_OPTIONS } from '../validation.pipe.js';
import { compileDto } from './compiled-dto.js';

/** class-validator's own answer (Nest's ValidationPipe, the options of the API's global pipe). */
const reference = new ValidationPipe(VALIDATION_PIPE_OPTIONS);
const apiPipe = new ApiValidationPipe(VALIDATION_PIPE_OPTIONS);

type Outcome = { valid: true; value: unknown } | { valid: false; fields: string[]; body: unknown };

async function outcomeOf(pipe: ValidationPipe, value: unknown, metadata: ArgumentMetadata): Promise<Outcome> {
  try {
    return { valid: true, value: await pipe.transform(structuredClone(value), metadata) };
  } catch (error) {
    if (!(error instanceof ApiException)) throw error;
    const details = error.details as { field: string }[];
    return { valid: false, fields: [...new Set(details.map((d) => d.field))].sort(), body: { code: error.code, message: error.message, details } };
  }
}

const uuid = fc.uuid().map((u) => u.toLowerCase());
const text = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ minLength: 190, maxLength: 260 }), fc.constantFrom('', ' ', '  A ', 'Ana', ' María José Pérez ', '😀😀', 'a\uFE0F'));
/** Values of every JSON kind, for a field given the wrong one. */
const anyJson = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  text,
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.dictionary(fc.constantFrom('a', 'fullName', 'documentNumber'), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);
const documentType = fc.oneof(fc.constantFrom('RUT', 'PASSPORT', 'OTHER'), fc.constantFrom('rut', 'DNI', ''), anyJson);
const documentNumber = fc.oneof(fc.constantFrom('12.345.678-5', '11111111-1', 'X1234567', ''), fc.string({ maxLength: 70 }), anyJson);
const fullName = fc.oneof(fc.constantFrom('María José Pérez', 'Tomás', ' Li ', 'A', ' A '), text, anyJson);
const email = fc.oneof(fc.constantFrom('maria@example.cl', ' maria@example.cl ', 'not-an-email', 'a@b', `${'x'.repeat(250)}@example.cl`), text, anyJson);
const phone = fc.oneof(fc.constantFrom('+56 9 1234 5678', '912345678', '2 2345 6789', '+1 415 555 0100', '12345', '+56 1 2345 678', `${'9'.repeat(31)}`), text, anyJson);
const slotStart = fc.oneof(
  fc.constantFrom('2026-12-01T08:30:00-03:00', '2026-12-01T08:30:00Z', '2026-12-01T08:30:00.000-03:00', '2026-12-01', '2026-02-30T08:30:00-03:00', '2026-12-01T25:30:00-03:00', '2026-12-01 08:30'),
  fc.date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString()),
  text,
  anyJson,
);
const serviceId = fc.oneof(uuid, uuid.map((u) => u.toUpperCase()), fc.constantFrom('not-a-uuid', ''), anyJson);
const unknownKey = fc.constantFrom('extra', 'id', 'status', 'constructor', 'toString', 'hasOwnProperty');

const person = (withContact: boolean) =>
  fc.record(
    {
      documentType,
      documentNumber,
      fullName,
      ...(withContact ? { email, phone, smsConsent: fc.oneof(fc.boolean(), anyJson) } : {}),
      ...({ [`__unknown`]: anyJson } as Record<string, fc.Arbitrary<unknown>>),
    },
    { requiredKeys: [] },
  ).map((p) => {
    // The generator's stand-in key becomes an unknown field now and then.
    const { __unknown, ...rest } = p as Record<string, unknown>;
    return __unknown === undefined ? rest : { ...rest, extra: __unknown };
  });

const validPerson = (withContact: boolean) =>
  fc.record(
    {
      documentType: fc.constantFrom('RUT', 'PASSPORT', 'OTHER'),
      documentNumber: fc.constantFrom('12.345.678-5', '11111111-1', 'X1234567'),
      fullName: fc.constantFrom('María José Pérez', 'Tomás', ' Li '),
      ...(withContact ? { email: fc.constantFrom('maria@example.cl', ' maria@example.cl '), phone: fc.constantFrom('+56 9 1234 5678', '912345678'), smsConsent: fc.boolean() } : {}),
    },
    { requiredKeys: ['documentType', 'documentNumber', 'fullName'] },
  );

const validBody = fc.record(
  {
    serviceId: uuid,
    slotStart: fc.constantFrom('2026-12-01T08:30:00-03:00', '2026-12-01T08:30:00Z'),
    applicant: validPerson(true),
    preferential: fc.boolean(),
    companions: fc.array(validPerson(false), { maxLength: 3 }),
  },
  { requiredKeys: ['serviceId', 'slotStart', 'applicant'] },
);

/** A valid body with one field changed (or dropped, or added), at any depth. */
const mutatedBody = fc
  .tuple(
    validBody,
    fc.constantFrom('serviceId', 'slotStart', 'applicant', 'preferential', 'companions', 'extra', 'applicant.documentType', 'applicant.documentNumber', 'applicant.fullName', 'applicant.email', 'applicant.phone', 'applicant.smsConsent', 'applicant.extra', 'companions.0', 'companions.0.fullName', 'companions.0.documentNumber', 'companions.0.extra'),
    fc.oneof(fc.constant(undefined), anyJson, documentNumber, fullName, email, phone, slotStart, serviceId),
  )
  .map(([body, path, value]) => {
    const copy = structuredClone(body) as Record<string, unknown>;
    const names = path.split('.');
    let parent: Record<string, unknown> | undefined = copy;
    for (const name of names.slice(0, -1)) parent = parent?.[name] as Record<string, unknown> | undefined;
    if (parent && typeof parent === 'object') {
      if (value === undefined) delete parent[names.at(-1)!];
      else parent[names.at(-1)!] = value;
    }
    // What could come over HTTP: JSON (a deleted array item becomes null, as JSON writes a gap).
    return JSON.parse(JSON.stringify(copy)) as unknown;
  });

const anyBody = fc.oneof(
  { weight: 1, arbitrary: anyJson },
  { weight: 2, arbitrary: validBody },
  { weight: 6, arbitrary: mutatedBody },
  {
    weight: 8,
    arbitrary: fc
      .record(
        {
          serviceId,
          slotStart,
          applicant: fc.oneof({ weight: 4, arbitrary: person(true) }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: fc.array(person(true), { maxLength: 2 }) }),
          preferential: fc.oneof(fc.boolean(), anyJson),
          companions: fc.oneof(
            { weight: 4, arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: person(false) }, { weight: 1, arbitrary: anyJson }), { maxLength: 3 }) },
            { weight: 1, arbitrary: anyJson },
          ),
          unknown: fc.tuple(unknownKey, anyJson),
        },
        { requiredKeys: [] },
      )
      .map(({ unknown, ...body }) => (unknown ? { ...body, [unknown[0]]: unknown[1] } : body)),
  },
);

const bodyMetadata: ArgumentMetadata = { type: 'body', metatype: CreateBookingDto, data: undefined };
const queryMetadata: ArgumentMetadata = { type: 'query', metatype: AvailabilityQueryDto, data: undefined };

describe('compiled validation of the booking body', () => {
  const check = compileDto(CreateBookingDto);

  it('agrees with class-validator field by field on any body, and gives the same DTO instance', async () => {
    let undecided = 0;
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(anyBody, async (body) => {
        const expected = await outcomeOf(reference, body, bodyMetadata);
        const verdict = check(structuredClone(body));
        if (verdict.valid === undefined) {
          // Handed to class-validator, whose answer the API gives (the last test here): input of
          // shapes the compiler does not follow, such as an array inside companions.
          undecided++;
          return;
        }
        if (verdict.valid) {
          valid++;
          expect(expected.valid).toBe(true);
          expect(verdict.value).toBeInstanceOf(CreateBookingDto);
          expect(verdict.value).toStrictEqual((expected as { value: unknown }).value);
        } else {
          expect(expected).toMatchObject({ valid: false, fields: [...new Set(verdict.fields)].sort() });
        }
      }),
      { numRuns: 3000, seed: 19 },
    );
    // The generator reaches both verdicts, and mostly ones the compiled check decides itself.
    expect(valid).toBeGreaterThan(300);
    expect(undecided).toBeLessThan(1500);
  });

  it('decides every valid body itself, with class-validator’s instance (trimmed names, E.164 phone, nested classes)', async () => {
    await fc.assert(
      fc.asyncProperty(validBody, async (body) => {
        const verdict = check(structuredClone(body));
        const expected = await outcomeOf(reference, body, bodyMetadata);
        expect(expected.valid).toBe(true);
        expect(verdict.valid).toBe(true);
        expect((verdict as { value: unknown }).value).toStrictEqual((expected as { value: unknown }).value);
      }),
      { numRuns: 500, seed: 1919 },
    );
    const verdict = check({
      serviceId: '0b8a1c5e-8f6b-4c8e-9a43-1f2d3c4b5a69',
      slotStart: '2026-12-01T08:30:00-03:00',
      applicant: { documentType: 'RUT', documentNumber: '12.345.678-5', fullName: '  Ana  ', email: ' ana@example.cl ', phone: '9 1234 5678' },
      companions: [{ documentType: 'PASSPORT', documentNumber: 'X1', fullName: ' Tomás ' }],
    });
    expect(verdict.valid).toBe(true);
    const dto = (verdict as { value: CreateBookingDto }).value;
    expect(dto.applicant).toMatchObject({ fullName: 'Ana', email: 'ana@example.cl', phone: '+56912345678' });
    expect(dto.companions?.[0]?.fullName).toBe('Tomás');
    expect(dto.companions?.[0]?.constructor.name).toBe('CompanionDto');
  });

  it('names the same fields as class-validator, dotted into the applicant and the companions', () => {
    const verdict = check({
      serviceId: 'x',
      slotStart: '2026-12-01T08:30:00-03:00',
      applicant: { documentType: 'RUT', documentNumber: '', fullName: 'Ana', nickname: 'A' },
      companions: [{ documentType: 'RUT', documentNumber: '1-9', fullName: ' ' }, 7],
      extra: true,
    });
    expect(verdict.valid).toBe(false);
    expect((verdict as { fields: string[] }).fields.sort()).toEqual(['applicant.documentNumber', 'applicant.nickname', 'companions.0.fullName', 'companions.1', 'extra', 'serviceId']);
  });

  it('answers through the API pipe exactly as class-validator does, 400 messages included', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, async (body) => {
        expect(await outcomeOf(apiPipe, body, bodyMetadata)).toStrictEqual(await outcomeOf(reference, body, bodyMetadata));
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});

/** fast-querystring's record type, as Fastify parses query strings. */
function QueryRecord() {
  // An empty record, as fast-querystring's own constructor.
}
QueryRecord.prototype = Object.create(null) as object;

describe('compiled validation of the availability query', () => {
  const date = fc.oneof(
    fc.constantFrom('2026-12-01', '2026-02-29', '2028-02-29', '1899-12-31', '0000-01-01', '2026-13-01', '2026-12-1', ''),
    fc.date({ noInvalidDate: true, min: new Date('1850-01-01'), max: new Date('9999-12-31') }).map((d) => d.toISOString().slice(0, 10)),
    fc.array(fc.constant('2026-12-01'), { minLength: 2, maxLength: 2 }),
  );
  const query = fc
    .record({ from: date, to: date, unknown: fc.tuple(fc.constantFrom('page', '__proto__', 'constructor'), fc.string({ maxLength: 3 })) }, { requiredKeys: [] })
    .map(({ unknown, ...q }) => {
      // Fastify's query strings (fast-querystring) are objects whose prototype is empty and has none.
      const object = Object.assign(new (QueryRecord as unknown as new () => Record<string, unknown>)(), q);
      if (unknown) object[unknown[0] as string] = unknown[1];
      return object;
    });

  it('agrees with class-validator on any query', async () => {
    const check = compileDto(AvailabilityQueryDto);
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const expected = await outcomeOf(reference, { ...q }, queryMetadata);
        const verdict = check(Object.assign(new (QueryRecord as unknown as new () => object)(), q));
        if (verdict.valid === undefined) {
          // class-validator decides (checked below).
        } else if (verdict.valid) {
          expect(expected.valid).toBe(true);
          expect(verdict.value).toStrictEqual((expected as { value: unknown }).value);
        } else {
          expect(expected).toMatchObject({ valid: false, fields: [...new Set(verdict.fields)].sort() });
        }
        expect(await outcomeOf(apiPipe, Object.assign(Object.create(null) as object, q), queryMetadata)).toStrictEqual(expected);
        expect(verdict.valid === true || typeof q.from !== 'string' || typeof q.to !== 'string' || Object.keys(q).length !== 2 || expected.valid === false).toBe(true);
      }),
      { numRuns: 1000, seed: 5 },
    );
  });
});
