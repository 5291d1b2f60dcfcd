/**
 * The request header of the IETF httpapi draft "The Idempotency-Key HTTP Header Field": a client
 * sends the same key on every repeat of one request, so the receiver can act on it once.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/**
 * The header's value: the draft makes it a Structured Field String (RFC 8941 section 3.3.3), so
 * the key is sent in double quotes, with `"` and `\` escaped. A receiver that compares the raw
 * header bytes still sees the same bytes on every repeat. Undefined when the key holds a
 * character a String cannot carry (outside printable ASCII).
 */
export function idempotencyKeyField(key: string): string | undefined {
  if (!/^[\x20-\x7e]*$/.test(key)) return undefined;
  return `"${key.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
