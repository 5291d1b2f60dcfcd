import { nodeSpec, type PipelineNode, type PropertyCall, type TickValue } from '@vigil/tick-lang';
import { call, dur, float, int, lambda, str } from '../nodes/alert/alert-test-doubles.test';
import { TaskDefinitionError } from './definition-error';
import { NodeDefinition } from './node-definition';

/** A node as the compiler would hand it over, built by hand so that the engine's own checks are reached. */
function definitionOf(type: string, args: readonly TickValue[], properties: readonly PropertyCall[] = []): NodeDefinition {
  const node: PipelineNode = { id: 3, type, name: `${type}3`, args, properties, parents: [2], children: [], pos: { line: 4, column: 3, offset: 40 } };
  return new NodeDefinition(node, nodeSpec(type));
}

function refusal(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    if (error instanceof TaskDefinitionError) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('NodeDefinition', () => {
  it("gives a property that is not set the catalog's default, else Go's zero value", () => {
    const derivative = definitionOf('derivative', [str('bytes')]);
    expect(derivative.duration('unit')).toBe(1_000_000_000n);
    expect(derivative.string('as')).toBe('');
    expect(definitionOf('log', []).string('level')).toBe('INFO');
    expect(definitionOf('combine', [lambda()], [call('as', [str('a')])]).int('max')).toBe(1_000_000n);
  });

  it('gives the last call of a property over the default', () => {
    expect(definitionOf('derivative', [str('bytes')], [call('unit', [dur(60_000_000_000n)]), call('unit', [dur(5n)])]).duration('unit')).toBe(5n);
  });

  it('refuses to read a property the catalog does not declare (a bug in the node, not in the script)', () => {
    expect(() => definitionOf('shift', [dur(1n)]).string('as')).toThrow('shift declares no property .as() in the catalog');
  });

  it('refuses what the catalog does not declare, naming the node and the call', () => {
    expect(refusal(() => definitionOf('shift', [dur(1n)], [call('as', [str('x')])]))).toBe('1:1: shift3: shift has no property .as()');
    expect(refusal(() => definitionOf('shift', [str('1m')]))).toBe("4:3: shift3: shift() argument 1 must be a duration, got the string '1m'");
    expect(refusal(() => definitionOf('shift', []))).toBe('4:3: shift3: shift() takes 1 argument, got 0');
    expect(refusal(() => definitionOf('changeDetect', []))).toBe('4:3: changeDetect3: changeDetect() takes at least 1 argument, got 0');
    expect(refusal(() => definitionOf('log', [], [call('level', [str('INFO')], [call('x')])]))).toBe('1:1: log3: .level() has no property .x()');
  });

  it("refuses a property the catalog marks unsupported, with the catalog's reason", () => {
    expect(refusal(() => definitionOf('httpPost', [str('http://example.com')], [call('codeField', [str('code')])]))).toMatch(/httpPost3: httpPost\(\)\.codeField\(\) is not supported by vigil/);
  });

  it("runs the catalog's checks across properties (Kapacitor's validate()), at the offending call", () => {
    const period = { ...call('period', [dur(60_000_000_000n)]), pos: { line: 5, column: 7, offset: 60 } };
    expect(refusal(() => definitionOf('window', [], [period, call('periodCount', [int(3)]), call('everyCount', [int(1)])]))).toBe('5:7: window3: window: cannot use both period and periodCount');
    expect(refusal(() => definitionOf('eval', [lambda()], [call('as', [str('a'), str('b')])]))).toMatch(/eval3: eval needs one name per expression/);
  });

  it('takes an int where a float is declared, as Go converts it', () => {
    expect(definitionOf('percentile', [str('value'), int(95)]).argFloat(1)).toBe(95);
    expect(definitionOf('percentile', [str('value'), float(99.9)]).argFloat(1)).toBe(99.9);
  });

  it("checks an alert handler's own properties against the handler's declaration", () => {
    const post = (...options: PropertyCall[]) => definitionOf('alert', [], [call('post', [str('http://example.com')], options)]);
    expect(refusal(() => post(call('header', [str('X-Team'), str('ops')])))).toBe('accepted');
    expect(refusal(() => post(call('header', [str('X-Team')])))).toBe('1:1: alert3: .header() takes 2 arguments, got 1');
    expect(refusal(() => post(call('crit', [])))).toBe('1:1: alert3: .post() has no property .crit()');
  });
});
