import { ConfigError } from '@vigil/config';
import { AckedProducer, createKafka, TopicNotFoundError } from '@vigil/kafka';
import { createLogger, routeProcessWarnings, type Logger } from '@vigil/observability';
import { connectRedis, quitRedis, RedisDeliveryLedger, type Redis } from '@vigil/redis';
import { parseArgs, stringOption, UsageError, type OptionSpec } from '../args/parse-args';
import type { CommandHelp } from '../args/command-help';
import type { CommandIo } from './command-io';
import { loadDlqConfig, type DlqConfig } from './dlq-config';
import { matchesFilter, replayLetters, type LetterFilter } from '@vigil/standalone';
import { letterLine, type ListedLetter } from './dlq-letter-line';
import { DlqStandaloneError, listFolderLetters, replayInFolder, replayThroughServer } from './dlq-standalone';
import { readDeadLetters } from './dlq-topic';
import { DlqConnectionError, describeConnectionError } from './dlq-errors';
import { damagedDataFolderMessage, EXIT_DATA_FOLDER_DAMAGED } from './data-folder-errors';

export const DLQ_LIST_OPTIONS: readonly OptionSpec[] = [
  { name: 'event', takesValue: true, description: 'only letters of this event id' },
  { name: 'handler', takesValue: true, description: 'only letters of this handler key, e.g. 0:post' },
  { name: 'json', takesValue: false, description: 'one JSON object per line (the default and only format)' },
  { name: 'data', takesValue: true, description: "a standalone server's data folder (vigil serve --data) instead of Kafka and Redis" },
];

export const DLQ_REPLAY_OPTIONS: readonly OptionSpec[] = [
  ...DLQ_LIST_OPTIONS,
  { name: 'dry-run', takesValue: false, description: 'say what would be replayed, change nothing' },
  { name: 'url', takesValue: true, description: 'the running standalone server (http://host:port) to replay through' },
];

const DLQ_ENVIRONMENT = ['KAFKA_BROKERS, REDIS_URL, ALERTS_TOPIC, DEAD_LETTER_TOPIC, REDIS_KEY_PREFIX, LOG_LEVEL: the distributed mode (without --data or --url)'];

export const DLQ_HELP: CommandHelp = {
  usage: 'dlq list|replay [options]',
  summary: "The notifier's dead letters: events a handler could not deliver.",
  options: [],
  subcommands: {
    list: {
      usage: 'dlq list [--event ID] [--handler KEY] [--data DIR]',
      summary: "Print the notifier's dead letters as JSON lines, from the dead-letter topic (or, with --data, a vigil serve folder).",
      options: DLQ_LIST_OPTIONS,
      environment: DLQ_ENVIRONMENT,
    },
    replay: {
      usage: 'dlq replay [--event ID] [--handler KEY] [--dry-run] [--data DIR | --url http://HOST:PORT]',
      summary: 'Re-publish the still-dead events to the alerts topic for the notifier to deliver again; --url through a running vigil serve, --data into a stopped one\'s folder.',
      options: DLQ_REPLAY_OPTIONS,
      environment: DLQ_ENVIRONMENT,
    },
  },
};

/**
 * `vigil dlq list|replay`: reads the notifier's dead-letter topic from its start to its current
 * end (committing nothing), prints the letters, and on replay re-publishes the still-dead
 * (event, handler) pairs to the alerts topic for the notifier to deliver again. With `--data`
 * or `--url` the same for a standalone server's dead-letter file and event log.
 */
export function runDlq(argv: readonly string[], io: CommandIo): Promise<number> {
  return runDlqWith(argv, io, process.env);
}

/** Fails fast (a few seconds) when the brokers are unreachable: an operator is waiting. */
const KAFKA_RETRIES = 3;

export async function runDlqWith(argv: readonly string[], io: CommandIo, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (subcommand !== 'list' && subcommand !== 'replay') {
    throw new UsageError(subcommand === undefined ? 'dlq needs a subcommand: list or replay' : `unknown dlq subcommand "${subcommand}" (known: list, replay)`);
  }
  const args = parseArgs(rest, subcommand === 'list' ? DLQ_LIST_OPTIONS : DLQ_REPLAY_OPTIONS);
  if (args.positionals.length > 0) throw new UsageError(`dlq ${subcommand} takes no arguments, got "${args.positionals.join(' ')}"`);
  const filter: LetterFilter = { eventId: stringOption(args, 'event'), handlerKey: stringOption(args, 'handler') };
  const standalone = await runStandalone(subcommand, stringOption(args, 'data'), stringOption(args, 'url'), filter, args.options.has('dry-run'), io);
  if (standalone !== undefined) return standalone;
  let config: DlqConfig;
  try {
    config = loadDlqConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`${error.message}\n`);
    return 1;
  }
  const logger = createLogger({ service: 'vigil-cli', level: config.LOG_LEVEL, destination: process.stderr });
  // kafkajs on Node 24 triggers a harmless TimeoutNegativeWarning that would otherwise reach stderr.
  routeProcessWarnings(logger);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger, retries: KAFKA_RETRIES, security: config.kafkaSecurity });
  try {
    const letters = await readLetters(kafka, config, logger, filter, io);
    if (subcommand === 'list') {
      for (const listed of letters) io.stdout(`${letterLine(listed)}\n`);
      return 0;
    }
    return await replay(kafka, config, logger, letters, args.options.has('dry-run'), io);
  } catch (error) {
    if (!(error instanceof DlqConnectionError)) throw error;
    io.stderr(`vigil: ${error.message}\n`);
    return 1;
  }
}

/**
 * The standalone mode (`--data`, `--url`): list from the folder's file; replay through the
 * running server, which holds the folder's lock, or, when none runs, into the folder itself.
 * Undefined when neither option is given (the Kafka mode).
 */
async function runStandalone(subcommand: 'list' | 'replay', data: string | undefined, url: string | undefined, filter: LetterFilter, dryRun: boolean, io: CommandIo): Promise<number | undefined> {
  try {
    if (url !== undefined) return await replayThroughServer(url, filter, dryRun, io);
    if (data === undefined) return undefined;
    return subcommand === 'list' ? await listFolderLetters(data, filter, io) : await replayInFolder(data, filter, dryRun, io);
  } catch (error) {
    const damaged = data === undefined ? undefined : damagedDataFolderMessage(error, data);
    if (damaged !== undefined) {
      io.stderr(`${damaged}\n`);
      return EXIT_DATA_FOLDER_DAMAGED;
    }
    if (!(error instanceof DlqStandaloneError)) throw error;
    io.stderr(`vigil: ${error.message}\n`);
    return 1;
  }
}

type Kafka = ReturnType<typeof createKafka>;

async function readLetters(kafka: Kafka, config: DlqConfig, logger: Logger, filter: LetterFilter, io: CommandIo): Promise<ListedLetter[]> {
  try {
    const snapshot = await readDeadLetters(kafka, config.DEAD_LETTER_TOPIC, logger);
    for (const line of snapshot.unreadable) io.stderr(`vigil: skipped a record of ${config.DEAD_LETTER_TOPIC} at ${line}\n`);
    return snapshot.letters.filter((listed) => matchesFilter(listed.letter, filter));
  } catch (error) {
    // A topic nobody wrote to yet (no letter ever, or the notifier never ran) holds no letters.
    if (error instanceof TopicNotFoundError) {
      io.stderr(`vigil: dead-letter topic ${config.DEAD_LETTER_TOPIC} does not exist: no dead letters\n`);
      return [];
    }
    throw describeConnectionError(error, `Kafka at ${config.KAFKA_BROKERS.join(',')} (KAFKA_BROKERS)`);
  }
}

async function replay(kafka: Kafka, config: DlqConfig, logger: Logger, letters: readonly ListedLetter[], dryRun: boolean, io: CommandIo): Promise<number> {
  if (letters.length === 0) {
    io.stderr('vigil: no dead letters matched; nothing to replay\n');
    return 0;
  }
  const redis = await connectLedger(config, logger);
  const producer = dryRun ? undefined : new AckedProducer(kafka, logger);
  try {
    const kafkaWhere = `Kafka at ${config.KAFKA_BROKERS.join(',')} (KAFKA_BROKERS)`;
    await producer?.connect().catch((error: unknown) => Promise.reject(describeConnectionError(error, kafkaWhere)));
    const reports = await replayLetters(letters, {
      ledger: new RedisDeliveryLedger({ redis, keyPrefix: `${config.REDIS_KEY_PREFIX}:` }),
      dryRun,
      publish: async (record) => {
        if (!producer) throw new Error('replay publish without a producer');
        await producer.send(config.ALERTS_TOPIC, [record]).catch((error: unknown) => Promise.reject(describeConnectionError(error, `${kafkaWhere}, topic ${config.ALERTS_TOPIC}`)));
      },
    });
    for (const report of reports) io.stdout(`${JSON.stringify(report)}\n`);
    return 0;
  } finally {
    await producer?.disconnect().catch(() => undefined);
    await quitRedis(redis);
  }
}

async function connectLedger(config: DlqConfig, logger: Logger): Promise<Redis> {
  try {
    return await connectRedis({ url: config.REDIS_URL, logger, connectionName: 'vigil-cli-dlq', security: config.redisSecurity, topology: config.redisTopology });
  } catch (error) {
    throw describeConnectionError(error, `Redis at ${redactedUrl(config.REDIS_URL)} (REDIS_URL)`);
  }
}

/** The URL without its password, for error messages. */
function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}
