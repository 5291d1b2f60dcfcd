import { randomBytes } from 'node:crypto';

/**
 * A name no other test run uses, for Kafka topics, consumer groups and Redis key prefixes, so
 * tests can share one broker and one Redis without seeing each other's data. Only characters
 * legal in a Kafka topic name are used: letters, digits, `.`, `_` and `-`.
 */
export function uniqueName(prefix: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(prefix)) {
    throw new Error(`uniqueName: prefix ${JSON.stringify(prefix)} may only use letters, digits, ".", "_" and "-"`);
  }
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
