/** `npm run seed:demo`: loads the demo data into DATABASE_URL (or the embedded PostgreSQL). */
import 'reflect-metadata';
import { validateEnvironment } from '../config/environment.js';
import { connectDatabase } from '../database/database-connection.js';
import { runMigrations } from '../database/migrate.js';
import { seedDemoAt } from './seed-demo.js';

async function main(): Promise<void> {
  const config = validateEnvironment(process.env);
  const database = await connectDatabase(config);
  try {
    await runMigrations(database.url);
    const result = await seedDemoAt(database.url);
    console.log(`Demo data loaded (${result.officeName} and a municipal office). Staff accounts:`);
    for (const a of result.accounts) console.log(`  ${a.role.padEnd(10)} ${a.username.padEnd(22)} ${a.password.padEnd(24)} ${a.office}`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
