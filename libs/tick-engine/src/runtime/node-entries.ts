/**
 * A node's state split for incremental checkpoints: a small part shared by the node's groups, the
 * state of each group, and state kept under other keys (an alert topic's event state by alert
 * id). A task whose stateful nodes all offer this can save only what a batch changed, drop idle
 * groups from memory and load them back (see IncrementalTask).
 *
 * Every method works with plain JSON values, as `NodeRuntime.snapshot` does. A node restores its
 * shared part into a fresh node first; groups and keys follow, each on its own.
 */
export interface NodeEntries {
  /** The node's state other than its groups and keys; small, written with every save. */
  shared(): unknown;
  /** Restores the shared part into a node that holds no group yet. */
  restoreShared(state: unknown): void;
  /** The groups the node holds in memory, in the order it created them. */
  groups(): Iterable<string>;
  /** The state of one group, or undefined when the node holds none for it. */
  groupState(group: string): unknown;
  /** Puts one group's state (from `groupState`) back; throws SnapshotError when it does not fit. */
  restoreGroup(group: string, state: unknown): void;
  /** Forgets the group's state (it was saved, or it is expired). */
  evictGroup(group: string): void;
  /**
   * Whether forgetting the group changes nothing a later point could observe: a new group
   * created in its place would behave the same (no streak, level OK, nothing held).
   */
  groupIsQuiet(group: string): boolean;
  /** Keys (not groups) whose state changed since the last call, for nodes that keep such state. */
  takeChangedKeys?(): Iterable<string>;
  /** The state of a key returned by `takeChangedKeys` or `keys`. */
  keyState?(key: string): unknown;
  /** Every key the node holds (after a whole restore, to write them all). */
  keys?(): Iterable<string>;
  restoreKey?(key: string, state: unknown): void;
}
