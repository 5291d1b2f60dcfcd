import { posix } from 'node:path';
import type { FieldValue, Point } from '@vigil/core';
import { GoMap, parseTemplate, type GoTemplate } from '@vigil/go-format';
import { sideloadDirectory, type TickValue } from '@vigil/tick-lang';
import { ErrorReporter } from '../../runtime/error-reporter';
import { regroupedMessage, withPoints } from '../../runtime/group-id';
import type { Message } from '../../runtime/message';
import { asString, type NodeDefinition } from '../../runtime/node-definition';
import type { Emit, NodeBuildContext, NodeRuntime } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { convertToDefault } from './sideload-convert';
import { readSideloadDirectory } from './sideload-files';
import type { SideloadSource, SideloadSources } from './sideload-sources';

/** Go's `filepath.Clean`, which `fileSource.Lookup` applies to a key before looking it up. */
function cleanKey(key: string): string {
  const normalized = posix.normalize(key);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

/**
 * `|sideload()` (`sideload.go`: `SideloadNode.doSideload`): for each point, the `.order()`
 * templates are run over its tags to name files of the source; every `.field()` and `.tag()`
 * is then set (replacing the point's own) to the value of the first of those files that has the
 * key, converted to its default's type, or to the default. A template that fails leaves the point
 * as it is; a value that does not convert is logged and the default used. A changed group-by tag
 * moves a point to that group (Kapacitor's `SetTags`); a batch keeps its group. Stateless: the
 * files are read when the task is built, as Kapacitor reads them when the task starts, and again
 * by a sideload reload when the node is registered with the process's SideloadSources.
 */
class SideloadNode implements NodeRuntime {
  constructor(
    readonly name: string,
    private readonly source: SideloadSource,
    private readonly order: readonly GoTemplate[],
    private readonly fields: ReadonlyMap<string, FieldValue>,
    private readonly tags: ReadonlyMap<string, string>,
    private readonly errors: ErrorReporter,
    private readonly sources: SideloadSources | undefined,
  ) {
    sources?.add(source);
  }

  receive(message: Message, emit: Emit): void {
    if (message.kind === 'batch') {
      emit(withPoints(message, message.points.map((point) => this.sideload(point, message.group))));
      return;
    }
    const point = this.sideload(message.point, message.group);
    if (point === message.point) emit(message);
    else if (point.tags === message.point.tags) emit({ ...message, point });
    else emit(regroupedMessage(message, point));
  }

  private sideload(point: Point, group: string): Point {
    const paths: string[] = [];
    const tags = new GoMap(Object.entries(point.tags), '');
    for (const template of this.order) {
      try {
        paths.push(template.execute(tags));
      } catch (error) {
        this.errors.report(`failed to evaluate order template: ${(error as Error).message} (order=${template.source})`, group);
        return point;
      }
    }
    let fields: Record<string, FieldValue> | undefined;
    if (this.fields.size > 0) {
      fields = { ...point.fields };
      for (const [key, fallback] of this.fields) fields[key] = this.lookup(paths, key, fallback, group);
    }
    let newTags: Record<string, string> | undefined;
    if (this.tags.size > 0) {
      newTags = { ...point.tags };
      for (const [key, fallback] of this.tags) newTags[key] = this.lookup(paths, key, fallback, group) as string;
    }
    if (!fields && !newTags) return point;
    return { ...point, fields: fields ?? point.fields, tags: newTags ?? point.tags };
  }

  /** `fileSource.Lookup` then `convertType`: the first file of the order with the key wins. */
  private lookup(paths: readonly string[], key: string, fallback: FieldValue, group: string): FieldValue {
    const cleaned = cleanKey(key);
    for (const path of paths) {
      const value = this.source.cache.get(path)?.get(cleaned);
      if (value === undefined) continue;
      // JSON null reads as Go's nil: the default.
      if (value === null) return fallback;
      const converted = convertToDefault(value, fallback);
      if ('value' in converted) return converted.value;
      this.errors.report(`failed to load key: ${converted.error} (key=${key})`, group);
      return fallback;
    }
    return fallback;
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}

  close(): void {
    this.sources?.remove(this.source);
  }
}

function literal(definition: NodeDefinition, value: TickValue): FieldValue {
  if (value.type === 'int' || value.type === 'float' || value.type === 'string' || value.type === 'bool') return value.value;
  return definition.fail(`sideload .field() default must be an int, float, string or bool, got ${value.type}`);
}

function buildSideload(definition: NodeDefinition, context: NodeBuildContext, sources: SideloadSources | undefined): NodeRuntime {
  const sourceCall = definition.last('source');
  const source = sourceCall ? asString(sourceCall.args[0] as TickValue) : '';
  const checked = sideloadDirectory(source);
  if ('problem' in checked) definition.fail(checked.problem, sourceCall?.pos);
  // Lexically resolved, as sideload.allow compares it: the folder read is the folder allowed.
  const dir = posix.normalize((checked as { dir: string }).dir);
  let files: SideloadSource;
  try {
    files = { dir, cache: readSideloadDirectory(dir) };
  } catch (error) {
    return definition.fail((error as Error).message, sourceCall?.pos);
  }
  const order = (definition.strings('order') ?? []).map((text) => {
    try {
      return parseTemplate(text, { html: false, name: 'order' });
    } catch (error) {
      return definition.fail(`invalid order template ${JSON.stringify(text)}: ${(error as Error).message}`, definition.last('order')?.pos);
    }
  });
  const fields = new Map(definition.calls('field').map((call) => [asString(call.args[0] as TickValue), literal(definition, call.args[1] as TickValue)] as const));
  const tags = new Map(definition.calls('tag').map((call) => [asString(call.args[0] as TickValue), asString(call.args[1] as TickValue)] as const));
  return new SideloadNode(definition.name, files, order, fields, tags, new ErrorReporter(context.task, definition.name), sources);
}

/** The node, registering each one it builds with `sources` so that a reload reaches it. */
export function createSideloadNodeBuilder(sources: SideloadSources): NodeBuilder {
  return { type: 'sideload', build: (definition, context) => buildSideload(definition, context, sources) };
}

/** The node without reloads: its files are read once, when its task is built. */
export const sideloadNodeBuilder: NodeBuilder = {
  type: 'sideload',
  build: (definition, context) => buildSideload(definition, context, undefined),
};
