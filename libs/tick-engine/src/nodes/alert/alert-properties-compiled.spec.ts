import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileTickScript, type PipelineNode } from '@vigil/tick-lang';
import { readAlertProperties } from './alert-properties';

/** The alert nodes of a script as the real compiler builds them. */
function alertNodes(script: string): PipelineNode[] {
  return compileTickScript(script).pipeline.nodes.filter((node) => node.type === 'alert');
}

function onlyAlert(script: string): PipelineNode {
  const [node] = alertNodes(script);
  if (!node) throw new Error('no alert node');
  return node;
}

describe('readAlertProperties on compiled scripts', () => {
  it("reads the seed's provider-health task", () => {
    const script = readFileSync(join(__dirname, '../../../test/golden/seed-provider-health/task.tick'), 'utf8');
    const properties = readAlertProperties(onlyAlert(script));
    expect(properties.id.source).toBe('status_provedor_{{ index .Tags "nome_recurso" }}{{ index .Tags "nome_provedor" }}');
    expect(properties.details.source).toContain('"nome_recurso": {{ index .Tags "nome_recurso" }}');
    expect(Object.keys(properties.lambdas).sort()).toEqual(['crit', 'info']);
    expect(properties.stateChangesOnly).toBe(true);
    expect(properties.noRecoveries).toBe(true);
    expect(properties.handlers).toEqual([{ kind: 'post', args: ['http://localhost:9000/alerts'], options: [] }]);
  });

  it('reads handler options nested by the compiler and alert properties after a handler', () => {
    const properties = readAlertProperties(
      onlyAlert(`stream
        |from()
        |alert()
          .crit(lambda: "x" > 1)
          .post('http://a/{{ .ID }}')
            .header('X-Team', 'ops')
            .timeout(5s)
          .stateChangesOnly(5m)
          .log('/var/log/alerts.log')
            .mode(0644)
          .slack()
            .channel('#ops')
          .topic('cpu')`),
    );
    expect(properties.handlers).toEqual([
      { kind: 'post', args: ['http://a/{{ .ID }}'], options: [{ name: 'header', args: ['X-Team', 'ops'] }, { name: 'timeout', args: [5_000_000_000] }] },
      { kind: 'log', args: ['/var/log/alerts.log'], options: [{ name: 'mode', args: [0o644] }] },
      { kind: 'slack', args: [], options: [{ name: 'channel', args: ['#ops'] }] },
    ]);
    expect(properties.stateChangesOnlyMaxInterval).toBe(300_000_000_000n);
    expect(properties.topic).toBe('cpu');
  });

  it("reads deadman's expanded alert", () => {
    const node = alertNodes(`stream|from().measurement('cpu')|deadman(0.0, 10s)`)[0];
    if (!node) throw new Error('no alert node');
    const properties = readAlertProperties(node);
    expect(Object.keys(properties.lambdas)).toEqual(['crit']);
    expect(properties.id.source).toContain("for task '{{ .TaskName }}'");
  });
});
