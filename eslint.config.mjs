import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Module boundaries: the language, engine and formatting libraries (type:pure) may not import
// NestJS, kafkajs or ioredis; adapters implement ports from core; nothing imports an app.
const frameworkImports = ['@nestjs/*', 'kafkajs', '@kafkajs/*', 'ioredis'];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '.cache/**', '.vigil/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:pure', onlyDependOnLibsWithTags: ['type:pure'], bannedExternalImports: frameworkImports },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:pure', 'type:adapter'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:pure', 'type:adapter', 'type:testing'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:pure', 'type:adapter', 'type:testing'] },
          ],
        },
      ],
    },
  },
];
