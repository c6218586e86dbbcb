import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { csvDownload, jsonOrCsv, prefersCsv } from './csv-reply.js';

describe('prefersCsv', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['application/json', false],
    ['*/*', false],
    ['text/csv', true],
    ['TEXT/CSV; charset=utf-8', true],
    ['text/csv, */*', true],
    ['text/csv, application/json', false],
    ['text/csv;q=0.5, application/json', false],
    ['text/csv, application/json;q=0.9', true],
    ['text/csv;q=0.9, */*;q=0.9', true],
    ['text/csv;q=0, */*;q=0.1', false],
    ['text/csv;q=abc', false],
  ])('Accept %j: %s', (accept, expected) => {
    expect(prefersCsv(accept)).toBe(expected);
  });
});

describe('the JSON-or-CSV answer', () => {
  // A real Fastify reply: the helpers' whole job is the headers they set on it.
  const app = Fastify();
  const report = { from: '2026-12-01', rows: [1] };
  app.get('/report', async (request, reply) => jsonOrCsv(report, request.headers.accept, reply, (r) => csvDownload(reply, `r-${r.from}.csv`, 'a,b\r\n')));
  afterAll(() => app.close());

  it('answers JSON with Vary: Accept and no download headers', async () => {
    const res = await app.inject({ url: '/report', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(report);
    expect(res.headers.vary).toBe('Accept');
    expect(res.headers['content-disposition']).toBeUndefined();
  });

  it('answers CSV as a download that is never cached, when Accept prefers it', async () => {
    const res = await app.inject({ url: '/report', headers: { accept: 'text/csv' } });
    expect(res.body).toBe('a,b\r\n');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="r-2026-12-01.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.vary).toBe('Accept');
  });
});
