import { compileTickScript } from './compile-tick-script';
import { compileError } from '../../test/compile-test-helpers';

const TWO_STREAMS = `var a = stream
    |from()
        .measurement('a')
var b = stream
    |from()
        .measurement('b')
`;

describe('nodes with several parents', () => {
  it('links a union with the caller last, one node number per parent', () => {
    const { pipeline } = compileTickScript(`${TWO_STREAMS}a|union(b).rename('x')|log()`);
    const union = pipeline.nodes.find((node) => node.type === 'union');
    expect(union?.name).toBe('union4');
    expect(union?.parents.map((id) => pipeline.nodes[id]?.name)).toEqual(['from2', 'from1']);
    expect(pipeline.nodes.map((node) => node.name)).toEqual(['stream0', 'from1', 'from2', 'union4', 'log5']);
  });

  it('refuses a non-node argument, a node given twice and parents of different edges', () => {
    expect(compileError(`${TWO_STREAMS}a|union('b')`).message).toMatch(/^\|union: argument 1 must be a node .*got string 'b'$/);
    expect(compileError(`${TWO_STREAMS}a|union(a)`).message).toBe('|union: a node cannot be given twice (vigil does not union a node with itself)');
    expect(compileError(`${TWO_STREAMS}var w = b|window().period(1m)\na|union(w)`).message).toBe(
      '|union: window3 emits batches but from1 emits points; all parents must emit the same kind',
    );
  });
});
