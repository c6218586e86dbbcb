// A real OpenID Connect provider (oidc-provider) for tests, run in a worker thread by
// oidc-provider.ts. Plain JavaScript because a worker cannot load TypeScript; its own thread so
// that its clock can be set off (clockOffsetSeconds) without moving the API's: a provider whose
// clock is two hours behind issues ID tokens that are really expired.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const { clients, accounts, clockOffsetSeconds, claimsInIdToken, idTokenTtlSeconds } = workerData;

if (clockOffsetSeconds) {
  const RealDate = Date;
  const offsetMs = clockOffsetSeconds * 1000;
  // Only this thread's clock: `Date.now()` and `new Date()` read the shifted instant.
  globalThis.Date = class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offsetMs;
    }
  };
}

// oidc-provider reads the clock when its modules load: import it after the shift.
const { default: Provider } = await import('oidc-provider');

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: clients.map((client) => ({
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
    token_endpoint_auth_method: client.tokenEndpointAuthMethod ?? 'client_secret_post',
    grant_types: ['authorization_code'],
    response_types: ['code'],
  })),
  // ClaveÚnica's scopes and claims (run: RolUnico {numero, DV, tipo}; name: {nombres[], apellidos[]}),
  // and the usual ones for a staff directory (email, profile).
  claims: {
    openid: ['sub'],
    run: ['RolUnico'],
    name: ['name'],
    email: ['email', 'email_verified'],
    profile: ['preferred_username', 'given_name', 'family_name'],
  },
  scopes: ['openid', 'run', 'name', 'email', 'profile'],
  async findAccount(_ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  // No consent screen (ClaveÚnica shows none): the scopes asked are granted at sign-in.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
  // The login form types an account id (any password): what a browser test and an HTTP client fill in.
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  // ClaveÚnica serves the claims from userinfo; claimsInIdToken puts them in the ID token too.
  conformIdTokenClaims: !claimsInIdToken,
  jwks: { keys: [signingKey] },
  cookies: { keys: ['turnero-test-provider-cookie-key'] },
  ttl: { IdToken: idTokenTtlSeconds ?? 3600, AccessToken: 600, AuthorizationCode: 60, Interaction: 3600, Session: 3600, Grant: 3600 },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = `<!doctype html><title>Error</title><h1>${escapeHtml(out.error)}</h1><p>${escapeHtml(out.error_description ?? '')}</p>`;
  },
});
// The provider's "unauthorized" and similar complaints are part of the tests; keep them off the console.
provider.on('server_error', (_ctx, error) => parentPort.postMessage({ serverError: String(error?.stack ?? error) }));

server.on('request', provider.callback());

parentPort.on('message', (message) => {
  if (message === 'close') {
    server.closeAllConnections();
    server.close(() => parentPort.postMessage({ closed: true }));
  }
});
parentPort.postMessage({ ready: issuer });
