import { runServiceTest, SERVICE_TESTS, serviceTestList, type HandlerConfig } from '@vigil/alert-handlers';
import type { ServiceTests } from '@vigil/kapacitor-api';

/** `vigil serve`'s service tests: run in the server itself, through its own handlers and their configuration. */
export function localServiceTests(handlers: HandlerConfig, nowMs: () => number): ServiceTests {
  return {
    list: () => Promise.resolve(serviceTestList(handlers)),
    run: async (name, options) => {
      const spec = SERVICE_TESTS.find((known) => known.name === name);
      return spec === undefined ? undefined : runServiceTest(spec, options, handlers, BigInt(nowMs()) * 1_000_000n);
    },
  };
}
