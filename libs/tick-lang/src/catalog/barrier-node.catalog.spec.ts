import { compileTickScript } from '../compiler/compile-tick-script';
import { compileError } from '../../test/compile-test-helpers';

const FROM = "stream\n  |from()\n    .measurement('m')\n";

describe('barrier in the catalog', () => {
  it('accepts idle or period, with delete(TRUE), and |delete() after it is still the delete node', () => {
    const idle = compileTickScript(`${FROM}  |barrier().idle(5s).delete(TRUE)\n  |delete().field('x')`).pipeline;
    expect(idle.nodes.map((node) => node.name)).toEqual(['stream0', 'from1', 'barrier2', 'delete3']);
    expect(idle.nodes[2]?.properties.map((call) => [call.name, call.args])).toEqual([
      ['idle', [{ type: 'duration', ns: 5_000_000_000n }]],
      ['delete', [{ type: 'bool', value: true }]],
    ]);
    expect(compileTickScript(`${FROM}  |barrier().period(1m)`).pipeline.nodes).toHaveLength(3);
  });

  it("validates as pipeline/barrier.go's validate, with its messages, at the offending call", () => {
    const both = compileError(`${FROM}  |barrier()\n    .idle(5s)\n    .period(10s)`);
    expect([both.message, both.line, both.column]).toEqual(['cannot specify both idle and period', 6, 6]);
    const none = compileError(`${FROM}  |barrier()`);
    expect([none.message, none.line, none.column]).toEqual(['idle must be greater than zero', 4, 4]);
    const zero = compileError(`${FROM}  |barrier()\n    .idle(0s)`);
    expect([zero.message, zero.line, zero.column]).toEqual(['idle must be greater than zero', 5, 6]);
    expect(compileError(`${FROM}  |barrier().period(0s)`).message).toBe('idle must be greater than zero');
  });

  it('takes only a bool in delete() and a duration in idle() and period()', () => {
    expect(compileError(`${FROM}  |barrier().idle(5s).delete('yes')`).message).toMatch(/delete/);
    expect(compileError(`${FROM}  |barrier().idle(5)`).message).toMatch(/idle/);
    expect(compileError(`${FROM}  |barrier().idle(5s).period('1m')`).message).toMatch(/period/);
  });
});
