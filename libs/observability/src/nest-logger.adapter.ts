import type { LoggerService, LogLevel } from '@nestjs/common';
import type { Logger } from 'pino';

/**
 * The classes with which Nest narrates its own start (one line per module, per controller and per
 * route, some 25 for vigil serve). Their `log` lines go to debug: a service says once, in its own
 * words, that it listens; the route table is there with LOG_LEVEL=debug. Their warnings and
 * errors keep their level.
 */
const NEST_START_CONTEXTS: ReadonlySet<string> = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication', 'NestMicroservice']);

/**
 * Sends NestJS's own log lines (module init, route mapping, exceptions) through the app's pino
 * logger, so every line a service prints is the same JSON shape. Nest passes the context (the
 * class that logged) as the last string argument; it becomes the `context` key.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    this.write(typeof context === 'string' && NEST_START_CONTEXTS.has(context) ? 'debug' : 'info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  setLogLevels(_levels: LogLevel[]): void {
    // The pino level from LOG_LEVEL decides; Nest's own level list is not used.
  }

  private write(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', message: unknown, rest: unknown[]): void {
    const last = rest[rest.length - 1];
    const context = typeof last === 'string' ? last : undefined;
    const stack = level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const bindings: Record<string, unknown> = { context };
    if (stack !== undefined) bindings['stack'] = stack;
    if (message instanceof Error) {
      this.logger[level]({ ...bindings, err: message }, message.message);
    } else if (typeof message === 'string') {
      this.logger[level](bindings, message);
    } else {
      this.logger[level]({ ...bindings, detail: message }, 'nest');
    }
  }
}
