import { declareRemoteUdfSignatures, encodeUdfSignaturesRecord, UDF_SIGNATURES_FRESH_MS, udfSignaturesKey, type UdfSignature } from '@vigil/evaluation';
import { taskObject, type KapacitorTask } from '@vigil/kapacitor-api';
import { createLogger } from '@vigil/observability';
import { connectRedis, quitRedis, RedisServerRecords, type Redis } from '@vigil/redis';
import { redisUrl, uniqueName } from '@vigil/testing';
import { EvaluatorUdfSignatures } from './evaluator-udf-signatures';
import { TopicTaskStore } from './topic-task-store';

const logger = createLogger({ service: 'evaluator-udf-signatures-int-spec', level: 'silent' });
const TIME = '2024-05-01T10:00:00.000Z';
/** What Kapacitor's moving_avg agent answers to Info. */
const MOVING_AVERAGE: UdfSignature = { wants: 'stream', provides: 'stream', options: { field: ['string'], size: ['int'], as: ['string'] } };
const script = (call: string): string => `dbrp "vigil"."autogen"\nstream\n    |from().measurement('cpu')\n    ${call}\n    |alert().crit(lambda: "avg" > 90.0)\n`;
const taskOf = (name: string, call: string): KapacitorTask => ({ name, script: script(call), status: 'enabled', record: { dbrps: [], created: TIME, modified: TIME, lastEnabled: TIME } });

describe("ingest checks UDF tasks against the functions the evaluators published, in real Redis", () => {
  let redis: Redis;
  const tasksTopic = uniqueName('vigil.tasks');
  let nowMs = Date.now();
  let written: string[];
  let store: TopicTaskStore;

  beforeAll(async () => {
    redis = await connectRedis({ url: redisUrl(), logger, connectionName: 'evaluator-udf-signatures-int-spec' });
  });

  beforeEach(() => {
    written = [];
    const udfs = new EvaluatorUdfSignatures(() => redis, tasksTopic, logger, () => nowMs);
    store = new TopicTaskStore((key) => (written.push(key), Promise.resolve(BigInt(written.length))), logger, undefined, undefined, udfs);
  });

  afterAll(async () => {
    declareRemoteUdfSignatures({});
    await redis.del(udfSignaturesKey(tasksTopic));
    await quitRedis(redis);
  });

  it('refuses @movingAverage() while no evaluator declares it, naming the function and where UDFs are declared', async () => {
    await expect(store.define(taskOf('ma', "@movingAverage().field('usage').size(3).as('avg')"))).rejects.toThrow(
      "task ma: 4:6: no user-defined function movingAverage is declared (none is declared); functions are declared in vigil's UDF configuration (vigil serve --udf-config, the evaluators' UDF_CONFIG_FILE), not by a task",
    );
    expect(written).toEqual([]);
  });

  it("accepts it once an evaluator published it, checks its options, refuses new uses once that evaluator's record goes stale and still shows the accepted task", async () => {
    const evaluators = new RedisServerRecords(redis, udfSignaturesKey(tasksTopic));
    await evaluators.publish('evaluator-a:9090', encodeUdfSignaturesRecord({ atMs: nowMs, functions: { movingAverage: MOVING_AVERAGE } }), 60_000);
    await evaluators.publish('evaluator-b:9090', encodeUdfSignaturesRecord({ atMs: nowMs, functions: {} }), 60_000);

    await store.define(taskOf('ma', "@movingAverage().field('usage').size(3).as('avg')"));
    expect(written).toEqual(['ma']);
    await expect(store.define(taskOf('bad', "@movingAverage().field('usage').size('3')"))).rejects.toThrow(/^task bad: 4:\d+: .*size/);
    await expect(store.define(taskOf('other', "@median().field('usage')"))).rejects.toThrow('no user-defined function median is declared (declared: movingAverage)');

    nowMs += UDF_SIGNATURES_FRESH_MS + 1;
    await expect(store.define(taskOf('ma2', "@movingAverage().field('usage').size(3).as('avg')"))).rejects.toThrow('no user-defined function movingAverage is declared (none is declared)');
    expect(written).toEqual(['ma']);
    // The accepted task still shows (kapacitor show compiles it) while its evaluators are gone.
    expect(taskObject(store.get('ma') as KapacitorTask).dot).toContain('movingAverage');
    expect(await redis.pttl(udfSignaturesKey(tasksTopic))).toBeGreaterThan(0);
  });
});
