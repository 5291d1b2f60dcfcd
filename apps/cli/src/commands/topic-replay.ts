import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError } from '@vigil/config';
import { createPointsTopicDecoder, pointsOfTopicRange } from '@vigil/evaluation';
import { avroPointDecoder, createKafka, readTopicTimeRange, TopicNotFoundError, type ConsumedMessage } from '@vigil/kafka';
import { createLogger, routeProcessWarnings } from '@vigil/observability';
import { taskSourceOf } from '@vigil/kapacitor-api';
import { compileTickScript, type Pipeline } from '@vigil/tick-lang';
import { stringOption, UsageError, type OptionSpec, type ParsedArgs } from '../args/parse-args';
import { parseTime } from './batch-replay';
import type { CommandIo } from './command-io';
import { describeConnectionError, DlqConnectionError } from './dlq-errors';
import { ReplayTask } from './replay-task';
import { readTopicTask } from './topic-task';
import { withScriptErrors } from './script-errors';
import { readTaskVars } from './task-vars';
import { loadTopicReplayConfig, type TopicReplayConfig } from './topic-replay-config';

export const TOPIC_REPLAY_OPTIONS: readonly OptionSpec[] = [
  { name: 'from-topic', takesValue: true, description: 'the points topic to read instead of --data (with --tick or --task, --start and --stop; KAFKA_BROKERS and the Kafka security variables as the services take them)' },
  { name: 'tasks-topic', takesValue: true, description: 'with --from-topic --task: the tasks topic the task is read from (default TASKS_TOPIC, else vigil.tasks)' },
  { name: 'brokers', takesValue: true, description: 'with --from-topic: host:port[,host:port...] (default KAFKA_BROKERS)' },
];

/** Fails fast (a few seconds) when the brokers are unreachable: an operator is waiting. */
const KAFKA_RETRIES = 3;
/** A long range of a busy topic takes minutes to read; past this the read is taken for stuck. */
const READ_TIMEOUT_MS = 15 * 60_000;

/**
 * `vigil replay --tick t.tick --from-topic TOPIC --start T --stop T`: a backtest on real history
 * without recording first. Reads every partition of the points topic from the first record
 * stamped at or after --start to the first stamped at or after --stop, decodes the records as the
 * evaluator does (line protocol, JSON, Avro through SCHEMA_REGISTRY_URL), keeps the points with
 * times in [start, stop) and runs the task over them as the file replay does, each partition's
 * points in offset order and the partitions interleaved by point time (`pointsByTime`).
 * `--task NAME` replaces `--tick`: the task as the tasks topic holds it (`readTopicTask`).
 */
export async function runTopicReplay(args: ParsedArgs, io: CommandIo, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const topic = stringOption(args, 'from-topic') as string;
  const tickPath = stringOption(args, 'tick');
  const taskOption = stringOption(args, 'task');
  const startText = stringOption(args, 'start');
  const stopText = stringOption(args, 'stop');
  if ((tickPath === undefined) === (taskOption === undefined) || !startText || !stopText) throw new UsageError('replay --from-topic needs one of --tick FILE or --task NAME, and --start TIME and --stop TIME');
  const start = parseTime(startText, '--start');
  const stop = parseTime(stopText, '--stop');
  if (stop <= start) throw new UsageError('--stop must be after --start');
  const brokers = stringOption(args, 'brokers');
  let config: TopicReplayConfig;
  try {
    config = loadTopicReplayConfig(brokers === undefined ? env : { ...env, KAFKA_BROKERS: brokers });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`${error.message}\n`);
    return 1;
  }

  const kafka = kafkaOf(config);
  let task: ReplayedTask;
  let records: ConsumedMessage[];
  try {
    task = tickPath === undefined ? await taskOfTopic(kafka, stringOption(args, 'tasks-topic') ?? config.TASKS_TOPIC, taskOption as string) : taskOfFile(tickPath, args);
    records = await readRange(kafka, config, topic, start, stop);
  } catch (error) {
    if (!(error instanceof DlqConnectionError)) throw error;
    io.stderr(`vigil: ${error.message}\n`);
    return 1;
  }
  const points = await pointsOfTopicRange(createPointsTopicDecoder(config, avroPointDecoder), records, (point) => point.time >= start && point.time < stop, (record) =>
    io.stderr(`vigil: ${topic} ${record.partition}/${record.offset}: ${record.errors} unreadable (first: ${record.firstError}); skipped\n`),
  );

  const { pipeline, label, source } = task;
  // As the file replay: a script without a dbrp takes the points of --db/--rp (default vigil.autogen).
  const dbrps = pipeline.dbrps.length > 0 ? pipeline.dbrps : [{ database: stringOption(args, 'db') ?? 'vigil', retentionPolicy: stringOption(args, 'rp') ?? 'autogen' }];
  const replay = new ReplayTask({ ...pipeline, dbrps }, { taskName: task.name, tickPath: label, source, io });
  replay.writeAll(points, io);
  replay.reportDropped(io);
  return 0;
}

/** The compiled task to replay, with its name and the script and label its errors are shown with. */
interface ReplayedTask {
  readonly name: string;
  readonly pipeline: Pipeline;
  readonly source: string;
  readonly label: string;
}

/** A task of a `.tick` file, with --vars and --task-name as the file replay takes them. */
function taskOfFile(tickPath: string, args: ParsedArgs): ReplayedTask {
  const source = readFileSync(tickPath, 'utf8');
  const vars = readTaskVars(stringOption(args, 'vars'));
  const { pipeline } = withScriptErrors(tickPath, source, () => compileTickScript(source, { vars }));
  return { name: stringOption(args, 'task-name') ?? basename(tickPath).replace(/\.tick$/, ''), pipeline, source, label: tickPath };
}

/** A task of the tasks topic, compiled as the evaluator compiles it: its script, vars and its record's dbrps. */
async function taskOfTopic(kafka: KafkaAccess, tasksTopic: string, name: string): Promise<ReplayedTask> {
  const source = taskSourceOf(await readTopicTask(kafka.client, tasksTopic, name, kafka.logger));
  const options = { ...(source.vars === undefined ? {} : { vars: source.vars }), ...(source.dbrps === undefined ? {} : { dbrps: source.dbrps }) };
  const label = `task ${name}`;
  const { pipeline } = withScriptErrors(label, source.script, () => compileTickScript(source.script, options));
  return { name, pipeline, source: source.script, label };
}

interface KafkaAccess {
  readonly client: ReturnType<typeof createKafka>;
  readonly logger: ReturnType<typeof createLogger>;
}

function kafkaOf(config: TopicReplayConfig): KafkaAccess {
  const logger = createLogger({ service: 'vigil-cli', level: config.LOG_LEVEL, destination: process.stderr });
  // kafkajs on Node 24 triggers a harmless TimeoutNegativeWarning that would otherwise reach stderr.
  routeProcessWarnings(logger);
  return { client: createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger, retries: KAFKA_RETRIES, security: config.kafkaSecurity }), logger };
}

/** The records stamped in the range, rounded outwards to the milliseconds Kafka timestamps have. */
async function readRange(kafka: KafkaAccess, config: TopicReplayConfig, topic: string, start: bigint, stop: bigint): Promise<ConsumedMessage[]> {
  const { client, logger } = kafka;
  const startMs = Number(start / 1_000_000n);
  const stopMs = Number((stop + 999_999n) / 1_000_000n);
  try {
    return await readTopicTimeRange(client, topic, startMs, stopMs, { groupId: `vigil-cli-replay-${randomUUID()}`, logger, timeoutMs: READ_TIMEOUT_MS });
  } catch (error) {
    if (error instanceof TopicNotFoundError) throw new DlqConnectionError(`points topic ${topic} does not exist (--from-topic)`);
    throw describeConnectionError(error, `Kafka at ${config.KAFKA_BROKERS.join(',')}, topic ${topic}`);
  }
}
