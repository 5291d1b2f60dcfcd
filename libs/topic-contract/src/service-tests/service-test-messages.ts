/**
 * The messages ingest and the notifier exchange for Kapacitor's `service-tests` in the
 * distributed mode: ingest asks, one notifier runs the test through its handlers (whose
 * configuration and secrets only it holds) and answers. They travel as JSON text over a Redis
 * request queue (RedisRequestQueue) whose keys `serviceTestQueueKeys` names.
 */
export type ServiceTestRequest = { readonly op: 'list' } | { readonly op: 'test'; readonly name: string; readonly options: Readonly<Record<string, unknown>> | null };

export interface ServiceTestListing {
  readonly services: readonly { readonly name: string; readonly options: Readonly<Record<string, unknown>> }[];
}

/** The test's result; null when the notifier knows no service of that name. */
export interface ServiceTestAnswer {
  readonly outcome: { readonly success: boolean; readonly message: string } | null;
}

/** A message that breaks this contract; the text says which part. */
export class ServiceTestMessageError extends Error {
  override readonly name = 'ServiceTestMessageError';
}

/**
 * The Redis keys of a deployment's service-test queue, named after its topic-handlers topic,
 * which every ingest and notifier of one deployment already share (as the task statistics keys
 * are named after the tasks topic).
 */
export function serviceTestQueueKeys(topicHandlersTopic: string): { readonly requests: string; readonly replyPrefix: string } {
  return { requests: `vigil.service-tests:${topicHandlersTopic}:requests`, replyPrefix: `vigil.service-tests:${topicHandlersTopic}:reply:` };
}

export function decodeServiceTestRequest(text: string): ServiceTestRequest {
  const value = objectOf(text, 'service-test request');
  if (value['op'] === 'list') return { op: 'list' };
  if (value['op'] !== 'test') throw new ServiceTestMessageError(`service-test request: op must be "list" or "test", got ${JSON.stringify(value['op'])}`);
  if (typeof value['name'] !== 'string') throw new ServiceTestMessageError('service-test request: name must be a string');
  const options = value['options'];
  if (options !== null && !isObject(options)) throw new ServiceTestMessageError('service-test request: options must be an object or null');
  return { op: 'test', name: value['name'], options };
}

export function decodeServiceTestListing(text: string): ServiceTestListing {
  const services = objectOf(text, 'service-test listing')['services'];
  if (!Array.isArray(services) || !services.every((service) => isObject(service) && typeof service['name'] === 'string' && isObject(service['options']))) {
    throw new ServiceTestMessageError('service-test listing: services must be a list of {name, options}');
  }
  return { services: services as ServiceTestListing['services'] };
}

export function decodeServiceTestAnswer(text: string): ServiceTestAnswer {
  const outcome = objectOf(text, 'service-test answer')['outcome'];
  if (outcome === null) return { outcome: null };
  if (!isObject(outcome) || typeof outcome['success'] !== 'boolean' || typeof outcome['message'] !== 'string') {
    throw new ServiceTestMessageError('service-test answer: outcome must be null or {success: boolean, message: string}');
  }
  return { outcome: { success: outcome['success'], message: outcome['message'] } };
}

function objectOf(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ServiceTestMessageError(`${what}: not JSON (${(error as Error).message})`);
  }
  if (!isObject(value)) throw new ServiceTestMessageError(`${what}: expected a JSON object`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
