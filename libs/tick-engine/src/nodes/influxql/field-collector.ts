import type { FieldValue } from '@vigil/core';
import type { ErrorReporter } from '../../runtime/error-reporter';
import { kindOf, valueOf, type Kind, type Value } from './field-kind';
import type { InfluxqlFunction } from './influxql-functions';

const GO_TYPE: Readonly<Record<Kind, string>> = { float: 'float64', int: 'int64', string: 'string', bool: 'bool' };

/**
 * Reads the function's field from points the way Kapacitor's reduce contexts do: the first point
 * that has the field fixes the type (a point without it, or with a type the function does not
 * take, is skipped with an error); later points of another type are skipped with an error.
 */
export class FieldCollector {
  constructor(
    private readonly fn: InfluxqlFunction,
    private readonly field: string,
    private readonly errors: ErrorReporter,
  ) {}

  /** The kind a point's value of the field realizes the reducer with, or null when it cannot (logged). */
  realize(value: FieldValue | undefined, group: string): Kind | null {
    if (value === undefined) {
      this.errors.report(`failed to realize reduce context from fields: field "${this.field}" missing from point`, group);
      return null;
    }
    const kind = kindOf(value);
    if (!this.fn.kinds.includes(kind)) {
      this.errors.report(
        `failed to realize reduce context from fields: invalid influxql func ${this.fn.name} with field ${this.field}: cannot apply ${this.fn.name} to ${GO_TYPE[kind]} field`,
        group,
      );
      return null;
    }
    return kind;
  }

  /** A point's value of the field for a realized kind, or undefined when missing or of another type (logged). */
  value(kind: Kind, value: FieldValue | undefined, group: string): Value | undefined {
    if (value === undefined) {
      this.errors.report(`failed to aggregate point: field ${this.field} missing from point cannot aggregate`, group);
      return undefined;
    }
    const actual = kindOf(value);
    if (actual !== kind) {
      this.errors.report(`failed to aggregate point: field ${this.field} has wrong type: got ${GO_TYPE[actual]} exp ${GO_TYPE[kind]}`, group);
      return undefined;
    }
    return valueOf(value);
  }
}
