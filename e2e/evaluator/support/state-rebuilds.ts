/** The samples of `vigil_evaluator_state_rebuilds_total` from /metrics text, as `partition:reason:coverage` -> count. */
export function rebuildCounts(metrics: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of metrics.split('\n')) {
    if (!line.startsWith('vigil_evaluator_state_rebuilds_total{')) continue;
    const labels = new Map([...line.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1], match[2]]));
    found.set(`${labels.get('partition')}:${labels.get('reason')}:${labels.get('coverage')}`, Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return found;
}
