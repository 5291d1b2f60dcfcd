/** A dependency `vigil dlq` needs (Kafka, Redis) could not be reached or refused a request: exit 1. */
export class DlqConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DlqConnectionError';
  }
}

/** Wraps a client error so the message says which service, at which address, failed and why. */
export function describeConnectionError(error: unknown, where: string): DlqConnectionError {
  if (error instanceof DlqConnectionError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DlqConnectionError(`cannot use ${where}: ${message}`, { cause: error });
}
