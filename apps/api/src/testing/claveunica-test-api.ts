import type { AddressInfo } from 'node:net';
import { normalizeDocument } from '@turnero/scheduling';
import { expect } from 'vitest';
import { claveUnicaAccount, CookieJar, signInThroughProvider, startOidcProvider, type TestOidcProvider } from './oidc-provider.js';
import { startTestApp, type TestApp } from './test-app.js';

/** The API's registration at the test providers. */
export const CLAVEUNICA_TEST_CLIENT = { clientId: 'turnero-claveunica', clientSecret: 'claveunica-secret-for-tests-only' };
export const TEST_PUBLIC_URL = 'http://turnero.test';
export const TEST_PUBLIC_HTTPS_URL = 'https://turnero.test';
export const CLAVEUNICA_CALLBACK = '/api/v1/auth/claveunica/callback';
/** A person with ClaveÚnica, and what the API must make of her. */
export const ANA = { run: '12.345.678-5', nombres: ['Ana', 'Zoraida'], apellidos: ['Rojas', 'Quintanilla'] };
export const ANA_FULL_NAME = 'Ana Zoraida Rojas Quintanilla';
export const ANA_DOCUMENT = (() => {
  const document = normalizeDocument('RUT', ANA.run);
  if (!document.ok) throw new Error('bad test RUN');
  return document.value;
})();

/** A provider with the API registered (http and https public URLs) and two accounts: ana, and sin-run (a name, no RUN). */
export function startClaveUnicaProvider(options: { clockOffsetSeconds?: number } = {}): Promise<TestOidcProvider> {
  return startOidcProvider({
    clients: [{ ...CLAVEUNICA_TEST_CLIENT, redirectUris: [`${TEST_PUBLIC_URL}${CLAVEUNICA_CALLBACK}`, `${TEST_PUBLIC_HTTPS_URL}${CLAVEUNICA_CALLBACK}`] }],
    accounts: { ana: claveUnicaAccount(ANA), 'sin-run': { name: { nombres: ['Nadie'], apellidos: ['Sinrun'] } } },
    ...options,
  });
}

export interface ClaveUnicaTestApi {
  t: TestApp;
  publicUrl: string;
  lines: string[];
  /** Where turnero.test really is. */
  route: (url: URL) => URL;
  get(path: string, jar?: CookieJar): Promise<Response>;
  post(path: string, jar?: CookieJar): Promise<Response>;
  signIn(accountId: string, options?: { returnTo?: string; jar?: CookieJar; cancel?: boolean; tamperCallback?: (url: URL) => URL | Promise<URL> }): ReturnType<typeof signInThroughProvider>;
  sessions(): Promise<{ token_hash: string; document_number: string; full_name: string }[]>;
  close(): Promise<void>;
}

/**
 * The real API, listening on 127.0.0.1, on its own PostgreSQL, with its public address
 * `publicUrl` (http(s)://turnero.test) routed to it as a proxy would; its log lines kept.
 * One configuration per spec file: apps started in one process share process.env through
 * @nestjs/config, so an optional variable of one would leak into the next.
 */
export async function startClaveUnicaApi(env: Record<string, string>, publicUrl = TEST_PUBLIC_URL): Promise<ClaveUnicaTestApi> {
  const lines: string[] = [];
  const t = await startTestApp({ PUBLIC_URL: publicUrl, LOG_LEVEL: 'debug', ...env }, { write: (line: string) => void lines.push(line) });
  await t.app.listen(0, '127.0.0.1');
  const port = (t.app.getHttpServer().address() as AddressInfo).port;
  const route = (url: URL) => {
    if (url.host !== 'turnero.test') return url;
    const routed = new URL(url);
    routed.protocol = 'http:';
    routed.host = `127.0.0.1:${port}`;
    return routed;
  };
  const send = async (method: string, path: string, jar?: CookieJar) => {
    const url = new URL(path, publicUrl);
    const cookie = jar?.headerFor(url);
    const response = await fetch(route(url), { method, redirect: 'manual', headers: cookie ? { cookie } : {} });
    jar?.store(url, response);
    return response;
  };
  return {
    t,
    publicUrl,
    lines,
    route,
    get: (path, jar) => send('GET', path, jar),
    post: (path, jar) => send('POST', path, jar),
    signIn: (accountId, options = {}) =>
      signInThroughProvider(`${publicUrl}/api/v1/auth/claveunica/login?returnTo=${encodeURIComponent(options.returnTo ?? '/mis-tramites')}`, accountId, {
        apiOrigin: publicUrl,
        route,
        jar: options.jar,
        cancel: options.cancel,
        tamperCallback: options.tamperCallback,
      }),
    sessions: () => t.db.query(`SELECT token_hash, document_number, full_name FROM applicant_sessions`),
    close: () => t.close(),
  };
}

/** The environment that turns ClaveÚnica on against a test provider. */
export const claveUnicaEnv = (issuer: string, extra: Record<string, string> = {}) => ({
  CLAVEUNICA_CLIENT_ID: CLAVEUNICA_TEST_CLIENT.clientId,
  CLAVEUNICA_CLIENT_SECRET: CLAVEUNICA_TEST_CLIENT.clientSecret,
  CLAVEUNICA_ISSUER: issuer,
  ...extra,
});

/** Each Set-Cookie header of a response, by cookie name. */
export function setCookies(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers.getSetCookie().map((header) => [header.slice(0, header.indexOf('=')), header]));
}

export interface MeAnswer {
  claveUnica: { enabled: boolean };
  applicant: null | { fullName: string; documentType: string; documentNumber: string; expiresAt: string };
}

/** GET /api/v1/me with the browser's cookies: 200, no-store. */
export async function meOf(api: ClaveUnicaTestApi, jar?: CookieJar): Promise<MeAnswer> {
  const response = await api.get('/api/v1/me', jar);
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return (await response.json()) as MeAnswer;
}
