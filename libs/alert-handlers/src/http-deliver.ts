import type { DeliveryResult, SendContext } from './handler';
import { redactSecrets } from './redact';
import { classifyHttpStatus, classifyNetworkError } from './retry-policy';

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

/**
 * One POST with a timeout, classified by the shared retry policy. Every failure comes back as a
 * result; nothing here throws.
 */
export async function postOnce(spec: HttpRequestSpec, context: SendContext): Promise<DeliveryResult> {
  const timeout = AbortSignal.timeout(spec.timeoutMs);
  const signal = context.signal ? AbortSignal.any([timeout, context.signal]) : timeout;
  try {
    // Bytes rather than a string: fetch would add `text/plain` to a string body, and Kapacitor
    // sends no Content-Type for a templated body.
    const body = Buffer.from(spec.body, 'utf8');
    const response = await fetch(spec.url, { method: 'POST', headers: spec.headers, body, signal, redirect: 'manual' });
    // Reading the body frees the connection; its text is only wanted for captureResponse.
    const text = await response.text();
    const result = classifyHttpStatus(response.status, spec.target);
    if (result.status === 'failed' && spec.captureResponse && context.log) {
      context.log({ msg: 'handler response', target: spec.target, status: response.status, body: redactSecrets(text.slice(0, 2048), spec.secrets) });
    }
    return result;
  } catch (error) {
    const result = classifyNetworkError(error, spec.target);
    return result.status === 'failed' ? { ...result, reason: redactSecrets(result.reason, spec.secrets) } : result;
  }
}

export function basicAuthHeader(username: string, password: string): string {
  return 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
}
