import type { Expr, Position } from '../ast';
import { nodeSpec } from '../catalog/node-catalog';
import type { TickValue } from '../pipeline';
import type { NodeBuilder } from './eval-value';
import { formatGoDuration } from './go-duration';
import { nodeName, type PipelineBuilder } from './pipeline-builder';

/** Kapacitor's default deadman id and message (`services/deadman/config.go`). */
const DEADMAN_ID = "{{ .Group }}:NODE_NAME for task '{{ .TaskName }}'";
const DEADMAN_MESSAGE =
  '{{ .ID }} is {{ if eq .Level "OK" }}alive{{ else }}dead{{ end }}: {{ index .Fields "emitted" | printf "%0.3f" }} points/INTERVAL.';

/**
 * Expands `node|deadman(threshold, interval, lambdas...)` the way Kapacitor's `node.Deadman` does:
 * a `stats` root watching the node (plus a `noop` child when the node has no children yet, so its
 * emitted count moves), a non-negative `derivative` of `emitted` per interval, and an alert that is
 * critical when the rate is at or below the threshold. Returns the alert node.
 */
export function expandDeadman(
  builder: PipelineBuilder,
  watched: NodeBuilder,
  threshold: number,
  interval: bigint,
  extraConditions: readonly Expr[],
  pos: Position,
): NodeBuilder {
  const intervalValue: TickValue = { type: 'duration', ns: interval };
  const stats = builder.createRoot(nodeSpec('stats'), [intervalValue], pos, watched.id);
  if (watched.children.length === 0) builder.createChild(watched, nodeSpec('noop'), [], pos);
  stats.properties.push({ name: 'align', args: [], pos, properties: [] });

  const derivative = builder.createChild(stats, nodeSpec('derivative'), [{ type: 'string', value: 'emitted' }], pos);
  derivative.properties.push({ name: 'nonNegative', args: [], pos, properties: [] });
  derivative.properties.push({ name: 'unit', args: [intervalValue], pos, properties: [] });

  const alert = builder.createChild(derivative, nodeSpec('alert'), [], pos);
  let condition: Expr = {
    kind: 'Binary',
    op: '<=',
    left: { kind: 'Reference', name: 'emitted', pos },
    right: { kind: 'Float', value: threshold, pos },
    pos,
  };
  for (const extra of extraConditions) condition = { kind: 'Binary', op: 'AND', left: condition, right: extra, pos };
  const id = DEADMAN_ID.replace('NODE_NAME', nodeName(watched));
  const message = DEADMAN_MESSAGE.replace('INTERVAL', formatGoDuration(interval));
  alert.properties.push({ name: 'crit', args: [{ type: 'lambda', expr: condition }], pos, properties: [] });
  alert.properties.push({ name: 'id', args: [{ type: 'string', value: id }], pos, properties: [] });
  alert.properties.push({ name: 'message', args: [{ type: 'string', value: message }], pos, properties: [] });
  return alert;
}
