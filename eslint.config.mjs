import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Module boundaries: the language, engine and formatting libraries (type:pure) may not import
// NestJS, kafkajs or ioredis; adapters implement ports from core; nothing imports an app.
const frameworkImports = ['@nestjs/*', 'kafkajs', '@kafkajs/*', 'ioredis'];

// The engine (the language, the evaluation of tasks) and what only moves points and events
// (scope:edge: the notifier, delivery, ingest's HTTP endpoints) meet only at the topic contract
// (@vigil/topic-contract): an edge project may not depend on the engine, directly or through
// another library. tick-lang and tick-engine carry no tag of their own here, so their names are
// also refused as imports in the edge projects and in ingest's points path below.
const engineImports = ['@vigil/evaluation', '@vigil/tick-engine', '@vigil/tick-lang'];
// One exception: a topic handler's `match` is a TICKscript lambda over an alert event, which the
// notifier evaluates per event (docs/control-plane.md); it may take tick-engine's match compiler only.
const topicMatchImports = ['compileTopicMatch', 'TopicMatchError', 'TopicMatch'];
const engineImportRule = (name) => ({
  name,
  message: 'What crosses Kafka is in @vigil/topic-contract; this code must not load the engine.',
  ...(name === '@vigil/tick-engine' ? { allowImportNames: topicMatchImports } : {}),
});

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
        // Tests may load the engine, e.g. the oracle and @vigil/testing's fixtures.
        ...(forTests ? [] : [{ sourceTag: 'scope:edge', notDependOnLibsWithTags: ['scope:engine'] }]),
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
    // Ingest as a whole also serves Kapacitor's task API, which compiles tasks; its points path
    // (the Kafka sink) and the notifier and delivery never load the engine.
    files: ['apps/notifier/src/**/*.ts', 'libs/delivery/src/**/*.ts', 'libs/ingest-http/src/**/*.ts', 'apps/ingest/src/sink/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: engineImports.map(engineImportRule) }],
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
