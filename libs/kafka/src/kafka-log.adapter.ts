import { logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

/** The pino level name that a kafkajs level becomes. */
export function pinoLevelOf(level: logLevel): 'error' | 'warn' | 'info' | 'debug' {
  switch (level) {
    case logLevel.ERROR:
    case logLevel.NOTHING:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    default:
      return 'debug';
  }
}

/**
 * A kafkajs `logCreator` that writes through pino. kafkajs's own JSON lines carry `timestamp`,
 * `logger` and the message inside `log`; here the message becomes `msg`, the kafkajs namespace
 * (`Consumer`, `Connection`, ...) becomes `component`, and the rest of kafkajs's extra fields
 * (groupId, memberId, broker, ...) are kept as they are.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ lib: 'kafkajs' });
  return () => (entry: LogEntry) => {
    const { message, timestamp: _timestamp, logger: _origin, ...extra } = entry.log;
    kafkaLogger[levelFor(entry)]({ component: entry.namespace, ...extra }, message);
  };
}

/**
 * kafkajs logs every error response of a request at ERROR ("Response Heartbeat ... The group is
 * rebalancing"), although it retries most of them; a rebalance alone prints half a dozen such
 * lines. The component that finally gives up (producer send, consumer crash) reports the error
 * itself, so the per-response lines are demoted to debug.
 */
function levelFor(entry: LogEntry): 'error' | 'warn' | 'info' | 'debug' {
  if (entry.namespace === 'Connection' && entry.log.message.startsWith('Response ')) return 'debug';
  return pinoLevelOf(entry.level);
}

/** kafkajs's level for a pino level, so kafkajs does not build lines pino would drop anyway. */
export function kafkaLevelOf(pinoLevel: string): logLevel {
  switch (pinoLevel) {
    case 'trace':
    case 'debug':
      return logLevel.DEBUG;
    case 'info':
      return logLevel.INFO;
    case 'warn':
      return logLevel.WARN;
    case 'silent':
      return logLevel.NOTHING;
    default:
      return logLevel.ERROR;
  }
}
