import { printExpr } from '../parser/expr-printer';
import { pipelineToDot } from '../dot/pipeline-to-dot';
import { compileTickScript } from './compile-tick-script';
import { compileError, describeCalls, node } from '../../test/compile-test-helpers';

describe('deadman expansion (Kapacitor node.Deadman)', () => {
  const { pipeline } = compileTickScript("stream\n  |from()\n    .measurement('cpu')\n  |deadman(100.0, 10s)\n    .slack()");

  it('creates stats (a root watching the node), a noop, derivative and alert, in that order', () => {
    expect(pipeline.nodes.map((n) => n.name)).toEqual(['stream0', 'from1', 'stats2', 'noop3', 'derivative4', 'alert5']);
    expect(node(pipeline, 'stats2')).toMatchObject({ parents: [], children: [4], source: 1, args: [{ type: 'duration', ns: 10_000_000_000n }] });
    expect(node(pipeline, 'noop3').parents).toEqual([1]);
  });

  it('configures the nodes as Kapacitor does, and the alert keeps taking properties', () => {
    expect(describeCalls(node(pipeline, 'stats2').properties)).toEqual(['align()']);
    expect(node(pipeline, 'derivative4').args).toEqual([{ type: 'string', value: 'emitted' }]);
    expect(describeCalls(node(pipeline, 'derivative4').properties)).toEqual(['nonNegative()', 'unit(10000000000ns)']);
    const alert = node(pipeline, 'alert5');
    expect(describeCalls(alert.properties)).toEqual([
      'crit(lambda)',
      "id('{{ .Group }}:from1 for task '{{ .TaskName }}'')",
      `message('{{ .ID }} is {{ if eq .Level "OK" }}alive{{ else }}dead{{ end }}: {{ index .Fields "emitted" | printf "%0.3f" }} points/10s.')`,
      'slack()',
    ]);
    const crit = alert.properties[0]?.args[0];
    expect(crit?.type === 'lambda' && printExpr(crit.expr)).toBe('(<= "emitted" 100.0)');
  });

  it('prints the stats branch as a separate root in DOT', () => {
    expect(pipelineToDot(pipeline, 'cpu')).toBe(
      'digraph cpu {\nstream0 -> from1;\nfrom1 -> noop3;\nstats2 -> derivative4;\nderivative4 -> alert5;\n}',
    );
  });

  it('adds no noop when the watched node already has children, and ANDs extra lambdas', () => {
    const result = compileTickScript('var data = stream|from()\ndata|log()\ndata|deadman(0.0, 1m, lambda: hour("time") >= 8, lambda: hour("time") < 17)');
    expect(result.pipeline.nodes.map((n) => n.name)).toEqual(['stream0', 'from1', 'log2', 'stats3', 'derivative4', 'alert5']);
    const alert = node(result.pipeline, 'alert5');
    const crit = alert.properties[0]?.args[0];
    expect(crit?.type === 'lambda' && printExpr(crit.expr)).toBe('(AND (AND (<= "emitted" 0.0) (>= hour("time") 8)) (< hour("time") 17))');
    expect(describeCalls(alert.properties)[2]).toContain('points/1m0s.');
  });

  it('names the watched node in the id, whatever it is', () => {
    const result = compileTickScript('stream|from()|stateCount(lambda: "x" > 1)|deadman(1.0, 90s)');
    expect(describeCalls(node(result.pipeline, 'alert6').properties)[1]).toBe("id('{{ .Group }}:state_count2 for task '{{ .TaskName }}'')");
    expect(describeCalls(node(result.pipeline, 'alert6').properties)[2]).toContain('points/1m30s.');
  });

  it('needs a float threshold, as Kapacitor does', () => {
    expect(compileError('stream|from()|deadman(0, 10s)').message).toBe('|deadman: argument threshold must be a float, got int 0 (write 0.0 for a float)');
  });

  it('supports stats on its own, adding the same noop', () => {
    const result = compileTickScript("stream|from()|stats(1m)|httpOut('stats')");
    expect(result.pipeline.nodes.map((n) => n.name)).toEqual(['stream0', 'from1', 'stats2', 'noop3', 'http_out4']);
    expect(node(result.pipeline, 'stats2').source).toBe(1);
  });
});
