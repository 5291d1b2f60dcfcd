import { Unsigned, type Fields, type Tags } from '@vigil/core';
import { GoDuration, GoMap, GoTime } from '@vigil/go-format';
import type { IdTemplateInput, MessageTemplateInput } from './alert-templates';

/** `.ServerInfo` of the templates (Kapacitor's serverInfo), configured per deployment. */
export interface ServerInfo {
  readonly hostname: string;
  readonly clusterID: string;
  readonly serverID: string;
}

/**
 * The data the templates see, modelled as go-format expects Go values: a struct is an object
 * whose own properties are its fields in declaration order (that order is also the key order of
 * `{{ json . }}`), `.Tags` a map[string]string (a missing tag reads as ''), `.Fields` a
 * map[string]interface{} (a missing field reads as nil).
 *
 * Built for every event, so each struct is one object literal (no spreads), and the parts fixed
 * for the node (the task name, `.ServerInfo`) are made once. Templates only read their data.
 */
export class AlertTemplateData {
  private readonly serverInfo: object;

  constructor(
    private readonly taskName: string,
    serverInfo: ServerInfo,
  ) {
    this.serverInfo = Object.freeze({ Hostname: serverInfo.hostname, ClusterID: serverInfo.clusterID, ServerID: serverInfo.serverID });
  }

  /** The id template's data (Kapacitor's idInfo). */
  id(input: IdTemplateInput): object {
    return { Name: input.name, TaskName: this.taskName, Group: goGroup(input.group), Tags: tagsMap(input.tags), ServerInfo: this.serverInfo };
  }

  /** Message data: the id data (embedded, so its fields come first), then ID, Fields, Level, Time, Duration. */
  message(input: MessageTemplateInput, tags: GoMap<string>, fields: Map<string, unknown>): object {
    return this.messageStruct(input, tags, fields);
  }

  /** Details data: the message data plus the rendered Message. */
  details(input: MessageTemplateInput, tags: GoMap<string>, fields: Map<string, unknown>, message: string): object {
    const struct: Record<string, unknown> = this.messageStruct(input, tags, fields);
    // Added last, so that it is also the last key of `{{ json . }}`.
    struct['Message'] = message;
    return struct;
  }

  private messageStruct(input: MessageTemplateInput, tags: GoMap<string>, fields: Map<string, unknown>): Record<string, unknown> {
    return {
      Name: input.name,
      TaskName: this.taskName,
      Group: goGroup(input.group),
      Tags: tags,
      ServerInfo: this.serverInfo,
      ID: input.id,
      Fields: fields,
      Level: input.level,
      Time: new GoTime(input.time),
      Duration: new GoDuration(input.duration),
    };
  }
}

/** Kapacitor renders the nil group as the literal `nil`. */
function goGroup(group: string): string {
  return group === '' ? 'nil' : group;
}

export function tagsMap(tags: Tags): GoMap<string> {
  const map = new GoMap<string>(null, '');
  for (const key in tags) if (Object.hasOwn(tags, key)) map.set(key, tags[key] as string);
  return map;
}

/** Unsigned fields print and encode like integers (Kapacitor's stream nodes treat them as such). */
export function fieldsMap(fields: Fields): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    const value = fields[key];
    map.set(key, value instanceof Unsigned ? value.value : value);
  }
  return map;
}
