import type { Logger } from 'pino';

/**
 * Sends Node's process warnings through the service's logger instead of Node's plain-text stderr
 * lines, so every line a service prints is JSON. kafkajs 2.2 on Node 24 scheduled a timer with a
 * negative delay after every response (`TimeoutNegativeWarning`; @vigil/kafka's
 * fixIdleRequestQueueTimer now stops it at its cause); that warning stays at debug, as a kafkajs
 * client made without createKafka still sets it.
 */
export function routeProcessWarnings(logger: Logger, target: NodeJS.Process = process): void {
  target.removeAllListeners('warning');
  target.on('warning', (warning: Error) => {
    const level = warning.name === 'TimeoutNegativeWarning' ? 'debug' : 'warn';
    logger[level]({ err: warning }, `node warning: ${warning.name}`);
  });
}
