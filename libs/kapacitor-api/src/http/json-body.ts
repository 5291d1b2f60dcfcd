/** A request body the route cannot read as JSON (400), with the message the API answers. */
export class JsonBodyError extends Error {
  override readonly name = 'JsonBodyError';
}

/**
 * The request body as JSON. `vigil serve` turns Fastify's body parsing off (the write endpoints
 * read raw bytes), so control-plane bodies arrive as a Buffer; an empty body is `null`.
 */
export function jsonBody(body: unknown, what: string): unknown {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : undefined;
  if (text === undefined) return body ?? null;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new JsonBodyError(`invalid ${what} json: ${(error as Error).message}`);
  }
}
