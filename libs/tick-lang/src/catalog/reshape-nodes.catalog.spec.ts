import { compileTickScript } from '../compiler/compile-tick-script';
import { compileError } from '../../test/compile-test-helpers';

const FROM = "stream\n  |from()\n    .measurement('m')\n";

describe('reshape nodes in the catalog', () => {
  it('accepts delete().field() and .tag() called several times', () => {
    const { pipeline } = compileTickScript(`${FROM}  |delete().field('a').field('b').tag('t')`);
    expect(pipeline.nodes.map((node) => node.name)).toEqual(['stream0', 'from1', 'delete2']);
  });

  it("validates combine.as() as pipeline/combine.go's validate does, at the call's position", () => {
    expect(compileError(`${FROM}  |combine(lambda: TRUE, lambda: TRUE)`).message).toBe('a call to combine.as() is required to specify the output stream prefixes.');
    const count = compileError(`${FROM}  |combine(lambda: TRUE, lambda: TRUE)\n    .as('x')`);
    expect(count.message).toBe('number of prefixes specified by combine.as() must match the number of combine expressions');
    expect([count.line, count.column]).toEqual([5, 6]);
    expect(compileError(`${FROM}  |combine(lambda: TRUE, lambda: TRUE).as('x.y', 'z')`).message).toBe('cannot use name x.y as field prefix, it contains the delimiter character .');
    expect(compileError(`${FROM}  |combine(lambda: TRUE, lambda: TRUE).as('x', 'y').delimiter('')`).message).toBe('cannot use name x as field prefix, it contains the delimiter character ');
    expect(compileError(`${FROM}  |combine(lambda: TRUE, lambda: TRUE).as('x', 'x')`).message).toBe('cannot use the same prefix name see .as() property method');
    expect(compileTickScript(`${FROM}  |combine(lambda: TRUE, lambda: TRUE).as('x.y', 'z').delimiter('_').tolerance(1s).max(10)`).pipeline.nodes).toHaveLength(3);
  });

  it('accepts flatten() with or without on() tags and dropOriginalFieldName with or without a bool', () => {
    expect(compileTickScript(`${FROM}  |flatten().on().dropOriginalFieldName()`).pipeline.nodes).toHaveLength(3);
    expect(compileTickScript(`${FROM}  |flatten().on('a', 'b').delimiter('_').tolerance(1s).dropOriginalFieldName(FALSE)`).pipeline.nodes).toHaveLength(3);
    expect(compileError(`${FROM}  |flatten().dropOriginalFieldName('yes')`).message).toMatch(/dropOriginalFieldName/);
  });

  it('needs at least one lambda for combine', () => {
    expect(compileError(`${FROM}  |combine().as('x')`).message).toMatch(/combine/);
  });
  it("checks sideload's source as Kapacitor's sideload service does, refusing what vigil does not read", () => {
    expect(compileTickScript(`${FROM}  |sideload().source('file:///etc/sl').order('a/{{.host}}.yml').field('f', 1).field('g', 'x').tag('t', 'd')`).pipeline.nodes).toHaveLength(3);
    expect(compileError(`${FROM}  |sideload().field('f', 1)`).message).toBe('sideload needs .source() with a file:// directory');
    const relative = compileError(`${FROM}  |sideload()\n    .source('file:etc/sl')`);
    expect([relative.message, relative.line, relative.column]).toEqual(['sideload source path must be absolute ""', 5, 6]);
    expect(compileError(`${FROM}  |sideload().source('ftp:///x')`).message).toBe(`unsupported source scheme "ftp", must be 'file', 'http', or 'https'`);
    expect(compileError(`${FROM}  |sideload().source('https://x/y')`).message).toMatch(/over HTTP are not supported by vigil/);
    expect(compileError(`${FROM}  |sideload().source('my_endpoint')`).message).toMatch(/names an endpoint/);
    expect(compileError(`${FROM}  |sideload().source('file:///x').tag('t', 1)`).message).toMatch(/tag/);
  });
});
