import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { PasswordHasher } from '../auth/password-hasher.js';
import { type Config, validateEnvironment } from '../config/environment.js';
import { createApp } from '../create-app.js';
import { Office } from '../offices/office.entity.js';
import { ServiceEntity } from '../services/service.entity.js';
import { type StaffRole, StaffUser } from '../staff/staff-user.entity.js';
import { copyTemplate, dropDatabase } from './databases.js';

export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' };

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof supertest>;
  db: DataSource;
  config: Config;
  databaseUrl: string;
  close(): Promise<void>;
}

/** The real application on its own freshly migrated PostgreSQL database. */
export async function startTestApp(env: Record<string, string> = {}, logDestination?: DestinationStream): Promise<TestApp> {
  const server = inject('postgresServerUrl');
  const database = await copyTemplate(server, inject('templateDatabase'));
  const app = await attachTestApp(database.url, env, logDestination);
  return {
    ...app,
    close: async () => {
      await app.close();
      await dropDatabase(server, database.name);
    },
  };
}

/** Another instance of the application on an existing database (several instances, one database). */
export async function attachTestApp(databaseUrl: string, env: Record<string, string> = {}, logDestination?: DestinationStream): Promise<TestApp> {
  const database = { url: databaseUrl };
  const config = validateEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    DATABASE_POOL_SIZE: '5',
    ...env,
    DATABASE_URL: database.url,
  });
  const app = await createApp(config, database.url, logDestination);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: supertest(app.getHttpServer()),
    db: app.get(DataSource),
    config,
    databaseUrl: database.url,
    close: () => app.close(),
  };
}

const hasher = new PasswordHasher();
let sequence = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

/** Small seeding helpers: each makes one row with sensible defaults and returns it. */
export function seeders(db: DataSource) {
  return {
    office: (fields: Partial<Office> = {}) =>
      db.getRepository(Office).save({ name: unique('Oficina'), timeZone: 'America/Santiago', openingHours: {}, ...fields }),
    service: (officeId: string, fields: Partial<ServiceEntity> = {}) =>
      db.getRepository(ServiceEntity).save({ officeId, code: 'A', name: 'Trámite', mode: 'appointment' as const, ...fields }),
    staff: async (role: StaffRole, officeId: string | null, password = 'correct-horse-battery') => {
      const user = await db.getRepository(StaffUser).save({
        username: unique(role).toLowerCase(),
        passwordHash: await hasher.hash(password),
        role,
        officeId,
      });
      return { ...user, password };
    },
  };
}

/** Logs in over HTTP and returns the Authorization header value. */
export async function bearer(http: TestApp['http'], username: string, password: string): Promise<string> {
  const response = await http.post('/api/v1/auth/login').send({ username, password }).expect(200);
  return `Bearer ${response.body.accessToken as string}`;
}
