import { encodeSeriesRow, type SeriesRow } from '@vigil/core';
import { GoMap, GoTime, parseTemplate, type GoTemplate } from '@vigil/go-format';
import type { TickValue } from '@vigil/tick-lang';
import type { Message } from '../../runtime/message';
import { asString, type NodeDefinition } from '../../runtime/node-definition';
import type { Emit, NodeBuildContext, NodeRuntime, TaskContext } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';
import { batchSeries, PointSeries } from '../alert/alert-series';

interface PostSettings {
  readonly url: GoTemplate;
  /** Header names and values, the last value of a name winning (Go's Header.Set). */
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
 * `.header()`s) and POSTed to the URL, rendered from its template with the row; the message is
 * passed on unchanged. Kapacitor posts and then passes the message on; vigil passes it on at once
 * and sends the posts of the node one after another in their order, so outputs do not wait on the
 * network (`.codeField()`, which needs the answer first, is refused at definition). A failed post
 * is logged with Kapacitor's messages and not retried, as Kapacitor's node does not retry. The
 * posts in flight are not task state: a checkpoint neither holds nor repeats them.
 */
class HttpPostNode implements NodeRuntime {
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
    this.enqueue(row, message.group);
    emit(message);
  }

  private enqueue(row: SeriesRow, group: string): void {
    let body: string;
    let url: string;
    try {
      body = `{"series":[${encodeSeriesRow(row)}]}\n`;
    } catch (error) {
      this.fail('failed to POST data', `failed to marshal row data json: ${(error as Error).message}`, group);
      return;
    }
    try {
      url = this.settings.url.execute(mappedRow(row));
    } catch (error) {
      this.fail('failed to POST data', `failed to marshal row data json: ${(error as Error).message}`, group);
      return;
    }
    this.queue = this.queue.then(() => this.post(url, body, group));
  }

  private async post(url: string, body: string, group: string): Promise<void> {
    const { headers, timeoutMs, captureResponse } = this.settings;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...Object.fromEntries(headers) },
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
      this.fail('failed to POST data', (error as Error).message, group);
    }
  }

  private fail(what: string, reason: string, group: string): void {
    this.task.log({ level: 'error', node: this.name, group, message: `${what}: ${reason}` });
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}

function buildHttpPost(definition: NodeDefinition, context: NodeBuildContext): NodeRuntime {
  const source = definition.argString(0);
  let url: GoTemplate;
  try {
    url = parseTemplate(source, { html: false, name: source });
  } catch (error) {
    return definition.fail(`error in url templating: ${(error as Error).message}`);
  }
  const headers = new Map(definition.calls('header').map((call) => [asString(call.args[0] as TickValue), asString(call.args[1] as TickValue)] as const));
  const timeoutMs = Number(definition.duration('timeout') / 1_000_000n);
  return new HttpPostNode(definition.name, { url, headers, captureResponse: definition.has('captureResponse'), timeoutMs }, context.task);
}

export const httpPostNodeBuilder: NodeBuilder = {
  type: 'httpPost',
  build: buildHttpPost,
};
