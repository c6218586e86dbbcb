import { describe, expect, it } from 'vitest';
import { createApiClient, toApiError, unwrap } from './index.js';

function recordingFetch(status = 200, body: unknown = []) {
  const requests: Request[] = [];
  const fetch = async (input: Request | string | URL) => {
    requests.push(input as Request);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { requests, fetch: fetch as typeof globalThis.fetch };
}

describe('createApiClient', () => {
  it('sends the bearer token when there is one, and an Idempotency-Key on every POST only', async () => {
    const { requests, fetch } = recordingFetch();
    let token: string | null = null;
    const api = createApiClient({ baseUrl: 'http://api.test', token: () => token, fetch });
    await api.GET('/api/v1/offices');
    token = 'abc';
    await api.POST('/api/v1/offices/{officeId}/tickets', { params: { path: { officeId: 'o1' } }, body: { serviceId: 's1' } });
    await api.POST('/api/v1/offices/{officeId}/tickets', { params: { path: { officeId: 'o1' } }, body: { serviceId: 's1' } });

    expect(requests[0].headers.get('authorization')).toBeNull();
    expect(requests[0].headers.get('idempotency-key')).toBeNull();
    expect(requests[1].url).toBe('http://api.test/api/v1/offices/o1/tickets');
    expect(requests[1].headers.get('authorization')).toBe('Bearer abc');
    expect(requests[1].headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requests[2].headers.get('idempotency-key')).not.toBe(requests[1].headers.get('idempotency-key'));
  });

  it("keeps the caller's Idempotency-Key, so one user action retried is applied once", async () => {
    const { requests, fetch } = recordingFetch();
    const api = createApiClient({ baseUrl: 'http://api.test', fetch });
    await api.POST('/api/v1/auth/login', { body: { username: 'u', password: 'p' }, headers: { 'Idempotency-Key': 'same-key' } });
    expect(requests[0].headers.get('idempotency-key')).toBe('same-key');
  });

  it('unwrap throws the API error as a typed value', async () => {
    const { fetch } = recordingFetch(409, { statusCode: 409, error: 'SLOT_FULL', message: 'Full', details: [{ start: 'x' }] });
    const api = createApiClient({ baseUrl: 'http://api.test', fetch });
    await expect(unwrap(api.GET('/api/v1/offices'))).rejects.toMatchObject({ status: 409, code: 'SLOT_FULL', message: 'Full' });
  });
});

describe('toApiError', () => {
  it('maps validation details to messages per field', () => {
    const error = toApiError({ statusCode: 400, error: 'VALIDATION_FAILED', message: 'Invalid', details: [{ field: 'code', messages: ['too long'] }] }, 400);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', fieldErrors: { code: ['too long'] } });
  });

  it('names anything else by its HTTP status', () => {
    expect(toApiError('<html>Bad gateway</html>', 502)).toMatchObject({ status: 502, code: 'HTTP_502', fieldErrors: {} });
    expect(toApiError('', 0).code).toBe('NETWORK_ERROR');
  });
});
