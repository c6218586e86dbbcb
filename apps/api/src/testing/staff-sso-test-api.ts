import type { DataSource } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher.js';
import type { StaffRole } from '../staff/staff-user.entity.js';
import { type ClaveUnicaTestApi, startClaveUnicaApi, TEST_PUBLIC_URL } from './claveunica-test-api.js';
import { CookieJar, signInThroughProvider, startOidcProvider, type TestAccountClaims, type TestOidcProvider } from './oidc-provider.js';

/** Turnero's registration at the organisation's (test) provider. */
export const STAFF_SSO_TEST_CLIENT = { clientId: 'turnero-staff', clientSecret: 'staff-sso-secret-for-tests-only' };
export const STAFF_SSO_CALLBACK = '/api/v1/auth/sso/callback';

/**
 * The organisation's directory as the provider releases it (standard claims: `preferred_username`
 * with scope profile, `email` and `email_verified` with scope email), and the Turnero accounts an
 * admin created for some of them (seedStaffAccounts).
 */
export const DIRECTORY: Record<string, TestAccountClaims> = {
  // Matches the supervisor's username (case differs).
  'kc-supervisor': { preferred_username: 'Supervisora.Elqui', email: 'otra.direccion@servicio.cl', email_verified: true, given_name: 'Marta' },
  // No username in Turnero (Google Workspace sends none); a verified email of an agent's account.
  'kc-agent': { email: 'Agente.Uno@Servicio.cl', email_verified: true },
  // The agent's email, but the provider does not vouch for it.
  'kc-unverified': { email: 'agente.uno@servicio.cl', email_verified: false },
  // Known to the organisation, not to Turnero.
  'kc-stranger': { preferred_username: 'persona.desconocida', email: 'persona.desconocida@servicio.cl', email_verified: true },
  // A deactivated account's username.
  'kc-inactive': { preferred_username: 'agente.retirado', email: 'agente.retirado@servicio.cl', email_verified: true },
  // The provider says nothing usable.
  'kc-bare': {},
  // A verified address two Turnero accounts share (a team's mailbox): not Turnero's to pick one.
  'kc-shared': { email: 'mesa.ayuda@servicio.cl', email_verified: true },
};

/** A provider whose directory is DIRECTORY, with Turnero registered at TEST_PUBLIC_URL's callback. */
export function startStaffProvider(): Promise<TestOidcProvider> {
  return startOidcProvider({
    clients: [{ ...STAFF_SSO_TEST_CLIENT, redirectUris: [`${TEST_PUBLIC_URL}${STAFF_SSO_CALLBACK}`], tokenEndpointAuthMethod: 'client_secret_basic' }],
    accounts: DIRECTORY,
  });
}

/** The environment that turns staff single sign-on on against a test provider. */
export const staffSsoEnv = (issuer: string, extra: Record<string, string> = {}) => ({
  STAFF_OIDC_ISSUER: issuer,
  STAFF_OIDC_CLIENT_ID: STAFF_SSO_TEST_CLIENT.clientId,
  STAFF_OIDC_CLIENT_SECRET: STAFF_SSO_TEST_CLIENT.clientSecret,
  STAFF_OIDC_LABEL: 'Cuenta del Servicio',
  ...extra,
});

export type StaffSsoTestApi = ClaveUnicaTestApi & {
  /** Signs in at the provider as `accountId` from GET /auth/sso/login; the callback's answer, not followed. */
  ssoSignIn(accountId: string, options?: { jar?: CookieJar; cancel?: boolean; tamperCallback?: (url: URL) => URL }): ReturnType<typeof signInThroughProvider>;
};

/** The real API (listening, its public address routed as a proxy would) with staff single sign-on configured by `env`. */
export async function startStaffSsoApi(env: Record<string, string>): Promise<StaffSsoTestApi> {
  const api = await startClaveUnicaApi(env);
  return {
    ...api,
    ssoSignIn: (accountId, options = {}) =>
      signInThroughProvider(`${api.publicUrl}/api/v1/auth/sso/login`, accountId, { apiOrigin: api.publicUrl, route: api.route, jar: options.jar ?? new CookieJar(), ...options }),
  };
}

export interface SeededStaff {
  officeId: string;
  supervisor: { id: string; username: string; password: string };
  agent: { id: string; username: string; password: string };
  retired: { id: string; username: string };
}

/** One office; its supervisor (username supervisora.elqui), an agent (email agente.uno@servicio.cl) and a deactivated agent. */
export async function seedStaffAccounts(db: DataSource): Promise<SeededStaff> {
  const hasher = new PasswordHasher();
  const password = 'correct-horse-battery';
  const hash = await hasher.hash(password);
  const [office] = await db.query(`INSERT INTO offices (name, time_zone, opening_hours) VALUES ('Oficina Elqui', 'America/Santiago', '{}') RETURNING id`);
  const insert = async (username: string, role: StaffRole, email: string | null, active = true) => {
    const [row] = await db.query(
      `INSERT INTO staff_users (username, password_hash, role, office_id, email, active) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [username, hash, role, office.id, email, active],
    );
    return row.id as string;
  };
  return {
    officeId: office.id,
    supervisor: { id: await insert('supervisora.elqui', 'supervisor', 'supervisora@servicio.cl'), username: 'supervisora.elqui', password },
    agent: { id: await insert('agente.uno', 'agent', 'agente.uno@servicio.cl'), username: 'agente.uno', password },
    retired: { id: await insert('agente.retirado', 'agent', 'agente.retirado@servicio.cl', false), username: 'agente.retirado' },
  };
}
