import type { Point } from '@vigil/core';

/** Where the write endpoints put points (`@vigil/ingest-http`'s PointSink, by shape). */
export interface CountedSink<Source = unknown> {
  write(points: readonly Point[], source?: Source): Promise<void>;
}

/** Points received for one database, retention policy and measurement, as `kapacitor stats ingress` lists them. */
export interface IngressCount {
  readonly database: string;
  readonly retentionPolicy: string;
  readonly measurement: string;
  readonly pointsReceived: number;
}

/**
 * Counts the points the write endpoints made durable, per database, retention policy and
 * measurement, as Kapacitor's task master counts what it receives (`task_master.go`, the
 * `ingress` statistic's `points_received`). Counts start at zero with the process, as Kapacitor's.
 */
export class IngressCounts {
  private readonly counts = new Map<string, { database: string; retentionPolicy: string; measurement: string; pointsReceived: number }>();

  /** The sink wrapped so that every point it accepts is counted once it is durable. */
  counting<Source>(sink: CountedSink<Source>): CountedSink<Source> {
    return {
      write: async (points, source) => {
        await sink.write(points, source);
        this.addAll(points);
      },
    };
  }

  list(): readonly IngressCount[] {
    return [...this.counts.values()].map((count) => ({ ...count }));
  }

  /** Counts runs of points with one database, retention policy and measurement at once: a request's points mostly are one run. */
  private addAll(points: readonly Point[]): void {
    let start = 0;
    for (let i = 1; i <= points.length; i++) {
      const first = points[start] as Point;
      const point = points[i];
      if (point !== undefined && point.name === first.name && point.database === first.database && point.retentionPolicy === first.retentionPolicy) continue;
      this.add(first, i - start);
      start = i;
    }
  }

  private add(point: Point, points: number): void {
    const key = JSON.stringify([point.database, point.retentionPolicy, point.name]);
    const count = this.counts.get(key);
    if (count) count.pointsReceived += points;
    else this.counts.set(key, { database: point.database, retentionPolicy: point.retentionPolicy, measurement: point.name, pointsReceived: points });
  }
}
