import type { Logger } from 'pino';

/**
 * Sends Node's process warnings through the service's logger instead of Node's plain-text stderr
 * lines, so every line a service prints is JSON. kafkajs 2.2 on Node 24 schedules a timer with a
 * negative delay on every response (`TimeoutNegativeWarning`; Node clamps it to 1 ms, which is
 * what kafkajs meant), so that one is logged at debug rather than as a warning.
 */
export function routeProcessWarnings(logger: Logger, target: NodeJS.Process = process): void {
  target.removeAllListeners('warning');
  target.on('warning', (warning: Error) => {
    const level = warning.name === 'TimeoutNegativeWarning' ? 'debug' : 'warn';
    logger[level]({ err: warning }, `node warning: ${warning.name}`);
  });
}
