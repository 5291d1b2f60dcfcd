import type { NodeSpec } from './catalog-types';
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
  doc: "Keeps the latest result of every group and serves it as JSON under the task's HTTP endpoint `<endpoint>`. Example: `|httpOut('top10')`.",
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
