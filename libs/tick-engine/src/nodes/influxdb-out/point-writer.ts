import type { Point, Tags } from '@vigil/core';
import type { Message } from '../../runtime/message';
import type { PointSink, TaskContext } from '../../runtime/node-runtime';

/**
 * Hands the points of messages to a point sink (`influxDBOut`, `kapacitorLoopback`), written to
 * the sink's database and retention policy, renamed to its measurement when set, with its extra
 * tags added and times truncated to the write precision.
 */
export class PointWriter {
  private readonly addsTags: boolean;

  constructor(
    private readonly task: TaskContext,
    readonly sink: PointSink,
    private readonly tags: Tags,
    /** Nanoseconds per unit of the write precision (1 for ns). */
    private readonly precision: bigint,
  ) {
    this.addsTags = Object.keys(tags).length > 0;
  }

  write(message: Message): void {
    if (message.kind === 'point') this.writePoint(message.point, message.point.name);
    else for (const point of message.points) this.writePoint(point, message.name);
  }

  private writePoint(point: Point, name: string): void {
    this.task.emitPoint(this.sink, {
      database: this.sink.database,
      retentionPolicy: this.sink.retentionPolicy,
      name: this.sink.measurement === '' ? name : this.sink.measurement,
      tags: this.addsTags ? { ...point.tags, ...this.tags } : point.tags,
      fields: point.fields,
      time: this.precision === 1n ? point.time : (point.time / this.precision) * this.precision,
    });
  }
}

const PRECISIONS: Readonly<Record<string, bigint>> = {
  '': 1n,
  n: 1n,
  ns: 1n,
  u: 1_000n,
  us: 1_000n,
  µ: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Nanoseconds per precision unit, or undefined for an unknown precision. */
export function precisionNs(precision: string): bigint | undefined {
  return PRECISIONS[precision];
}
