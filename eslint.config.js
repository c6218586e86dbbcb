import nx from '@nx/eslint-plugin';

/** Framework code that the domain library must never import: it stays pure TypeScript + luxon. */
const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'pg', 'socket.io', 'socket.io-*', 'class-validator', 'class-transformer', 'fastify', '@fastify/*', 'express'];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', '.nx/**', 'coverage/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
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
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Command-line entry points and tests talk to the terminal.
    files: ['**/main.ts', '**/*.cli.ts', 'test/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts', '**/*.spec.ts'],
    rules: { 'no-console': 'off' },
  },
];
