import { type DeliveryResult, type SendContext, failed } from './handler';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyField } from './idempotency-key';
import { redactSecrets } from './redact';
import type { ConnectionPool } from './http/connection-pool';
import { basicAuthHeader, urlCredentials } from './http/basic-auth';
import { postRequest } from './http/post-request';
import { classifyHttpStatus, classifyNetworkError } from './retry-policy';

export { basicAuthHeader } from './http/basic-auth';

export interface HttpRequestSpec {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  /** Safe name of the receiver for reasons, e.g. `post endpoint "broker"`; never the URL. */
  readonly target: string;
  /** Values that must never appear in a reason or log line. */
  readonly secrets: readonly string[];
  /** Log the body of a non-2xx answer (Kapacitor's `.captureResponse()`). */
  readonly captureResponse?: boolean;
}

/** Bytes of a non-2xx answer logged for captureResponse; the rest is read and dropped. */
export const CAPTURED_BODY_BYTES = 2048;

/**
 * One POST with a timeout over a kept-alive connection, classified by the shared retry policy.
 * Every failure comes back as a result; nothing here throws. The context's idempotency key goes
 * out as the `Idempotency-Key` header from here, so every HTTP handler sends it alike.
 */
export async function postOnce(spec: HttpRequestSpec, context: SendContext, pool?: ConnectionPool): Promise<DeliveryResult> {
  // Only a failure's reason or captured body needs them; a delivery should not parse the URL again.
  const secrets = (): string[] => [...spec.secrets, ...urlSecrets(spec.url)];
  const headers = headersWithKey(spec.headers, context.idempotencyKey);
  if (headers === undefined) return failed(false, `${spec.target}: the idempotency key is not printable ASCII`);
  try {
    const answer = await postRequest(
      {
        url: spec.url,
        headers,
        body: Buffer.from(spec.body, 'utf8'),
        timeoutMs: spec.timeoutMs,
        ...(context.signal ? { signal: context.signal } : {}),
        keepBodyBytes: spec.captureResponse && context.log ? CAPTURED_BODY_BYTES : 0,
      },
      pool,
    );
    const result = classifyHttpStatus(answer.status, spec.target);
    if (result.status === 'failed' && spec.captureResponse && context.log) {
      context.log({ msg: 'handler response', target: spec.target, status: answer.status, body: redactSecrets(answer.body, secrets()) });
    }
    return result;
  } catch (error) {
    const result = classifyNetworkError(error, spec.target);
    return result.status === 'failed' ? { ...result, reason: redactSecrets(result.reason, secrets()) } : result;
  }
}

/**
 * The handler's headers with the idempotency key set. A header of the same name that a script or
 * an endpoint configured is replaced: a fixed key would make a deduplicating receiver drop every
 * notification after the first. Undefined when the key cannot be sent.
 */
function headersWithKey(headers: Readonly<Record<string, string>>, key: string | undefined): Readonly<Record<string, string>> | undefined {
  if (key === undefined) return headers;
  const field = idempotencyKeyField(key);
  if (field === undefined) return undefined;
  const withKey: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() !== IDEMPOTENCY_KEY_LOWER) withKey[name] = value;
  withKey[IDEMPOTENCY_KEY_HEADER] = field;
  return withKey;
}

const IDEMPOTENCY_KEY_LOWER = IDEMPOTENCY_KEY_HEADER.toLowerCase();

/**
 * What a URL carries that must not be logged: the userinfo's password and the basic-auth value
 * made from it, and query values (API keys often travel there). A receiver echoing the request
 * in its answer would otherwise put them in a captured body.
 */
function urlSecrets(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const secrets = [...parsed.searchParams.values()];
  const credentials = urlCredentials(parsed);
  if (credentials && parsed.password !== '') {
    secrets.push(parsed.password, credentials.password, basicAuthHeader(credentials.username, credentials.password).slice('Basic '.length));
  }
  return secrets;
}
