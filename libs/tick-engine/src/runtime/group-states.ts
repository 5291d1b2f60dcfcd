import { expectArray, expectString, SnapshotError } from './snapshot-codec';

/**
 * The per-group state of one node: a plain value per group id, in group creation order (the
 * order Kapacitor would have created the groups in, which is also the order `stats` reports).
 */
export class GroupStates<S> {
  readonly byGroup = new Map<string, S>();

  get(group: string): S | undefined {
    return this.byGroup.get(group);
  }

  set(group: string, state: S): void {
    this.byGroup.set(group, state);
  }

  /** Forgets a group (evicted after its state was saved, or expired). */
  delete(group: string): void {
    this.byGroup.delete(group);
  }

  get size(): number {
    return this.byGroup.size;
  }

  /** `[[groupId, encodedState], ...]` in creation order. */
  snapshot(encode: (state: S) => unknown): [string, unknown][] {
    const entries: [string, unknown][] = [];
    for (const [group, state] of this.byGroup) entries.push([group, encode(state)]);
    return entries;
  }

  restore(encoded: unknown, decode: (state: unknown, group: string) => S): void {
    const entries = expectArray(encoded, 'groups');
    const restored = new Map<string, S>();
    for (const entry of entries) {
      const pair = expectArray(entry, 'group entry');
      if (pair.length !== 2) throw new SnapshotError('group entry: expected [group, state]');
      const group = expectString(pair[0], 'group id');
      restored.set(group, decode(pair[1], group));
    }
    this.byGroup.clear();
    for (const [group, state] of restored) this.byGroup.set(group, state);
  }
}
