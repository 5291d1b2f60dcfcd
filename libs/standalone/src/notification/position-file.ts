import { readFile } from 'node:fs/promises';
import { CorruptLineError } from '../storage/files/corrupt-line.error';
import { replaceFile } from '../storage/files/durable-files';
import type { PositionStore } from './notification-loop';

/**
 * The notifier's commit position in a small JSON file (`{"offset":"42"}`), replaced atomically on
 * every save, so a crash leaves the previous position or the new one. It plays the part of the
 * notifier group's committed Kafka offset.
 */
export class PositionFile implements PositionStore {
  constructor(readonly path: string) {}

  async load(): Promise<bigint | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let offset: unknown;
    try {
      offset = (JSON.parse(text) as { offset?: unknown }).offset;
    } catch {
      offset = undefined;
    }
    // Replaced atomically, so no crash leaves it torn: a bad file is damage, for `vigil repair`.
    if (typeof offset !== 'string' || !/^\d+$/.test(offset)) throw new CorruptLineError(this.path, 1, 'not a position: expected {"offset":"<integer>"}', 0);
    return BigInt(offset);
  }

  async save(offset: bigint): Promise<void> {
    await replaceFile(this.path, `${JSON.stringify({ offset: offset.toString() })}\n`);
  }
}
