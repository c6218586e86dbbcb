import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

export interface ApiClientOptions {
  /** Where the API is; default: this page's origin (everything is served on one origin). */
  baseUrl?: string;
  /** The staff session's access token, read on every request; null or absent for applicants. */
  token?: () => string | null;
  /** For tests and Node: a fetch implementation (default: globalThis.fetch). */
  fetch?: typeof globalThis.fetch;
}

export type ApiClient = Client<paths>;

/**
 * The typed client of the API. Paths, parameters, bodies and responses come from the OpenAPI
 * document (`npm run api:client`), e.g. `api.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId } } })`.
 *
 * - `Authorization: Bearer <token>` when `token()` returns one.
 * - `Idempotency-Key` on every POST (a fresh UUID), unless the caller passes its own: pass the same
 *   key when retrying one user action, so the API applies it once.
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? '', fetch: options.fetch });
  const headers: Middleware = {
    onRequest({ request }) {
      const token = options.token?.();
      if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
      if (request.method === 'POST' && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', crypto.randomUUID());
      return request;
    },
  };
  client.use(headers);
  return client;
}
