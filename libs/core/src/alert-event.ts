import type { FieldValue, Level, Tags } from './point';

/**
 * One row of `data.series` in Kapacitor's alert JSON (models.Row): `time` then the field keys
 * in byte order as columns, and one values row per point.
 */
export interface SeriesRow {
  readonly name: string;
  readonly tags: Tags;
  readonly columns: readonly string[];
  /**
   * Each row starts with the point time in ns (bigint), then the values in column order; null is
   * a cell the row's point does not have (batches whose points differ in fields).
   */
  readonly values: readonly (readonly (FieldValue | bigint | null)[])[];
}

/**
 * A delivery instruction from the alert node: which handler to call and with which options,
 * exactly as written in the script (e.g. `.post('http://x').header('a', 'b')`). The notifier
 * interprets it; the engine never contacts a handler.
 */
export interface HandlerInstruction {
  /** Kapacitor's handler name: post, slack, log, tcp, exec, telegram, pagerDuty2, email, ... */
  readonly kind: string;
  /** Positional arguments of the handler call, as JSON-compatible values. */
  readonly args: readonly (string | number | boolean)[];
  /** Property calls on the handler, in script order; repeated properties appear repeatedly. */
  readonly options: readonly { readonly name: string; readonly args: readonly (string | number | boolean)[] }[];
}

/** Kapacitor's alert.Data plus what vigil needs to route and deduplicate it. */
export interface AlertEvent {
  readonly id: string;
  readonly message: string;
  readonly details: string;
  /** Event time in ns since the epoch (the time of the point that caused it). */
  readonly time: bigint;
  /** Streak duration in ns. */
  readonly duration: bigint;
  readonly level: Level;
  readonly previousLevel: Level;
  readonly recoverable: boolean;
  readonly series: readonly SeriesRow[];
  /** Task that produced the event. */
  readonly task: string;
  /** Alert node name inside the task, e.g. `alert3`. */
  readonly node: string;
  /** `.topic()` of the node, or '' for the node's anonymous topic. */
  readonly topic: string;
  readonly category: string;
  readonly handlers: readonly HandlerInstruction[];
}
