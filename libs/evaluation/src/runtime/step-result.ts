import type { AlertEvent, Level } from '@vigil/core';
import type { ForwardRecord } from '@vigil/topic-contract';
import type { CheckpointWrite } from '../checkpoint/checkpoint-store';

/** An alert event with its deterministic id. */
export interface EmittedEvent {
  readonly eventId: string;
  readonly event: AlertEvent;
  /** When vigil accepted the point that caused the event (acceptedMsOf), ms; none for a tick's. */
  readonly acceptedMs?: number;
}

/** What applying a batch or a tick produced, and the checkpoint that covers it. */
export interface StepResult {
  readonly events: readonly EmittedEvent[];
  readonly forwards: readonly ForwardRecord[];
  /** The next offset to read after this step. */
  readonly offset: bigint;
  /**
   * What the save of this step writes: every task's field (its whole snapshot, or its task-level
   * entry) and the source positions, and the groups and keys that changed since the last save.
   */
  readonly write: CheckpointWrite;
  /** Bytes the save writes (field and entry texts, entry names). */
  readonly checkpointBytes: number;
  /** Group entries the save writes (groups changed since the last save). */
  readonly groupsWritten: number;
  /** Per task, points refused in this step because they would have created a group past the limit. */
  readonly refusedByTask: ReadonlyMap<string, number>;
  /** Whether the step changed any state (a tick of tasks without wall-clock nodes does not). */
  readonly changed: boolean;
  readonly points: number;
  readonly pointsByTask: ReadonlyMap<string, number>;
  readonly eventsByLevel: ReadonlyMap<Level, number>;
  /** Messages (or lines) that were not points. */
  readonly undecodable: number;
  readonly firstUndecodable?: { readonly offset: bigint; readonly reason: string };
  /** Forwarded points seen before (after a source crash) and dropped. */
  readonly repeats: number;
  /** Points equal to one the retry window holds (a retried write), dropped. */
  readonly retried: number;
  /** Points line protocol cannot forward (NaN or infinite floats), dropped. */
  readonly unforwardable: number;
  /** Messages below the expected offset (already applied), skipped. */
  readonly skippedMessages: number;
  /** Events of records below the quiet offset (written before a rebuild), not returned. */
  readonly quietEvents: number;
}

export interface RestoreReport {
  readonly offset: bigint | undefined;
  readonly restored: readonly string[];
  /** Tasks whose saved state did not fit (the script changed); they start empty. */
  readonly failed: readonly { readonly task: string; readonly reason: string }[];
  /** Saved states of tasks that are no longer defined. */
  readonly unknown: readonly string[];
  /** Why the stored retry window could not be read; it then starts empty. */
  readonly retryWindowError?: string;
}
