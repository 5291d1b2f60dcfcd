import type { FieldValue, Point, Tags } from '@vigil/core';

/**
 * How points are grouped at a node: the sorted group-by tag names (or '*'), and whether the
 * measurement is part of the group. `by: []` with byMeasurement false is the nil group.
 */
export interface Dimensions {
  readonly by: readonly string[] | '*';
  readonly byMeasurement: boolean;
  /** Tags left out when `by` is '*', from `groupBy(*).exclude(...)`. */
  readonly exclude: readonly string[];
}

/** A single point flowing through a stream task, tagged with the group it belongs to. */
export interface PointMessage {
  readonly kind: 'point';
  readonly point: Point;
  /** Kapacitor's group id (`k1=v1,k2=v2`, with `name\n` first when grouped by measurement; '' for nil). */
  readonly group: string;
  /** The group-by tags and their values for this point. */
  readonly groupTags: Tags;
  readonly dimensions: Dimensions;
}

/** A window's output (and the input of aggregates): the buffered points of one group. */
export interface BatchMessage {
  readonly kind: 'batch';
  /** Measurement name. */
  readonly name: string;
  /** Batch time: the window's end (`tmax`), ns. */
  readonly tmax: bigint;
  readonly group: string;
  readonly groupTags: Tags;
  readonly dimensions: Dimensions;
  readonly points: readonly Point[];
  /**
   * Set by a window whose children all read one field and nothing else (the InfluxQL aggregates
   * and transformations): that field of every buffered point, so the window keeps two values
   * per point instead of the point. `points` then holds stand-ins built from it (the group tags
   * and the one field), only made if someone reads them.
   */
  readonly column?: FieldColumn;
}

/** One field of a batch's points, in point order. */
export interface FieldColumn {
  readonly field: string;
  readonly times: readonly bigint[];
  /** The field's value per point; undefined where a point lacks it. */
  readonly values: readonly (FieldValue | undefined)[];
}

/** The messages that carry data: what `NodeRuntime.receive` takes. */
export type Message = PointMessage | BatchMessage;

/**
 * Kapacitor's `BarrierMessage` (`edge/messages.go`): no message of the group older than `time`
 * will follow, so nodes that wait for later data (window, join, union, groupBy, flatten) may
 * act now. A `|barrier()` node makes them; it carries the group but no point.
 */
export interface BarrierMessage {
  readonly kind: 'barrier';
  readonly group: string;
  readonly groupTags: Tags;
  readonly dimensions: Dimensions;
  /** ns since the epoch. */
  readonly time: bigint;
}

/**
 * Kapacitor's `DeleteGroupMessage`: every grouped node that holds the group forgets its state
 * and passes the message on; a node that does not hold it stops it (`groupedConsumer.DeleteGroup`).
 * `|barrier().delete(TRUE)` sends one after each barrier.
 */
export interface DeleteGroupMessage {
  readonly kind: 'deleteGroup';
  readonly group: string;
}

/** Messages that carry no data but tell nodes about time or groups: `NodeRuntime.control` takes them. */
export type ControlMessage = BarrierMessage | DeleteGroupMessage;

/** Anything a node emits to its children. */
export type FlowMessage = Message | ControlMessage;
