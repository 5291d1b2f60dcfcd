import { Unsigned, type FieldValue, type Fields, type Point, type Tags } from '@vigil/core';
import type { TickValue } from '@vigil/tick-lang';
import { sortByteOrder } from '../../runtime/byte-order';
import { toGroupId } from '../../runtime/group-id';
import type { BatchMessage, Dimensions, PointMessage } from '../../runtime/message';
import type { AgentPoint, BeginBatchMessage, EndBatchMessage, OptionValueMessage } from './agent/udf-messages';

/** An option value of a script (`.size(10)`) as the agent protocol types it (`pipeline/udf.go`: `SetProperty`). */
export function optionValue(value: TickValue): OptionValueMessage {
  switch (value.type) {
    case 'bool':
      return { type: 'BOOL', boolValue: value.value };
    case 'int':
      return { type: 'INT', intValue: String(value.value) };
    case 'float':
      return { type: 'DOUBLE', doubleValue: value.value };
    case 'string':
      return { type: 'STRING', stringValue: value.value };
    case 'duration':
      return { type: 'DURATION', durationValue: String(value.ns) };
    default:
      throw new Error(`a UDF option cannot take a ${value.type}`);
  }
}

interface TypedFields {
  fieldsDouble: Record<string, number>;
  fieldsInt: Record<string, string>;
  fieldsString: Record<string, string>;
  fieldsBool: Record<string, boolean>;
}

/** A point's fields split by type, as `udf/server.go` (`fieldsToTypedMaps`) sends them; unsigned values go as ints. */
function typedFields(fields: Fields): TypedFields {
  const typed: TypedFields = { fieldsDouble: {}, fieldsInt: {}, fieldsString: {}, fieldsBool: {} };
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'number') typed.fieldsDouble[name] = value;
    else if (typeof value === 'bigint') typed.fieldsInt[name] = String(value);
    else if (value instanceof Unsigned) typed.fieldsInt[name] = String(value.value);
    else if (typeof value === 'string') typed.fieldsString[name] = value;
    else typed.fieldsBool[name] = value;
  }
  return typed;
}

/** The fields of an agent's point; a name in several maps keeps the last of strings, ints, doubles, bools (`typeMapsToFields`). */
function fieldsOf(point: AgentPoint): Fields {
  const fields: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(point.fieldsString)) fields[name] = value;
  for (const [name, value] of Object.entries(point.fieldsInt)) fields[name] = BigInt(value);
  for (const [name, value] of Object.entries(point.fieldsDouble)) fields[name] = value;
  for (const [name, value] of Object.entries(point.fieldsBool)) fields[name] = value;
  return fields;
}

/** The group-by tag names of a message: those of its group's tags. */
function dimensionNames(groupTags: Tags): string[] {
  return sortByteOrder(Object.keys(groupTags));
}

export function pointRequest(message: PointMessage): AgentPoint {
  const { point } = message;
  return {
    time: String(point.time),
    name: point.name,
    database: point.database,
    retentionPolicy: point.retentionPolicy,
    group: message.group,
    dimensions: dimensionNames(message.groupTags),
    tags: point.tags,
    ...typedFields(point.fields),
    byName: message.dimensions.byMeasurement,
  };
}

/** A batch as `writeBufferedBatch` sends it: begin, each point, end. */
export function batchRequests(batch: BatchMessage): { begin: BeginBatchMessage; points: AgentPoint[]; end: EndBatchMessage } {
  const byName = batch.dimensions.byMeasurement;
  return {
    begin: { name: batch.name, group: batch.group, tags: batch.groupTags, size: String(batch.points.length), byName },
    points: batch.points.map((point) => ({
      time: String(point.time),
      name: '',
      database: '',
      retentionPolicy: '',
      group: batch.group,
      dimensions: [],
      tags: point.tags,
      ...typedFields(point.fields),
      byName: false,
    })),
    end: { name: batch.name, group: batch.group, tmax: String(batch.tmax), tags: batch.groupTags, byName },
  };
}

function dimensions(names: readonly string[], byName: boolean): Dimensions {
  return { by: names, byMeasurement: byName, exclude: [] };
}

/** A point the agent sent on a stream: its group is made from its dimensions, as `edge.NewPointMessage` does. */
export function pointFromAgent(point: AgentPoint): PointMessage {
  const names = sortByteOrder([...point.dimensions]);
  const groupTags: Record<string, string> = {};
  for (const name of names) groupTags[name] = point.tags[name] ?? '';
  const made: Point = { database: point.database, retentionPolicy: point.retentionPolicy, name: point.name, tags: point.tags, fields: fieldsOf(point), time: BigInt(point.time) };
  return { kind: 'point', point: made, group: toGroupId(point.name, point.tags, names, point.byName), groupTags, dimensions: dimensions(names, point.byName) };
}

/** A batch the agent sent (begin, points, end): grouped by the end's tags, as `handleResponse` makes it. */
export function batchFromAgent(begin: BeginBatchMessage, points: readonly AgentPoint[], end: EndBatchMessage): BatchMessage {
  const names = sortByteOrder(Object.keys(end.tags));
  return {
    kind: 'batch',
    name: end.name,
    tmax: BigInt(end.tmax),
    group: toGroupId(end.name, end.tags, names, begin.byName),
    groupTags: end.tags,
    dimensions: dimensions(names, begin.byName),
    points: points.map((point) => ({ database: '', retentionPolicy: '', name: end.name, tags: point.tags, fields: fieldsOf(point), time: BigInt(point.time) })),
  };
}
