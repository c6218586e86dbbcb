import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { securityHeaders } from './security-headers.js';

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({});
  });
  afterAll(() => t.close());

  it("are helmet's, computed once from the options", () => {
    const headers = securityHeaders({ contentSecurityPolicy: { directives: { connectSrc: ["'self'", 'ws:'], upgradeInsecureRequests: null } } });
    expect(headers['content-security-policy']).toContain("connect-src 'self' ws:");
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=/);
    expect(headers).not.toHaveProperty('x-powered-by');
  });

  it('come with every answer, with its request id: an API answer, an unknown path, a body Fastify refuses', async () => {
    const answers = [
      await t.http.get('/api/health').expect(200),
      await t.http.get('/api/v1/no-such-thing').expect(404),
      await t.http.post('/api/v1/bookings').set('Content-Type', 'application/json').send('{"broken":').expect(400),
    ];
    for (const answer of answers) {
      expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
      expect(answer.headers['content-security-policy']).toContain("connect-src 'self' ws: wss:");
      expect(answer.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(new Set(answers.map((a) => a.headers['x-request-id'])).size).toBe(3);
  });
});
