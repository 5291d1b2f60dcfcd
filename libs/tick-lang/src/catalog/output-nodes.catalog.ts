import type { NodeSpec } from './catalog-types';
import { validateHttpPost } from './http-post-validator';
import { validateKapacitorLoopback } from './node-validators';
import { arg, duration, flagProperty, int, valueProperty } from './spec-builders';

const tagProperty = {
  name: 'tag',
  args: [arg('key', 'string'), arg('value', 'string')],
  doc: 'Adds a static tag to every point written; may be called several times.',
};

export const HTTP_OUT_NODE: NodeSpec = {
  name: 'httpOut',
  kapacitorName: 'http_out',
  category: 'output',
  args: [arg('endpoint', 'string')],
  properties: [],
  wants: 'any',
  provides: 'same',
  doc:
    "Passes the data on and serves the latest result of every group, of a stream or a batch task, as Kapacitor's JSON at `GET /kapacitor/v1/tasks/<task>/<endpoint>`. " +
    'The results are kept in memory, as in Kapacitor: empty again after a restart; a group deleted by `barrier().delete(TRUE)` loses its row. ' +
    'In the distributed mode ingest merges the rows each evaluator publishes to Redis, so they lag by up to `EVALUATOR_STATS_INTERVAL_MS` ' +
    '(docs/control-plane.md, "httpOut"). Example: `|httpOut(\'top10\')`.',
};

export const HTTP_POST_NODE: NodeSpec = {
  name: 'httpPost',
  kapacitorName: 'http_post',
  category: 'output',
  args: [],
  rest: arg('url', 'string'),
  wants: 'any',
  provides: 'same',
  validate: validateHttpPost,
  doc:
    "POSTs every point, and every batch, to a URL as Kapacitor's JSON (`{\"series\":[row]}`, the row that `httpOut` serves) and passes " +
    'it on. The URL is a Go template over the row (`.Name`, `.Tags`, `.Values`). Posts of one node are sent one after ' +
    'another, in order, while the data moves on without waiting for them; a failed post (an error, a timeout, a status ' +
    "other than 2xx) is logged and not retried, as Kapacitor's node does. Example: `|httpPost('http://example.com/points').header('X-Team', 'ops').timeout(5s)`.",
  properties: [
    {
      name: 'endpoint',
      args: [arg('name', 'string')],
      doc: "Posts to an endpoint of the handler configuration (post.endpoints, Kapacitor's `[[httppost]]`) instead of a URL: its URL (a template over the row), headers and basic auth; the node's `.header()`s come after. A task naming an endpoint that is not configured is refused when it is defined.",
    },
    { name: 'header', args: [arg('name', 'string'), arg('value', 'string')], doc: 'Adds an HTTP header to every post; may be called several times (`Authenticate` is refused).' },
    flagProperty('captureResponse', "Logs the response body of a post that fails with a status other than 2xx."),
    valueProperty('timeout', 'duration', 'Longest time a post may take; 0 waits as long as the connection does. Default: 0.', duration(0)),
    {
      name: 'codeField',
      args: [arg('name', 'string')],
      doc: "Adds the post's HTTP status to the point as an int field.",
      unsupported:
        "httpPost().codeField() is not supported by vigil: the status would make the task's state and alerts depend on an HTTP answer that is not in the point log, so a restart, rebalance or state rebuild, which evaluates the logged points again, would post again and could compute other alerts than those already sent; vigil's exactly-once delivery needs a task to be a function of its points",
    },
  ],
};

export const INFLUXDB_OUT_NODE: NodeSpec = {
  name: 'influxDBOut',
  kapacitorName: 'influxdb_out',
  category: 'output',
  args: [],
  wants: 'any',
  provides: 'none',
  doc: "Writes the points it receives to InfluxDB, buffered. Example: `|influxDBOut().database('mydb').retentionPolicy('autogen').measurement('errors').tag('source', 'vigil')`.",
  properties: [
    valueProperty('database', 'string', 'Database to write to.'),
    valueProperty('retentionPolicy', 'string', 'Retention policy to write to.'),
    valueProperty('measurement', 'string', "Measurement name of the written points (default: the point's own)."),
    valueProperty('writeConsistency', 'string', 'Write consistency for clustered InfluxDB.'),
    { name: 'precision', args: [arg('precision', 'string', { oneOf: ['n', 'ns', 'u', 'ms', 's', 'm', 'h'] })], doc: 'Time precision of the written points.' },
    valueProperty('buffer', 'int', 'Number of points buffered before a write. Default: 1000.', int(1000)),
    valueProperty('flushInterval', 'duration', 'Longest time points stay buffered. Default: 10s.', duration(10)),
    flagProperty('create', 'Creates the database and retention policy if they do not exist.'),
    valueProperty('cluster', 'string', 'Name of the InfluxDB cluster in the configuration.'),
    tagProperty,
  ],
};

export const KAPACITOR_LOOPBACK_NODE: NodeSpec = {
  name: 'kapacitorLoopback',
  kapacitorName: 'kapacitor_loopback',
  category: 'output',
  args: [],
  wants: 'any',
  provides: 'none',
  validate: validateKapacitorLoopback,
  doc: "Writes points back into the engine's own input stream, where other tasks subscribed to that database and retention policy receive them. Beware of loops between tasks. Example: `|kapacitorLoopback().database('derived').retentionPolicy('autogen').measurement('rates')`.",
  properties: [
    valueProperty('database', 'string', 'Database of the written points (required).'),
    valueProperty('retentionPolicy', 'string', 'Retention policy of the written points (required).'),
    valueProperty('measurement', 'string', "Measurement name of the written points (default: the point's own)."),
    tagProperty,
  ],
};
