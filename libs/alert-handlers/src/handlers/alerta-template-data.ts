import { type AlertEvent, Unsigned } from '@vigil/core';
import { GoDuration, GoMap, GoTime, compareGoStrings } from '@vigil/go-format';

/**
 * The data Kapacitor's Alerta templates see (alert.TemplateData: the details data), rebuilt from
 * the event: measurement name, task, group, tags, id, the fields of the last row, level, time,
 * duration, message and details. `.ServerInfo` is not carried by the event, so a template using it fails.
 *
 * The event carries the row's tags, not the task's group-by dimensions, so `.Group` is built from
 * all row tags (`k=v,k=v`, keys sorted, `nil` without tags). It matches Kapacitor when the task
 * groups by every tag, as the seed's tasks do.
 */
export function alertaTemplateData(event: AlertEvent): object {
  const row = event.series[0];
  const tags = Object.entries(row?.tags ?? {}).sort((a, b) => compareGoStrings(a[0], b[0]));
  const fields = new Map<string, unknown>();
  const last = row?.values[row.values.length - 1];
  if (row && last) {
    row.columns.forEach((column, i) => {
      if (column === 'time') return;
      const cell = last[i];
      fields.set(column, cell instanceof Unsigned ? cell.value : cell);
    });
  }
  return {
    Name: row?.name ?? '',
    TaskName: event.task,
    Group: tags.length === 0 ? 'nil' : tags.map(([k, v]) => `${k}=${v}`).join(','),
    Tags: new GoMap<string>(tags, ''),
    ID: event.id,
    Fields: fields,
    Level: event.level,
    Time: new GoTime(event.time),
    Duration: new GoDuration(event.duration),
    Message: event.message,
    Details: event.details,
  };
}
