// `npm run chaos [scenario...] [--size ci|small|full]`: runs the chaos scenarios one after the
// other against the real Kafka and Redis (tools/chaos/run.sh starts them first) and prints one
// table of figures, a row per scenario. Exit 1 when a scenario does not hold (missing, wrong or
// unkeyed duplicate notifications) or could not run; the table is printed either way.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repositoryRoot } from '@vigil/testing';
import { CHAOS_SCENARIOS } from './scenarios/chaos-scenarios';
import { removeSharedChaosKafka } from './support/chaos-kafka';
import { chaosSize } from './support/chaos-size';
import { faultNotes, figuresTable, type ScenarioFailure } from './support/figures-table';
import { holds, type ScenarioResult } from './support/scenario-result';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { size: { type: 'string', default: 'small' }, help: { type: 'boolean', default: false } }, allowPositionals: true });
  const names = CHAOS_SCENARIOS.map((scenario) => scenario.name);
  if (values.help) {
    console.log(`usage: npm run chaos -- [scenario...] [--size ci|small|full]\nscenarios: ${names.join(', ')}`);
    return 0;
  }
  const unknown = positionals.filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    console.error(`unknown scenario(s) ${unknown.join(', ')}; known: ${names.join(', ')}`);
    return 2;
  }
  const size = chaosSize(values.size);
  const selected = positionals.length === 0 ? CHAOS_SCENARIOS : CHAOS_SCENARIOS.filter((scenario) => positionals.includes(scenario.name));
  const rows: (ScenarioResult | ScenarioFailure)[] = [];
  for (const scenario of selected) {
    const started = Date.now();
    console.error(`chaos: ${scenario.name} (${size.name}) ...`);
    try {
      const result = await scenario.run(size);
      rows.push(result);
      console.error(`chaos: ${scenario.name} done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(result.figures)}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      rows.push({ scenario: scenario.name, error: message });
      console.error(`chaos: ${scenario.name} did not run: ${message}`);
    }
  }
  await removeSharedChaosKafka();
  const report = `${figuresTable(rows)}\n\n${faultNotes(rows)}\n`;
  console.log(`\nchaos run, size ${size.name}\n\n${report}`);
  const folder = join(repositoryRoot(), '.vigil', 'chaos');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${size.name}.json`), JSON.stringify({ size, rows }, null, 2));
  return rows.every((row) => !('error' in row) && holds(row.figures)) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
