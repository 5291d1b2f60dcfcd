import type { AlertEvent, FieldValue, Point } from '@vigil/core';
import { parseLines } from '@vigil/line-protocol';
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
  clock = 0n;

  constructor(readonly taskName = 'test') {}

  readonly now = (): bigint => this.clock;
  readonly emitEvent = (event: AlertEvent): void => void this.events.push(event);
  readonly emitPoint = (sink: PointSink, point: Point): void => void this.points.push({ sink, point });
  readonly log = (entry: LogEntry): void => void this.logs.push(entry);
  readonly publish = (endpoint: string, _group: string, message: Message): void => void this.published.push([endpoint, message]);

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

/** Points from line protocol, written to db.rp, times in seconds unless they carry more digits. */
export function lines(text: string, precision: 's' | 'n' = 's'): Point[] {
  const parsed = parseLines(text.trim().replace(/^\s+/gm, ''), { database: 'db', retentionPolicy: 'rp', precision });
  if (parsed.errors.length > 0) throw parsed.errors[0];
  return parsed.points;
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
