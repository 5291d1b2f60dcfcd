import { defineTasks, InMemoryCheckpointStore, InMemoryRecordSink, MessageDecoder, parsePartitionKeys } from '@vigil/evaluation';
import type { ConsumedMessage, PartitionOffsets } from '@vigil/kafka';
import { createLogger, createMetricsRegistry } from '@vigil/observability';
import { EvaluatorMetrics } from './evaluator-metrics';
import { PartitionOwners } from './partition-owners';

const SCRIPT = `dbrp "vigil"."autogen"
stream|from().measurement('cpu').groupBy('host')|stateCount(lambda: "v" > 1).as('n')|alert().id('{{ index .Tags "host" }}').crit(lambda: "n" >= 2).stateChangesOnly().post('http://x')`;
const BY_DC = SCRIPT.replace(".groupBy('host')", ".groupBy('dc')").replace('{{ index .Tags "host" }}', '{{ index .Tags "dc" }}');
const keys = parsePartitionKeys('cpu=host');

function record(offset: number, line: string): ConsumedMessage {
  return { topic: 'points', partition: 0, offset: String(offset), key: null, value: Buffer.from(line), headers: { 'vigil-db': 'vigil', 'vigil-rp': 'autogen' }, timestampMs: 1_000 };
}

function setUp(options: { committed?: bigint; logStart?: bigint } = {}) {
  const store = new InMemoryCheckpointStore();
  const sink = new InMemoryRecordSink();
  const registry = createMetricsRegistry({ service: 'evaluator' });
  const offsets = {
    committed: async (partitions: readonly { topic: string; partition: number }[]) => new Map(partitions.map((tp) => [`${tp.topic}:${tp.partition}`, options.committed])),
    logStart: async () => options.logStart ?? 0n,
  } as unknown as PartitionOffsets;
  const holder: { owners?: PartitionOwners } = {};
  const lines: { level: string; msg: string; partition?: number; rebuild?: Record<string, string> }[] = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) };
  const metrics = new EvaluatorMetrics(registry, () => holder.owners?.taskGroups() ?? new Map(), () => 10_000);
  const owners = new PartitionOwners({
    tasks: defineTasks(
      [
        { name: 'by_host', script: SCRIPT },
        { name: 'by_dc', script: BY_DC },
      ],
      keys,
    ),
    pointsTopic: 'points',
    alertsTopic: 'alerts',
    repartitionTopics: new Map([['by_dc', 'rp.by_dc']]),
    store,
    sink,
    decoder: new MessageDecoder({ defaultDatabase: 'vigil', defaultRetentionPolicy: 'autogen' }),
    offsets,
    metrics,
    logger: createLogger({ service: 'test', level: 'info', destination }),
    nowMs: () => 10_000,
  });
  holder.owners = owners;
  return { owners, store, sink, registry, lines };
}

describe('PartitionOwners', () => {
  it('starts a fresh partition at the log start and evaluates its batches', async () => {
    const { owners, sink, registry } = setUp({ logStart: 3n });
    const starts = await owners.onAssigned([{ topic: 'points', partition: 0 }]);
    expect(starts).toEqual(new Map([['points:0', 3n]]));
    const decision = await owners.handleBatch({
      topic: 'points',
      partition: 0,
      messages: [record(3, 'cpu,host=a,dc=x v=2 1'), record(4, 'cpu,host=a,dc=x v=3 2')],
      highWatermark: 9n,
      heartbeat: async () => undefined,
    });
    expect(decision).toEqual({ commit: true });
    expect(sink.on('alerts').map((event) => event.key)).toEqual(['a']);
    expect(sink.on('rp.by_dc').map((forward) => forward.key)).toEqual(['dc=x', 'dc=x']);
    const text = await registry.metrics();
    expect(text).toMatch(/vigil_evaluator_consumer_lag_messages\{topic="points",partition="0",service="evaluator"\} 4/);
    expect(text).toMatch(/vigil_evaluator_consumer_lag_seconds\{topic="points",partition="0",service="evaluator"\} 9/);
    expect(text).toMatch(/vigil_evaluator_task_groups\{task="by_host",service="evaluator"\} 1/);
    expect(text).toMatch(/vigil_evaluator_events_total\{level="CRITICAL",service="evaluator"\} 1/);
    expect(text).toMatch(/vigil_evaluator_task_points_total\{task="by_host",service="evaluator"\} 2/);
  });

  it('runs a repartitioned task on its own topic', async () => {
    const { owners, sink } = setUp();
    await owners.onAssigned([{ topic: 'rp.by_dc', partition: 1 }]);
    const forwarded = (offset: number, host: string, time: number) => ({ ...record(offset, `cpu,dc=x,host=${host} v=5 ${time}`), topic: 'rp.by_dc', partition: 1, headers: { 'vigil-db': 'vigil', 'vigil-rp': 'autogen', 'vigil-source': `points:${offset}:0:0` } });
    await owners.handleBatch({ topic: 'rp.by_dc', partition: 1, messages: [forwarded(0, 'a', 1), forwarded(1, 'b', 2)], highWatermark: 2n, heartbeat: async () => undefined });
    expect(sink.on('alerts').map((event) => [event.key, event.headers['vigil-task']])).toEqual([['x', 'by_dc']]);
  });

  it('asks to read again when a batch starts after the saved state, unless the log lost those records', async () => {
    const { owners, store } = setUp({ committed: 10n, logStart: 0n });
    await store.save({ topic: 'points', partition: 0 }, '5', { fields: {} });
    expect(await owners.onAssigned([{ topic: 'points', partition: 0 }])).toEqual(new Map([['points:0', 5n]]));
    const batch = { topic: 'points', partition: 0, messages: [record(10, 'cpu,host=a v=1 1')], highWatermark: 11n, heartbeat: async () => undefined };
    expect(await owners.handleBatch(batch)).toEqual({ seek: 5n });

    const trimmed = setUp({ committed: 10n, logStart: 8n });
    await trimmed.store.save({ topic: 'points', partition: 0 }, '5', { fields: {} });
    await trimmed.owners.onAssigned([{ topic: 'points', partition: 0 }]);
    expect(await trimmed.owners.handleBatch({ ...batch, messages: [record(8, 'cpu,host=a v=1 1')] })).toEqual({ commit: true });
  });

  it('rebuilds a checkpoint the store lost from the log start, says so in one error line and counts it', async () => {
    const { owners, sink, registry, lines } = setUp({ committed: 2n, logStart: 0n });
    expect(await owners.onAssigned([{ topic: 'points', partition: 0 }])).toEqual(new Map([['points:0', 0n]]));
    const errors = lines.filter((line) => line.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        partition: 0,
        rebuild: { reason: 'missing', coverage: 'complete', held: '2', from: '0', quietUntil: '2', logStart: '0' },
        msg: expect.stringContaining('the checkpoint store lost the state of points:0 (it held a checkpoint at offset 2 and now holds none): rebuilding it from offset 0'),
      }),
    ]);
    expect(await registry.metrics()).toMatch(/vigil_evaluator_state_rebuilds_total\{topic="points",partition="0",reason="missing",coverage="complete",service="evaluator"\} 1/);
    // Records 0 and 1 raised host a to CRITICAL before the loss: that event is not written again;
    // host b's, caused by records 2 and 3, is.
    const messages = [record(0, 'cpu,host=a v=2 1'), record(1, 'cpu,host=a v=3 2'), record(2, 'cpu,host=b v=2 3'), record(3, 'cpu,host=b v=3 4')];
    expect(await owners.handleBatch({ topic: 'points', partition: 0, messages, highWatermark: 4n, heartbeat: async () => undefined })).toEqual({ commit: true });
    expect(sink.on('alerts').map((event) => event.key)).toEqual(['b']);
    expect(lines.filter((line) => line.msg.startsWith('lost state rebuilt'))).toEqual([expect.objectContaining({ partition: 0, offset: '4', quietEvents: 1 })]);
  });

  it('asks from a tick to read again when the state was found lost, once, so that an idle partition rebuilds', async () => {
    const { owners, store } = setUp();
    const tp = { topic: 'points', partition: 0 };
    await owners.onAssigned([tp]);
    const batch = (messages: ConsumedMessage[]) => ({ ...tp, messages, highWatermark: 4n, heartbeat: async () => undefined });
    expect(await owners.handleBatch(batch([record(0, 'cpu,host=a v=2 1'), record(1, 'cpu,host=a v=3 2')]))).toEqual({ commit: true });
    // Redis restarts empty under the next save; no record follows the failed batch.
    const save = store.save.bind(store);
    store.save = async () => {
      store.save = save;
      store.forget(tp);
      throw new Error('connection lost');
    };
    await expect(owners.handleBatch(batch([record(2, 'cpu,host=b v=2 3')]))).rejects.toThrow('connection lost');
    expect(await owners.tick()).toEqual([{ partition: tp, offset: 0n }]);
    expect(await owners.tick()).toEqual([]);
    const messages = [record(0, 'cpu,host=a v=2 1'), record(1, 'cpu,host=a v=3 2'), record(2, 'cpu,host=b v=2 3')];
    expect(await owners.handleBatch(batch(messages))).toEqual({ commit: true });
  });

  it('drops a revoked partition and refuses batches for partitions it does not own', async () => {
    const { owners, registry } = setUp();
    await owners.onAssigned([{ topic: 'points', partition: 0 }]);
    await owners.onRevoked([{ topic: 'points', partition: 0 }]);
    expect(owners.owned).toBe(0);
    await expect(owners.handleBatch({ topic: 'points', partition: 0, messages: [record(0, 'cpu v=1 1')], highWatermark: 1n, heartbeat: async () => undefined })).rejects.toThrow(/no restored state/);
    expect(await registry.metrics()).not.toMatch(/vigil_evaluator_consumer_lag_messages\{/);
  });
});
