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
  it('names and links a join as Kapacitor does: the caller first, one node number per parent', () => {
    const { pipeline } = compileTickScript(`${TWO_STREAMS}a|join(b).as('a', 'b')|log()`);
    const join = pipeline.nodes.find((node) => node.type === 'join');
    expect(join?.name).toBe('join4');
    expect(join?.parents.map((id) => pipeline.nodes[id]?.name)).toEqual(['from1', 'from2']);
    expect(pipeline.nodes.map((node) => node.name)).toEqual(['stream0', 'from1', 'from2', 'join4', 'log5']);
    expect(pipeline.nodes[1]?.children).toEqual([3]);
    expect(pipeline.nodes[2]?.children).toEqual([3]);
  });

  it('links a union with the caller last', () => {
    const { pipeline } = compileTickScript(`${TWO_STREAMS}a|union(b).rename('x')`);
    const union = pipeline.nodes.find((node) => node.type === 'union');
    expect(union?.name).toBe('union4');
    expect(union?.parents.map((id) => pipeline.nodes[id]?.name)).toEqual(['from2', 'from1']);
  });

  it('refuses a non-node argument, a node given twice and parents of different edges', () => {
    expect(compileError(`${TWO_STREAMS}a|join('b').as('a', 'b')`).message).toMatch(/^\|join: argument 1 must be a node .*got string 'b'$/);
    expect(compileError(`${TWO_STREAMS}a|union(a)`).message).toBe('|union: a node cannot be given twice (vigil does not union a node with itself)');
    expect(compileError(`${TWO_STREAMS}var w = b|window().period(1m)\na|union(w)`).message).toBe(
      '|union: window3 emits batches but from1 emits points; all parents must emit the same kind',
    );
    expect(compileError(`${TWO_STREAMS}a|window().period(1m)|join(b).as('a', 'b')`).message).toBe(
      '|join: from2 emits points but window3 emits batches; all parents must emit the same kind',
    );
  });

  it('joins batches as Kapacitor does (the join takes the edge of its caller): two queries, or two windows', () => {
    const query = (measurement: string): string => `batch|query('SELECT sum("value") AS "value" FROM "db"."rp"."${measurement}"').period(1m).every(1m).groupBy('host')`;
    const { pipeline } = compileTickScript(`dbrp "db"."rp"\nvar errors = ${query('errors')}\nvar total = ${query('total')}\nerrors|join(total).as('errors', 'total')|alert().crit(lambda: "errors.value" > 1.0)`);
    expect(pipeline.nodes.map((node) => node.name)).toEqual(['batch0', 'query1', 'query2', 'join4', 'alert5']);
    const windows = compileTickScript(`${TWO_STREAMS}a|window().period(1m)|join(b|window().period(1m)).as('a', 'b')|log()`).pipeline;
    expect(windows.nodes.find((node) => node.type === 'join')?.parents.map((id) => windows.nodes[id]?.name)).toEqual(['window3', 'window4']);
  });

  it("validates join.as() as pipeline/join.go's validate does, at the call's position", () => {
    expect(compileError(`${TWO_STREAMS}a|join(b)`).message).toBe('a call to join.as() is required to specify the output stream prefixes');
    const count = compileError(`${TWO_STREAMS}a|join(b)\n    .as('x')`);
    expect(count.message).toBe('number of prefixes specified by join.as() must match the number of joined streams: 1 prefix(es) for 2 stream(s)');
    expect([count.line, count.column]).toEqual([8, 6]);
    expect(compileError(`${TWO_STREAMS}a|join(b).as('x.y', 'z')`).message).toBe('cannot use name x.y as field prefix, it contains the delimiter "."');
    expect(compileTickScript(`${TWO_STREAMS}a|join(b).as('x.y', 'z').delimiter('_')`).pipeline.nodes).toHaveLength(4);
    expect(compileError(`${TWO_STREAMS}a|join(b).as('x', 'x')`).message).toBe('cannot use the same prefix name see .as() property method');
  });

  it("accepts fill('none') and numbers, refuses fill('null') and other strings", () => {
    expect(compileTickScript(`${TWO_STREAMS}a|join(b).as('a', 'b').fill(0)`).pipeline.nodes).toHaveLength(4);
    expect(compileTickScript(`${TWO_STREAMS}a|join(b).as('a', 'b').fill('none')`).pipeline.nodes).toHaveLength(4);
    expect(compileError(`${TWO_STREAMS}a|join(b).as('a', 'b').fill('null')`).message).toMatch(/^join.fill\('null'\) is not supported by vigil/);
    expect(compileError(`${TWO_STREAMS}a|join(b).as('a', 'b').fill('zero')`).message).toBe("unexpected fill option zero: use 'none' or a number");
  });
});
