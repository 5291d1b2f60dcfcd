import type { NodeSpec } from './catalog-types';

/**
 * Kapacitor nodes outside vigil's stream-alerting subset. They are listed so that a script using
 * one gets "not supported" rather than "unknown".
 */
const UNSUPPORTED: readonly (readonly [name: string, kapacitorName: string, why: string])[] = [
  ['k8sAutoscale', 'k8s_autoscale', 'autoscaling nodes are not supported by vigil'],
  ['swarmAutoscale', 'swarm_autoscale', 'autoscaling nodes are not supported by vigil'],
  ['ec2Autoscale', 'ec2_autoscale', 'autoscaling nodes are not supported by vigil'],
];

export const UNSUPPORTED_NODES: readonly NodeSpec[] = UNSUPPORTED.map(([name, kapacitorName, why]) => ({
  name,
  kapacitorName,
  category: 'transform',
  args: [],
  properties: [],
  wants: 'any',
  provides: 'same',
  unsupported: why,
  doc: `Kapacitor's ${name} node: ${why}.`,
}));
