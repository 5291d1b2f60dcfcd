import type { CheckpointWrite, SectionWrite } from '../checkpoint/checkpoint-store';
import { CHECKPOINT_FIELDS, taskField } from '../checkpoint/checkpoint-fields';
import type { RetryWindow } from './retry-window';
import type { SourcePositions } from './source-positions';
import { taskWriteOf } from './task-checkpoint';
import type { TaskInstance } from './task-instance';

/** What one save of a partition writes, and its size. */
export interface PartitionWrite {
  readonly write: CheckpointWrite;
  /** Bytes the save writes (field and entry texts, entry names). */
  readonly bytes: number;
  /** Group entries the save writes (groups changed since the last save). */
  readonly groupsWritten: number;
}

/**
 * The save of a partition after a step: every task's field, the retry window's changes and, on
 * a repartition topic, the source positions. Every save holds every task's field: a store that
 * lost the key in between (eviction, a flush) then never ends up with a checkpoint missing some
 * of its parts. Groups and keys are written when they changed, in the same atomic save.
 */
export function partitionWriteOf(instances: readonly TaskInstance[], window: RetryWindow, sources: SourcePositions | undefined): PartitionWrite {
  const fields: Record<string, string> = { [CHECKPOINT_FIELDS.format]: CHECKPOINT_FIELDS.formatVersion };
  const sections = new Map<string, SectionWrite>();
  let bytes = 0;
  let groupsWritten = 0;
  for (const instance of instances) {
    const write = taskWriteOf(instance);
    fields[taskField(instance.name)] = write.field;
    for (const [name, section] of write.sections) sections.set(name, section);
    bytes += write.bytes;
    groupsWritten += write.groups;
  }
  const windowWrite = window.write();
  if (windowWrite) sections.set(CHECKPOINT_FIELDS.retryWindowSection, windowWrite);
  if (sources) {
    const text = sources.encode();
    fields[CHECKPOINT_FIELDS.sources] = text;
    bytes += text.length;
  }
  return { write: { fields, sections }, bytes, groupsWritten };
}
