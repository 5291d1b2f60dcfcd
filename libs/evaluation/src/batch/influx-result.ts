import type { FieldValue, Point, Tags } from '@vigil/core';
import { toGroupId, type BatchMessage } from '@vigil/tick-engine';
import type { InfluxSeries } from './influxdb-port';

/**
 * The batches of one answer, one per series, as Kapacitor's `edge.ResultToBufferedBatches` and
 * `QueryNode.doQuery` make them:
 *
 * - the series' tags are both the group's tags and every point's tags; the group id is built from
 *   all of them (sorted), with the measurement first under `.groupByMeasurement()`;
 * - every JSON number becomes a float (Go's `json.Number.Float64`), so an integer field of
 *   InfluxDB arrives as a float; null cells are left out and a row with no field left is skipped;
 * - the batch time is the latest point time, replaced by the run's `stop` when the query is not
 *   grouped by time or the batch has no point.
 */
export function batchesOf(series: readonly InfluxSeries[], options: { readonly byMeasurement: boolean; readonly groupedByTime: boolean; readonly stop: bigint }): BatchMessage[] {
  return series.map((row) => {
    const name = row.name ?? '';
    const tags: Tags = { ...(row.tags ?? {}) };
    const tagNames = Object.keys(tags).sort(compareBytes);
    const points: Point[] = [];
    let tmax: bigint | undefined;
    for (const values of row.values) {
      let time = 0n;
      const fields: Record<string, FieldValue> = {};
      row.columns.forEach((column, index) => {
        const cell = values[index];
        if (column === 'time') time = parseTime(cell);
        else if (typeof cell === 'number') fields[column] = cell;
        else if (typeof cell === 'string' || typeof cell === 'boolean') fields[column] = cell;
      });
      if (Object.keys(fields).length === 0) continue;
      if (tmax === undefined || time > tmax) tmax = time;
      points.push({ database: '', retentionPolicy: '', name, tags, fields, time });
    }
    return {
      kind: 'batch',
      name,
      tmax: tmax === undefined || !options.groupedByTime ? options.stop : tmax,
      group: toGroupId(name, tags, tagNames, options.byMeasurement),
      groupTags: tags,
      dimensions: { by: tagNames, byMeasurement: options.byMeasurement, exclude: [] },
      points,
    };
  });
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** RFC 3339 with up to nanoseconds to ns since the epoch; Kapacitor refuses other time cells. */
export function parseTime(cell: unknown): bigint {
  const match = typeof cell === 'string' ? RFC3339.exec(cell) : null;
  if (!match) throw new Error(`unexpected time value: ${JSON.stringify(cell)}`);
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match as unknown as string[];
  const millis = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  let ns = BigInt(millis) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
  if (zone !== 'Z') {
    const minutes = BigInt(Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    ns -= (zone.startsWith('-') ? -1n : 1n) * minutes * 60_000_000_000n;
  }
  return ns;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
