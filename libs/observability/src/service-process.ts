import type { Logger } from 'pino';

/** A started service: how to log about it and how to stop it. */
export interface RunningService {
  readonly logger: Logger;
  /** Stops taking work, finishes and commits what is in progress, disconnects. */
  close(): Promise<void>;
}

export interface ServiceProcessOptions<C> {
  /** For messages written before a logger exists. */
  readonly name: string;
  /** Reads and validates the configuration; a throw here is reported by its message alone. */
  readonly loadConfig: () => C;
  readonly start: (config: C) => Promise<RunningService>;
  /** How long `close` may take after SIGTERM before the process gives up and exits with 1. */
  readonly shutdownTimeoutMs: (config: C) => number;
}

/** What the process-level code needs from `process`; injectable so the logic can be tested. */
export interface ProcessPort {
  onSignal(signal: 'SIGTERM' | 'SIGINT', listener: () => void): void;
  writeStderr(text: string): void;
  exit(code: number): void;
  setTimer(ms: number, callback: () => void): void;
}

export const nodeProcess: ProcessPort = {
  onSignal: (signal, listener) => process.once(signal, listener),
  writeStderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
  setTimer: (ms, callback) => setTimeout(callback, ms).unref(),
};

/**
 * The life of a service process, with its exit codes: a configuration error prints the list of
 * bad variables and exits 1; a failure to start exits 1; SIGTERM or SIGINT closes the service
 * and exits 0, or 1 if closing fails or outlasts the shutdown timeout. A signal that arrives
 * while the service is still starting is acted on as soon as it has started.
 */
export async function runServiceProcess<C>(options: ServiceProcessOptions<C>, port: ProcessPort = nodeProcess): Promise<void> {
  let signalled: string | undefined;
  let onStarted: (() => void) | undefined;
  const stopRequested = (signal: string) => () => {
    if (signalled !== undefined) return;
    signalled = signal;
    onStarted?.();
  };
  port.onSignal('SIGTERM', stopRequested('SIGTERM'));
  port.onSignal('SIGINT', stopRequested('SIGINT'));

  let config: C;
  try {
    config = options.loadConfig();
  } catch (error) {
    port.writeStderr(`${error instanceof Error ? error.message : String(error)}\n`);
    port.exit(1);
    return;
  }

  let service: RunningService;
  try {
    service = await options.start(config);
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    port.writeStderr(`${options.name}: failed to start: ${detail}\n`);
    port.exit(1);
    return;
  }

  await new Promise<void>((resolve) => {
    if (signalled !== undefined) resolve();
    else onStarted = resolve;
  });
  const { logger } = service;
  const timeoutMs = options.shutdownTimeoutMs(config);
  logger.info({ signal: signalled, timeoutMs }, 'shutting down');
  port.setTimer(timeoutMs, () => {
    logger.error({ timeoutMs }, 'shutdown timed out; exiting without a clean close');
    port.exit(1);
  });
  try {
    await service.close();
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    port.exit(1);
    return;
  }
  logger.info('stopped');
  port.exit(0);
}
