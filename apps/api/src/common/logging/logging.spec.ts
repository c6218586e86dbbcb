import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, seeders, startTestApp, type TestApp } from '../../testing/test-app.js';
import { redactPersonalData } from './logger-options.js';

/** Personal data and secrets never reach the logs; every request line carries a request id. */
describe('structured logging', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'info' }, { write: (line: string) => void lines.push(line) });
  });
  afterAll(() => t.close());

  it('logs requests as JSON with a request id, without the Authorization header or the body', async () => {
    const login = await t.http.post('/api/v1/auth/login').send({ username: ADMIN.username, password: ADMIN.password }).expect(200);
    const token = login.body.accessToken as string;
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).set('X-Request-Id', 'lb-req-42').expect(200);
    expect(me.headers['x-request-id']).toBe('lb-req-42');
    const logged = lines.join('\n');
    expect(logged).toContain('"lb-req-42"');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(ADMIN.password);
    const requestLines = lines.map((l) => JSON.parse(l)).filter((l) => l.req);
    expect(requestLines.length).toBeGreaterThan(0);
    expect(requestLines.every((l) => typeof l.reqId === 'string')).toBe(true);
  });

  it('drops query strings from logged URLs', async () => {
    await t.http.get('/api/v1/offices?documentNumber=12345678-5').expect(200);
    expect(lines.join('\n')).not.toContain('12345678-5');
  });

  it('redacts document numbers, names, emails and phones in objects that code logs', async () => {
    const office = await seeders(t.db).office();
    const logger = new Logger('BookingsService');
    logger.log({ msg: 'booked', booking: { documentNumber: '12.345.678-5', fullName: 'María Pérez', email: 'maria@example.cl', phone: '+56912345678', officeId: office.id } });
    logger.warn({ msg: 'nested', applicant: { documentNumber: '9.876.543-2' } });
    const text = lines.join('\n');
    for (const secret of ['12.345.678-5', 'María', 'maria@example.cl', '+56912345678', '9.876.543-2']) expect(text).not.toContain(secret);
    expect(text).toContain(office.id);
    expect(text).toContain('[redacted]');
  });
});

describe('redactPersonalData', () => {
  it('redacts personal keys one and two levels down, in arrays too, without touching the logged object', () => {
    const logged = Object.freeze({
      booking: Object.freeze({ email: 'a@b.cl', officeId: 'o-1' }),
      group: { companions: [{ documentNumber: '1-9', fullName: 'Ana' }] },
      deep: { a: { b: { phone: '+56911111111' } } },
    });
    const redacted = redactPersonalData(logged);
    expect(redacted).toEqual({
      booking: { email: '[redacted]', officeId: 'o-1' },
      group: { companions: [{ documentNumber: '1-9', fullName: 'Ana' }] }, // three levels down: as `*.*.key` paths did
      deep: { a: { b: { phone: '+56911111111' } } },
    });
    expect(logged.booking.email).toBe('a@b.cl');
    const list = redactPersonalData({ people: [{ phone: '+56922222222' }] });
    expect(Array.isArray(list.people)).toBe(true);
    expect(list.people).toEqual([{ phone: '[redacted]' }]);
  });

  it('returns objects without personal data as they are, and keeps an Error an Error', () => {
    const plain = { req: { id: 'r-1', method: 'GET' } };
    expect(redactPersonalData(plain)).toBe(plain);
    const error = Object.assign(new Error('boom'), { email: 'x@y.cl' });
    const { err } = redactPersonalData({ err: error });
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe('boom');
    expect(err.email).toBe('[redacted]');
    expect(error.email).toBe('x@y.cl');
  });
});
