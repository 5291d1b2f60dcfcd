import { type DeliveryResult, delivered, failed } from './handler';

/**
 * The one retry policy of every HTTP handler, from the status alone: 2xx is delivered; 429 and
 * 5xx may succeed later; any other answer (3xx we did not follow, 4xx) will not change by itself.
 */
export function classifyHttpStatus(status: number, target = 'endpoint'): DeliveryResult {
  if (status >= 200 && status < 300) return delivered;
  const retryable = status === 429 || (status >= 500 && status < 600);
  return failed(retryable, `${target} answered HTTP ${status}`);
}

/**
 * Network-level failures (refused, reset, DNS, timeout, cancelled) are all retryable: the
 * receiver never judged the event. The reason names only the error code, never the address,
 * because URLs can carry secrets (Telegram's bot token is part of its path).
 */
export function classifyNetworkError(error: unknown, target = 'endpoint'): DeliveryResult {
  return failed(true, `${target} unreachable: ${networkErrorCode(error)}`);
}

export function networkErrorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current.name === 'TimeoutError') return 'timeout';
    if (current.name === 'AbortError') return 'aborted';
    current = current.cause;
  }
  return 'network error';
}

export interface BackoffOptions {
  /** Delay before the second attempt, in ms. */
  readonly base: number;
  /** Upper bound of any delay, in ms. */
  readonly max: number;
  /** Fraction of the delay drawn at random, 0 (none) to 1 (full jitter). */
  readonly jitter: number;
  /** Uniform source in [0, 1); injected so retries are reproducible in tests. */
  readonly random: () => number;
}

/**
 * Delay in ms before attempt `attempt + 1` after `attempt` failures (attempt >= 1): base * 2^(n-1),
 * capped at max, of which the `jitter` fraction is randomised downwards so that many notifiers
 * retrying the same receiver spread out instead of arriving together.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const full = Math.min(options.max, options.base * 2 ** Math.min(exponent, 52));
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.round(full * (1 - jitter * options.random()));
}
