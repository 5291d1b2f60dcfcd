/**
 * The message ingest sends to every service of its deployment when `kapacitor level` (POST
 * `/kapacitor/v1/loglevel`) changes the log level: ingests, evaluators and notifiers set their
 * live level to it, until a restart puts their `LOG_LEVEL` back, as Kapacitor's level lasts until
 * its restart. It travels as JSON text on the Redis channel `logLevelChannelOf` names.
 */
export interface LogLevelMessage {
  /** One of LOG_LEVELS, lower case. */
  readonly level: LogLevel;
}

/** The levels `kapacitor level` may set, as Kapacitor's `SetLogLevelFromName` takes them (any case there). */
export const LOG_LEVELS = ['debug', 'info', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A message that breaks this contract; the text says which part. */
export class LogLevelMessageError extends Error {
  override readonly name = 'LogLevelMessageError';
}

/**
 * The Redis channel of a deployment's log level, named after its alerts topic, the one name
 * ingest, evaluators and notifiers of one deployment all share (ALERTS_TOPIC).
 */
export function logLevelChannelOf(alertsTopic: string): string {
  return `vigil.log-level:${alertsTopic}`;
}

/** The level a name sets, whatever its case; undefined for a name `kapacitor level` does not take. */
export function logLevelOf(name: string): LogLevel | undefined {
  const lower = name.toLowerCase();
  return LOG_LEVELS.find((level) => level === lower);
}

export function encodeLogLevelMessage(message: LogLevelMessage): string {
  return JSON.stringify({ level: message.level });
}

export function decodeLogLevelMessage(text: string): LogLevelMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LogLevelMessageError('log-level message: not JSON');
  }
  const level = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)['level'] : undefined;
  const known = typeof level === 'string' ? LOG_LEVELS.find((candidate) => candidate === level) : undefined;
  if (known === undefined) throw new LogLevelMessageError(`log-level message: level must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(level)}`);
  return { level: known };
}
