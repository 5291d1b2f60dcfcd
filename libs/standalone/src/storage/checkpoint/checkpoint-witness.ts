import { readFile, rename, writeFile } from 'node:fs/promises';

/**
 * The offset of the newest checkpoint the state database confirmed, kept outside it
 * (`evaluated-position.json`): what the group's committed Kafka offset is to the distributed
 * evaluator. A state database that was deleted, or restored from an older backup than the rest of
 * the folder, holds no checkpoint or an older one than this file says it held, and the evaluation
 * loop rebuilds the lost state by the documented rule instead of going on with empty state.
 *
 * The file is written after every confirmed save without an fsync of its own (an fsync per step
 * would double a step's fixed cost). It can therefore only lag the database, never lead it: a
 * crash that loses its last writes weakens the check by those steps, and never makes a sound
 * database look lost.
 */
export class CheckpointWitness {
  private writing: Promise<void> = Promise.resolve();
  private pending: bigint | undefined;

  constructor(readonly path: string) {}

  /** The offset last written; undefined when there is no file or it cannot be read (a torn write after a power loss). */
  async load(): Promise<bigint | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const match = /^\{"offset":"(\d+)"\}\n?$/.exec(text);
    return match ? BigInt(match[1] as string) : undefined;
  }

  /** Records a confirmed save; writes run one at a time and only the newest waiting one is written. */
  record(offset: bigint): Promise<void> {
    const first = this.pending === undefined;
    this.pending = offset;
    if (first) {
      this.writing = this.writing.catch(() => undefined).then(async () => {
        const value = this.pending as bigint;
        this.pending = undefined;
        const temporary = `${this.path}.tmp`;
        await writeFile(temporary, `${JSON.stringify({ offset: value.toString() })}\n`);
        await rename(temporary, this.path);
      });
    }
    return this.writing;
  }
}
