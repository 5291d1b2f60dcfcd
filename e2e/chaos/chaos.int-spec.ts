import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '@vigil/testing';
import { CHAOS_SCENARIOS } from './scenarios/chaos-scenarios';
import { removeSharedChaosKafka } from './support/chaos-kafka';
import { CHAOS_SIZES } from './support/chaos-size';

/**
 * Issue 11 item 6 in CI: the short variant (size `ci`: 100 groups, 2,000 points, two kills, short
 * outages) of every chaos scenario that holds on this machine today, each failing on any missing
 * or wrong notification or a repeat without its original's Idempotency-Key. The full sizes are
 * `npm run chaos -- --size full` (docs/chaos.md). The three Kafka scenarios take turns on one
 * broker of their own, started by the first and removed after the last. A scenario with a
 * `notInCi` reason is left out here and only run and reported by `npm run chaos`.
 */
const inCi = CHAOS_SCENARIOS.filter((scenario) => scenario.notInCi === undefined);

afterAll(removeSharedChaosKafka);

// The Kafka scenarios point these at their own broker while they run; one that times out keeps
// running past its test and may not set them back in time, so every test ends with them as they
// were (a leaked KAFKA_BROKERS once sent a later spec of this process to the removed broker).
const INTEGRATION_VARIABLES = ['KAFKA_BROKERS', 'REDIS_URL', 'SCHEMA_REGISTRY_URL'] as const;
const integrationEnv = Object.fromEntries(INTEGRATION_VARIABLES.map((name) => [name, process.env[name]]));
afterEach(() => {
  for (const [name, value] of Object.entries(integrationEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe.each(inCi.map((scenario) => ({ name: scenario.name, scenario })))('chaos: $name (ci size)', ({ scenario }) => {
  it('delivers every notification of the replay oracle, none wrong, every repeat keyed', { timeout: 300_000 }, async () => {
    const result = await scenario.run(CHAOS_SIZES.ci);
    console.log(`chaos ${scenario.name}: ${result.faults}; ${JSON.stringify(result.figures)}`);
    expect(result.figures.expected).toBeGreaterThan(100);
    expect(result.figures.received).toBeGreaterThanOrEqual(result.figures.expected);
    expect({ missing: result.figures.missing, wrong: result.figures.wrong, unkeyedDuplicates: result.figures.unkeyedDuplicates }).toEqual({ missing: 0, wrong: 0, unkeyedDuplicates: 0 });
  });
});

describe('docs/chaos.md', () => {
  it('describes every scenario with its declared summary', () => {
    const docs = readFileSync(join(repositoryRoot(), 'docs/chaos.md'), 'utf8');
    for (const scenario of CHAOS_SCENARIOS) {
      expect(docs).toContain(`### ${scenario.name}`);
      expect(docs).toContain(scenario.summary);
    }
  });
});
