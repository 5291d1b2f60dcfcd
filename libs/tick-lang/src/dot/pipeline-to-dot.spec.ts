import { compileTickScript } from '../compiler/compile-tick-script';
import { PROVIDER_HEALTH } from '../../test/fixtures';
import { pipelineToDot, topologicalOrder } from './pipeline-to-dot';

describe('pipelineToDot', () => {
  it('prints the provider-health task as kapacitor show does', () => {
    const { pipeline } = compileTickScript(PROVIDER_HEALTH);
    expect(pipelineToDot(pipeline, 'provider_health')).toBe(
      'digraph provider_health {\nstream0 -> from1;\nfrom1 -> state_count2;\nstate_count2 -> alert3;\n}',
    );
  });

  it("walks branches in Kapacitor's order: the last child's subtree first", () => {
    // Kapacitor sorts by a depth-first post-order over children in order, then reverses it.
    const { pipeline } = compileTickScript(
      "var data = stream|from()\ndata|window().period(1m).every(1m)|mean('v')\ndata|log()|httpOut('raw')",
    );
    expect(topologicalOrder(pipeline).map((n) => n.name)).toEqual(['stream0', 'from1', 'log4', 'http_out5', 'window2', 'mean3']);
    expect(pipelineToDot(pipeline, 'branches')).toBe(
      'digraph branches {\nstream0 -> from1;\nfrom1 -> window2;\nfrom1 -> log4;\nlog4 -> http_out5;\nwindow2 -> mean3;\n}',
    );
  });
});
