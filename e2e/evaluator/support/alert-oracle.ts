// Alerts-topic records of an evaluator deployment set against what `vigil replay` prints for the same points.
import { encodeAlertEvent, type Point } from '@vigil/core';
import { defineTasks, eventsByAlertId, replayEvents, type PartitionKeys } from '@vigil/evaluation';
import { withoutServerIds } from '@vigil/testing';

/** One alerts-topic record as the tests compare them. */
export interface AlertRecord {
  readonly key: string;
  readonly value: string;
  readonly eventId: string;
  readonly task: string;
}

/** The events of one task, once per event id, as alert id -> Kapacitor JSON in topic order. */
export function uniqueEventsByAlertId(records: readonly AlertRecord[], task: string): { byAlertId: Map<string, string[]>; total: number; unique: number } {
  const seen = new Set<string>();
  const unique: AlertRecord[] = [];
  let total = 0;
  for (const record of records) {
    if (record.task !== task) continue;
    total += 1;
    if (seen.has(record.eventId)) continue;
    seen.add(record.eventId);
    unique.push(record);
  }
  return { byAlertId: sortedMap(eventsByAlertId(unique, (record) => record.key), (record) => withoutServerIds(record.value)), total, unique: unique.length };
}

/** What `vigil replay` prints for these points, as alert id -> Kapacitor JSON in order. */
export function oracleByAlertId(taskName: string, script: string, keys: PartitionKeys, points: readonly Point[]): Map<string, string[]> {
  const [definition] = defineTasks([{ name: taskName, script }], keys);
  if (!definition) throw new Error('no task');
  return sortedMap(eventsByAlertId(replayEvents(definition, points), (event) => event.id), (event) => encodeAlertEvent(event));
}

function sortedMap<T>(byId: Map<string, T[]>, text: (entry: T) => string): Map<string, string[]> {
  return new Map([...byId].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, list]) => [id, list.map(text)]));
}
