import { waitFor } from '@vigil/testing';
import { remoteWriteBody, type Series } from '../../apps/ingest/test/remote-write-body';
import { START_SECONDS, productionPlanLines, productionPlanSamples } from '../../examples/production-plan/production-plan-data';
import { useServeFixture } from '../standalone/support/serve-fixture';
import { exampleFile, exampleTasks, lines, runVigil } from './support/examples';
import { FakeBotApi } from './support/production-plan-bot-api';
import { productionPlanOracle, productionPlanTime } from './support/production-plan-oracle';

interface AlertJson {
  readonly id: string;
  readonly message: string;
  readonly level: string;
  readonly time: string;
  readonly duration: number;
  readonly data: { readonly series: readonly { readonly columns: readonly string[]; readonly values: readonly (readonly unknown[])[] }[] };
}

const EXAMPLE = 'production-plan';
const expected = lines(exampleFile(EXAMPLE, 'expected.jsonl'));
const BOT_TOKEN = '4004:production-plan-test-token';
const CHAT_ID = '-1004004';

/** A field of the point an event carries. */
function fieldValue(alert: AlertJson, field: string): number {
  const series = alert.data.series[0];
  return Number(series?.values[0]?.[series.columns.indexOf(field)]);
}

/** The samples as Prometheus sends them: one remote_write body per scrape time, in time order. */
function remoteWriteBodies(): Buffer[] {
  const byTime = new Map<number, Series[]>();
  for (const sample of productionPlanSamples()) {
    const scrape = byTime.get(sample.second) ?? [];
    scrape.push({ labels: { __name__: sample.metric, ...sample.labels }, samples: [{ value: sample.value, timestampMs: (START_SECONDS + sample.second) * 1000 }] });
    byTime.set(sample.second, scrape);
  }
  return [...byTime.values()].map((scrape) => remoteWriteBody(scrape));
}

/**
 * examples/production-plan (shared seed 004): the data file is what its generator writes,
 * expected.jsonl says what the rules say when worked out without the engine
 * (support/production-plan-oracle.ts), every task replayed gives exactly its lines, and `vigil
 * serve` fed the same samples through Prometheus remote_write sends each event's message to the
 * Telegram chat of its handler config.
 */
describe('examples/production-plan', () => {
  const fixture = useServeFixture('example-production-plan');
  const botApi = new FakeBotApi();
  afterAll(() => botApi.stop());

  it('holds the samples its generator writes', () => {
    expect(exampleFile(EXAMPLE, 'production-plan.lp')).toBe(productionPlanLines());
  });

  it('expects the events the rules give when worked out by hand', () => {
    const alerts = expected.map((line) => JSON.parse(line) as AlertJson);
    const oracle = productionPlanOracle();
    expect(alerts.map((alert) => [alert.id, alert.level, alert.time, alert.duration])).toEqual(
      oracle.map((event) => [event.id, event.level, productionPlanTime(event.second), event.durationSeconds * 1e9]),
    );
    oracle.forEach((event, i) => expect(fieldValue(alerts[i] as AlertJson, event.field)).toBeCloseTo(event.value, 9));
  });

  it('gives exactly expected.jsonl through vigil replay, task by task', async () => {
    const data = fixture.file('production-plan.lp', exampleFile(EXAMPLE, 'production-plan.lp'));
    const printed: string[] = [];
    for (const task of exampleTasks(EXAMPLE)) {
      const run = await runVigil('replay', '--tick', fixture.file(task, exampleFile(EXAMPLE, task)), '--data', data);
      expect({ task, code: run.code }).toEqual({ task, code: 0 });
      printed.push(...lines(run.stdout));
    }
    expect(printed).toEqual(expected);
  });

  it('passes its rule tests under vigil test', async () => {
    const run = await runVigil('test', `examples/${EXAMPLE}/production-plan.test.yaml`);
    expect({ code: run.code, summary: lines(run.stdout).at(-1) }).toEqual({ code: 0, summary: '7 passed, 0 failed' });
  });

  it('sends the same messages to Telegram when the samples arrive through remote_write', async () => {
    const botUrl = await botApi.start();
    const handlers = fixture.file('handlers.json', JSON.stringify({ telegram: { token: BOT_TOKEN, url: botUrl, chatId: CHAT_ID } }));
    const tasks = exampleTasks(EXAMPLE).flatMap((task) => ['--task', fixture.file(task, exampleFile(EXAMPLE, task))]);
    const serve = await fixture.serve([...tasks, '--handlers-config', handlers]);
    for (const body of remoteWriteBodies()) {
      const written = await fetch(`${serve.url}/api/v1/write`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0' },
        body,
      });
      expect(written.status).toBe(204);
    }
    await waitFor(() => botApi.calls.length >= expected.length, { timeoutMs: 30_000, what: `${expected.length} Telegram messages` });
    const messages = expected.map((line) => (JSON.parse(line) as AlertJson).message);
    expect(botApi.calls.map((call) => call.body.text).sort()).toEqual([...messages].sort());
    expect(new Set(botApi.calls.map((call) => `${call.path} ${call.body.chat_id}`))).toEqual(new Set([`/bot${BOT_TOKEN}/sendMessage ${CHAT_ID}`]));
    expect(await serve.stop()).toBe(0);
    expect(botApi.calls).toHaveLength(expected.length);
  });
});
