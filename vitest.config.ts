import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // NestJS and TypeORM read decorator metadata, which esbuild/oxc don't emit: SWC compiles the tests.
  plugins: [
    swc.vite({
      exclude: ['**/node_modules/**', '**/*.tsx'],
      module: { type: 'es6' },
      // `tsx: false`: tsconfig.json's "jsx" (for the API's email templates) must not make `<T>x` in .ts files JSX.
      jsc: { target: 'es2023', parser: { syntax: 'typescript', tsx: false, decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } },
    }),
    // The API's email templates are React components (apps/api/src/notifications/messages/*.tsx).
    swc.vite({
      include: ['**/*.tsx'],
      exclude: ['**/node_modules/**'],
      module: { type: 'es6' },
      jsc: { target: 'es2023', parser: { syntax: 'typescript', tsx: true, decorators: true }, transform: { react: { runtime: 'automatic' } } },
    }),
  ],
  resolve: {
    alias: { '@turnero/scheduling': fileURLToPath(new URL('./libs/scheduling/src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['libs/**/src/**/*.spec.ts', 'apps/**/src/**/*.spec.ts', 'test/**/*.spec.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // The domain library carries the API's correctness: `npm test` enforces its line coverage.
    coverage: {
      provider: 'v8',
      include: ['libs/scheduling/src/**/*.ts'],
      exclude: ['**/*.spec.ts', '**/index.ts'],
      reporter: ['text-summary'],
      thresholds: { lines: 95 },
    },
    env: { NODE_ENV: 'test', LOG_LEVEL: 'warn' },
  },
});
