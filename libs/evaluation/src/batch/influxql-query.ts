import { formatFloatV, formatInfluxqlDuration, formatRFC3339Nano } from '@vigil/go-format';
import { parseSelectStatement, type PipelineNode, type SelectStatement, type TickValue } from '@vigil/tick-lang';
import type { QueryRange } from './batch-schedule';

/**
 * A `query()` node's InfluxQL with the bounds of one run, as Kapacitor builds it (`query.go`):
 * the WHERE condition gets `AND time >= 'start' AND time < 'stop'` appended (without parentheses
 * around the written condition, as influxql's `BinaryExpr.String` prints it: a top-level OR in
 * the query's WHERE therefore binds the bounds to its last operand only, in Kapacitor and here),
 * the GROUP BY becomes `.groupBy()`'s dimensions (`time(d, offset)` with `0s` printed when no
 * offset is given; the query's own GROUP BY is dropped), and `.fill()` replaces the query's fill.
 */
export interface InfluxQLQuery {
  readonly node: string;
  readonly statement: SelectStatement;
  readonly dimensions: readonly TickValue[];
  readonly groupedByTime: boolean;
  readonly alignGroup: boolean;
  readonly fill: TickValue | undefined;
  readonly byMeasurement: boolean;
  readonly cluster: string;
}

export function influxqlQueryOf(node: PipelineNode): InfluxQLQuery {
  const text = node.args[0];
  if (text?.type !== 'string') throw new Error(`${node.name} has no query text`);
  const dimensions = lastCall(node, 'groupBy')?.args ?? [];
  const cluster = lastCall(node, 'cluster')?.args[0];
  return {
    node: node.name,
    statement: parseSelectStatement(text.value),
    dimensions,
    groupedByTime: dimensions.some((value) => value.type === 'duration' || value.type === 'timeDimension'),
    alignGroup: node.properties.some((call) => call.name === 'alignGroup'),
    fill: lastCall(node, 'fill')?.args[0],
    byMeasurement: node.properties.some((call) => call.name === 'groupByMeasurement'),
    cluster: cluster?.type === 'string' ? cluster.value : '',
  };
}

/** The statement text sent for the run that queries `range`. */
export function queryText(query: InfluxQLQuery, range: QueryRange): string {
  const { statement } = query;
  const bounds = `time >= '${formatRFC3339Nano(range.start)}' AND time < '${formatRFC3339Nano(range.stop)}'`;
  const parts = [`SELECT ${statement.fields}`];
  if (statement.into) parts.push(`INTO ${statement.into}`);
  parts.push(`FROM ${statement.from}`, `WHERE ${statement.where ? `${statement.where} AND ` : ''}${bounds}`);
  const dimensions = query.dimensions.map((value) => dimensionText(value, query.alignGroup, range.start));
  if (dimensions.length > 0) parts.push(`GROUP BY ${dimensions.join(', ')}`);
  const fill = fillText(query.fill, statement.fill);
  if (fill) parts.push(fill);
  if (statement.tail) parts.push(statement.tail);
  return parts.join(' ');
}

/** `query.go`: `Dimensions`; with `.alignGroup()` the offset is the start modulo the length (`SetStartTime`). */
function dimensionText(value: TickValue, alignGroup: boolean, start: bigint): string {
  if (value.type === 'star') return '*';
  if (value.type === 'string') return quoteIdent(value.value);
  const length = value.type === 'duration' ? value.ns : value.type === 'timeDimension' ? value.length : 0n;
  // Go's % keeps the sign of the dividend.
  const offset = alignGroup && length !== 0n ? start % length : value.type === 'timeDimension' ? value.offset : 0n;
  return `time(${formatInfluxqlDuration(length)}, ${formatInfluxqlDuration(offset)})`;
}

/** influxql's `SelectStatement.String`: null fill is the default and is not printed. */
function fillText(fill: TickValue | undefined, written: string | undefined): string | undefined {
  if (fill === undefined) return written === undefined ? undefined : `fill(${written})`;
  if (fill.type === 'string') return fill.value === 'null' ? undefined : `fill(${fill.value})`;
  if (fill.type === 'int') return `fill(${fill.value})`;
  if (fill.type === 'float') return `fill(${formatFloatV(fill.value)})`;
  return undefined;
}

const INFLUXQL_KEYWORDS = new Set(
  'ALL ALTER ANALYZE ANY AS ASC BEGIN BY CARDINALITY CREATE CONTINUOUS DATABASE DATABASES DEFAULT DELETE DESC DESTINATIONS DIAGNOSTICS DISTINCT DROP DURATION END EVERY EXACT EXPLAIN FIELD FOR FROM GRANT GRANTS GROUP GROUPS IN INF INSERT INTO KEY KEYS KILL LIMIT MEASUREMENT MEASUREMENTS NAME OFFSET ON ORDER PASSWORD POLICY POLICIES PRIVILEGES QUERIES QUERY READ REPLICATION RESAMPLE RETENTION REVOKE SELECT SERIES SET SHARD SHARDS SLIMIT SOFFSET STATS SUBSCRIPTION SUBSCRIPTIONS TAG TO USER USERS VALUES WHERE WITH WRITE AND OR TRUE FALSE'.split(' '),
);

/** influxql's `QuoteIdent`: bare when it is an identifier and not a keyword, else double-quoted. */
function quoteIdent(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !INFLUXQL_KEYWORDS.has(name.toUpperCase())) return name;
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function lastCall(node: PipelineNode, name: string) {
  return [...node.properties].reverse().find((call) => call.name === name);
}
