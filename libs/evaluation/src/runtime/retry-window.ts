import { SnapshotError } from '@vigil/tick-engine';
import type { SectionWrite } from '../checkpoint/checkpoint-store';
import { packIdentities, unpackIdentities } from './point-identity';

/** Points per partition whose identities the evaluator remembers by default (docs/ingest.md). */
export const DEFAULT_RETRY_WINDOW_POINTS = 250_000;

/** The identities one step applied, saved as one entry named by the step's first offset. */
interface Chunk {
  readonly name: string;
  readonly identities: string[];
  /** Leading identities that left the window (they stay in the stored entry until all have). */
  expired: number;
  saved: boolean;
}

/**
 * The identities (point-identity.ts) of the last `limit` points a partition applied, so that a
 * point written again (a client's retry of a request whose answer it never got, or a 500) is
 * recognised and not applied twice. The window is part of the partition's checkpoint, saved in
 * the same atomic write as the offset and the task states, so a reprocessed batch meets exactly
 * the window its first run met: the decisions are deterministic, and exactly-once holds.
 *
 * It is bounded by a count of points, one by one: the point applied `limit` points ago leaves when
 * the next one comes, whatever the batches were, so a crash that changes batch boundaries changes
 * nothing. A point written again after more than `limit` others on its partition is applied again,
 * as Kapacitor would apply it.
 *
 * Stored as a section: one entry per step that applied points, named by the offset of its first
 * record (the step's identities, 8 bytes each, base64), written once; an entry is deleted by the
 * save after its last identity left.
 */
export class RetryWindow {
  private readonly seen = new Set<string>();
  private readonly chunks: Chunk[] = [];
  private current: Chunk | undefined;
  private deleted: string[] = [];

  constructor(readonly limit: number) {}

  get size(): number {
    return this.seen.size;
  }

  /**
   * Whether the point (of the record at `offset`) is new: true adds it to the window (it is
   * applied), false means the same point was applied within the window (it is dropped).
   */
  admit(identity: string, offset: bigint): boolean {
    if (this.limit <= 0) return true;
    if (this.seen.has(identity)) return false;
    let chunk = this.current;
    if (!chunk) {
      chunk = { name: offset.toString(), identities: [], expired: 0, saved: false };
      this.chunks.push(chunk);
      this.current = chunk;
    }
    chunk.identities.push(identity);
    this.seen.add(identity);
    if (this.seen.size > this.limit) this.expireOldest();
    return true;
  }

  /** The section changes since the last `write`: the new step's entry, entries fully expired. */
  write(): SectionWrite | undefined {
    const set = new Map<string, string>();
    for (const chunk of this.chunks) {
      if (chunk.saved) continue;
      set.set(chunk.name, packIdentities(chunk.identities).toString('base64'));
      chunk.saved = true;
    }
    this.current = undefined;
    const deleted = this.deleted;
    this.deleted = [];
    if (set.size === 0 && deleted.length === 0) return undefined;
    return { replace: false, set, delete: deleted };
  }

  /**
   * Loads the stored entries: the identities of the steps in offset order, of which the last
   * `limit` are the window (an entry partly expired is stored whole). Throws SnapshotError for an
   * entry that is not one (the value came from the store).
   */
  restore(entries: readonly (readonly [string, string])[]): void {
    const sorted = entries
      .map(([name, text]) => {
        if (!/^\d+$/.test(name)) throw new SnapshotError(`retry window: bad entry name ${JSON.stringify(name)}`);
        const identities = unpackIdentities(Buffer.from(text, 'base64'));
        if (!identities) throw new SnapshotError(`retry window: entry ${name} is not a list of identities`);
        return { name, offset: BigInt(name), identities };
      })
      .sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
    for (const { name, identities } of sorted) this.chunks.push({ name, identities, expired: 0, saved: true });
    // The stored entries hold no identity twice within the window, but an expired one may come
    // back in a later entry: count from the newest to find where the window starts.
    let total = sorted.reduce((sum, { identities }) => sum + identities.length, 0);
    while (total > this.limit && this.chunks.length > 0) {
      const oldest = this.chunks[0] as Chunk;
      const left = oldest.identities.length - oldest.expired;
      if (total - left >= this.limit) {
        this.chunks.shift();
        this.deleted.push(oldest.name);
        total -= left;
      } else {
        oldest.expired += total - this.limit;
        total = this.limit;
      }
    }
    for (const chunk of this.chunks) for (let i = chunk.expired; i < chunk.identities.length; i++) this.seen.add(chunk.identities[i] as string);
  }

  private expireOldest(): void {
    const oldest = this.chunks[0] as Chunk;
    this.seen.delete(oldest.identities[oldest.expired] as string);
    oldest.expired += 1;
    if (oldest.expired < oldest.identities.length) return;
    this.chunks.shift();
    if (oldest === this.current) this.current = undefined;
    if (oldest.saved) this.deleted.push(oldest.name);
  }
}
