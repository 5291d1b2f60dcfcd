import { encodeSeriesRow, type SeriesRow } from '@vigil/core';
import { GoMap, GoTime, parseTemplate } from '@vigil/go-format';
import type { TickValue } from '@vigil/tick-lang';
import type { Message } from '../../runtime/message';
import { asString, type NodeDefinition } from '../../runtime/node-definition';
import type { Emit, NodeBuildContext, NodeRuntime, TaskContext } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { batchSeries, PointSeries } from '../alert/alert-series';
import { endpointTarget, redacted, type HttpPostEndpoints, type HttpPostTarget } from './http-post-endpoint';

interface PostSettings {
  /** The URL and what an endpoint adds; a string: why there is none (an endpoint this process lacks). */
  readonly target: HttpPostTarget | string;
  /** The node's `.header()`s, the last value of a name winning (Go's Header.Set). */
  readonly headers: ReadonlyMap<string, string>;
  readonly captureResponse: boolean;
  /** ms; 0: no timeout. */
  readonly timeoutMs: number;
}

/** What Kapacitor's URL template sees (`http_post.go`: `mappedRow`): the row's name, tags and values by column. */
function mappedRow(row: SeriesRow): unknown {
  return {
    Name: row.name,
    Tags: new GoMap(Object.entries(row.tags), ''),
    Values: row.values.map((values) => new GoMap(row.columns.map((column, i) => [column, i === 0 && column === 'time' && typeof values[i] === 'bigint' ? new GoTime(values[i]) : values[i]] as const))),
  };
}

/**
 * `|httpPost(url)` (`http_post.go`: `HTTPPostNode`): each point, and each batch, is encoded as
 * Kapacitor's JSON (`{"series":[row]}` and a newline, Content-Type application/json, the
 * `.header()`s) and POSTed to the URL, rendered from its template with the row, or to the URL of
 * the configured endpoint `.endpoint()` names, with its headers and basic auth; the message is
 * passed on unchanged. Kapacitor posts and then passes the message on; vigil passes it on at once
 * and sends the posts of the node one after another in their order, so outputs do not wait on the
 * network (`.codeField()`, which needs the answer first, is refused at definition). A failed post
 * is logged with Kapacitor's messages and not retried, as Kapacitor's node does not retry. The
 * posts in flight are not task state: a checkpoint neither holds nor repeats them.
 */
class HttpPostNode implements NodeRuntime {
  /**
   * The groups the node has passed, for `working_cardinality` only (Kapacitor's grouped consumer
   * counts them; this node keeps no state by group): not checkpointed, counted again after a restore.
   */
  private readonly seen = new Set<string>();
  private readonly series = new PointSeries();
  /** The previous post, which the next one waits for. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly settings: PostSettings,
    private readonly task: TaskContext,
  ) {}

  receive(message: Message, emit: Emit): void {
    const row = message.kind === 'point' ? this.series.of(message.point) : batchSeries(message, message.groupTags);
    this.seen.add(message.group);
    this.enqueue(row, message.group);
    emit(message);
  }

  private enqueue(row: SeriesRow, group: string): void {
    const { target } = this.settings;
    if (typeof target === 'string') {
      this.fail('failed to POST data', target, group);
      return;
    }
    let body: string;
    let url: string;
    try {
      body = `{"series":[${encodeSeriesRow(row)}]}\n`;
    } catch (error) {
      this.fail('failed to POST data', `failed to marshal row data json: ${(error as Error).message}`, group);
      return;
    }
    try {
      url = target.url.execute(mappedRow(row));
    } catch (error) {
      this.fail('failed to POST data', `failed to marshal row data json: ${(error as Error).message}`, group);
      return;
    }
    this.queue = this.queue.then(() => this.post(target, url, body, group));
  }

  private async post(target: HttpPostTarget, url: string, body: string, group: string): Promise<void> {
    const { timeoutMs, captureResponse } = this.settings;
    // As Kapacitor's request gets them: the endpoint's headers and basic auth, the content type, then the node's.
    const headers = new Headers(target.headers.map(([name, value]) => [name, value]));
    headers.set('Content-Type', 'application/json');
    for (const [name, value] of this.settings.headers) headers.set(name, value);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : null,
      });
      if (Math.floor(response.status / 100) === 2) {
        await response.body?.cancel();
        return;
      }
      const reason = captureResponse ? await response.text() : 'unknown error, use .captureResponse() to capture the HTTP response';
      if (!captureResponse) await response.body?.cancel();
      this.fail('POST returned non 2xx status code', `${reason} (code=${response.status})`, group);
    } catch (error) {
      this.fail('failed to POST data', redacted((error as Error).message, target, url), group);
    }
  }

  private fail(what: string, reason: string, group: string): void {
    this.task.log({ level: 'error', node: this.name, group, message: `${what}: ${reason}` });
  }

  /** Kapacitor's `working_cardinality`: the groups this node has passed. */
  workingCardinality(): number {
    return this.seen.size;
  }

  forgetGroup(group: string): void {
    this.seen.delete(group);
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}

/**
 * The node's target: its URL, or the endpoint `.endpoint()` names (`http_post.go`:
 * `newHTTPPostNode`). An endpoint this process was not given is not a build error: the hosts refuse
 * such a task when it is defined (the handler guard), and a host without the configuration (a
 * replay from the command line) logs each post it cannot make, as a failed post, instead.
 */
function targetOf(definition: NodeDefinition, endpoints: HttpPostEndpoints): HttpPostTarget | string {
  const [call] = definition.calls('endpoint');
  if (call === undefined) {
    const source = definition.argString(0);
    try {
      return { url: parseTemplate(source, { html: false, name: source }), headers: [], secrets: [] };
    } catch (error) {
      return definition.fail(`error in url templating: ${(error as Error).message}`);
    }
  }
  const name = asString(call.args[0] as TickValue);
  const endpoint = endpoints.get(name);
  if (endpoint === undefined) return `endpoint '${name}' does not exist`;
  try {
    return endpointTarget(name, endpoint);
  } catch (error) {
    // The configuration's URL, not the script's: a task is no place to fail for it.
    return `endpoint '${name}': error in url templating: ${(error as Error).message}`;
  }
}

/** The httpPost node posting to `endpoints` when a script names one (none: every endpoint is unknown). */
export function createHttpPostNodeBuilder(endpoints: HttpPostEndpoints = new Map()): NodeBuilder {
  return {
    type: 'httpPost',
    build: (definition: NodeDefinition, context: NodeBuildContext): NodeRuntime => {
      const target = targetOf(definition, endpoints);
      const headers = new Map(definition.calls('header').map((call) => [asString(call.args[0] as TickValue), asString(call.args[1] as TickValue)] as const));
      const timeoutMs = Number(definition.duration('timeout') / 1_000_000n);
      return new HttpPostNode(definition.name, { target, headers, captureResponse: definition.has('captureResponse'), timeoutMs }, context.task);
    },
  };
}

export const httpPostNodeBuilder: NodeBuilder = createHttpPostNodeBuilder();
