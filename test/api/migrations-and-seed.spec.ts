import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options.js';
import { runMigrations } from '../../apps/api/src/database/migrate.js';
import { MIGRATIONS } from '../../apps/api/src/database/migrations/index.js';
import { seedDemoAt } from '../../apps/api/src/seed/seed-demo.js';
import { dropDatabase, recreateDatabase, serverUrl } from '../../apps/api/src/testing/databases.js';

describe('migrations and the demo seed, on an empty database', () => {
  const server = inject('postgresServerUrl');
  const name = `turnero_empty_${process.pid}`;
  const url = serverUrl(server, name);
  beforeAll(() => recreateDatabase(server, name));
  afterAll(() => dropDatabase(server, name));

  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const db = new DataSource(dataSourceOptions(url, 1));
    await db.initialize();
    try {
      return await db.query(sql, params);
    } finally {
      await db.destroy();
    }
  };

  it('runs every migration from nothing, once, even when two instances start together', async () => {
    const [first, second] = await Promise.all([runMigrations(url), runMigrations(url)]);
    expect([...first, ...second].sort()).toEqual(MIGRATIONS.map((m) => new m().name).sort());
    const tables = await query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['offices', 'services', 'counters', 'counter_services', 'staff_users', 'login_failures', 'migrations']),
    );
    expect(await runMigrations(url)).toEqual([]);
  });

  it('leaves no difference between the entities and the migrated schema', async () => {
    const db = new DataSource(dataSourceOptions(url, 1));
    await db.initialize();
    try {
      const pending = await db.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('reverts every migration and applies them again', async () => {
    const db = new DataSource(dataSourceOptions(url, 1));
    await db.initialize();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++) await db.undoLastMigration({ transaction: 'each' });
      const left = await db.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`);
      expect(left[0].n).toBe(0);
    } finally {
      await db.destroy();
    }
    expect(await runMigrations(url)).toHaveLength(MIGRATIONS.length);
  });

  it('loads the demo data twice without duplicating anything', async () => {
    const counts = () =>
      query<Record<string, number>>(
        `SELECT (SELECT count(*) FROM offices)::int AS offices, (SELECT count(*) FROM services)::int AS services,
                (SELECT count(*) FROM counters)::int AS counters, (SELECT count(*) FROM counter_services)::int AS links,
                (SELECT count(*) FROM staff_users)::int AS staff, (SELECT count(*) FROM request_topics)::int AS topics`,
      );
    const first = await seedDemoAt(url);
    const afterFirst = await counts();
    const second = await seedDemoAt(url);
    expect(await counts()).toEqual(afterFirst);
    expect(second.accounts).toEqual(first.accounts);
    // Each office's catalogue of topics for requests and complaints (6 each).
    expect(afterFirst[0]).toMatchObject({ offices: 2, services: 7, counters: 7, staff: 5, topics: 12 });
  });

  it('seeds the Extranjería office as the office runs it', async () => {
    const [office] = await query<{ id: string; time_zone: string; opening_hours: Record<string, unknown> }>(
      `SELECT id, time_zone, opening_hours FROM offices WHERE name = 'Gobernación Provincial de Elqui – Extranjería'`,
    );
    expect(office.time_zone).toBe('America/Santiago');
    expect(Object.keys(office.opening_hours).sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(office.opening_hours['1']).toEqual([{ start: '08:30', end: '14:00' }]);
    const services = await query<{ name: string; mode: string; daily_appointment_cap: number | null; walk_in_daily_cap: number | null; booking_horizon_days: number; booking_lead_minutes: number; check_in_before_minutes: number; check_in_grace_minutes: number }>(
      `SELECT * FROM services WHERE office_id = $1 ORDER BY position`,
      [office.id],
    );
    const appointments = services.filter((s) => s.mode === 'appointment');
    const walkIns = services.filter((s) => s.mode === 'walk_in');
    expect(appointments.map((s) => s.name)).toEqual(['Residencia temporal', 'Permanencia definitiva']);
    expect(appointments.map((s) => s.daily_appointment_cap)).toEqual([50, 30]);
    expect(appointments.every((s) => s.booking_horizon_days === 30 && s.booking_lead_minutes === 10)).toBe(true);
    expect(appointments.every((s) => s.check_in_before_minutes === 30 && s.check_in_grace_minutes === 15)).toBe(true);
    expect(walkIns.map((s) => s.name)).toEqual(['Prórroga de turismo', 'Cambio de empleador', 'Certificado de permanencia definitiva']);
    expect(walkIns.reduce((sum, s) => sum + (s.walk_in_daily_cap ?? 0), 0)).toBe(70);
    const counters = await query(`SELECT id FROM counters WHERE office_id = $1`, [office.id]);
    expect(counters).toHaveLength(5);
    const staff = await query<{ role: string }>(`SELECT role FROM staff_users WHERE office_id = $1 ORDER BY role::text`, [office.id]);
    expect(staff.map((s) => s.role)).toEqual(['supervisor', 'agent', 'agent'].sort());
  });
});
