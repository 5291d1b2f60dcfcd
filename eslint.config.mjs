import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Module boundaries: the language, engine and formatting libraries (type:pure) may not import
// NestJS, kafkajs or ioredis; adapters implement ports from core; nothing imports an app.
const frameworkImports = ['@nestjs/*', 'kafkajs', '@kafkajs/*', 'ioredis'];

// Tests may also use the shared test helpers (@vigil/testing); production code may not.
function boundaries({ forTests }) {
  const testing = forTests ? ['type:testing'] : [];
  return [
    'error',
    {
      allow: [],
      banTransitiveDependencies: false,
      depConstraints: [
        { sourceTag: 'type:pure', onlyDependOnLibsWithTags: ['type:pure', ...testing], bannedExternalImports: frameworkImports },
        { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:pure', 'type:adapter', ...testing] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:pure', 'type:adapter', 'type:testing'] },
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:pure', 'type:adapter', 'type:testing'] },
      ],
    },
  ];
}

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '.cache/**', '.vigil/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': boundaries({ forTests: false }),
    },
  },
  {
    // CommonJS launchers and scripts load modules with require() by design.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.test.ts', '**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries({ forTests: true }) },
  },
];
