import type { AlertEvent, FieldValue, Point } from '@vigil/core';
import type { Message } from '../runtime/message';
import type { LogEntry, PointSink, TaskContext } from '../runtime/node-runtime';
import { createTaskFromScript } from '../task/create-task-from-script';
import type { Task } from '../task/task';

/**
 * Test harness for node specs: builds a task from a TICKscript and records everything it hands
 * out. Named `.test.ts` so that the library build leaves it out; only specs import it.
 */
export class Recorder implements TaskContext {
  readonly events: AlertEvent[] = [];
  readonly points: { sink: PointSink; point: Point }[] = [];
  readonly logs: LogEntry[] = [];
  /** httpOut messages, in order, as [endpoint, message]. */
  readonly published: [string, Message][] = [];
  /** httpOut groups deleted, in order, as [endpoint, group]. */
  readonly unpublished: [string, string][] = [];
  clock = 0n;

  constructor(readonly taskName = 'test') {}

  readonly now = (): bigint => this.clock;
  readonly emitEvent = (event: AlertEvent): void => void this.events.push(event);
  readonly emitPoint = (sink: PointSink, point: Point): void => void this.points.push({ sink, point });
  readonly log = (entry: LogEntry): void => void this.logs.push(entry);
  readonly publish = (endpoint: string, group: string, message: Message | undefined): void => {
    if (message === undefined) this.unpublished.push([endpoint, group]);
    else this.published.push([endpoint, message]);
  };

  /** The published messages of one endpoint. */
  out(endpoint = 'out'): Message[] {
    return this.published.filter(([name]) => name === endpoint).map(([, message]) => message);
  }

  /** The published points of one endpoint (batches are listed as their points). */
  outPoints(endpoint = 'out'): Point[] {
    return this.out(endpoint).flatMap((message) => (message.kind === 'point' ? [message.point] : [...message.points]));
  }
}

export const DBRP = 'dbrp "db"."rp"\n';

/** A task from a script (a `dbrp "db"."rp"` line is added) and the recorder of its outputs. */
export function scriptTask(script: string, recorder = new Recorder()): { task: Task; recorder: Recorder } {
  return { task: createTaskFromScript(DBRP + script, recorder), recorder };
}

/**
 * Points from a simple subset of line protocol (no escapes, no spaces inside strings), written to
 * db.rp, times in seconds (fractions allowed). A test double: the specs of the nodes should not
 * depend on the line-protocol library; the golden cases use the real parser.
 */
export function lines(text: string): Point[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map(parseTestLine);
}

function parseTestLine(line: string): Point {
  const [series, fieldText, timeText] = line.split(' ');
  if (!series || !fieldText || !timeText) throw new Error(`bad test line: ${line}`);
  const [name, ...tagPairs] = series.split(',');
  const tags = Object.fromEntries(tagPairs.map((pair) => pair.split('=') as [string, string]));
  const fields: Record<string, FieldValue> = {};
  for (const pair of fieldText.split(',')) {
    const [key, raw] = pair.split('=') as [string, string];
    fields[key] = testFieldValue(raw);
  }
  const [whole, fraction = ''] = timeText.split('.');
  const time = BigInt(whole as string) * SECOND + BigInt(fraction.padEnd(9, '0'));
  return { database: 'db', retentionPolicy: 'rp', name: name as string, tags, fields, time };
}

function testFieldValue(raw: string): FieldValue {
  if (raw.endsWith('i')) return BigInt(raw.slice(0, -1));
  if (raw.startsWith('"')) return raw.slice(1, -1);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return Number(raw);
}

/** Runs a script over points and returns the recorder. */
export function run(script: string, input: string | Point[]): Recorder {
  const { task, recorder } = scriptTask(script);
  for (const point of typeof input === 'string' ? lines(input) : input) task.write(point);
  return recorder;
}

export const SECOND = 1_000_000_000n;

/** Compact view of a point for assertions: [time in s, tags, fields]. */
export function view(point: Point): [number, Point['tags'], Point['fields']] {
  return [Number(point.time / 1_000_000n) / 1000, point.tags, point.fields];
}

/** The value of one field of each point. */
export function fieldValues(points: readonly Point[], field: string): (FieldValue | undefined)[] {
  return points.map((point) => point.fields[field]);
}
