import { DEFAULT_SERVICE_SETTINGS } from '@turnero/scheduling';
import { DataSource, type EntityManager } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher.js';
import { Counter } from '../counters/counter.entity.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { Office } from '../offices/office.entity.js';
import { ServiceEntity } from '../services/service.entity.js';
import { StaffUser } from '../staff/staff-user.entity.js';
import { DEMO_OFFICES, DEMO_REQUEST_TOPICS, type DemoOffice } from './demo-data.js';

export interface SeedResult {
  officeName: string;
  accounts: { username: string; password: string; role: string; office: string }[];
}

/** A lock so that instances starting together seed once. */
const SEED_LOCK = 732_150_002;

/**
 * Loads the demo offices, services, counters and staff. Idempotent: everything is found by its
 * natural key (office name, service code, counter name, username) and only missing rows are added,
 * so running it twice changes nothing and never resets a password someone changed.
 */
export async function seedDemo(manager: EntityManager): Promise<SeedResult> {
  const hasher = new PasswordHasher();
  const accounts: SeedResult['accounts'] = [];
  for (const demo of DEMO_OFFICES) {
    const office = await findOrCreateOffice(manager, demo);
    const services = new Map<string, ServiceEntity>();
    for (const [position, demoService] of demo.services.entries()) {
      const existing = await manager.findOneBy(ServiceEntity, { officeId: office.id, code: demoService.code });
      services.set(
        demoService.code,
        existing ??
          (await manager.save(manager.create(ServiceEntity, { ...DEFAULT_SERVICE_SETTINGS, ...demoService, position, officeId: office.id }))),
      );
    }
    for (const demoCounter of demo.counters) {
      if (await manager.existsBy(Counter, { officeId: office.id, name: demoCounter.name })) continue;
      const counterServices = demoCounter.serviceCodes.map((code) => services.get(code)!);
      await manager.save(manager.create(Counter, { officeId: office.id, name: demoCounter.name, services: counterServices }));
    }
    for (const member of demo.staff) {
      if (!(await manager.existsBy(StaffUser, { username: member.username }))) {
        await manager.insert(StaffUser, {
          username: member.username,
          passwordHash: await hasher.hash(member.password),
          role: member.role,
          officeId: office.id,
          email: member.email ?? null,
        });
      }
      accounts.push({ username: member.username, password: member.password, role: member.role, office: demo.name });
    }
    // Topics for requests and complaints, found by their name (uq_request_topics_office_name, any case).
    for (const [position, topic] of DEMO_REQUEST_TOPICS.entries()) {
      await manager.query(
        `INSERT INTO request_topics (office_id, name, name_en, sort_order) VALUES ($1, $2, $3, $4) ON CONFLICT (office_id, lower(name)) DO NOTHING`,
        [office.id, topic.name, topic.nameEn, position],
      );
    }
  }
  return { officeName: DEMO_OFFICES[0].name, accounts };
}

async function findOrCreateOffice(manager: EntityManager, demo: DemoOffice): Promise<Office> {
  const existing = await manager.findOneBy(Office, { name: demo.name });
  if (existing) return existing;
  return manager.save(
    manager.create(Office, { name: demo.name, address: demo.address, timeZone: demo.timeZone, openingHours: demo.openingHours, holidayCountry: 'CL' }),
  );
}

/** Runs `work` inside one transaction holding the seed lock. */
async function withSeedLock<T>(url: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    return await dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
      return work(manager);
    });
  } finally {
    await dataSource.destroy();
  }
}

export function seedDemoAt(url: string): Promise<SeedResult> {
  return withSeedLock(url, seedDemo);
}

/** The first command's demo: seeds only a database that has no office yet. */
export function seedDemoIfEmpty(url: string): Promise<SeedResult | undefined> {
  return withSeedLock(url, async (manager) => ((await manager.count(Office)) === 0 ? seedDemo(manager) : undefined));
}
