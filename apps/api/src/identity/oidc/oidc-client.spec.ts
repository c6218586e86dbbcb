import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claveUnicaAccount, signInThroughProvider, startOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js';
import { type LoginFlow, OidcClient, OidcLoginError, type OidcSettings } from './oidc-client.js';

/**
 * The generic relying party against a real provider (oidc-provider in a worker). The "API" here is
 * a tiny server whose login redirects to the provider and whose callback hands the URL back to
 * the test, so each check of finishLogin sees exactly what the provider sent.
 */
const CLIENT = { clientId: 'turnero-test', clientSecret: 'a-client-secret-for-tests-only' };
const BASIC_CLIENT = { clientId: 'turnero-basic', clientSecret: 'another-client-secret-for-tests' };
const ANA = claveUnicaAccount({ run: '12.345.678-5', nombres: ['Ana', 'María'], apellidos: ['Rojas', 'Muñoz'] });

let provider: TestOidcProvider;
let otherProvider: TestOidcProvider;
let lateProvider: TestOidcProvider;
let claimsProvider: TestOidcProvider;
let api: Server;
let apiOrigin: string;
let nextLogin: () => Promise<{ url: URL }>;

beforeAll(async () => {
  api = createServer((request, response) => {
    if (request.url?.startsWith('/login')) {
      void nextLogin().then(({ url }) => response.writeHead(302, { location: url.href }).end());
      return;
    }
    response.writeHead(200).end('callback');
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const registration = { ...CLIENT, redirectUris: [`${apiOrigin}/callback`] };
  const basic = { ...BASIC_CLIENT, redirectUris: [`${apiOrigin}/callback`], tokenEndpointAuthMethod: 'client_secret_basic' as const };
  [provider, otherProvider, lateProvider, claimsProvider] = await Promise.all([
    startOidcProvider({ clients: [registration, basic], accounts: { ana: ANA } }),
    startOidcProvider({ clients: [registration], accounts: { ana: ANA } }),
    startOidcProvider({ clients: [registration], accounts: { ana: ANA }, clockOffsetSeconds: -2 * 3600 }),
    startOidcProvider({ clients: [registration], accounts: { ana: ANA }, claimsInIdToken: true }),
  ]);
});

afterAll(async () => {
  await Promise.all([provider?.close(), otherProvider?.close(), lateProvider?.close(), claimsProvider?.close()]);
  api?.close();
});

function settings(overrides: Partial<OidcSettings> = {}): OidcSettings {
  return {
    issuer: provider.issuer,
    ...CLIENT,
    clientAuthentication: 'client_secret_post',
    redirectUrl: `${apiOrigin}/callback`,
    scopes: 'openid run name',
    userinfo: 'post',
    allowHttp: true,
    ...overrides,
  };
}

/** Starts a login with `client`, signs in at its provider and returns the callback URL and the flow. */
async function signIn(client: OidcClient, options: { cancel?: boolean } = {}): Promise<{ callbackUrl: URL; flow: LoginFlow }> {
  let flow!: LoginFlow;
  nextLogin = async () => {
    const started = await client.startLogin();
    flow = started.flow;
    return started;
  };
  const { callbackUrl } = await signInThroughProvider(`${apiOrigin}/login`, 'ana', { apiOrigin, cancel: options.cancel });
  return { callbackUrl, flow };
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OidcLoginError);
  return (error as OidcLoginError).reason;
}

describe('OidcClient against a real provider', () => {
  it('asks for a code with PKCE S256, state and nonce, and gets the claims from the userinfo endpoint by POST', async () => {
    const client = OidcClient.fromSettings(settings());
    const { url, flow } = await client.startLogin();
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toBe(flow.state);
    expect(url.searchParams.get('nonce')).toBe(flow.nonce);
    expect(url.searchParams.get('scope')).toBe('openid run name');
    expect(url.href).not.toContain(flow.codeVerifier);

    const { callbackUrl, flow: signedIn } = await signIn(client);
    const login = await client.finishLogin(callbackUrl, signedIn);
    expect(login.claims.iss).toBe(provider.issuer);
    expect(login.claims.sub).toBe('ana');
    // ClaveÚnica's way: the ID token says who, userinfo says the RUN and the name.
    expect(login.claims.RolUnico).toBeUndefined();
    expect(login.userinfo).toMatchObject({ sub: 'ana', RolUnico: { numero: 12345678, DV: '5', tipo: 'RUN' }, name: { nombres: ['Ana', 'María'] } });
  });

  it('reads the userinfo by GET too, with client_secret_basic', async () => {
    const client = OidcClient.fromSettings(settings({ ...BASIC_CLIENT, userinfo: 'get', clientAuthentication: 'client_secret_basic' }));
    const { callbackUrl, flow } = await signIn(client);
    expect((await client.finishLogin(callbackUrl, flow)).userinfo).toMatchObject({ sub: 'ana', RolUnico: { numero: 12345678 } });
  });

  it('can leave the userinfo endpoint alone, with the claims in the ID token', async () => {
    const client = OidcClient.fromSettings(settings({ issuer: claimsProvider.issuer, userinfo: 'none' }));
    const { callbackUrl, flow } = await signIn(client);
    const login = await client.finishLogin(callbackUrl, flow);
    expect(login.userinfo).toBeUndefined();
    expect(login.claims).toMatchObject({ RolUnico: { numero: 12345678, DV: '5' }, name: { apellidos: ['Rojas', 'Muñoz'] } });
  });

  it('refuses an answer to another login (wrong state) before asking the provider anything', async () => {
    const client = OidcClient.fromSettings(settings());
    const { callbackUrl, flow } = await signIn(client);
    expect(await reasonOf(client.finishLogin(callbackUrl, { ...flow, state: 'someone-elses-state' }))).toBe('state');
    const withoutState = new URL(callbackUrl);
    withoutState.searchParams.delete('state');
    expect(await reasonOf(client.finishLogin(withoutState, flow))).toBe('state');
    // The code was never spent: the right flow still signs in.
    expect((await client.finishLogin(callbackUrl, flow)).claims.sub).toBe('ana');
  });

  it('refuses a code used once already', async () => {
    const client = OidcClient.fromSettings(settings());
    const { callbackUrl, flow } = await signIn(client);
    await client.finishLogin(callbackUrl, flow);
    expect(await reasonOf(client.finishLogin(callbackUrl, flow))).toBe('rejected');
  });

  it('refuses a nonce or a code verifier that are not the flow’s', async () => {
    const client = OidcClient.fromSettings(settings());
    const first = await signIn(client);
    expect(await reasonOf(client.finishLogin(first.callbackUrl, { ...first.flow, nonce: 'another-nonce' }))).toBe('rejected');
    const second = await signIn(client);
    expect(await reasonOf(client.finishLogin(second.callbackUrl, { ...second.flow, codeVerifier: 'x'.repeat(43) }))).toBe('rejected');
  });

  it('refuses an expired ID token: the provider’s clock is two hours behind', async () => {
    const client = OidcClient.fromSettings(settings({ issuer: lateProvider.issuer }));
    const { callbackUrl, flow } = await signIn(client);
    expect(await reasonOf(client.finishLogin(callbackUrl, flow))).toBe('expired');
  });

  it('refuses tokens of another issuer: issuer X expected, endpoints of provider Y', async () => {
    const client = OidcClient.fromSettings(settings({ endpoints: otherProvider.endpoints }));
    const { callbackUrl, flow } = await signIn(client);
    expect(callbackUrl.origin).toBe(apiOrigin);
    expect(await reasonOf(client.finishLogin(callbackUrl, flow))).toBe('rejected');
    // The same endpoints with their own issuer are fine: it was the issuer that failed.
    const own = OidcClient.fromSettings(settings({ issuer: otherProvider.issuer, endpoints: otherProvider.endpoints }));
    const second = await signIn(own);
    expect((await own.finishLogin(second.callbackUrl, second.flow)).claims.iss).toBe(otherProvider.issuer);
  });

  it('says cancelled when the person cancels at the provider', async () => {
    const client = OidcClient.fromSettings(settings());
    const { callbackUrl, flow } = await signIn(client, { cancel: true });
    expect(callbackUrl.searchParams.get('error')).toBe('access_denied');
    expect(await reasonOf(client.finishLogin(callbackUrl, flow))).toBe('cancelled');
  });

  it('says unavailable when the provider cannot be reached, and tries discovery again later', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = OidcClient.fromSettings(settings({ issuer: `http://127.0.0.1:${port}` }));
    expect(await reasonOf(client.startLogin())).toBe('unavailable');
    expect(await reasonOf(client.startLogin())).toBe('unavailable');
  });

  it('offers the provider’s logout with the client id, never the ID token', async () => {
    const url = new URL((await OidcClient.fromSettings(settings()).endSessionUrl())!);
    expect(`${url.origin}${url.pathname}`).toBe(provider.endpoints.endSession);
    expect(url.searchParams.get('client_id')).toBe(CLIENT.clientId);
    expect(url.searchParams.has('id_token_hint')).toBe(false);
    expect(await OidcClient.fromSettings(settings({ endpoints: { ...provider.endpoints, endSession: undefined } })).endSessionUrl()).toBeNull();
  });

  it('refuses http:// addresses unless allowed, and scopes without openid', () => {
    expect(() => OidcClient.fromSettings(settings({ allowHttp: false }))).toThrow(/https/);
    expect(() => OidcClient.fromSettings(settings({ scopes: 'run name' }))).toThrow(/openid/);
  });
});
