import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The keys vigil's log lines use for context, spelled the same everywhere so that a log query for
 * `partition=3` finds every line about partition 3, whichever component wrote it.
 */
export interface LogContext {
  readonly task?: string;
  readonly node?: string;
  readonly group?: string;
  readonly handler?: string;
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: string;
}

export interface LoggerOptions {
  /** The component writing, e.g. `ingest`; appears as `service` on every line. */
  readonly service: string;
  readonly level: string;
  /** Where lines go; stdout when omitted. Tests pass a stream to read the lines back. */
  readonly destination?: DestinationStream;
}

/**
 * One JSON object per line with fixed top-level keys: `level` (a word, not pino's number),
 * `time` (ISO 8601), `service`, `msg`, then the context keys. Errors go under `err`.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      messageKey: 'msg',
      errorKey: 'err',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ fd: 1, sync: true }),
  );
}
