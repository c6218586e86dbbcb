import nx from '@nx/eslint-plugin';

/** Framework code that the domain library must never import: it stays pure TypeScript + luxon. */
const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'pg', 'socket.io', 'socket.io-*', 'class-validator', 'class-transformer', 'fastify', '@fastify/*', 'express'];
/** Server-side code that browser code (front ends, their libs) must never pull into a bundle. */
const SERVER_ONLY = ['@nestjs/*', 'typeorm', 'pg', 'socket.io', 'class-validator', 'class-transformer', 'fastify', '@fastify/*', 'express', 'luxon', 'node:*', 'argon2', 'ioredis', 'pino'];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', '.nx/**', 'coverage/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: FRAMEWORKS },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:shared'] },
            { sourceTag: 'type:shared', onlyDependOnLibsWithTags: ['type:shared', 'type:domain'] },
            // Browser: the front ends use the typed client and the shared UI, never the API's code or the domain lib.
            { sourceTag: 'type:frontend', onlyDependOnLibsWithTags: ['type:ui', 'type:client'], bannedExternalImports: SERVER_ONLY },
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:client'], bannedExternalImports: SERVER_ONLY },
            { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:client'], bannedExternalImports: [...SERVER_ONLY, 'react', 'react-*'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Build configuration, not app code: the front ends share one Vite setup in tools/.
    files: ['apps/*/vite.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // Command-line entry points and tests talk to the terminal.
    files: ['**/main.ts', '**/*.cli.ts', 'test/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts', '**/*.spec.ts'],
    rules: { 'no-console': 'off' },
  },
];
