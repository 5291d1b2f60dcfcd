import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure code, in-memory fakes) and `int` (real Kafka, Redis and services,
// started by tools/infra). Both resolve @vigil/* packages to their TypeScript sources.
const resolve = { conditions: ['@vigil/source'] };
// Vitest resolves imports for Node through Vite's SSR resolver, which needs the condition too;
// without it a stale dist/ folder would shadow the sources.
const ssr = { resolve: { conditions: ['@vigil/source'], externalConditions: ['@vigil/source'] } };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'unit',
          // Property tests do real work; CI runs them beside a Kafka broker on two cores.
          testTimeout: 30_000,
          globals: true,
          include: ['libs/*/src/**/*.spec.ts', 'apps/*/src/**/*.spec.ts', 'libs/*/test/**/*.spec.ts', 'apps/*/test/**/*.spec.ts'],
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'int',
          globals: true,
          include: ['libs/*/src/**/*.int-spec.ts', 'apps/*/src/**/*.int-spec.ts', 'apps/*/test/**/*.int-spec.ts', 'e2e/**/*.int-spec.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
