import { ServiceTestsUnavailable, type ServiceTestOutcome, type ServiceTests, type ServiceTestView } from '@vigil/kapacitor-api';
import { RedisRequestQueue, type Redis } from '@vigil/redis';
import { decodeServiceTestAnswer, decodeServiceTestListing, serviceTestQueueKeys, type ServiceTestRequest } from '@vigil/topic-contract';

/**
 * Kapacitor's `service-tests` in the distributed mode: ingest holds no handler configuration or
 * secret, so it asks a notifier of the deployment (the one that pops the request from the Redis
 * queue named after TOPIC_HANDLERS_TOPIC), which lists its services or sends the test
 * notification through its own handler and answers. No answer within `timeoutMs` is a
 * ServiceTestsUnavailable (503) that says so.
 */
export class NotifierServiceTests implements ServiceTests {
  constructor(
    private readonly redis: () => Redis | undefined,
    private readonly topicHandlersTopic: string,
    private readonly timeoutMs: number,
  ) {}

  async list(): Promise<readonly ServiceTestView[]> {
    return decodeServiceTestListing(await this.ask({ op: 'list' })).services;
  }

  async run(name: string, options: Readonly<Record<string, unknown>> | null): Promise<ServiceTestOutcome | undefined> {
    return decodeServiceTestAnswer(await this.ask({ op: 'test', name, options })).outcome ?? undefined;
  }

  private async ask(request: ServiceTestRequest): Promise<string> {
    const redis = this.redis();
    if (redis === undefined) throw new ServiceTestsUnavailable('service tests run in a notifier, asked through Redis, and ingest is not connected to Redis yet');
    const keys = serviceTestQueueKeys(this.topicHandlersTopic);
    const asked = await new RedisRequestQueue(redis, keys).ask(JSON.stringify(request), this.timeoutMs);
    if (asked.kind === 'taken') {
      throw new ServiceTestsUnavailable(
        `a notifier took the request from the Redis list ${keys.requests} but did not answer within ${this.timeoutMs} ms; a test may still send its notification (SERVICE_TEST_TIMEOUT_MS)`,
      );
    }
    if (asked.kind === 'not-taken') {
      throw new ServiceTestsUnavailable(
        `no notifier answered within ${this.timeoutMs} ms: service tests run in a notifier (it holds the handlers and their secrets), which takes them from the Redis list ${keys.requests}; ` +
          'check that a notifier runs with the same REDIS_URL and TOPIC_HANDLERS_TOPIC as this ingest',
      );
    }
    return asked.answer;
  }
}
