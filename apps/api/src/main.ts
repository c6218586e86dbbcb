import 'reflect-metadata';
import { type Config, ConfigurationError, validateEnvironment } from './config/environment.js';
import { createApp } from './create-app.js';
import { connectDatabase } from './database/database-connection.js';
import { runMigrations } from './database/migrate.js';
import { DataSource } from 'typeorm';
import { closeConnectionsWhileDraining, drainHttp } from './health/drain.js';
import { seedDemoIfEmpty } from './seed/seed-demo.js';

/**
 * Starts the API: the database (DATABASE_URL or an embedded PostgreSQL), migrations, optionally the
 * demo data, then HTTP. On SIGTERM/SIGINT in-flight requests finish, the pool closes and the
 * embedded database stops.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = validateEnvironment(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const adminPasswordFromEnv = Boolean(process.env.ADMIN_PASSWORD);
  const database = await connectDatabase(config);
  if (config.MIGRATIONS_RUN) await runMigrations(database.url);
  const seeded = config.SEED_DEMO ? await seedDemoIfEmpty(database.url) : undefined;

  const app = await createApp(config, database.url);
  closeConnectionsWhileDraining(app.getHttpAdapter().getInstance());
  // Graceful shutdown (a rolling deploy): first the HTTP side drains — no new connections, /api/health
  // says 503 so the balancer moves on, requests in flight and those already sent on kept-alive
  // connections are answered, each connection closed after its answer; then Nest's shutdown (jobs
  // finish, pools close); last the embedded database, if one was started, once nothing uses it.
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      console.log(`${signal} received: finishing requests and shutting down`);
      drainHttp(app.getHttpServer())
        .then(({ drainedMs, forced }) => {
          console.log(`HTTP drained in ${drainedMs} ms${forced ? ' (connections still open at the timeout were closed)' : ''}`);
          return app.close();
        })
        .finally(() => database.close())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
    });
  }
  await app.listen({ port: config.PORT, host: config.HOST });

  const base = `http://localhost:${config.PORT}`;
  const lines = [
    '',
    `Turnero is running at ${base}`,
    `  API docs:        ${base}/api/docs`,
    `  Health:          ${base}/api/health`,
    `  Database:        ${database.embedded ? `embedded PostgreSQL (${config.EMBEDDED_PG_DIR})` : 'DATABASE_URL'}`,
    `  Admin account:   ${config.ADMIN_USERNAME} / ${adminPasswordFromEnv ? '(the ADMIN_PASSWORD you set)' : config.ADMIN_PASSWORD}`,
    // The mail server's host only: SMTP_URL may hold a password.
    `  Rating emails:   ${config.SMTP_URL ? `through ${new URL(config.SMTP_URL).host}, links to ${config.PUBLIC_URL}` : 'off (no SMTP_URL)'}`,
  ];
  if (seeded) {
    lines.push(`  Demo office:     ${seeded.officeName}`);
    for (const account of seeded.accounts) lines.push(`  Demo ${account.role.padEnd(11)} ${account.username} / ${account.password}`);
  }
  lines.push(`  Booking site:    ${base}/`, `  Staff console:   ${base}/staff`);
  // The office's screens need its id in the address: print them for the first offices.
  const offices: { id: string; name: string }[] = await app.get(DataSource).query(`SELECT id, name FROM offices ORDER BY created_at, name LIMIT 3`);
  for (const office of offices) {
    lines.push(`  ${office.name}`, `    waiting room:  ${base}/display?office=${office.id}`, `    kiosk:         ${base}/kiosk?office=${office.id}`);
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
