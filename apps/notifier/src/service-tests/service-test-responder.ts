import { runServiceTest, SERVICE_TESTS, serviceTestList, type HandlerConfig } from '@vigil/alert-handlers';
import { decodeServiceTestRequest, type ServiceTestAnswer, type ServiceTestListing } from '@vigil/topic-contract';

/**
 * The notifier's side of Kapacitor's `service-tests` in the distributed mode: ingest asks (over
 * the Redis request queue), the notifier answers from its own handler configuration, since only
 * it holds the endpoints and secrets a test notification is sent with. A request that breaks the
 * contract throws, so it is logged and ingest answers that no notifier replied.
 */
export function serviceTestResponder(handlers: HandlerConfig, nowMs: () => number = Date.now): (request: string) => Promise<string> {
  return async (text) => {
    const request = decodeServiceTestRequest(text);
    if (request.op === 'list') return JSON.stringify({ services: serviceTestList(handlers) } satisfies ServiceTestListing);
    const spec = SERVICE_TESTS.find((known) => known.name === request.name);
    const outcome = spec === undefined ? null : await runServiceTest(spec, request.options, handlers, BigInt(nowMs()) * 1_000_000n);
    return JSON.stringify({ outcome } satisfies ServiceTestAnswer);
  };
}
