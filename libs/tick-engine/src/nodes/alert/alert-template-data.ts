import { Unsigned, type FieldValue, type Fields } from '@vigil/core';
import { GoDuration, GoMap, GoTime } from '@vigil/go-format';
import type { IdTemplateInput, MessageTemplateInput } from './alert-templates';

/** `.ServerInfo` of the templates (Kapacitor's serverInfo), configured per deployment. */
export interface ServerInfo {
  readonly hostname: string;
  readonly clusterID: string;
  readonly serverID: string;
}

/**
 * The data the id template sees, modelled as go-format expects Go values: a struct is an object
 * whose own properties are its fields in declaration order (that order is also the key order of
 * `{{ json . }}`), `.Tags` a map[string]string (a missing tag reads as ''), `.Fields` a
 * map[string]interface{} (a missing field reads as nil).
 */
export function idTemplateData(input: IdTemplateInput, taskName: string, serverInfo: ServerInfo): object {
  return {
    Name: input.name,
    TaskName: taskName,
    // Kapacitor renders the nil group as the literal `nil`.
    Group: input.group === '' ? 'nil' : input.group,
    Tags: new GoMap<string>(Object.entries(input.tags), ''),
    ServerInfo: { Hostname: serverInfo.hostname, ClusterID: serverInfo.clusterID, ServerID: serverInfo.serverID },
  };
}

/** Message data: the id data (embedded, so its fields come first), then ID, Fields, Level, Time, Duration. */
export function messageTemplateData(input: MessageTemplateInput, taskName: string, serverInfo: ServerInfo): object {
  return {
    ...idTemplateData(input, taskName, serverInfo),
    ID: input.id,
    Fields: fieldsMap(input.fields),
    Level: input.level,
    Time: new GoTime(input.time),
    Duration: new GoDuration(input.duration),
  };
}

/** Details data: the message data plus the rendered Message. */
export function detailsTemplateData(messageData: object, message: string): object {
  return { ...messageData, Message: message };
}

function fieldsMap(fields: Fields): Map<string, unknown> {
  return new Map(Object.entries(fields).map(([key, value]) => [key, goFieldValue(value)]));
}

/** Unsigned fields print and encode like integers (Kapacitor's stream nodes treat them as such). */
function goFieldValue(value: FieldValue): unknown {
  return value instanceof Unsigned ? value.value : value;
}
