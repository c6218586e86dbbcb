import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

describe('GET /api/v1/time', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: '2026-12-01T09:00:00-03:00' });
  });
  afterAll(() => t.close());

  it("answers the API's clock (FAKE_NOW, still running) as a UTC instant, without a token and uncached", async () => {
    const response = await t.http.get('/api/v1/time').expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(Object.keys(response.body)).toEqual(['now']);
    expect(response.body.now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const elapsed = Date.parse(response.body.now) - Date.parse('2026-12-01T12:00:00Z');
    expect(elapsed).toBeGreaterThanOrEqual(0);
    expect(elapsed).toBeLessThan(120_000);
  });

  it('is described in the OpenAPI document as a public operation', async () => {
    const document = (await t.http.get('/api/docs-json').expect(200)).body;
    const operation = document.paths['/api/v1/time'].get;
    expect(operation.security ?? []).toEqual([]);
    expect(operation.responses['200'].content['application/json'].schema.$ref).toMatch(/ServerTimeDto$/);
  });
});
