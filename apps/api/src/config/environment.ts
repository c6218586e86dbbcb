import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

/**
 * Every environment variable the API reads, validated once at start-up. A wrong value stops the
 * process with a message naming the variable, instead of failing later on first use.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** PostgreSQL connection string; when absent an embedded PostgreSQL is started (not in production). */
  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection string' })
  DATABASE_URL?: string;

  @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Transform(toBoolean) @IsBoolean()
  MIGRATIONS_RUN = true;

  /** Where the embedded PostgreSQL keeps its files (relative to the working directory). */
  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  @Transform(toInt) @IsInt() @Min(1024) @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt) @IsInt() @Min(60) @Max(7 * 24 * 3600)
  JWT_EXPIRES_IN_SECONDS = 8 * 3600;

  @IsString() @Matches(/^[a-z0-9._-]{3,64}$/, { message: 'ADMIN_USERNAME must be 3–64 of a-z 0-9 . _ -' })
  ADMIN_USERNAME = 'admin';

  @IsOptional() @IsString() @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' }) @MaxLength(256)
  ADMIN_PASSWORD?: string;

  /** Comma-separated origins allowed by CORS; empty means same origin only. */
  @IsString()
  CORS_ORIGINS = '';

  /** Requests per minute and client address on public endpoints; 0 turns limiting off. */
  @Transform(toInt) @IsInt() @Min(0)
  RATE_LIMIT_PER_MINUTE = 120;

  /** Failed logins for one username within 15 minutes before it is locked for 15 minutes. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @IsOptional() @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  /** Starts the clock at this instant and lets it run (demos, tests); refused in production. */
  @IsOptional() @IsISO8601({ strict: true }, { message: 'FAKE_NOW must be an ISO 8601 instant' })
  FAKE_NOW?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt) @IsInt() @Min(1024) @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 100 * 1024;

  /** Trust X-Forwarded-For from a load balancer (so rate limits see the client's address). */
  @Transform(toBoolean) @IsBoolean()
  TRUST_PROXY = false;

  /** Load the demo data when the database holds no office yet. */
  @Transform(toBoolean) @IsBoolean()
  SEED_DEMO = false;

  /** The mail server for the rating emails (smtp:// or smtps://, credentials in the URL); unset: no email is queued or sent. */
  @IsOptional() @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.cl:587' })
  SMTP_URL?: string;

  /** The emails' sender, "Name <address>" or a bare address. */
  @IsString() @Matches(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, { message: 'MAIL_FROM must be an address, or a name and an address such as Turnero <no-reply@example.cl>' })
  MAIL_FROM = 'Turnero <no-reply@localhost>';

  /** Messages of the outbox (notifications) this instance sends at once; 0: this instance sends none (others do). */
  @Transform(toInt) @IsInt() @Min(0) @Max(50)
  NOTIFY_CONCURRENCY = 5;

  /**
   * Messages of the outbox this instance starts per second at most (0: no limit). A burst is sent at
   * this pace so that the instance keeps answering applicants in time (docs/benchmarks.md).
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(10_000)
  NOTIFY_RATE_PER_SECOND = 200;

  /** How often this instance runs the waitlist's task (expire held offers, offer free seats), in seconds; 0: this instance runs none (others do). */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600)
  WAITLIST_TICK_SECONDS = 15;

  /** Where people reach the site (links in emails): scheme, host and optional path, no query. Default http://localhost:PORT. */
  @IsOptional() @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { message: 'PUBLIC_URL must be an http:// or https:// address without query, such as https://turnos.example.cl' })
  PUBLIC_URL?: string;

  /** Twilio account for SMS (and WhatsApp): with TWILIO_AUTH_TOKEN and TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID; unset: no SMS is sent. */
  @IsOptional() @Matches(/^AC[0-9a-f]{32}$/, { message: 'TWILIO_ACCOUNT_SID must be a Twilio Account SID: AC and 32 hex digits' })
  TWILIO_ACCOUNT_SID?: string;

  @IsOptional() @Matches(/^[A-Za-z0-9]{16,128}$/, { message: "TWILIO_AUTH_TOKEN must be the account's auth token (letters and digits)" })
  TWILIO_AUTH_TOKEN?: string;

  /** The sender: a number in E.164 (+56…) or an alphanumeric sender ID of up to 11 characters. */
  @IsOptional() @Matches(/^(?:\+[1-9][0-9]{7,14}|(?=[A-Za-z0-9 ]*[A-Za-z])[A-Za-z0-9 ]{1,11})$/, { message: 'TWILIO_FROM must be a number such as +56912345678 or a sender ID of up to 11 letters and digits' })
  TWILIO_FROM?: string;

  /** A Twilio Messaging Service to send from instead of TWILIO_FROM (it picks the sender). */
  @IsOptional() @Matches(/^MG[0-9a-f]{32}$/, { message: 'TWILIO_MESSAGING_SERVICE_SID must be a Messaging Service SID: MG and 32 hex digits' })
  TWILIO_MESSAGING_SERVICE_SID?: string;

  /** The WhatsApp number approved for the office's templates (E.164), if any: WhatsApp messages go from whatsapp:<this>. */
  @IsOptional() @Matches(/^\+[1-9][0-9]{7,14}$/, { message: 'TWILIO_WHATSAPP_FROM must be a number in E.164 such as +56912345678' })
  TWILIO_WHATSAPP_FROM?: string;

  /** Twilio's REST API; tests point it at a local server that speaks the same API. */
  @Matches(/^https?:\/\/[^\s/?#]+$/, { message: 'TWILIO_API_URL must be an http:// or https:// address without path, such as https://api.twilio.com' })
  TWILIO_API_URL = 'https://api.twilio.com';

  /** How long one SMS request may take before it counts as a temporary failure (tried again later). */
  @Transform(toInt) @IsInt() @Min(1000) @Max(120_000)
  SMS_TIMEOUT_MS = 10_000;

  /**
   * Applicants sign in with ClaveÚnica (OpenID Connect): on when CLAVEUNICA_CLIENT_ID is set, and
   * then CLAVEUNICA_CLIENT_SECRET is required. The endpoints come from the issuer's discovery
   * document, or from the four CLAVEUNICA_*_ENDPOINT/JWKS_URI variables together (then no
   * discovery; the issuer is still the `iss` every ID token must carry).
   */
  @Matches(/^https?:\/\/[^\s?#]+$/, { message: "CLAVEUNICA_ISSUER must be ClaveÚnica's issuer URL, such as https://accounts.claveunica.gob.cl/openid" })
  CLAVEUNICA_ISSUER = 'https://accounts.claveunica.gob.cl/openid';

  @IsOptional() @IsString() @MaxLength(512)
  CLAVEUNICA_CLIENT_ID?: string;

  @IsOptional() @IsString() @MaxLength(1024)
  CLAVEUNICA_CLIENT_SECRET?: string;

  /** Where ClaveÚnica sends applicants back; default `${PUBLIC_URL}/api/v1/auth/claveunica/callback` (register exactly this URL). */
  @IsOptional() @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'CLAVEUNICA_REDIRECT_URL must be an http:// or https:// address without query, such as https://turnos.example.cl/api/v1/auth/claveunica/callback' })
  CLAVEUNICA_REDIRECT_URL?: string;

  /** Scopes asked of ClaveÚnica, space-separated; must include openid (run: the RUN, name: the name). */
  @IsString() @Matches(/^(?:\S+ )*openid(?: \S+)*$/, { message: 'CLAVEUNICA_SCOPES must be space-separated scopes including openid, such as "openid run name"' })
  CLAVEUNICA_SCOPES = 'openid run name';

  @IsOptional() @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'CLAVEUNICA_AUTHORIZATION_ENDPOINT must be an http:// or https:// address without query' })
  CLAVEUNICA_AUTHORIZATION_ENDPOINT?: string;

  @IsOptional() @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'CLAVEUNICA_TOKEN_ENDPOINT must be an http:// or https:// address without query' })
  CLAVEUNICA_TOKEN_ENDPOINT?: string;

  @IsOptional() @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'CLAVEUNICA_USERINFO_ENDPOINT must be an http:// or https:// address without query' })
  CLAVEUNICA_USERINFO_ENDPOINT?: string;

  @IsOptional() @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'CLAVEUNICA_JWKS_URI must be an http:// or https:// address without query' })
  CLAVEUNICA_JWKS_URI?: string;

  /**
   * The provider's logout page, offered to applicants after they sign out here. Default: the
   * discovered end_session_endpoint, else ClaveÚnica's own logout page when the issuer is ClaveÚnica's.
   */
  @IsOptional() @Matches(/^https?:\/\/\S+$/, { message: 'CLAVEUNICA_LOGOUT_URL must be an http:// or https:// address' })
  CLAVEUNICA_LOGOUT_URL?: string;

  /** How long an applicant's ClaveÚnica session lasts here, in minutes (from sign-in; not extended by use). */
  @Transform(toInt) @IsInt() @Min(5) @Max(24 * 60)
  APPLICANT_SESSION_MINUTES = 30;

  /**
   * Staff single sign-on through the organisation's OpenID Connect provider (Keycloak, Entra ID,
   * Google Workspace…): on when STAFF_OIDC_CLIENT_ID is set, and then STAFF_OIDC_ISSUER and
   * STAFF_OIDC_CLIENT_SECRET are required. The issuer's discovery document gives the endpoints.
   */
  @IsOptional() @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'STAFF_OIDC_ISSUER must be the provider\'s issuer URL, such as https://sso.example.cl/realms/turnero' })
  STAFF_OIDC_ISSUER?: string;

  @IsOptional() @IsString() @MaxLength(512)
  STAFF_OIDC_CLIENT_ID?: string;

  @IsOptional() @IsString() @MaxLength(1024)
  STAFF_OIDC_CLIENT_SECRET?: string;

  /** Where the provider sends staff back; default `${PUBLIC_URL}/api/v1/auth/sso/callback` (register exactly this URL with the provider). */
  @IsOptional() @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'STAFF_OIDC_REDIRECT_URL must be an http:// or https:// address without query, such as https://turnos.example.cl/api/v1/auth/sso/callback' })
  STAFF_OIDC_REDIRECT_URL?: string;

  /** Scopes asked of the staff provider, space-separated; must include openid. */
  @IsString() @Matches(/^(?:\S+ )*openid(?: \S+)*$/, { message: 'STAFF_OIDC_SCOPES must be space-separated scopes including openid, such as "openid email profile"' })
  STAFF_OIDC_SCOPES = 'openid email profile';

  /** The text of the staff login page's single sign-on button ("Ingresar con <label>"). */
  @IsString() @MinLength(1) @MaxLength(60)
  STAFF_OIDC_LABEL = 'Cuenta institucional';

  /** false: staff log in through single sign-on only; the bootstrap admin (ADMIN_USERNAME) may still use a password. */
  @Transform(toBoolean) @IsBoolean()
  STAFF_PASSWORD_LOGIN = true;

  /**
   * Shed what this instance cannot answer in time: 503 OVERLOADED with Retry-After, before any work
   * (docs/architecture.md, "Overload"). Default on, but off under NODE_ENV=test (validateEnvironment):
   * a loaded test machine's lag is no overload, and specs of shedding turn it on.
   */
  @Transform(toBoolean) @IsBoolean()
  LOAD_SHED = true;

  /** Cut the in-flight limit while the event loop's mean delay over the last samples exceeds this, in milliseconds (0: not checked; overload/admission-limit.ts). */
  @Transform(toInt) @IsInt() @Min(0) @Max(10_000)
  LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS = 100;

  /** Cut the in-flight limit while the event loop was busy more than this share (0–1) of the last samples (0: not checked; overload/admission-limit.ts). */
  @Transform(toInt) @IsNumber() @Min(0) @Max(1)
  LOAD_SHED_MAX_EVENT_LOOP_UTILIZATION = 0.9;

  /** How often the event loop's delay and utilisation are sampled, in milliseconds. */
  @Transform(toInt) @IsInt() @Min(10) @Max(10_000)
  LOAD_SHED_SAMPLE_INTERVAL_MS = 100;

  /** API requests this instance works on at once at most, while its event loop keeps up; more are shed (0: no limit). */
  @Transform(toInt) @IsInt() @Min(0) @Max(100_000)
  LOAD_SHED_MAX_IN_FLIGHT = 128;

  /** The Retry-After of a shed request, in seconds. */
  @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  LOAD_SHED_RETRY_AFTER_S = 2;

  /** Shed the first requests of some routes as under overload (tests, operators' drills): "POST /api/v1/bookings=2,GET /api/v1/offices=1". */
  @IsOptional() @Matches(/^\s*[A-Za-z]+\s+\/[^\s=,?]*\s*=\s*\d+\s*(,\s*[A-Za-z]+\s+\/[^\s=,?]*\s*=\s*\d+\s*)*$/, {
    message: 'LOAD_SHED_DRILL must be comma-separated "METHOD /path=count", such as POST /api/v1/bookings=2',
  })
  LOAD_SHED_DRILL?: string;
}

/** Development-only defaults that production must set explicitly. */
const DEV_JWT_SECRET = 'turnero-development-secret-not-for-production-use';
const DEV_ADMIN_PASSWORD = 'admin-turnero';

type OptionalVariable =
  | 'DATABASE_URL' | 'REDIS_URL' | 'FAKE_NOW' | 'SMTP_URL'
  | 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_FROM' | 'TWILIO_MESSAGING_SERVICE_SID' | 'TWILIO_WHATSAPP_FROM'
  | 'LOAD_SHED_DRILL'
  | 'STAFF_OIDC_ISSUER' | 'STAFF_OIDC_CLIENT_ID' | 'STAFF_OIDC_CLIENT_SECRET' | 'STAFF_OIDC_REDIRECT_URL'
  | 'CLAVEUNICA_CLIENT_ID' | 'CLAVEUNICA_CLIENT_SECRET' | 'CLAVEUNICA_REDIRECT_URL' | 'CLAVEUNICA_LOGOUT_URL'
  | 'CLAVEUNICA_AUTHORIZATION_ENDPOINT' | 'CLAVEUNICA_TOKEN_ENDPOINT' | 'CLAVEUNICA_USERINFO_ENDPOINT' | 'CLAVEUNICA_JWKS_URI';

export type Config = Required<Omit<Environment, OptionalVariable>> & Pick<Environment, OptionalVariable>;

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Validates raw environment variables into a typed config, or throws naming every bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Config {
  // An empty variable counts as unset, as in most deployment tools.
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== '' && value !== undefined));
  if (present.NODE_ENV === 'test' && present.LOAD_SHED === undefined) present.LOAD_SHED = 'false';
  const env = plainToInstance(Environment, present);
  const problems = validateSync(env, { skipMissingProperties: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => (message.startsWith(error.property) ? message : `${error.property}: ${message}`)),
  );
  if (env.NODE_ENV === 'production') {
    if (!env.JWT_SECRET) problems.push('JWT_SECRET is required when NODE_ENV=production');
    if (!env.ADMIN_PASSWORD) problems.push('ADMIN_PASSWORD is required when NODE_ENV=production');
    if (!env.DATABASE_URL) problems.push('DATABASE_URL is required when NODE_ENV=production (no embedded database)');
    if (env.FAKE_NOW) problems.push('FAKE_NOW is refused when NODE_ENV=production');
    if (env.SMTP_URL && !env.PUBLIC_URL) problems.push('PUBLIC_URL is required with SMTP_URL when NODE_ENV=production (the emails link to it)');
  }
  if (env.SMTP_URL && !problems.some((p) => p.startsWith('SMTP_URL')) && !hasHost(env.SMTP_URL)) problems.push('SMTP_URL must name a host, such as smtp://mail.example.cl:587');
  problems.push(...twilioProblems(env));
  problems.push(...staffSsoProblems(env));
  problems.push(...claveUnicaProblems(env));
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return {
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? DEV_JWT_SECRET,
    ADMIN_PASSWORD: env.ADMIN_PASSWORD ?? DEV_ADMIN_PASSWORD,
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
  } as Config;
}

function hasHost(url: string): boolean {
  try {
    return new URL(url).hostname !== '';
  } catch {
    return false;
  }
}

/** SMS is on only with the whole Twilio account (SID, token) and a sender; half a configuration stops the start. */
function twilioProblems(env: Environment): string[] {
  const account = env.TWILIO_ACCOUNT_SID !== undefined || env.TWILIO_AUTH_TOKEN !== undefined;
  const sender = env.TWILIO_FROM !== undefined || env.TWILIO_MESSAGING_SERVICE_SID !== undefined || env.TWILIO_WHATSAPP_FROM !== undefined;
  if (!account && !sender) return [];
  const problems: string[] = [];
  if (!env.TWILIO_ACCOUNT_SID) problems.push('TWILIO_ACCOUNT_SID is required with the other TWILIO_ variables');
  if (!env.TWILIO_AUTH_TOKEN) problems.push('TWILIO_AUTH_TOKEN is required with TWILIO_ACCOUNT_SID');
  if (!env.TWILIO_FROM && !env.TWILIO_MESSAGING_SERVICE_SID) problems.push('TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID is required to send SMS');
  if (env.NODE_ENV === 'production' && !env.TWILIO_API_URL.startsWith('https://')) problems.push('TWILIO_API_URL must be https:// when NODE_ENV=production');
  return problems;
}

/**
 * Staff single sign-on is on with STAFF_OIDC_CLIENT_ID, and then needs the whole registration;
 * its other settings without it, or password login turned off without it, are mistakes that
 * stop the start (rather than a login page nobody but the bootstrap admin can pass).
 */
function staffSsoProblems(env: Environment): string[] {
  if (env.STAFF_OIDC_CLIENT_ID === undefined) {
    const stray = (['STAFF_OIDC_ISSUER', 'STAFF_OIDC_CLIENT_SECRET', 'STAFF_OIDC_REDIRECT_URL'] as const).filter((name) => env[name] !== undefined);
    const problems = stray.map((name) => `${name} is set but STAFF_OIDC_CLIENT_ID is not (staff single sign-on is off without it)`);
    if (env.STAFF_PASSWORD_LOGIN === false) problems.push('STAFF_PASSWORD_LOGIN=false needs staff single sign-on (STAFF_OIDC_CLIENT_ID and the other STAFF_OIDC_ variables): otherwise only the bootstrap admin could log in');
    return problems;
  }
  const problems: string[] = [];
  if (!env.STAFF_OIDC_ISSUER) problems.push('STAFF_OIDC_ISSUER is required with STAFF_OIDC_CLIENT_ID (the provider\'s issuer URL; its discovery document gives the endpoints)');
  if (!env.STAFF_OIDC_CLIENT_SECRET) problems.push('STAFF_OIDC_CLIENT_SECRET is required with STAFF_OIDC_CLIENT_ID');
  if (env.NODE_ENV === 'production') {
    if (env.STAFF_OIDC_ISSUER?.startsWith('http://')) problems.push('STAFF_OIDC_ISSUER must be https:// when NODE_ENV=production');
    if (env.STAFF_OIDC_REDIRECT_URL?.startsWith('http://')) problems.push('STAFF_OIDC_REDIRECT_URL must be https:// when NODE_ENV=production');
    if (!env.STAFF_OIDC_REDIRECT_URL && !env.PUBLIC_URL) problems.push('PUBLIC_URL (or STAFF_OIDC_REDIRECT_URL) is required with staff single sign-on when NODE_ENV=production: the provider sends staff back to it');
  }
  return problems;
}

const CLAVEUNICA_ENDPOINTS = ['CLAVEUNICA_AUTHORIZATION_ENDPOINT', 'CLAVEUNICA_TOKEN_ENDPOINT', 'CLAVEUNICA_USERINFO_ENDPOINT', 'CLAVEUNICA_JWKS_URI'] as const;

/**
 * ClaveÚnica sign-in is on with CLAVEUNICA_CLIENT_ID and then needs its secret; explicit endpoints
 * come all four or none; its other settings without the client id are mistakes that stop the start.
 */
function claveUnicaProblems(env: Environment): string[] {
  const explicit = CLAVEUNICA_ENDPOINTS.filter((name) => env[name] !== undefined);
  if (env.CLAVEUNICA_CLIENT_ID === undefined) {
    const stray = (['CLAVEUNICA_CLIENT_SECRET', 'CLAVEUNICA_REDIRECT_URL', 'CLAVEUNICA_LOGOUT_URL', ...explicit] as const).filter((name) => env[name] !== undefined);
    return stray.map((name) => `${name} is set but CLAVEUNICA_CLIENT_ID is not (ClaveÚnica sign-in is off without it)`);
  }
  const problems: string[] = [];
  if (!env.CLAVEUNICA_CLIENT_SECRET) problems.push('CLAVEUNICA_CLIENT_SECRET is required with CLAVEUNICA_CLIENT_ID');
  if (explicit.length > 0 && explicit.length < CLAVEUNICA_ENDPOINTS.length) {
    problems.push(`${CLAVEUNICA_ENDPOINTS.filter((name) => env[name] === undefined).join(', ')} must be set with ${explicit.join(', ')} (explicit endpoints come together; leave all four out to use discovery)`);
  }
  if (env.NODE_ENV === 'production') {
    for (const name of ['CLAVEUNICA_ISSUER', 'CLAVEUNICA_REDIRECT_URL', ...explicit] as const) {
      if (env[name]?.startsWith('http://')) problems.push(`${name} must be https:// when NODE_ENV=production`);
    }
    if (!env.CLAVEUNICA_REDIRECT_URL && !env.PUBLIC_URL) problems.push('PUBLIC_URL (or CLAVEUNICA_REDIRECT_URL) is required with ClaveÚnica sign-in when NODE_ENV=production: ClaveÚnica sends applicants back to it');
  }
  return problems;
}
