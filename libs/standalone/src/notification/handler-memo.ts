import type { Handler, HandlerConfig } from '@vigil/alert-handlers';
import { buildHandler } from '@vigil/alert-handlers';
import type { HandlerFactory } from '@vigil/delivery';

/**
 * A HandlerFactory that builds each distinct handler instruction once (templates parsed, SMTP
 * transports opened once per alert node rather than per event). Build errors are not kept: the
 * scheduler dead-letters such an event at once, and repeating the build is cheap.
 */
export function memoizedHandlers(config: HandlerConfig): HandlerFactory {
  const built = new Map<string, Handler>();
  return (instruction) => {
    const key = JSON.stringify(instruction);
    const known = built.get(key);
    if (known) return known;
    const handler = buildHandler(instruction, config);
    built.set(key, handler);
    return handler;
  };
}
