/**
 * Kapacitor 1.5.9's nodes, as a script names them: every chaining method of `pipeline/` that
 * creates a node (`chainnode`, `node`, `StreamNode.From`, `BatchNode.Query`, each with its first
 * letter lowered as TICKscript spells it), plus the `stream` and `batch` variables, the `noop` node
 * Kapacitor adds itself and user-defined functions (`@name()`). docs/tick-nodes.md lists each with
 * its status in vigil, taken from the node catalog; tick-nodes-docs.spec.ts checks this list
 * against Kapacitor's source when the Go module is on the machine.
 */
export interface KapacitorNode {
  /** The chaining method (or variable) a script writes. */
  readonly name: string;
  /** The file of Kapacitor's `pipeline/` folder that declares the node. */
  readonly file: string;
  /** How a script makes it, when not by a chaining method. */
  readonly form?: 'variable' | 'internal' | 'udf';
  /**
   * What is decided for a node vigil does not run: the issue that builds it, or why it is
   * refused. Read only while the catalog does not support the node, so it may go stale harmlessly.
   */
  readonly plan?: { readonly issue: number } | { readonly refused: string } | { readonly open: string };
}

const influxql = (name: string, plan?: KapacitorNode['plan']): KapacitorNode => (plan ? { name, file: 'influxql.go', plan } : { name, file: 'influxql.go' });
const ISSUE_13 = { issue: 13 } as const;
const AUTOSCALE = {
  refused:
    'scaling a deployment is the orchestrator\'s job (the Kubernetes HPA, AWS Auto Scaling); vigil holds no credentials for those APIs, and an alert\'s `.post()` or `.exec()` handler can drive them',
} as const;

export const KAPACITOR_NODES: readonly KapacitorNode[] = [
  { name: 'stream', file: 'stream.go', form: 'variable' },
  { name: 'from', file: 'stream.go' },
  { name: 'batch', file: 'batch.go', form: 'variable' },
  { name: 'query', file: 'batch.go' },
  { name: 'where', file: 'where.go' },
  { name: 'groupBy', file: 'group_by.go' },
  { name: 'window', file: 'window.go' },
  influxql('count'),
  influxql('distinct'),
  influxql('mean'),
  influxql('median'),
  influxql('mode'),
  influxql('spread'),
  influxql('sum'),
  influxql('stddev'),
  influxql('first'),
  influxql('last'),
  influxql('min'),
  influxql('max'),
  influxql('percentile'),
  influxql('top', ISSUE_13),
  influxql('bottom', ISSUE_13),
  influxql('elapsed'),
  influxql('difference'),
  influxql('movingAverage'),
  influxql('cumulativeSum'),
  influxql('holtWinters', ISSUE_13),
  influxql('holtWintersWithFit', ISSUE_13),
  { name: 'derivative', file: 'derivative.go' },
  { name: 'eval', file: 'eval.go' },
  { name: 'default', file: 'default.go' },
  { name: 'delete', file: 'delete.go', plan: ISSUE_13 },
  { name: 'stateCount', file: 'state_tracking.go' },
  { name: 'stateDuration', file: 'state_tracking.go' },
  { name: 'changeDetect', file: 'change_detect.go' },
  { name: 'shift', file: 'shift.go' },
  { name: 'sample', file: 'sample.go' },
  { name: 'union', file: 'union.go', plan: ISSUE_13 },
  { name: 'join', file: 'join.go', plan: ISSUE_13 },
  { name: 'combine', file: 'combine.go', plan: ISSUE_13 },
  { name: 'flatten', file: 'flatten.go', plan: ISSUE_13 },
  { name: 'barrier', file: 'barrier.go', plan: ISSUE_13 },
  { name: 'sideload', file: 'sideload.go', plan: ISSUE_13 },
  { name: 'stats', file: 'stats.go' },
  { name: 'deadman', file: 'node.go' },
  { name: 'alert', file: 'alert.go' },
  { name: 'log', file: 'log.go' },
  { name: 'httpOut', file: 'http_out.go' },
  { name: 'httpPost', file: 'http_post.go', plan: ISSUE_13 },
  { name: 'influxDBOut', file: 'influxdb_out.go' },
  { name: 'kapacitorLoopback', file: 'kapacitor_loopback.go' },
  { name: 'k8sAutoscale', file: 'k8s_autoscale.go', plan: AUTOSCALE },
  { name: 'swarmAutoscale', file: 'swarm_autoscale.go', plan: AUTOSCALE },
  { name: 'ec2Autoscale', file: 'ec2_autoscale.go', plan: AUTOSCALE },
  { name: 'noop', file: 'noop.go', form: 'internal' },
  { name: 'udf', file: 'udf.go', form: 'udf' },
];
