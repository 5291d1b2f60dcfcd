import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '@vigil/testing';
import { CHAOS_SCENARIOS } from './scenarios/chaos-scenarios';
import { CHAOS_SIZES } from './support/chaos-size';

/**
 * Issue 11 item 6 in CI: the short variant (size `ci`: 100 groups, 2,000 points, two kills, short
 * outages) of every chaos scenario that holds on this machine today, each failing on any missing
 * or wrong notification or a repeat without its original's Idempotency-Key. The full sizes are
 * `npm run chaos -- --size full` (docs/chaos.md). Left out, each with its reason in the
 * scenario's `notInCi`:
 * - kafka-restart, kafka-kill: CI time (a broker of their own each, about 30 s to start).
 * - kafka-pause: at size ci it did not settle within 5 minutes in two tries (full size held).
 * - serve-disk-full: issue 11 item 4 (vigil serve survives a full disk) is not built yet.
 * They are run and reported by `npm run chaos`, never asserted here.
 */
const inCi = CHAOS_SCENARIOS.filter((scenario) => scenario.notInCi === undefined);

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
