import type { NodeSpec } from './catalog-types';
import { validatePromQL, validateQuery } from './query-validators';
import { arg, flagProperty, valueProperty } from './spec-builders';

export const BATCH_NODE: NodeSpec = {
  name: 'batch',
  kapacitorName: 'batch',
  category: 'source',
  internal: true,
  args: [],
  properties: [],
  wants: 'batch',
  provides: 'batch',
  chainMethods: ['query', 'promQL'],
  doc:
    'The predefined `batch` variable of a batch task: the source of scheduled queries. A batch ' +
    "task starts with `batch|query('SELECT ...')`; `query()` can be called several times for " +
    'independent branches, each with its own schedule.',
};

/** Properties shared by the scheduled query nodes (`pipeline/batch.go`: `QueryNode`). */
const SCHEDULE_PROPERTIES = [
  valueProperty('period', 'duration', 'Length of time each run queries: `[stop - period, stop)`.'),
  valueProperty('every', 'duration', 'How often the query runs; exclusive with `cron`.'),
  flagProperty('align', 'Runs on multiples of `every` (the query bounds then fall on them too); not with `cron`.'),
  valueProperty('cron', 'string', 'Runs on a cron schedule instead (5, 6 or 7 fields, or `@daily`...); exclusive with `every`. vigil reads it in UTC.'),
  valueProperty('offset', 'duration', 'How far back the queried range ends: a run at time t queries up to t - offset.'),
] as const;

export const QUERY_NODE: NodeSpec = {
  name: 'query',
  kapacitorName: 'query',
  category: 'source',
  onlyAfterBatch: true,
  args: [arg('query', 'string')],
  wants: 'batch',
  provides: 'batch',
  validate: validateQuery,
  doc:
    'Runs an InfluxQL `SELECT` against InfluxDB 1.x on a schedule and emits one batch per series ' +
    'of the answer: tags = the group-by tags, batch time = the end of the queried range (the last ' +
    'bucket time with `groupBy(time(...))`). The query names its measurement fully ' +
    '(`"db"."rp"."m"`) and has no time condition or GROUP BY: the time bounds are added per run, ' +
    'the GROUP BY comes from `.groupBy()`. Numbers arrive as floats, as Kapacitor reads them. ' +
    "Example: `batch|query('SELECT mean(\"usage_idle\") FROM \"telegraf\".\"autogen\".\"cpu\"')" +
    ".period(5m).every(1m).groupBy('host')`.",
  properties: [
    ...SCHEDULE_PROPERTIES,
    flagProperty('alignGroup', 'Starts the `groupBy(time(...))` buckets at each run\'s start time.'),
    {
      name: 'groupBy',
      args: [],
      rest: arg('dimension', ['string', 'star', 'duration', 'timeDimension']),
      doc: "The query's GROUP BY: tag names, `*`, and at most one `time(d)` or `time(d, offset)`.",
    },
    flagProperty('groupByMeasurement', 'Adds the measurement name to the group id.'),
    {
      name: 'fill',
      args: [arg('value', ['string', 'int', 'float'], { oneOf: ['null', 'none', 'previous', 'linear'] })],
      doc: "The query's fill: 'null', 'none', 'previous', 'linear' or a number.",
    },
    valueProperty('cluster', 'string', 'Which configured InfluxDB to query (empty: the default one).'),
  ],
};

export const PROMQL_NODE: NodeSpec = {
  name: 'promQL',
  kapacitorName: 'promql',
  category: 'source',
  onlyAfterBatch: true,
  args: [arg('query', 'string')],
  wants: 'batch',
  provides: 'batch',
  validate: validatePromQL,
  doc:
    "**vigil's extension, not in Kapacitor.** Runs a PromQL expression against Prometheus's HTTP " +
    'API (`/api/v1/query_range` over `[stop - period, stop]` at `.step()`) on the same schedule ' +
    'properties as `query()`, and emits one batch per series of the answer: measurement = the ' +
    '`__name__` label (or the node name when the expression drops it), tags = the other labels, ' +
    'one point per sample with the field `value`. Example: `batch|promQL(\'histogram_quantile(0.95, ' +
    "sum by (le) (rate(http_request_duration_seconds_bucket[5m])))').period(5m).every(1m)`.",
  properties: [
    ...SCHEDULE_PROPERTIES,
    valueProperty('step', 'duration', 'Resolution of the range query; default: the period (one sample per run).'),
    valueProperty('cluster', 'string', 'Which configured Prometheus to query (empty: the default one).'),
  ],
};
