import pino, { type Logger } from 'pino';

/** Receives each log line the server writes, as pino's JSON text. */
export type LogListener = (line: string) => void;

/** Where the server's log lines go besides their destination; lets `/logs` follow them and `/loglevel` change them. */
export interface LogTap {
  /** Calls `listener` with every line written from now on; returns the function that stops it. */
  follow(listener: LogListener): () => void;
  readonly level: string;
  /** Sets the live level; a mode that passes it on to other processes resolves once they were told. */
  setLevel(level: string): void | Promise<void>;
}

/** The Nest token of the LogTap. */
export const LOG_TAP = Symbol('LogTap');

interface LineStream {
  write(line: string): unknown;
  flush?(callback: (error?: Error) => void): void;
}

/**
 * Puts a tap between the logger and its destination: each line still goes where it went, and
 * to every follower. It replaces the logger's stream through `pino.symbols`, which pino exposes
 * for integrations. Child loggers made without a stream of their own find the stream (and the
 * level) through their parent, so their lines pass here too.
 * A follower that throws is dropped rather than allowed to stop logging.
 */
export function tapLogger(logger: Logger): LogTap {
  const holder = logger as unknown as Record<symbol, LineStream>;
  const destination = holder[pino.symbols.streamSym];
  if (destination === undefined) throw new Error('the logger has no stream to tap');
  const followers = new Set<LogListener>();
  const tee: LineStream = {
    write(line: string) {
      destination.write(line);
      for (const follower of followers) {
        try {
          follower(line);
        } catch {
          followers.delete(follower);
        }
      }
    },
    flush(callback) {
      if (destination.flush) destination.flush(callback);
      else callback();
    },
  };
  holder[pino.symbols.streamSym] = tee;
  return {
    follow(listener) {
      followers.add(listener);
      return () => followers.delete(listener);
    },
    get level() {
      return logger.level;
    },
    setLevel(level) {
      logger.level = level;
    },
  };
}
