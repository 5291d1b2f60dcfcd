import type { Dimensions } from '../../runtime/message';

/**
 * Most id templates (the default `{{ .Name }}:{{ .Group }}`, the seed's
 * `status_provedor_{{ index .Tags "nome_recurso" }}{{ index .Tags "nome_provedor" }}`) only read
 * values that are fixed for a group and measurement. Rendering such an id once per group instead
 * of once per point is the difference between ~3 µs and nothing on the hot path.
 *
 * Returns the tag names the template reads when every action is one of `.Name`, `.TaskName`,
 * `.Group` or `index .Tags "literal"`; undefined when anything else appears (then the id is
 * rendered for every point, as Kapacitor does).
 */
export function groupStableIdTags(source: string): readonly string[] | undefined {
  const tags: string[] = [];
  for (const match of source.matchAll(/\{\{(.*?)\}\}/gs)) {
    const action = (match[1] ?? '').replace(/^-\s/, '').replace(/\s-$/, '').trim();
    if (/^\.(Name|TaskName|Group)$/.test(action)) continue;
    const tag = /^index\s+\.Tags\s+"([^"\\]*)"$/.exec(action);
    if (!tag) return undefined;
    tags.push(tag[1] as string);
  }
  return tags;
}

/** Whether points of one group (and one measurement) all give the same values for these tags. */
export function tagsFixedByGroup(tags: readonly string[], dimensions: Dimensions): boolean {
  if (dimensions.by === '*') return tags.every((tag) => !dimensions.exclude.includes(tag));
  const by = dimensions.by;
  return tags.every((tag) => by.includes(tag));
}

/**
 * Whether two groups can never render the same id: the template reads `.Group`, or every tag the
 * groups differ by (and `.Name` when the measurement is part of the group). Only such a group may
 * be forgotten while quiet (incremental checkpoints' expiry): a group created again starts from the
 * level the topics hold for its id (`AlertNode.restoreEvent`), which another group sharing the id
 * may have moved since. Tag values read side by side without a separator could still collide;
 * that is left to the template's author, as the ids themselves would collide in Kapacitor.
 */
export function idTellsGroupsApart(source: string, dimensions: Dimensions): boolean {
  const actions = [...source.matchAll(/\{\{(.*?)\}\}/gs)].map((match) => (match[1] ?? '').replace(/^-\s/, '').replace(/\s-$/, '').trim());
  if (actions.includes('.Group')) return true;
  const tags = groupStableIdTags(source);
  if (tags === undefined || dimensions.by === '*') return false;
  if (dimensions.byMeasurement && !actions.includes('.Name')) return false;
  return dimensions.by.every((tag) => tags.includes(tag));
}
