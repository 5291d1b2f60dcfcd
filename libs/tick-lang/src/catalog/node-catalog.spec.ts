import type { PropertySpec } from './catalog-types';
import { alertHandlerSpecs, chainMethodNames, findNodeSpec, NODE_CATALOG, nodeSpec, propertyNames } from './node-catalog';

const REQUIRED_NODES = [
  'stream', 'from', 'where', 'groupBy', 'window', 'mean', 'sum', 'count', 'min', 'max', 'median', 'mode',
  'percentile', 'stddev', 'spread', 'first', 'last', 'distinct', 'derivative', 'difference', 'movingAverage',
  'cumulativeSum', 'elapsed', 'eval', 'default', 'stateCount', 'stateDuration', 'changeDetect', 'shift',
  'sample', 'deadman', 'stats', 'log', 'httpOut', 'influxDBOut', 'kapacitorLoopback', 'alert',
];

const REQUIRED_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  from: ['measurement', 'database', 'retentionPolicy', 'where', 'groupBy', 'groupByMeasurement', 'truncate', 'round'],
  groupBy: ['byMeasurement', 'exclude'],
  window: ['period', 'every', 'align', 'periodCount', 'everyCount', 'fillPeriod'],
  mean: ['as'],
  first: ['as', 'usePointTimes'],
  derivative: ['unit', 'nonNegative', 'as'],
  eval: ['as', 'keep', 'tags', 'quiet'],
  default: ['field', 'tag'],
  stateCount: ['as'],
  stateDuration: ['as', 'unit'],
  log: ['level', 'prefix'],
  influxDBOut: ['database', 'retentionPolicy', 'measurement', 'tag', 'precision', 'buffer', 'flushInterval', 'create', 'cluster'],
  kapacitorLoopback: ['database', 'retentionPolicy', 'measurement', 'tag'],
  alert: [
    'info', 'warn', 'crit', 'infoReset', 'warnReset', 'critReset', 'id', 'message', 'details', 'topic', 'category',
    'inhibit', 'stateChangesOnly', 'noRecoveries', 'all', 'flapping', 'history', 'levelTag', 'idTag', 'levelField',
    'idField', 'messageField', 'durationField', 'quiet',
  ],
};

const REQUIRED_HANDLERS: Readonly<Record<string, readonly string[]>> = {
  post: ['header', 'endpoint', 'captureResponse', 'timeout', 'skipSSLVerification'],
  slack: ['workspace', 'channel', 'username', 'iconEmoji'],
  log: ['mode'],
  tcp: [],
  exec: [],
  telegram: ['chatId', 'parseMode', 'disableWebPagePreview', 'disableNotification'],
  pagerDuty2: ['routingKey', 'link'],
  email: ['to'],
  alerta: ['token', 'tokenPrefix', 'resource', 'event', 'environment', 'group', 'value', 'origin', 'services', 'correlated', 'timeout', 'renameSeverity'],
  opsGenie2: ['teams', 'recipients', 'recoveryAction'],
  alertmanager: ['url', 'labels'],
  teams: ['channelURL'],
  discord: ['workspace', 'username', 'avatarURL', 'embedTitle'],
  victorOps: ['routingKey'],
  opsGenie: ['teams', 'recipients'],
  pagerDuty: ['serviceKey'],
  bigPanda: ['appKey', 'primaryProperty', 'secondaryProperty'],
  serviceNow: ['url', 'source', 'node', 'type', 'resource', 'metricName', 'messageKey', 'additionalInfo', 'username', 'password'],
  sensu: ['source', 'handlers', 'metadata'],
  kafka: ['cluster', 'kafkaTopic', 'template'],
  pushover: ['userKey', 'device', 'title', 'uRL', 'uRLTitle', 'sound'],
  mqtt: ['brokerName', 'qos', 'retained'],
  snmpTrap: ['data'],
};

describe('NODE_CATALOG', () => {
  it('has one spec per node name', () => {
    const names = NODE_CATALOG.map((spec) => spec.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(REQUIRED_NODES)('covers %s, documented and supported', (name) => {
    const spec = findNodeSpec(name);
    expect(spec?.unsupported).toBeUndefined();
    expect(spec?.doc.length).toBeGreaterThan(40);
  });

  it.each(Object.entries(REQUIRED_PROPERTIES))('gives %s its properties', (name, properties) => {
    expect(propertyNames(nodeSpec(name).properties)).toEqual(expect.arrayContaining([...properties]));
  });

  it.each(Object.entries(REQUIRED_HANDLERS))('gives the alert handler %s its own properties', (name, properties) => {
    const handler = alertHandlerSpecs().find((spec) => spec.name === name);
    expect(handler?.opens).toBeDefined();
    expect(propertyNames(handler?.opens?.properties ?? [])).toEqual([...properties].sort());
  });

  it('has unique, documented properties everywhere, with defaults of the declared type', () => {
    const check = (owner: string, properties: readonly PropertySpec[]) => {
      const names = properties.map((property) => property.name);
      expect(new Set(names).size, owner).toBe(names.length);
      for (const property of properties) {
        expect(property.doc.length, `${owner}.${property.name}`).toBeGreaterThan(10);
        const only = property.args[0];
        if (property.default && only && property.default.type !== 'bool') expect(only.types).toContain(property.default.type);
        if (property.opens) check(`${owner}.${property.name}`, property.opens.properties);
      }
    };
    for (const spec of NODE_CATALOG) check(spec.name, spec.properties);
  });

  it('knows Kapacitor node name prefixes', () => {
    expect(['stateCount', 'stateDuration', 'groupBy', 'httpOut', 'influxDBOut', 'kapacitorLoopback'].map((name) => nodeSpec(name).kapacitorName)).toEqual([
      'state_count', 'state_duration', 'groupby', 'http_out', 'influxdb_out', 'kapacitor_loopback',
    ]);
  });

  it('lists chaining methods sorted, without from, internal or unsupported nodes', () => {
    const methods = chainMethodNames(nodeSpec('window'));
    expect(methods).toEqual([...methods].sort());
    expect(methods).toEqual(expect.arrayContaining(['alert', 'deadman', 'mean', 'stateCount', 'where']));
    expect(methods).not.toContain('from');
    expect(methods).not.toContain('noop');
    expect(methods).not.toContain('k8sAutoscale');
    expect(methods).toEqual(expect.arrayContaining(['join', 'union']));
    expect(chainMethodNames(nodeSpec('stream'))).toEqual(['deadman', 'from', 'stats']);
    expect(chainMethodNames(nodeSpec('influxDBOut'))).toEqual([]);
  });

  it('lists Kapacitor nodes vigil does not run as unsupported with a reason', () => {
    expect(findNodeSpec('k8sAutoscale')?.unsupported).toContain('not supported');
    expect(findNodeSpec('union')?.unsupported).toBeUndefined();
    expect(findNodeSpec('join')?.parentArguments).toBe('callerFirst');
  });
});
