import type { Fields, Level, Tags } from '@vigil/core';
import type { AlertProperties } from './alert-properties';

/** The event's state as `.idTag()`, `.levelField()` ... copy it onto forwarded points. */
export interface ForwardedEventState {
  readonly id: string;
  readonly level: Level;
  readonly message: string;
  readonly duration: bigint;
}

type AugmentProperties = Pick<AlertProperties, 'idTag' | 'levelTag' | 'idField' | 'levelField' | 'messageField' | 'durationField'>;

/** `.levelTag()` and `.idTag()` (Kapacitor's augmentTagsWithEventState); the input is not modified. */
export function augmentTags(tags: Tags, properties: AugmentProperties, state: ForwardedEventState): Tags {
  if (properties.levelTag === '' && properties.idTag === '') return tags;
  const augmented: Record<string, string> = { ...tags };
  if (properties.levelTag !== '') augmented[properties.levelTag] = state.level;
  if (properties.idTag !== '') augmented[properties.idTag] = state.id;
  return augmented;
}

/** `.levelField() .messageField() .idField() .durationField()`; the duration is an int64 of ns. */
export function augmentFields(fields: Fields, properties: AugmentProperties, state: ForwardedEventState): Fields {
  const { levelField, messageField, idField, durationField } = properties;
  if (levelField === '' && messageField === '' && idField === '' && durationField === '') return fields;
  const augmented: Record<string, Fields[string]> = { ...fields };
  if (levelField !== '') augmented[levelField] = state.level;
  if (messageField !== '') augmented[messageField] = state.message;
  if (idField !== '') augmented[idField] = state.id;
  if (durationField !== '') augmented[durationField] = state.duration;
  return augmented;
}
