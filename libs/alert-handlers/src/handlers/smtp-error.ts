import { type DeliveryResult, failed } from '../handler';

interface SmtpErrorShape {
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly response?: unknown;
  readonly message?: unknown;
}

/**
 * The SMTP retry policy, from the reply code as RFC 5321 defines it: a 4xx reply is a transient
 * refusal (greylisting, a full queue) and may pass later; a 5xx reply is permanent (unknown
 * recipient, failed authentication) and will not change by itself. A failure without a reply
 * (refused connection, timeout, TLS) never reached a judgement and is retryable.
 * The reason quotes the server's reply but never the address of the server.
 */
export function classifySmtpError(error: unknown, target: string): DeliveryResult {
  const shape: SmtpErrorShape = typeof error === 'object' && error !== null ? (error as SmtpErrorShape) : {};
  const reply = typeof shape.responseCode === 'number' ? shape.responseCode : undefined;
  if (reply !== undefined && reply >= 400 && reply < 600) {
    const text = typeof shape.response === 'string' ? shape.response.slice(0, 300) : String(reply);
    return failed(reply < 500, `${target} answered SMTP ${reply}: ${text}`);
  }
  return failed(true, `${target} unreachable: ${socketErrorCode(shape)}`);
}

// Nodemailer wraps socket errors in its own code (ESOCKET) and keeps the system code only in the
// message, next to the address; the system code alone is what the operator needs.
function socketErrorCode(shape: SmtpErrorShape): string {
  const message = typeof shape.message === 'string' ? shape.message : '';
  const system = /\b(E[A-Z]{3,})\b/.exec(message)?.[1];
  if (system) return system;
  if (shape.code === 'ETIMEDOUT' || /timeout/i.test(message)) return 'timeout';
  return typeof shape.code === 'string' ? shape.code : 'network error';
}
