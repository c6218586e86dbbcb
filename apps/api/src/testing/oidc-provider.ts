import { Worker } from 'node:worker_threads';

/** A client registration at the test provider (the API's ClaveÚnica or staff registration). */
export interface TestOidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** Default client_secret_post (ClaveÚnica's). */
  tokenEndpointAuthMethod?: 'client_secret_post' | 'client_secret_basic';
}

/** A person at the provider: the claims it releases for them (sub is the account id). */
export type TestAccountClaims = Record<string, unknown>;

export interface TestOidcProviderOptions {
  clients: TestOidcClient[];
  /** Account id → claims, e.g. `{ 'ana': claveUnicaAccount({ run: '12.345.678-5', nombres: ['Ana'], apellidos: ['Rojas'] }) }`. */
  accounts: Record<string, TestAccountClaims>;
  /** The provider's clock, this many seconds off the real one (negative: behind, its tokens already expired). */
  clockOffsetSeconds?: number;
  /** Put the scopes' claims in the ID token too (ClaveÚnica serves them from userinfo only). */
  claimsInIdToken?: boolean;
  idTokenTtlSeconds?: number;
}

export interface TestOidcProvider {
  /** `http://127.0.0.1:<port>`: the issuer, and where discovery starts. */
  issuer: string;
  /** oidc-provider's own endpoint paths on this issuer (for settings without discovery). */
  endpoints: { authorization: string; token: string; userinfo: string; jwks: string; endSession: string };
  /** Errors the provider hit while answering (tests may assert none). */
  serverErrors: string[];
  close(): Promise<void>;
}

/** ClaveÚnica's claims for a person: `run` is a RUN with its check digit ("12.345.678-5", "12345678-5"). */
export function claveUnicaAccount(person: { run: string; nombres: string[]; apellidos: string[] }): TestAccountClaims {
  const [numero, dv] = person.run.replace(/\./g, '').split('-');
  return { RolUnico: { numero: Number(numero), DV: dv.toUpperCase(), tipo: 'RUN' }, name: { nombres: person.nombres, apellidos: person.apellidos } };
}

/**
 * A real OpenID Connect provider (oidc-provider 9) on 127.0.0.1 and a random port, in a worker
 * thread of this process (its clock can be set off without moving the API's). Its login page
 * (oidc-provider's development interactions) takes an account id and any password; "[ Cancel ]"
 * answers access_denied. No consent page: the scopes asked are granted.
 */
export async function startOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const worker = new Worker(new URL('./oidc-provider-worker.mjs', import.meta.url), {
    workerData: {
      clients: options.clients,
      accounts: options.accounts,
      clockOffsetSeconds: options.clockOffsetSeconds ?? 0,
      claimsInIdToken: options.claimsInIdToken ?? false,
      idTokenTtlSeconds: options.idTokenTtlSeconds,
    },
    // oidc-provider warns about its development features on the console: not the test's output.
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();
  const serverErrors: string[] = [];
  const issuer = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: { ready?: string; serverError?: string }) => {
      if (message.ready) resolve(message.ready);
      if (message.serverError) serverErrors.push(message.serverError);
    });
  });
  return {
    issuer,
    endpoints: {
      authorization: `${issuer}/auth`,
      token: `${issuer}/token`,
      userinfo: `${issuer}/me`,
      jwks: `${issuer}/jwks`,
      endSession: `${issuer}/session/end`,
    },
    serverErrors,
    close: async () => {
      const closed = new Promise<void>((resolve) => worker.on('message', (message: { closed?: boolean }) => message.closed && resolve()));
      worker.postMessage('close');
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await worker.terminate();
    },
  };
}

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: string | null;
}

/** A browser's cookie store, small: host-only cookies, Path, Secure, deletion by Max-Age=0 or a past Expires. */
export class CookieJar {
  private cookies: StoredCookie[] = [];

  /** Reads the Set-Cookie headers of a response to `url`. */
  store(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) this.storeOne(url, header);
  }

  /** The Cookie header for a request to `url`, or undefined. */
  headerFor(url: URL): string | undefined {
    const cookies = this.cookies.filter(
      (c) => c.host === url.host && pathMatches(url.pathname, c.path) && (!c.secure || url.protocol === 'https:'),
    );
    return cookies.length > 0 ? cookies.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }

  /** A cookie as stored (value and attributes), or undefined. */
  get(name: string, host?: string): StoredCookie | undefined {
    return this.cookies.find((c) => c.name === name && (host === undefined || c.host === host));
  }

  set(url: URL, name: string, value: string, path = '/'): void {
    this.cookies = this.cookies.filter((c) => !(c.name === name && c.host === url.host && c.path === path));
    this.cookies.push({ name, value, host: url.host, path, secure: false, httpOnly: false, sameSite: null });
  }

  private storeOne(url: URL, header: string): void {
    const [pair, ...attributes] = header.split(';').map((part) => part.trim());
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    const value = pair.slice(at + 1);
    const cookie: StoredCookie = { name, value, host: url.host, path: defaultPath(url.pathname), secure: false, httpOnly: false, sameSite: null };
    let deleted = value === '';
    for (const attribute of attributes) {
      const [key, ...rest] = attribute.split('=');
      const attributeValue = rest.join('=');
      switch (key.toLowerCase()) {
        case 'path':
          cookie.path = attributeValue || '/';
          break;
        case 'secure':
          cookie.secure = true;
          break;
        case 'httponly':
          cookie.httpOnly = true;
          break;
        case 'samesite':
          cookie.sameSite = attributeValue;
          break;
        case 'max-age':
          if (Number(attributeValue) <= 0) deleted = true;
          break;
        case 'expires':
          // Only a deletion's date in the distant past counts: a provider whose clock is set off
          // writes dates this jar must not believe.
          if (new Date(attributeValue).getTime() < Date.UTC(2000, 0, 1)) deleted = true;
          break;
      }
    }
    this.cookies = this.cookies.filter((c) => !(c.name === name && c.host === cookie.host && c.path === cookie.path));
    if (!deleted) this.cookies.push(cookie);
  }
}

function defaultPath(pathname: string): string {
  const last = pathname.lastIndexOf('/');
  return last <= 0 ? '/' : pathname.slice(0, last);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  return requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/');
}

export interface SignInOptions {
  /** The browser's cookies (kept between calls: a second sign-in, a logout, a replay). Default a new jar. */
  jar?: CookieJar;
  /**
   * Where a request for a URL really goes, like a reverse proxy: the API's public address
   * (PUBLIC_URL, which may be https://) mapped to where the test app listens. Cookies follow the
   * public URL. Default: every URL as it is.
   */
  route?: (url: URL) => URL;
  /** Click "[ Cancel ]" on the provider's login page instead of signing in. */
  cancel?: boolean;
  /** Changes the provider's redirect to the API's callback before it is followed (a wrong state…); may wait for something first. */
  tamperCallback?: (callbackUrl: URL) => URL | Promise<URL>;
  /** The API's public origin: the first redirect to it after the provider is the callback. */
  apiOrigin: string;
}

export interface SignInResult {
  /** The API callback's response (a 302 to the applicant's page, or to the failure page). */
  callback: Response;
  /** The callback URL as the provider sent it (code and state): replayable. */
  callbackUrl: URL;
  /** Where the callback redirects to, as given (relative). */
  location: string | null;
  jar: CookieJar;
}

/**
 * Signs in the way a browser does, with real HTTP: GET the API's login URL, follow the redirects
 * to the provider, fill in its login form with `accountId`, follow the redirects back to the API's
 * callback and return the callback's response, not followed further.
 */
export async function signInThroughProvider(startUrl: string, accountId: string, options: SignInOptions): Promise<SignInResult> {
  const jar = options.jar ?? new CookieJar();
  const apiOrigin = new URL(options.apiOrigin).origin;
  const request = async (url: URL, init: RequestInit = {}): Promise<Response> => {
    const target = options.route ? options.route(url) : url;
    const headers = new Headers(init.headers);
    const cookie = jar.headerFor(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    jar.store(url, response);
    return response;
  };
  let url = new URL(startUrl);
  let response = await request(url);
  let sawProvider = false;
  for (let hop = 0; hop < 20; hop++) {
    if (response.status >= 300 && response.status < 400) {
      let next = new URL(response.headers.get('location') ?? '', url);
      if (next.origin === apiOrigin && !sawProvider) {
        // The API answered the login itself (provider unreachable, sign-in off): no callback.
        await response.arrayBuffer();
        return { callback: response, callbackUrl: url, location: response.headers.get('location'), jar };
      }
      if (next.origin === apiOrigin) {
        if (options.tamperCallback) next = await options.tamperCallback(next);
        const callback = await request(next);
        await callback.arrayBuffer();
        return { callback, callbackUrl: next, location: callback.headers.get('location'), jar };
      }
      if (next.origin !== apiOrigin) sawProvider = true;
      await response.arrayBuffer();
      url = next;
      response = await request(url);
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`The sign-in stopped at ${url.origin}${url.pathname} with HTTP ${response.status}: ${html.slice(0, 300)}`);
    if (options.cancel) {
      const abort = /<a href="([^"]*\/abort)"/.exec(html);
      if (!abort) throw new Error(`No "[ Cancel ]" link on ${url.pathname}`);
      url = new URL(decodeHtml(abort[1]), url);
      response = await request(url);
      continue;
    }
    const form = /<form[^>]*action="([^"]+)"[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
    if (!form) throw new Error(`No form on ${url.pathname}: ${html.slice(0, 300)}`);
    const fields = new URLSearchParams();
    for (const hidden of form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields.set(hidden[1], decodeHtml(hidden[2]));
    if (fields.get('prompt') === 'login') {
      fields.set('login', accountId);
      fields.set('password', 'any-password');
    }
    url = new URL(decodeHtml(form[1]), url);
    response = await request(url, { method: 'POST', body: fields, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  throw new Error('The sign-in did not come back to the API within 20 redirects');
}

function decodeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x2F;/gi, '/');
}
